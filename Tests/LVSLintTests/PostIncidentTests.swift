import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// Captures of a broken or busy cluster, taken in a hurry: what can be read is read.
@Suite("Post-incident captures")
struct PostIncidentTests {
    /// dr-healthy's director as one bundle, with a connection listing of `entries` lines.
    static func busyBundle(entries: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-busy-\(UUID().uuidString)")
        let captures = folder.appendingPathComponent("captures")
        try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        let healthy = Repository.fixtures.appendingPathComponent("dr-healthy")
        try FileManager.default.copyItem(at: healthy.appendingPathComponent("cluster.yaml"), to: folder.appendingPathComponent("cluster.yaml"))
        for host in ["rs1", "rs2"] {
            try FileManager.default.copyItem(at: healthy.appendingPathComponent("captures/\(host)"), to: captures.appendingPathComponent(host))
        }
        var bundle = ""
        for (name, command) in [("ip-addr.txt", "ip -d addr"), ("ip-route.txt", "ip route show table all"), ("sysctl.txt", "sysctl -a"), ("ipvsadm.txt", "ipvsadm -Ln")] {
            bundle += "==== \(command) (exit 0) ====\n" + (try String(contentsOf: healthy.appendingPathComponent("captures/lvs1/\(name)"), encoding: .utf8))
        }
        bundle += "==== ipvsadm -Lnc (exit 0) ====\nIPVS connection entries\npro expire state       source             virtual            destination\n"
        for i in 0..<entries {
            bundle += "TCP 14:\(10 + i % 50)  ESTABLISHED 198.51.100.\(1 + i % 250):\(1024 + i % 60000) 192.0.2.100:80     192.0.2.\(21 + i % 2):80\n"
        }
        try bundle.write(to: captures.appendingPathComponent("lvs1.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("an oversized section costs its tail alone: the director's addresses, sysctls and table in the same bundle are read")
    func oversizedSection() throws {
        let folder = try Self.busyBundle(entries: 40_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 40,000 entries are about 3 MB: read with a 1 MB limit, as a 90 MB bundle is with 64 MB.
        var options = ParseOptions.forRules
        options.maximumSectionBytes = 1024 * 1024
        let loaded = CaptureLoader.load(directory: folder.appendingPathComponent("captures").path, hosts: ["lvs1"], options: options)
        let director = try #require(loaded.observations["lvs1"])
        #expect(director.addresses.contains { $0.prefix.address == IPAddress("192.0.2.100") })
        #expect(director.ipvs?.services.count == 1)
        #expect(director.sysctls["net.ipv4.ip_forward"] != nil)
        #expect(director.connections.count > 10_000 && director.connections.count < 40_000)
        let region = try #require(director.unreadRegions.first { $0.reason != nil })
        #expect(region.facet == .ipvsActivity)
        #expect(region.reason?.contains("of this section past its first 1 MB") == true)
        #expect(region.lineCount + director.connections.count == 40_000)
    }

    @Test("a director bundle with its connection listing is read, and the healthy cluster stays green")
    func busyDirectorGreen() throws {
        let folder = try Self.busyBundle(entries: 2_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Checker.check(descriptionPath: folder.appendingPathComponent("cluster.yaml").path).get()
        #expect(result.findings.filter { $0.severity != .note }.isEmpty, "\(result.findings.map { "\($0.rule): \($0.message)" })")
        #expect(result.observations["lvs1"]?.connections.count == 2_000)
    }

    @Test("CentOS 7's sysctl -a exits 255 over unreadable keys: its output is read and DR003 found, the status a note")
    func sysctlExit255() throws {
        let result = try Repository.check("post-centos7-sysctl-exit-255")
        #expect(result.findings.contains { $0.rule == "DR003" && $0.host == "rs1" })
        let note = try #require(result.findings.first { $0.rule == "CAP002" && $0.host == "rs1" })
        #expect(note.message.contains("`sysctl -a` (exit 255; its output was read"))
        #expect(note.evidence.first?.text.hasPrefix("sysctl: reading key \"net.ipv6.conf.all.stable_secret\"") == true)
    }
}
