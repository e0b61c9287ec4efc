import Foundation
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// Issue 26, item 1: rule selection and outputs as ruff has them, from the command line a user types.
@Suite("Selection and output, as ruff has them", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct SelectionAndOutputTests {
    let seed = "Fixtures/seed-centos7-dr/cluster.yaml"

    static func rules(in json: String) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        return Set(findings.compactMap { $0["rule"] as? String })
    }

    @Test("--select, --extend-select and --ignore take ids, slugs, families and all, comma-separated or repeated")
    func selection() throws {
        let all = try Self.rules(in: runLVSLint(["check", "--format", "json", seed]).stdout)
        #expect(all.isSuperset(of: ["DR003", "DR004", "CAP003"]))
        let dr = try Self.rules(in: runLVSLint(["check", "--format", "json", "--select", "DR", seed]).stdout)
        #expect(!dr.isEmpty && dr.allSatisfy { $0.hasPrefix("DR") })
        let some = try Self.rules(in: runLVSLint(["check", "--format", "json", "--select", "DR,rs-arp-announce", "--ignore", "DR003", seed]).stdout)
        #expect(some.contains("DR004") && !some.contains("DR003"))
        let extended = try Self.rules(
            in: runLVSLint(["check", "--format", "json", "--select", "DR003", "--extend-select", "CAP", "--extend-select", "DR004", seed]).stdout)
        #expect(
            extended.isSuperset(of: ["DR003", "DR004", "CAP003"]) && extended.allSatisfy { ["DR003", "DR004"].contains($0) || $0.hasPrefix("CAP") })
        // Every rule taken away: nothing was checked, which is never a clean run.
        let none = try runLVSLint(["check", "--format", "json", "--select", "all", "--ignore", "all", seed])
        #expect(try Self.rules(in: none.stdout).isEmpty)
        #expect(none.status == 2 && none.stderr.contains("nothing was checked"), "\(none.stderr)")
    }

    @Test("a selection of description rules says that the hosts' captures were not read, not that there are none")
    func descriptionRulesOnly() throws {
        let result = try runLVSLint(["check", "--select", "DESC", seed])
        #expect(result.stdout.contains("only the description was checked: none of the rules that ran reads the hosts' captures"), "\(result.stdout)")
        #expect(!result.stdout.contains("no host has captures"))
    }

    @Test("a selection of rules that read captures but examine no host says which rules, not an empty reason")
    func noHostExamined() throws {
        let result = try runLVSLint(["check", "--select", "CAP002", seed])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("nothing was checked: the rule selected (CAP002) examines no host's captures"), "\(result.stderr)")
        #expect(!result.stderr.contains("()"), "\(result.stderr)")
    }

    @Test("a mistyped rule in --select is an error with the nearest name, exit 2")
    func unknownRule() throws {
        let result = try runLVSLint(["check", "--select", "DR03", seed])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--select: unknown rule 'DR03' (did you mean 'DR003'?)"), "\(result.stderr)")
    }

    @Test("the command line's selection goes over the configuration's, and --show-settings says where each state came from")
    func overConfiguration() throws {
        var configuration = Configuration(file: ".lvslint.yaml")
        let names = Catalogue.names
        configuration.disable = try RuleSelection.selectors(["NAT"], option: "disable", rules: names).get()
        #expect(!configuration.isEnabled("NAT001"))
        configuration.commandLine = RuleSelection(select: try RuleSelection.selectors(["NAT001,DR"], option: "--select", rules: names).get())
        #expect(configuration.state(of: "NAT001") == RuleState(enabled: true, source: "--select NAT001"))
        #expect(configuration.state(of: "NAT002") == RuleState(enabled: false, source: "not in --select"))
        configuration.commandLine.ignore = try RuleSelection.selectors(["rs-arp-announce"], option: "--ignore", rules: names).get()
        #expect(configuration.state(of: "DR004") == RuleState(enabled: false, source: "--ignore rs-arp-announce"))

        let shown = try runLVSLint(["check", "--show-settings", "--ignore", "DR004", seed])
        #expect(shown.status == 0)
        let row = try #require(shown.stdout.split(separator: "\n").first { $0.hasPrefix("  DR004 ") })
        #expect(row.contains(" off ") && row.hasSuffix("--ignore DR004"), "\(row)")
        #expect(!shown.stdout.contains("error[DR"), "--show-settings checks nothing")
    }

    @Test("--exit-zero exits 0 with findings; input errors still exit 2")
    func exitZero() throws {
        let result = try runLVSLint(["check", "--exit-zero", seed])
        #expect(result.status == 0 && result.stdout.contains("error[DR003]"))
        #expect(try runLVSLint(["check", "--exit-zero", "/nonexistent/cluster.yaml"]).status == 2)
    }

    @Test("--format X --output-file Y pairs: SARIF and JUnit written, text printed once")
    func outputPairs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("lvslint.sarif").path, junit = folder.appendingPathComponent("lvslint.xml").path
        let result = try runLVSLint([
            "check", "--format", "sarif", "-o", sarif, "--format", "junit", "--output-file=\(junit)", "--format", "text", seed,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("Fixtures/seed-centos7-dr/cluster.yaml:22:9: error[DR003]"), "\(result.stdout.prefix(200))")
        let sarifText = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(sarifText.contains("\"$schema\"") && sarifText.contains("DR003"))
        #expect(try String(contentsOfFile: junit, encoding: .utf8).hasPrefix("<?xml"))
        // An output file before any --format takes the default format, text, without colour.
        let textFile = folder.appendingPathComponent("report.txt").path
        let plain = try runLVSLint(["check", "-o", textFile, "--color", "always", seed])
        #expect(plain.stdout.isEmpty && plain.status == 1)
        let written = try String(contentsOfFile: textFile, encoding: .utf8)
        #expect(written.contains("error[DR003]") && !written.contains("\u{1B}["))
    }

    @Test("two reports for standard output, or one file named twice, are refused before anything runs")
    func conflictingOutputs() throws {
        let both = try runLVSLint(["check", "--format", "sarif", "--format", "json", seed])
        #expect(both.status == 2 && both.stderr.contains("only one report can go to standard output"), "\(both.stderr)")
        let twice = try runLVSLint(["check", "--format", "sarif", "-o", "/tmp/x.sarif", "--format", "json", "-o", "/tmp/x.sarif", seed])
        #expect(twice.status == 2 && twice.stderr.contains("named twice"))
    }

    @Test(
        "outputs pair by the order of the words",
        arguments: [
            (["--format", "sarif", "-o", "a", "--format", "text"], [ReportFormat.sarif, .text], ["a"], ["sarif>a", "text>-"]),
            (["-o", "a", "--format", "json"], [.json], ["a"], ["default>a", "json>-"]),
            (["--format=junit", "--output-file=b", "--format", "github"], [.junit, .github], ["b"], ["junit>b", "github>-"]),
            (["--format", "json", "--", "--format"], [.json], [], ["json>-"]),
        ])
    func pairing(_ arguments: [String], _ formats: [ReportFormat], _ files: [String], _ expected: [String]) throws {
        let plan = try OutputPlan.plan(arguments: arguments, formats: formats, files: files).get()
        #expect(plan.destinations.map { "\($0.format?.rawValue ?? "default")>\($0.file ?? "-")" } == expected)
    }

    @Test("-V prints the version, -q the findings only")
    func shortFlags() throws {
        let version = try runLVSLint(["-V"])
        #expect(
            version.status == 0 && version.stdout.range(of: #"^\d+\.\d+\.\d+ \(libyaml "#, options: .regularExpression) != nil, "\(version.stdout)")
        let quiet = try runLVSLint(["check", "-q", seed])
        #expect(quiet.stdout.contains("error[DR003]") && !quiet.stdout.contains("not checked:") && !quiet.stdout.contains(" errors, "))
    }

    @Test("a mistyped subcommand or option gets the nearest name; a file given as the command is pointed at check")
    func didYouMean() throws {
        let command = try runLVSLint(["chek", seed])
        #expect(command.status == 2 && command.stderr.contains("unknown command 'chek' (did you mean 'check'?)"), "\(command.stderr)")
        let option = try runLVSLint(["check", "--selct", "DR", seed])
        #expect(option.status == 2 && option.stderr.contains("Did you mean '--select'?"), "\(option.stderr)")
        let file = try runLVSLint([seed])
        #expect(file.status == 2 && file.stderr.contains("did you mean 'lvslint check \(seed)'?"), "\(file.stderr)")
    }
}

/// `lvslint check -`: one host's capture bundle on standard input, as `ssh host sh -s < script | lvslint check -` gives it.
@Suite("A capture bundle on standard input", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct StandardInputBundleTests {
    static let director = Repository.fixtures.appendingPathComponent("bundle-script-markers/captures/lvs1.txt")

    static func checkStandardInput(_ input: String, _ arguments: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(
            try #require(Repository.executable).path, ["check", "--format", "json"] + arguments + ["-"], environment: plainEnvironment, input: input,
            in: Repository.root)
    }

    @Test("the host is the one the bundle's header names, and the findings are those of the same file in a captures folder")
    func headerNamesHost() throws {
        let bundle =
            "# lvslint bundle 1: host lvs1, kernel 6.1.0, time 2026-12-06T12:00:00Z, collector lvslint test\n"
            + (try String(contentsOf: Self.director, encoding: .utf8))
        let piped = try Self.checkStandardInput(bundle)
        #expect(piped.status != 2, "\(piped.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        let clusters = try #require(object["clusters"] as? [[String: Any]])
        #expect(clusters.first?["name"] as? String == "lvs1")
        #expect(!piped.stdout.contains("lvslint-stdin-"), "the private folder is never shown")
        let notChecked = try #require(object["not_checked"] as? [[String: Any]])
        #expect(notChecked.contains { $0["host"] as? String == "lvs1" })

        // The same bytes in a captures folder give the same rules and messages.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try bundle.write(to: folder.appendingPathComponent("lvs1.txt"), atomically: true, encoding: .utf8)
        let fromFolder = try runLVSLint(["check", "--format", "json", folder.path])
        let a = try #require(try JSONSerialization.jsonObject(with: Data(fromFolder.stdout.utf8)) as? [String: Any])
        let messages = { (o: [String: Any]) in ((o["findings"] as? [[String: Any]]) ?? []).map { "\($0["rule"] ?? ""): \($0["message"] ?? "")" } }
        #expect(messages(object) == messages(a).map { $0.replacingOccurrences(of: folder.path + "/lvs1.txt", with: "<stdin>") })
        #expect(fromFolder.status == piped.status)
    }

    @Test("--host names the host of a bundle without a header; without either, exit 2 with what to do")
    func hostOption() throws {
        let bundle = try String(contentsOf: Self.director, encoding: .utf8)
        let named = try Self.checkStandardInput(bundle, ["--host", "lvs1"])
        #expect(named.status != 2, "\(named.stderr)")
        #expect(named.stdout.contains("\"name\" : \"lvs1\"") || named.stdout.contains("\"name\": \"lvs1\""))
        let anonymous = try Self.checkStandardInput(bundle)
        #expect(anonymous.status == 2 && anonymous.stderr.contains("--host NAME"), "\(anonymous.stderr)")
        let hostile = try Self.checkStandardInput(bundle, ["--host", "../etc"])
        #expect(hostile.status == 2 && hostile.stderr.contains("cannot name a host"))
    }
}
