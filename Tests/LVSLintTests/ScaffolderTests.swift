import Foundation
import LVSModel
import LVSRules
import Testing

/// scripts/new-rule starts a rule, and the tests say what is left: a rule keeps no placeholder.
@Suite("Rule scaffolder")
struct ScaffolderTests {
    static let placeholder = "TODO(new-rule)"

    @Test("no rule keeps the scaffolder's placeholders (its documentation, its check, its fixture recipes)")
    func noPlaceholderLeft() throws {
        for rule in Catalogue.rules {
            let info = rule.info
            let texts =
                [info.title, info.summary, info.checks, info.mechanism, info.symptom, info.fix.summary]
                + info.fix.runtime + info.fix.persistentRHEL + info.fix.persistentDebian + info.references
            #expect(!texts.contains { $0.contains(Self.placeholder) }, "\(info.id): write its documentation where \(Self.placeholder) stands")
        }
        for folder in ["Rules", "scripts/fixtures"] {
            let root = Repository.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
            #expect(!files.isEmpty)
            for file in files where file.hasSuffix(".swift") || file.hasSuffix(".py") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains(Self.placeholder), "\(folder)/\(file) still holds \(Self.placeholder): fill it in")
            }
        }
    }

    @Test("new-rule writes the rule with the next id of its family, registers it, and adds two recipes that --list shows")
    func scaffoldsARule() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-new-rule-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for item in ["Rules", "scripts/fixtures", "scripts/make-fixtures.py", "scripts/new-rule"] {
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent(item), to: scratch.appendingPathComponent(item))
        }
        try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent("Fixtures"), withDestinationURL: Repository.fixtures)
        let made = try run(
            "/usr/bin/python3",
            [
                "-B", scratch.appendingPathComponent("scripts/new-rule").path, "--root", scratch.path,
                "CONN", "half-open-flood", "--severity", "error",
            ], environment: plainEnvironment)
        #expect(made.status == 0, "\(made.stderr)")
        let next = Catalogue.rules.map(\.info.id).filter { $0.hasPrefix("CONN") }.compactMap { Int($0.dropFirst(4)) }.max().map { $0 + 1 } ?? 1
        let id = "CONN" + String(format: "%03d", next)
        let file = scratch.appendingPathComponent("Rules/CONN/\(id)-half-open-flood.swift")
        let source = try String(contentsOf: file, encoding: .utf8)
        #expect(
            source.contains("public struct HalfOpenFlood: Rule") && source.contains("id: \"\(id)\", slug: \"half-open-flood\"")
                && source.contains("severity: .error"))
        let catalogue = try String(contentsOf: scratch.appendingPathComponent("Rules/Catalogue.swift"), encoding: .utf8)
        #expect(catalogue.contains("IdleRealServer(), HalfOpenFlood(),"), "registered after the last CONN rule")
        // The rule file is Swift the compiler reads (its types are checked by the build it joins).
        let parsed = try run("/usr/bin/env", ["swiftc", "-parse", file.path])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        // …and already as swift-format writes it, the catalogue with it.
        let configuration = Repository.root.appendingPathComponent(".swift-format").path
        let lint = try run(
            "/usr/bin/env",
            [
                "swift", "format", "lint", "--strict", "--configuration", configuration, file.path,
                scratch.appendingPathComponent("Rules/Catalogue.swift").path,
            ])
        #expect(lint.status == 0, "\(lint.stderr)")
        let listed = try run(
            "/usr/bin/python3", ["-B", scratch.appendingPathComponent("scripts/make-fixtures.py").path, "--list", id],
            environment: plainEnvironment)
        #expect(
            listed.stdout.contains("\(id.lowercased())-half-open-flood  [CONN]\n    proves: \(id) on rs1 (error)"), "\(listed.stdout)\(listed.stderr)"
        )
        #expect(listed.stdout.contains("proves: not \(id)"))
        // Its second run refuses the same slug.
        let again = try run(
            "/usr/bin/python3",
            [
                "-B", scratch.appendingPathComponent("scripts/new-rule").path, "--root", scratch.path,
                "CONN", "half-open-flood",
            ], environment: plainEnvironment)
        #expect(again.status != 0 && again.stderr.contains("a rule named half-open-flood exists"))
    }
}
