import Foundation
import Testing

/// The lvslint executable as a user runs it: exit statuses, colour, formats, errors.
@Suite("Command line", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct CommandLineTests {
    var lvslint: String { Repository.executable?.path ?? "lvslint" }
    let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
    let healthy = Repository.fixtures.appendingPathComponent("dr-healthy/cluster.yaml").path
    let plain = plainEnvironment

    @Test("exit status follows --fail-on")
    func exitStatus() throws {
        #expect(try run(lvslint, ["check", seed], environment: plain).status == 1)
        #expect(try run(lvslint, ["check", "--fail-on", "error", seed], environment: plain).status == 1)
        #expect(try run(lvslint, ["check", "--fail-on", "never", seed], environment: plain).status == 0)
        #expect(try run(lvslint, ["check", healthy], environment: plain).status == 0)
        #expect(try run(lvslint, ["check", "--fail-on", "note", healthy], environment: plain).status == 0)
        let notes = Repository.fixtures.appendingPathComponent("cap003-no-sysctl/cluster.yaml").path
        #expect(try run(lvslint, ["check", notes], environment: plain).status == 0)
        #expect(try run(lvslint, ["check", "--fail-on", "note", notes], environment: plain).status == 1)
    }

    @Test("bad arguments and unreadable input exit 2, never 64")
    func usageErrors() throws {
        for arguments in [
            ["check", "--format", "xml", seed], ["check", "--fail-on", "sometimes", seed], ["frobnicate"],
            ["check", "/nonexistent/cluster.yaml"], ["explain", "DR999"], ["parse", "/nonexistent"],
        ] {
            let result = try run(lvslint, arguments, environment: plain)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty)
        }
        // `lvslint check` alone searches the current folder: one with nothing to check is an error.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let bare = try run(lvslint, ["check"], environment: plain, in: empty)
        #expect(bare.status == 2 && bare.stderr.contains("no cluster description"), "\(bare.stderr)")
        let help = try run(lvslint, ["--help"], environment: plain)
        #expect(help.status == 0 && help.stdout.contains("lvslint check cluster.yaml"))
        #expect(try run(lvslint, ["check", "--help"], environment: plain).status == 0)
    }

    @Test("description errors go to stderr as file:line:column and exit 2")
    func descriptionErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cluster.yaml")
        try
            "cluster: web\nhosts:\n  lvs1: {role: director, adress: 192.0.2.1}\nservices:\n  - {vip: 192.0.2.100, port: 80, real_servers: [{host: lvs2}]}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try run(lvslint, ["check", file.path], environment: plain)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(file.path):3:26: error: unknown key 'adress' in host 'lvs1' (did you mean 'address'?)"))
        #expect(
            result.stderr.contains("\(file.path):5:56: error: real server host 'lvs2' of service 1 is not defined under hosts (did you mean 'lvs1'?)")
        )
        #expect(result.stderr.contains("2 errors in the input; nothing was checked"))
    }

    @Test("colour only when asked or on a terminal, never with NO_COLOR")
    func colour() throws {
        #expect(try !run(lvslint, ["check", seed], environment: plain).stdout.contains("\u{1B}["))
        #expect(try run(lvslint, ["check", "--color", "always", seed], environment: plain).stdout.contains("\u{1B}[1;31merror"))
        #expect(
            try !run(lvslint, ["check", "--color", "auto", seed], environment: plain.merging(["NO_COLOR": "1"]) { $1 }).stdout.contains("\u{1B}["))
    }

    @Test("JSON has the shape of docs/report.schema.json")
    func jsonShape() throws {
        let result = try run(lvslint, ["check", "--format", "json", seed], environment: plain)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema_version", "tool", "summary", "clusters", "findings", "not_checked", "errors"])
        #expect(object["schema_version"] as? Int == 2)
        #expect((object["tool"] as? [String: Any])?["name"] as? String == "lvslint")
        #expect((object["clusters"] as? [[String: Any]])?.map { $0["name"] as? String } == ["web"])
        #expect(object["summary"] as? [String: Int] == ["error": 2, "warning": 8, "note": 2])
        let findings = try #require(object["findings"] as? [[String: Any]])
        for f in findings {
            #expect(
                Set(f.keys) == [
                    "cluster", "rule", "slug", "severity", "host", "service", "message", "location", "evidence", "fix", "fix_commands", "fix_edit",
                    "state",
                ])
            #expect(f["cluster"] as? String == "web")
            // The seed's hosts were captured running: every host finding says so.
            if f["host"] is String { #expect(f["state"] as? String == "runtime") }
            let location = try #require(f["location"] as? [String: Any])
            #expect(location["file"] is String && location["line"] is Int && location["column"] is Int)
            for e in try #require(f["evidence"] as? [[String: Any]]) {
                #expect(e["file"] is String && (e["line"] is Int || e["line"] is NSNull) && e["text"] is String)
            }
        }
        #expect(object["not_checked"] is [Any])
        #expect((object["errors"] as? [Any])?.isEmpty == true)
    }

    @Test("rules lists the catalogue; explain accepts an id or a slug")
    func rulesAndExplain() throws {
        let rules = try run(lvslint, ["rules"], environment: plain)
        #expect(rules.status == 0 && rules.stdout.contains("DR003      rs-arp-ignore"), "\(rules.stdout.prefix(300))")
        let byID = try run(lvslint, ["explain", "DR003"], environment: plain)
        let bySlug = try run(lvslint, ["explain", "rs-arp-ignore"], environment: plain)
        #expect(byID.status == 0 && byID.stdout == bySlug.stdout)
        #expect(byID.stdout.contains("ARP problem"))
        let wrong = try run(lvslint, ["explain", "rs-arp-ignor"], environment: plain)
        #expect(wrong.status == 2 && wrong.stderr.contains("did you mean 'rs-arp-ignore'?"))
    }
}

/// The README's quick start, run as it says (every scenario's full report is a snapshot beside
/// it: SnapshotTests).
@Suite("The README's quick start", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct QuickStartTests {
    func lvslint(_ arguments: [String]) throws -> String {
        let executable = try #require(Repository.executable)
        return try run(executable.path, arguments, environment: ["PATH": "/usr/bin:/bin"], in: Repository.root).stdout
    }

    /// The README's quick start shows part of that report: every line it shows must be true.
    @Test("the README shows what the quick start prints")
    func readmeExample() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(
            readme.components(separatedBy: "first command prints (abridged):\n\n```\n").dropFirst().first?
                .components(separatedBy: "```").first)
        let report = try lvslint(["check", "Fixtures/seed-centos7-dr/cluster.yaml"])
        for line in block.split(separator: "\n") where line != "..." {
            #expect(report.contains(line), "README shows a line lvslint does not print: \(line)")
        }
        #expect(readme.contains("scripts/lvslint check Fixtures/seed-centos7-dr/cluster.yaml") && readme.contains("scripts/test "))
    }
}
