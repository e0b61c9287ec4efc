import Foundation
import LVSEngine
import LVSModel
import Testing

/// The generated fleet (scripts/make-fleet.py) at a small size: clean by construction, and
/// with planted faults reported exactly. Its speed is measured by scripts/bench, not here.
@Suite("Generated fleet")
struct FleetTests {
    func generate(_ arguments: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-fleet-\(UUID().uuidString)")
        let script = Repository.root.appendingPathComponent("scripts/make-fleet.py").path
        let result = try run("/usr/bin/python3", [script, folder.path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return folder
    }

    @Test("a clean fleet of 60 real servers and 3 services (dual-stack) gives no finding and no check left undone")
    func clean() throws {
        let folder = try generate(["--real-servers", "60", "--services", "3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Checker.run(.description(folder.appendingPathComponent("cluster.yaml").path)).get()
        #expect(result.findings.isEmpty, "\(result.findings.prefix(5).map { "\($0.rule) \($0.host ?? "-"): \($0.message)" })")
        #expect(result.notChecked.isEmpty, "\(result.notChecked.prefix(5))")
        #expect(result.observations.count == 62)
    }

    @Test("planted faults are reported exactly: the rule and host of each, no more")
    func faults() throws {
        let folder = try generate(["--real-servers", "60", "--services", "3", "--faults"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Checker.run(.description(folder.appendingPathComponent("cluster.yaml").path)).get()
        let expected = try String(contentsOf: folder.appendingPathComponent("expected-faults.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map(String.init).sorted()
        let got = result.findings.map { "\($0.rule)\t\($0.host ?? "-")" }.sorted()
        #expect(!expected.isEmpty)
        #expect(got == expected)
    }

    /// Rules and hosts run on every core; their results are merged in the order a run on one
    /// core gives, so that CI diffs, baselines and fingerprints never depend on the machine.
    @Test(
        "reports are byte-identical whether hosts and rules run on every core or one after another (--jobs 1)",
        arguments: ["text", "json", "sarif"])
    func parallelMatchesSerial(format: String) throws {
        let folder = try generate(["--real-servers", "300", "--services", "4", "--faults"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster.yaml").path
        let serial = try runLVSLint(["check", "--jobs", "1", "--format", format, "--max-per-rule", "0", description])
        let parallel = try runLVSLint(["check", "--format", format, "--max-per-rule", "0", description])
        let pair = try runLVSLint(["check", "--jobs", "2", "--format", format, "--max-per-rule", "0", description])
        #expect(serial.status == 1, "\(serial.stderr)")
        #expect(serial.stdout.utf8.count > 10_000, "the planted faults give a long report")
        #expect(parallel.status == serial.status)
        #expect(parallel.stdout == serial.stdout)
        #expect(pair.stdout == serial.stdout)
    }

    @Test("--jobs 0 is refused with the reason")
    func jobsZero() throws {
        let result = try runLVSLint(["check", "--jobs", "0", "Fixtures/seed-centos7-dr/cluster.yaml"])
        #expect(result.status == 64 || result.status == 2, "\(result.status)")
        #expect(result.stderr.contains("--jobs 0: give 1 or more"), "\(result.stderr)")
    }
}
