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
}
