// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "lvslint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lvslint", targets: ["lvslint"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // libyaml from the system (apt: libyaml-dev). Never vendored.
        .systemLibrary(
            name: "CYAML",
            path: "Sources/CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Values only: addresses, prefixes, the description, observed host state, findings.
        .target(name: "LVSModel", swiftSettings: strict),
        // YAML -> ClusterDescription, every schema error located.
        .target(name: "LVSDescription", dependencies: ["CYAML", "LVSModel"], swiftSettings: strict),
        // One parser per capture format; format recognition by content.
        .target(name: "LVSCapture", dependencies: ["LVSModel"], swiftSettings: strict),
        // A host's configuration files -> the state it will have at boot (addresses, routes,
        // sysctls, table, units), checked by the same rules as a captured one.
        .target(name: "LVSBoot", dependencies: ["LVSModel", "LVSCapture", "LVSDescription"], swiftSettings: strict),
        // The rule catalogue: one file per rule, a folder per family.
        .target(name: "LVSRules", dependencies: ["LVSModel"], path: "Rules", swiftSettings: strict),
        // What lvslint says in each language other than English: gettext PO files embedded in the code.
        .target(
            name: "LVSTranslations", dependencies: ["LVSModel"], exclude: ["Catalogues"], swiftSettings: strict,
            plugins: ["EmbedCatalogues"]),
        // Writes each PO catalogue as a Swift string at build time (EmbedCatalogues runs it).
        .executableTarget(name: "lvslint-embed", swiftSettings: strict),
        .plugin(name: "EmbedCatalogues", capability: .buildTool(), dependencies: ["lvslint-embed"]),
        // Runs rules over a cluster and renders reports.
        .target(
            name: "LVSEngine",
            dependencies: ["LVSModel", "LVSDescription", "LVSCapture", "LVSBoot", "LVSRules", "LVSTranslations"],
            swiftSettings: strict
        ),
        // `lvslint lab`: the cluster rebuilt in network namespaces, and what the kernel does there.
        .target(name: "LVSLab", dependencies: ["LVSModel", "LVSEngine", "LVSRules"], swiftSettings: strict),
        // What the fuzzers feed, shared by the libFuzzer driver and the regression tests.
        .target(name: "LVSFuzzTargets", dependencies: ["LVSModel", "LVSDescription", "LVSCapture"], swiftSettings: strict),
        // The fuzz driver: scripts/fuzz builds it with libFuzzer; a plain build replays files.
        .executableTarget(name: "lvslint-fuzz", dependencies: ["LVSFuzzTargets"], path: "Fuzz", swiftSettings: strict),
        .executableTarget(
            name: "lvslint",
            dependencies: [
                "LVSEngine",
                "LVSLab",
                "LVSTranslations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LVSLintTests",
            dependencies: [
                "LVSEngine", "LVSModel", "LVSDescription", "LVSCapture", "LVSRules", "LVSBoot", "LVSFuzzTargets", "LVSLab", "LVSTranslations",
            ],
            exclude: ["Golden", "FuzzRegressions"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
