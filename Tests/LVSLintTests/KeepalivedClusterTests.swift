import Foundation
import LVSEngine
import LVSModel
import Testing

/// `lvslint check keepalived.conf`: a cluster described by keepalived alone.
@Suite("A cluster described by keepalived")
struct KeepalivedClusterTests {
    let healthy = Repository.fixtures.appendingPathComponent("ka-healthy")

    @Test("the director is found by the addresses its VRRP instance holds when no name matches; real servers by their addresses")
    func directorByAddress() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-kac-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: healthy.appendingPathComponent("keepalived.conf"), encoding: .utf8)
            .replacingOccurrences(of: "router_id lvs1", with: "router_id LVS_DEVEL")
        let conf = folder.appendingPathComponent("keepalived.conf")
        try text.write(to: conf, atomically: true, encoding: .utf8)
        let result = try Checker.run(.keepalived([conf.path], captures: healthy.appendingPathComponent("captures").path))
            .get()
        #expect(result.keepalived.first?.director == "lvs1")
        #expect(result.cluster.hosts.map(\.name).sorted() == ["lvs1", "rs1", "rs2"])
        let service = try #require(result.cluster.services.first)
        #expect(service.key == .address(protocol: .tcp, vip: try #require(IPAddress("192.0.2.100")), port: 80))
        #expect(service.method == .dr && service.scheduler == "rr" && service.directors == ["lvs1"])
        #expect(service.realServers.map(\.host) == ["rs1", "rs2"])
        #expect(service.location.file == conf.path && service.location.line == 21, "findings point into keepalived.conf")
        #expect(result.findings.isEmpty, "\(result.findings.map(\.message))")
    }

    @Test("the command line: captures beside the file by default; keepalived and YAML files are not mixed")
    func commandLine() throws {
        let lvslint = try #require(Repository.executable).path
        let ok = try run(lvslint, ["check", healthy.appendingPathComponent("keepalived.conf").path])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("0 errors, 0 warnings, 0 notes in 3 hosts and 1 service"))
        let mixed = try run(
            lvslint,
            [
                "check", healthy.appendingPathComponent("keepalived.conf").path,
                Repository.fixtures.appendingPathComponent("dr-healthy/cluster.yaml").path,
            ])
        #expect(mixed.status == 2 && mixed.stderr.contains("separate runs"), "\(mixed.stderr)")
        let udp = Repository.fixtures.appendingPathComponent("ka002-protocol-defaults-udp/keepalived.conf").path
        let trap = try run(lvslint, ["check", "--format", "json", udp])
        #expect(trap.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(trap.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        let ka002 = try #require(findings.first { $0["rule"] as? String == "KA002" })
        #expect((ka002["location"] as? [String: Any])?["line"] as? Int == 21)
    }
}
