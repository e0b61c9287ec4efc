import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// lvslint in CI pipelines: report formats, configuration, suppressions, baselines,
/// several descriptions and standard input — run as a user runs them.
@Suite("CI pipelines", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct PipelineTests {
    var lvslint: String { Repository.executable?.path ?? "lvslint" }
    let plain = plainEnvironment

    /// A copy of a fixture in a scratch folder, removed afterwards by the caller.
    func scratch(_ fixture: String) throws -> URL { try scratchCopy(of: fixture) }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func sarifResults(_ text: String) throws -> [[String: Any]] {
        let doc = try #require(try json(text) as? [String: Any])
        let runs = try #require(doc["runs"] as? [[String: Any]])
        return try #require(runs.first?["results"] as? [[String: Any]])
    }

    func startLine(_ result: [String: Any]) -> Int? {
        let locations = result["locations"] as? [[String: Any]]
        let physical = locations?.first?["physicalLocation"] as? [String: Any]
        return (physical?["region"] as? [String: Any])?["startLine"] as? Int
    }

    @Test(
        "SARIF validates against the 2.1.0 schema (python3-jsonschema, installed by scripts/test)",
        .enabled(if: Repository.hasShared, "../shared/schemas is absent"))
    func sarifSchema() throws {
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let out = try run(lvslint, ["check", "--format", "sarif", seed], environment: plain)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-\(UUID().uuidString).sarif")
        try out.stdout.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = Repository.shared.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            errors = list(jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc))
            print("\\n".join(e.message[:300] for e in errors[:5]) or "VALID")
            """
        // A validator that is missing fails the test: it never passes without checking.
        let check = try run("/usr/bin/python3", ["-c", script, schema, file.path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(check.status == 0, "python3 with jsonschema is needed (scripts/test installs python3-jsonschema): \(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "VALID", "\(check.stdout)\(check.stderr)")
    }

    @Test(
        "a run that ends with status 2 says so in every format, and its SARIF still validates",
        .enabled(if: Repository.hasShared, "../shared/schemas is absent"))
    func exitTwoInEveryFormat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-exit2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.yaml")
        try "cluster: x\nhosts: {}\nservices:\n  - {name: a, vip: nowhere, port: 80}\n".write(to: broken, atomically: true, encoding: .utf8)
        // Every rule switched off and no captures: truly nothing was checked.
        let empty = folder.appendingPathComponent("cluster.yaml")
        try
            "cluster: y\nhosts:\n  rs1: {role: real-server, address: 192.0.2.21}\nservices:\n  - {name: web, vip: 192.0.2.100, port: 80, directors: [], real_servers: [{host: rs1}]}\n"
            .write(to: empty, atomically: true, encoding: .utf8)
        try "disable: [all]\n".write(to: folder.appendingPathComponent(".lvslint.yaml"), atomically: true, encoding: .utf8)
        let says: [(String, String)] = [
            ("json", "\"errors\": [\n    {"), ("sarif", "\"executionSuccessful\": false"), ("junit", "<error type=\"input\""),
            ("github", "::error file="), ("gitlab", "\"severity\": \"blocker\""), ("html", "exit status 2"), ("dot", "lvslint could not check"),
        ]
        // The sanitizers' options pass through: LeakSanitizer's own exit status (1) would hide ours.
        let environment = plain.merging(ProcessInfo.processInfo.environment.filter { $0.key.hasSuffix("SAN_OPTIONS") }) { own, _ in own }
        for description in [broken.path, empty.path] {
            for (format, phrase) in says {
                let out = try run(lvslint, ["check", "--format", format, description], environment: environment)
                #expect(out.status == 2, "\(format) \(description): \(out.status)")
                #expect(out.stdout.contains(phrase), "\(format) does not carry the failure of \(description): \(out.stdout.prefix(600))")
            }
            let sarif = try run(lvslint, ["check", "--format", "sarif", description], environment: environment)
            let doc = try #require(try json(sarif.stdout) as? [String: Any])
            let invocation = (((doc["runs"] as? [[String: Any]])?.first?["invocations"]) as? [[String: Any]])?.first
            #expect(invocation?["exitCode"] as? Int == 2)
            let notes = invocation?["toolExecutionNotifications"] as? [[String: Any]] ?? []
            #expect(notes.contains { $0["level"] as? String == "error" && $0["locations"] != nil })
            let file = folder.appendingPathComponent("out.sarif")
            try sarif.stdout.write(to: file, atomically: true, encoding: .utf8)
            let schema = Repository.shared.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path
            let check = try run(
                "/usr/bin/python3",
                [
                    "-c",
                    "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))); print('VALID')",
                    schema, file.path,
                ])
            #expect(check.stdout.contains("VALID"), "\(check.stderr.suffix(600))")
        }
    }

    @Test("SARIF carries every rule, results on the description line and evidence as related locations")
    func sarifContent() throws {
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let out = try run(lvslint, ["check", "--format", "sarif", seed], environment: plain)
        #expect(out.status == 1)
        let results = try sarifResults(out.stdout)
        #expect(results.count == 12)
        let dr003 = try #require(results.first { $0["ruleId"] as? String == "DR003" })
        #expect(startLine(dr003) == 22)
        #expect((dr003["relatedLocations"] as? [Any])?.count == 3)
        let doc = try #require(try json(out.stdout) as? [String: Any])
        let driver = try #require(((doc["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count >= 40)
        for rule in rules {
            for key in ["id", "name", "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration"] {
                #expect(rule[key] != nil, "rule \(rule["id"] ?? "?") lacks \(key)")
            }
        }
    }

    @Test("SARIF fingerprints survive unrelated edits while lines move")
    func stableFingerprints() throws {
        let folder = try scratch("seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml")
        let before = try sarifResults(try run(lvslint, ["check", "--format", "sarif", description.path], environment: plain).stdout)
        let text = try String(contentsOf: description, encoding: .utf8)
        try ("# reviewed 2026-11-24\n# owner: network team\n" + text).write(to: description, atomically: true, encoding: .utf8)
        let sysctl = folder.appendingPathComponent("cluster/captures/lvs2/sysctl-a.txt")
        let lines = try String(contentsOf: sysctl, encoding: .utf8)
        try ("net.core.somaxconn = 4096\n" + lines).write(to: sysctl, atomically: true, encoding: .utf8)
        let after = try sarifResults(try run(lvslint, ["check", "--format", "sarif", description.path], environment: plain).stdout)
        func prints(_ r: [[String: Any]]) -> [String] {
            r.compactMap { ($0["partialFingerprints"] as? [String: String])?["lvslintFinding/v1"] }.sorted()
        }
        #expect(prints(before) == prints(after))
        #expect(before.compactMap(startLine).map { $0 + 2 } == after.compactMap(startLine))
    }

    @Test("JUnit parses as XML: a suite per cluster, failures for findings, skipped for checks not made")
    func junit() throws {
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let missing = Repository.fixtures.appendingPathComponent("cap003-no-sysctl/cluster.yaml").path
        let out = try run(lvslint, ["check", "--format", "junit", seed, missing], environment: plain)
        #expect(out.status == 1)
        final class Counter: NSObject, XMLParserDelegate {
            var suites = 0, cases = 0, failures = 0, skipped = 0
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                switch name {
                case "testsuite": suites += 1
                case "testcase": cases += 1
                case "failure": failures += 1
                case "skipped": skipped += 1
                default: break
                }
            }
        }
        let counter = Counter()
        let parser = XMLParser(data: Data(out.stdout.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.suites == 2)
        // The seed's 2 errors and 8 warnings fail at the default --fail-on warning; its notes and
        // cap003-no-sysctl's note do not, as the exit status says.
        #expect(counter.failures == 10)
        #expect(counter.skipped == 3)
        #expect(counter.cases > 40)
    }

    /// JUnit failures, SARIF levels and the exit status are one verdict.
    @Test(
        "JUnit failures and SARIF levels follow --fail-on and --require-complete as the exit status does",
        arguments: [
            (
                "seed-centos7-dr", ["--fail-on", "error"], 2, 1,
                ["error", "error", "note", "note", "note", "note", "note", "note", "note", "note", "note", "note"]
            ),
            (
                "seed-centos7-dr", ["--fail-on", "never"], 0, 0,
                ["note", "note", "note", "note", "note", "note", "note", "note", "note", "note", "note", "note"]
            ),
            (
                "seed-centos7-dr", ["--fail-on", "note"], 12, 1,
                ["error", "error", "warning", "warning", "warning", "warning", "warning", "warning", "warning", "warning", "warning", "warning"]
            ),
            ("cap003-no-sysctl", ["--fail-on", "never"], 0, 0, ["note"]),
            ("cap003-no-sysctl", ["--fail-on", "never", "--require-complete"], 3, 1, ["note"]),
        ])
    func verdictAgrees(_ scenario: String, _ options: [String], _ failures: Int, _ status: Int32, _ levels: [String]) throws {
        let seed = Repository.fixtures.appendingPathComponent("\(scenario)/cluster.yaml").path
        let junit = try run(lvslint, ["check", "--format", "junit"] + options + [seed], environment: plain)
        #expect(junit.status == status)
        #expect(junit.stdout.components(separatedBy: "<failure ").count - 1 == failures, "\(junit.stdout)")
        let sarif = try run(lvslint, ["check", "--format", "sarif"] + options + [seed], environment: plain)
        #expect(sarif.status == status)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["level"] as? String } == levels)
        let invocation = try #require((runs.first?["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["exitCode"] as? Int == Int(status))
    }

    @Test("GitHub annotations, chosen automatically inside GitHub Actions")
    func github() throws {
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let auto = try run(lvslint, ["check", seed], environment: plain.merging(["GITHUB_ACTIONS": "true"]) { $1 })
        let lines = auto.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("::error file=") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("::warning file=") }.count == 8)
        #expect(lines.filter { $0.hasPrefix("::notice file=") }.count == 2)
        #expect(lines.first?.contains(",line=22,col=9,title=DR003 rs-arp-ignore::") == true)
        #expect(!auto.stdout.contains("\n    "), "multi-line messages must be escaped as %0A")
        let forced = try run(lvslint, ["check", "--format", "text", seed], environment: plain.merging(["GITHUB_ACTIONS": "true"]) { $1 })
        #expect(forced.stdout.contains("error[DR003]"))
    }

    @Test("GitLab Code Quality is a JSON array with the fields GitLab reads")
    func gitlab() throws {
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let out = try run(lvslint, ["check", "--format", "gitlab", seed], environment: plain)
        let issues = try #require(try json(out.stdout) as? [[String: Any]])
        #expect(issues.count == 12)
        for issue in issues {
            #expect(issue["description"] is String && issue["check_name"] is String && issue["fingerprint"] is String)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect(location["path"] as? String == "Fixtures/seed-centos7-dr/cluster.yaml")
            #expect((location["lines"] as? [String: Any])?["begin"] is Int)
        }
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == 12)
    }

    @Test("configuration: found beside the description or above it, strictly validated, applied")
    func configuration() throws {
        let folder = try scratch("seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml").path
        // In the parent folder, the repository's root: discovered by walking up to it.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try """
        disable: [rs-arp-announce]
        severity: {CAP003: warning}
        exclude:
          - {rule: DR003, host: lvs3, reason: "being rebuilt this week"}
        fail_on: error
        """.write(to: folder.appendingPathComponent(".lvslint.yaml"), atomically: true, encoding: .utf8)
        let out = try run(lvslint, ["check", "--format", "json", description], environment: plain)
        let doc = try #require(try json(out.stdout) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(
            Set(findings.map { "\($0["rule"] ?? "") \($0["host"] ?? "") \($0["severity"] ?? "")" })
                == [
                    "DR003 lvs2 error", "CAP003 lvs2 warning", "CAP003 lvs3 warning", "PERSIST002 lvs1 warning",
                    "PERSIST003 lvs1 warning", "PERSIST003 lvs2 warning", "PERSIST003 lvs3 warning",
                    "PERSIST004 lvs2 warning", "PERSIST004 lvs3 warning",
                ])
        let cluster = (doc["clusters"] as? [[String: Any]])?.first
        #expect((cluster?["filtered"] as? [String: Int])?["excluded"] == 1)
        let applied = cluster?["configuration"] as? [String: Any]
        #expect(applied?["file"] as? String == folder.appendingPathComponent(".lvslint.yaml").path)
        #expect(applied?["disabled"] as? [String] == ["DR004"])
        #expect(out.status == 1, "fail_on error and one error remains")

        let shown = try run(lvslint, ["config", description], environment: plain)
        #expect(shown.status == 0)
        let lines = shown.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("fail_on error \(folder.appendingPathComponent(".lvslint.yaml").path):5:10"), "\(shown.stdout)")
        #expect(lines.contains { $0.hasPrefix("DR004 off warning rs-arp-announce disable: rs-arp-announce at ") })
        #expect(lines.contains("PERSIST001 on warning sysctl-not-persisted default"))
        #expect(lines.contains { $0.hasPrefix("rule DR003, host lvs3 being rebuilt this week ") })

        // A closer configuration wins; errors are located and stop the run.
        try "disabel: [DR004]\nseverity: {DR999: error}\nfail_on: sometimes\n"
            .write(to: folder.appendingPathComponent("cluster/.lvslint.yaml"), atomically: true, encoding: .utf8)
        let bad = try run(lvslint, ["check", description], environment: plain)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".lvslint.yaml:1:1: error: unknown key 'disabel' in the configuration (did you mean 'disable'?)"))
        #expect(bad.stderr.contains(".lvslint.yaml:2:12: error: unknown rule 'DR999' in severity (did you mean 'DR009'?)"))
        #expect(bad.stderr.contains(".lvslint.yaml:3:10: error: fail_on 'sometimes' is not one of error, warning, note, never"))
    }

    @Test("inline suppressions need a reason, name real rules, and can be ignored centrally")
    func suppressions() throws {
        let folder = try scratch("dr004-arp-announce-1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml")
        let text = try String(contentsOf: description, encoding: .utf8)
        func write(_ comment: String) throws {
            try text.replacingOccurrences(of: "  rs1:\n", with: "  rs1:  \(comment)\n").write(to: description, atomically: true, encoding: .utf8)
        }
        try write("# lvslint: disable=DR004 -- old kernel")
        #expect(try run(lvslint, ["check", description.path], environment: plain).status == 0)
        let central = try run(lvslint, ["check", "--no-inline-suppressions", description.path], environment: plain)
        #expect(central.status == 1 && central.stdout.contains("warning[DR004]") && !central.stdout.contains("SUP001"))
        try write("# lvslint: disable=DR004")
        let noReason = try run(lvslint, ["check", description.path], environment: plain)
        #expect(noReason.status == 2 && noReason.stderr.contains("cluster.yaml:7:9: error: a suppression needs a reason"))
        try write("# lvslint: disable=DR044 -- typo")
        let unknown = try run(lvslint, ["check", description.path], environment: plain)
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown rule 'DR044' in a suppression (did you mean 'DR004'?)"))
    }

    @Test("a baseline lets a messy cluster adopt lvslint and fail only on what is new")
    func baseline() throws {
        let folder = try scratch("seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml")
        let baseline = folder.appendingPathComponent("baseline.json").path
        let first = try run(lvslint, ["check", "--write-baseline", baseline, description.path], environment: plain)
        #expect(first.stderr.contains("wrote 12 findings to \(baseline)"))
        let adopted = try run(lvslint, ["check", "--baseline", baseline, description.path], environment: plain)
        #expect(adopted.status == 0)
        #expect(adopted.stdout.contains("not shown: 12 in the baseline"))
        // Lines move (a comment on top): still baselined. A new problem: reported alone.
        let text = try String(contentsOf: description, encoding: .utf8)
        try ("# moved\n" + text).replacingOccurrences(of: "scheduler: rr ", with: "scheduler: wrr ")
            .write(to: description, atomically: true, encoding: .utf8)
        let later = try run(lvslint, ["check", "--baseline", baseline, "--format", "json", description.path], environment: plain)
        #expect(later.status == 1)
        let doc = try #require(try json(later.stdout) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["IPVS006"])
        #expect((((doc["clusters"] as? [[String: Any]])?.first)?["filtered"] as? [String: Int])?["baselined"] == 12)
        let broken = folder.appendingPathComponent("broken.json").path
        try "{}".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(try run(lvslint, ["check", "--baseline", broken, description.path], environment: plain).status == 2)
    }

    @Test("several descriptions give one report and one exit status; `-` reads standard input")
    func severalAndStdin() throws {
        let healthy = Repository.fixtures.appendingPathComponent("dr-healthy/cluster.yaml").path
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let both = try run(lvslint, ["check", "--format", "json", healthy, seed], environment: plain)
        #expect(both.status == 1)
        let doc = try #require(try json(both.stdout) as? [String: Any])
        #expect((doc["clusters"] as? [Any])?.count == 2)
        #expect(doc["summary"] as? [String: Int] == ["error": 2, "warning": 8, "note": 2])
        #expect(try run(lvslint, ["check", healthy, healthy], environment: plain).status == 0)

        let text = try String(contentsOfFile: seed, encoding: .utf8)
        let captures = Repository.fixtures.appendingPathComponent("seed-centos7-dr/captures").path
        let piped = try run(lvslint, ["check", "--captures", captures, "-"], environment: plain, input: text)
        #expect(piped.status == 1 && piped.stdout.contains("<stdin>:22:9: error[DR003]"))
        // Without --captures, standard input is one host's capture bundle: a description is none.
        let noCaptures = try run(lvslint, ["check", "-"], environment: plain, input: text)
        #expect(noCaptures.status == 2 && noCaptures.stderr.contains("--host NAME"), "\(noCaptures.stderr)")
    }

    @Test(
        "a configuration above the repository, writable by all, or another user's is ignored with a warning; the one that applies is named in every format",
        .enabled(if: getuid() == 0, "changes a file's owner"))
    func untrustedConfiguration() throws {
        let folder = try scratch("seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml").path
        let above = folder.appendingPathComponent(".lvslint.yaml")
        try "disable: [DR003]\n".write(to: above, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("cluster/.git"), withIntermediateDirectories: true)
        func dr003(_ arguments: [String] = []) throws -> (count: Int, stderr: String, stdout: String) {
            let out = try run(lvslint, ["check", "--format", "json"] + arguments + [description], environment: plain)
            let doc = try #require(try json(out.stdout) as? [String: Any])
            return ((doc["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "DR003" }.count, out.stderr, out.stdout)
        }
        let outside = try dr003()
        #expect(outside.count == 2, "a configuration above the repository root switched DR003 off")
        #expect(outside.stderr.contains("\(above.path) is ignored: above the repository root"), "\(outside.stderr)")

        let inside = folder.appendingPathComponent("cluster/.lvslint.yaml")
        try "disable: [DR003]\n".write(to: inside, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: inside.path)
        let writable = try dr003()
        #expect(writable.count == 2 && writable.stderr.contains("is ignored: writable by every user"), "\(writable.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644, .ownerAccountID: 65534], ofItemAtPath: inside.path)
        let foreign = try dr003()
        #expect(foreign.count == 2 && foreign.stderr.contains("is ignored: owned by user 65534"), "\(foreign.stderr)")

        try FileManager.default.setAttributes([.ownerAccountID: 0], ofItemAtPath: inside.path)
        let applied = try dr003()
        #expect(applied.count == 0)
        #expect(applied.stdout.contains("\"disabled\": [\n") || applied.stdout.contains("\"disabled\":"), "\(applied.stdout.prefix(500))")
        for (format, says) in [
            ("text", "configuration: \(inside.path); disabled: DR003"), ("sarif", "\"ruleConfigurationOverrides\""),
            ("junit", "<property name=\"disabled\" value=\"DR003\"/>"), ("github", "::notice title=lvslint configuration::"),
            ("gitlab", "disabled DR003"), ("html", "disabled: DR003"), ("dot", "disabled: DR003"),
        ] {
            let out = try run(lvslint, ["check", "--format", format, description], environment: plain)
            #expect(out.stdout.contains(says), "\(format) does not name the configuration: \(out.stdout.prefix(800))")
        }
    }
}

/// Baselines written on a live director hold while it keeps serving.
@Suite("Baselines on a live director", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct LiveBaselineTests {
    var lvslint: String { Repository.executable?.path ?? "lvslint" }
    let plain = plainEnvironment

    func copy(_ scenario: String) throws -> URL { try scratchCopy(of: scenario) }

    @Test("a baselined IPVS010 stays baselined when the connection counters move; --write-baseline exits 0")
    func countersMove() throws {
        let folder = try copy("ipvs010-one-quiesced")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml").path
        let table = folder.appendingPathComponent("cluster/captures/lvs1/ipvsadm.txt")
        let baseline = folder.appendingPathComponent("baseline.json").path
        let written = try run(lvslint, ["check", "--fail-on", "note", "--write-baseline", baseline, description], environment: plain)
        #expect(written.status == 0, "writing a baseline succeeds: \(written.stderr)")
        // The director keeps serving: ActiveConn and InActConn change.
        let text = try String(contentsOf: table, encoding: .utf8)
        let moved = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.contains("->"), !line.contains("RemoteAddress") else { return String(line) }
            var fields = line.split(separator: " ").map(String.init)
            if fields.count >= 6 { fields[4] = "7"; fields[5] = "9" }
            return "  " + fields.joined(separator: "   ")
        }.joined(separator: "\n")
        #expect(moved != text)
        try moved.write(to: table, atomically: true, encoding: .utf8)
        let later = try run(lvslint, ["check", "--fail-on", "note", "--baseline", baseline, description], environment: plain)
        #expect(later.status == 0, "\(later.stdout)")
        #expect(later.stdout.contains("in the baseline"))
    }

    @Test("a baseline written in one folder holds when lvslint runs from another")
    func anotherFolder() throws {
        let folder = try copy("cap003-no-sysctl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("baseline.json").path
        func check(from directory: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let description = folder.appendingPathComponent("cluster/cluster.yaml").path
            let relative = directory.path == folder.path ? "cluster/cluster.yaml" : description
            return try run(
                "/bin/sh", ["-c", "cd '\(directory.path)' && '\(lvslint)' check --fail-on note \(arguments.joined(separator: " ")) '\(relative)'"],
                environment: plain)
        }
        #expect(try check(from: folder, ["--write-baseline", baseline]).status == 0)
        let elsewhere = try check(from: URL(fileURLWithPath: "/"), ["--baseline", baseline])
        #expect(elsewhere.status == 0, "\(elsewhere.stdout)")
    }

    @Test("an exclusion naming a host no description has is a located error")
    func unknownExclusion() throws {
        let folder = try copy("dr-healthy")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "exclude:\n  - {rule: DR004, host: rs9, reason: \"old kernel\"}\n".write(
            to: folder.appendingPathComponent("cluster/.lvslint.yaml"), atomically: true, encoding: .utf8)
        let out = try run(lvslint, ["check", folder.appendingPathComponent("cluster/cluster.yaml").path], environment: plain)
        #expect(out.status == 2)
        #expect(
            out.stderr.contains(".lvslint.yaml:2:5: error: exclude: no description checked with this configuration has a host 'rs9'"), "\(out.stderr)"
        )
        // `lvslint config` says the same of the same file, not "all is well".
        let shown = try run(lvslint, ["config", folder.appendingPathComponent("cluster/cluster.yaml").path], environment: plain)
        #expect(shown.status == 2 && shown.stderr.contains("has a host 'rs9'"), "\(shown.stderr)")
    }

    @Test("SARIF names a description outside the repository by an absolute file:// URI, without uriBaseId")
    func outsideRepository() throws {
        let folder = try copy("dr003-arp-ignore-lo-only")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = try run(
            "/bin/sh", ["-c", "cd '\(Repository.root.path)' && '\(lvslint)' check --format sarif '\(folder.path)/cluster/cluster.yaml'"],
            environment: plain)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let result = try #require(((document["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let location = try #require(
            ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
        #expect((location["uri"] as? String)?.hasPrefix("file:///") == true)
        #expect(location["uriBaseId"] == nil)
    }
}
