import Foundation
import LVSEngine
import LVSModel
import Testing

/// Every scenario's full report, stored beside it and compared byte for byte: a change to a
/// message, a fix line, an evidence line or the order of findings fails here with a diff.
/// `scripts/update-snapshots` (or `LVSLINT_UPDATE_SNAPSHOTS=1 scripts/test`) rewrites them.
/// Paths are relative to the scenario's folder and the tool version is fixed, so nothing
/// depends on the machine, the checkout or the release.
@Suite("Report snapshots", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct SnapshotTests {
    static let updating = ProcessInfo.processInfo.environment["LVSLINT_UPDATE_SNAPSHOTS"] == "1"

    /// The report formats every scenario is kept in: file name and `--format`.
    static let everyScenario = [("report.txt", "text"), ("report.json", "json")]
    /// The CI formats, kept for a few representative scenarios.
    static let ciFormats = [
        ("report.sarif", "sarif"), ("report.junit.xml", "junit"), ("report.gitlab.json", "gitlab"), ("report.github.txt", "github"),
    ]
    static let ciScenarios = ["seed-centos7-dr", "post-seed-after-reboot", "boot-keepalived-dr", "conn001-dr-syn-recv"]

    /// The report as a user gets it, run in the scenario's folder (so every path is relative
    /// to it) with PATH alone in the environment (no colour, the default width, no CI).
    static func report(_ scenario: String, format: String) throws -> String {
        let folder = Repository.fixtures.appendingPathComponent(scenario)
        let keepalived = Repository.keepalivedFiles(scenario).map { ($0 as NSString).lastPathComponent }
        let others = Repository.checkedWith(scenario)
        // With other descriptions, each one's captures are the folder beside it, as by default.
        let inputs =
            others.isEmpty
            ? (keepalived.isEmpty ? ["cluster.yaml"] : keepalived + ["--captures", "captures"])
            : (keepalived.isEmpty ? ["cluster.yaml"] : keepalived) + others
        let executable = try #require(Repository.executable)
        let result = try run(executable.path, ["check", "--format", format] + inputs, environment: plainEnvironment, in: folder)
        #expect(result.status == 0 || result.status == 1, "\(scenario): exit \(result.status): \(result.stderr)")
        // The version is the release's and the checkout's folder the machine's: neither changes a snapshot.
        var text = result.stdout.replacingOccurrences(of: Repository.root.path, with: "/REPOSITORY")
        if !toolVersion.isEmpty { text = text.replacingOccurrences(of: "\"\(toolVersion)\"", with: "\"VERSION\"") }
        return text
    }

    /// What `lvslint --version` prints.
    static let toolVersion: String = {
        guard let executable = Repository.executable, let out = try? run(executable.path, ["--version"], environment: plainEnvironment) else {
            return ""
        }
        return String(out.stdout.split(separator: " ").first ?? "")
    }()

    /// Compares `actual` with the stored snapshot (or writes it when updating); a difference
    /// is reported as a unified diff with the command that updates the snapshots.
    static func compare(_ actual: String, with url: URL) throws {
        if updating {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("\(url.path) is missing: run scripts/update-snapshots, review the new file and commit it")
            return
        }
        guard stored != actual else { return }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try actual.write(to: scratch, atomically: true, encoding: .utf8)
        let diff =
            (try? run("/usr/bin/diff", ["-u", "--label", "stored \(url.lastPathComponent)", "--label", "now", url.path, scratch.path]))?.stdout ?? ""
        Issue.record(
            "\(url.path) differs from the report lvslint gives now (scripts/update-snapshots rewrites it; review the diff first):\n\(diff.prefix(6000))"
        )
    }

    /// The scenarios compared. Under a sanitizer (scripts/test-sanitizers sets
    /// LVSLINT_SANITIZER) one in four, and every CI-format one: the same comparisons ran in the
    /// plain suite, and what the sanitizer pass adds is the rendering paths of each format run
    /// under it, which a sample exercises, at a quarter of the ~350 instrumented processes.
    static let compared: [String] = {
        let all = Repository.scenarios
        guard ProcessInfo.processInfo.environment["LVSLINT_SANITIZER"] != nil else { return all }
        return all.enumerated().filter { $0.offset % 4 == 0 || ciScenarios.contains($0.element) }.map(\.element)
    }()

    @Test("every scenario's text and JSON reports are its stored snapshots", arguments: compared)
    func scenario(_ scenario: String) throws {
        let folder = Repository.fixtures.appendingPathComponent(scenario)
        for (file, format) in Self.everyScenario {
            try Self.compare(try Self.report(scenario, format: format), with: folder.appendingPathComponent(file))
        }
    }

    @Test("SARIF, JUnit, GitLab and GitHub reports of representative scenarios are their stored snapshots", arguments: ciScenarios)
    func ciFormats(_ scenario: String) throws {
        let folder = Repository.fixtures.appendingPathComponent(scenario)
        for (file, format) in Self.ciFormats {
            try Self.compare(try Self.report(scenario, format: format), with: folder.appendingPathComponent(file))
        }
    }

    @Test("the HTML report of the seed cluster is its stored snapshot (the drawing, Graphviz's, left out)")
    func html() throws {
        let folder = Repository.fixtures.appendingPathComponent("seed-centos7-dr")
        let result = try Repository.check("seed-centos7-dr")
        let html = HTMLReport(toolVersion: "VERSION", drawing: { _ in nil }).render([result])
            .replacingOccurrences(of: folder.path + "/", with: "")
        try Self.compare(html, with: folder.appendingPathComponent("report.html"))
    }
}
