import Foundation
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// Issue 26, items 2 and 3: one JSON shape with a schema, severities that `rules` and `check`
/// agree on, and configuration errors all at once.
@Suite("One report shape, with a schema")
struct ReportShapeTests {
    static let schema = Repository.root.appendingPathComponent("docs/report.schema.json")

    /// Validates JSON documents against docs/report.schema.json with python3-jsonschema; returns the failures.
    static func schemaFailures(_ documents: [(name: String, json: String)]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let path = folder.appendingPathComponent("\(index).json").path
            try document.json.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let names = folder.appendingPathComponent("names.txt").path
        try documents.map(\.name).joined(separator: "\n").write(toFile: names, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            names = open(sys.argv[2]).read().split("\\n")
            for name, path in zip(names, sys.argv[3:]):
                for error in validator.iter_errors(json.load(open(path))):
                    print(name, list(error.absolute_path), error.message[:200])
            """
        let result = try run("/usr/bin/python3", ["-c", script, schema.path, names] + paths, environment: plainEnvironment)
        #expect(result.status == 0, "python3 with jsonschema is needed (scripts/test installs python3-jsonschema): \(result.stderr)")
        return result.stdout
    }

    @Test("every fixture's stored report validates against docs/report.schema.json")
    func storedReports() throws {
        var documents: [(String, String)] = []
        for scenario in Repository.scenarios {
            let path = Repository.fixtures.appendingPathComponent("\(scenario)/report.json")
            guard let text = try? String(contentsOf: path, encoding: .utf8) else { continue }
            documents.append((scenario, text))
        }
        #expect(documents.count >= 150, "only \(documents.count) stored reports")
        let failures = try Self.schemaFailures(documents)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(
        "the shape is the same for no description, one, several, and input errors",
        .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
    func oneShape() throws {
        let seed = "Fixtures/seed-centos7-dr/cluster.yaml", healthy = "Fixtures/dr-healthy/cluster.yaml"
        let runs = [
            ("one", try runLVSLint(["check", "--format", "json", seed])),
            ("two", try runLVSLint(["check", "--format", "json", seed, healthy])),
            ("an error", try runLVSLint(["check", "--format", "json", "/nonexistent/cluster.yaml"])),
            ("keepalived", try runLVSLint(["check", "--format", "json", "Fixtures/ka002-protocol-defaults-udp/keepalived.conf"])),
            ("inferred", try runLVSLint(["check", "--format", "json", "Fixtures/dr-healthy/captures"])),
        ]
        let failures = try Self.schemaFailures(runs.map { ($0.0, $0.1.stdout) })
        #expect(failures.isEmpty, "\(failures)")
        var keySets: Set<[String]> = []
        for (name, result) in runs {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(name)")
            keySets.insert(object.keys.sorted())
            #expect(object["schema_version"] as? Int == JSONReport.schemaVersion)
        }
        #expect(keySets == [["clusters", "errors", "findings", "not_checked", "schema_version", "summary", "tool"]])
        let two = try #require(try JSONSerialization.jsonObject(with: Data(runs[1].1.stdout.utf8)) as? [String: Any])
        #expect((two["clusters"] as? [[String: Any]])?.map { $0["name"] as? String } == ["web", "web"])
        let error = try #require(try JSONSerialization.jsonObject(with: Data(runs[2].1.stdout.utf8)) as? [String: Any])
        #expect((error["errors"] as? [Any])?.count == 1 && runs[2].1.status == 2)
    }

    @Test("the README documents every field of the schema, and the CHANGELOG says the shape changed")
    func documented() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let data = try Data(contentsOf: Self.schema)
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let top = try #require(schema["properties"] as? [String: Any])
        let finding = try #require(((top["findings"] as? [String: Any])?["items"] as? [String: Any])?["properties"] as? [String: Any])
        for field in Array(top.keys) + Array(finding.keys) {
            #expect(readme.contains("`\(field)`"), "README.md does not document the JSON field \(field)")
        }
        let changelog = try String(contentsOf: Repository.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## [Unreleased]") && changelog.contains("schema_version"))
    }

    @Test("rules and check agree on every severity a rule's findings may have", arguments: Repository.scenarios)
    func severitiesAgree(_ scenario: String) throws {
        // A scenario's own .lvslint.yaml may set severities on purpose.
        guard !FileManager.default.fileExists(atPath: Repository.fixtures.appendingPathComponent("\(scenario)/.lvslint.yaml").path) else { return }
        let result = try Repository.check(scenario)
        for finding in result.findings {
            let info = try #require(Catalogue.rules.first { $0.info.id == finding.rule }?.info)
            #expect(
                info.severities.contains(finding.severity),
                "\(finding.rule) reported \(finding.severity.rawValue) but `lvslint rules` lists \(info.severityLabel): add it to otherSeverities")
        }
    }

    @Test("every rule example's finding has a severity its rule lists", arguments: Catalogue.rules.map(\.info.id))
    func exampleSeverities(_ id: String) throws {
        let info = try #require(Catalogue.rules.first { $0.info.id == id }?.info)
        for example in info.examples {
            guard case let .success(findings) = RuleExampleRun.findings(of: example, rule: id) else { continue }
            for finding in findings {
                #expect(info.severities.contains(finding.severity), "\(id): \(example.caption) reports \(finding.severity.rawValue)")
            }
        }
    }
}

/// `.lvslint.yaml` errors all at once, in file order, each at its file:line:column; `config` in columns.
@Suite("Configuration errors and settings", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct ConfigurationReportTests {
    @Test("every error in .lvslint.yaml in one run, in the file's order")
    func allErrors() throws {
        let folder = try scratchCopy(of: "dr-healthy")
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        disable: [DR03, NAT]
        severity: {DR004: fatal}
        fail_on: sometimes
        bogus: 1
        exclude:
          - {rule: DR003}
        """.write(to: folder.appendingPathComponent("cluster/.lvslint.yaml"), atomically: true, encoding: .utf8)
        let result = try run(
            try #require(Repository.executable).path, ["check", "cluster/cluster.yaml"], environment: plainEnvironment, in: folder)
        #expect(result.status == 2)
        let located = result.stderr.split(separator: "\n").filter { $0.hasPrefix("cluster/.lvslint.yaml:") && $0.contains(": error: ") }
        #expect(
            located.map { String($0.split(separator: ":")[1]) } == ["1", "2", "3", "4", "6"],
            "every error, by line: \(result.stderr)")
        #expect(located.first?.hasPrefix("cluster/.lvslint.yaml:1:11: error: unknown rule 'DR03'") == true)
    }

    @Test("config prints every id whole, in aligned columns, with where each value came from")
    func settingsColumns() throws {
        let folder = try scratchCopy(of: "dr-healthy")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "disable: [PERSIST]\nseverity: {DR004: error}\n".write(
            to: folder.appendingPathComponent("cluster/.lvslint.yaml"), atomically: true, encoding: .utf8)
        let result = try run(
            try #require(Repository.executable).path, ["config", "cluster/cluster.yaml"], environment: plainEnvironment, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("  id ") })
        let slugColumn = try #require(header.range(of: "slug")).lowerBound.utf16Offset(in: header)
        for rule in Catalogue.rules {
            let row = try #require(lines.first { $0.hasPrefix("  \(rule.info.id) ") }, "\(rule.info.id) is missing or cut")
            #expect(row.utf16.count > slugColumn && String(row.dropFirst(slugColumn)).hasPrefix(rule.info.slug), "\(row)")
        }
        let persist = try #require(lines.first { $0.hasPrefix("  PERSIST001 ") })
        #expect(persist.contains(" off ") && persist.contains("disable: PERSIST at cluster/.lvslint.yaml:1:11"), "\(persist)")
        let dr004 = try #require(lines.first { $0.hasPrefix("  DR004 ") })
        #expect(dr004.contains(" error ") && dr004.contains("severity: DR004 at cluster/.lvslint.yaml:2:"), "\(dr004)")
        #expect(lines.contains { $0.hasPrefix("  fail_on ") && $0.hasSuffix("built-in default") })
    }
}
