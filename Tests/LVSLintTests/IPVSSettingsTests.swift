import Foundation
@testable import LVSCapture
import LVSDescription
import LVSModel
import Testing

/// The IPVS module's settings as ipvsadm, uname and /sys print them: each read by content,
/// alone or in a collect bundle, and nothing else taken for them.
@Suite("IPVS settings captures")
struct IPVSSettingsTests {
    @Test("ipvsadm -L --timeout")
    func timeouts() throws {
        let parsed = try parseRecognised("Timeout (tcp tcpfin udp): 900 120 300\n")
        #expect(parsed.kind == .ipvsTimeout)
        let timeouts = try #require(parsed.ipvsTimeouts)
        #expect((timeouts.tcp, timeouts.tcpFin, timeouts.udp) == (900, 120, 300))
    }

    @Test("ipvsadm -L --daemon: ipvsadm 1.26's two fields and 1.29's extra ones, in one listing")
    func daemons() throws {
        let parsed = try parseRecognised(
            "master sync daemon (mcast=eth1, syncid=51)\nbackup sync daemon (mcast=bond0.20, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
        )
        #expect(parsed.kind == .ipvsDaemon)
        #expect(parsed.syncDaemons.map(\.role) == [.master, .backup])
        #expect(parsed.syncDaemons.map(\.interface) == ["eth1", "bond0.20"])
        #expect(parsed.syncDaemons.map(\.syncID) == [51, 7])
        #expect(parsed.unparsed.isEmpty)
    }

    @Test("module parameters from grep, as collect prints them (also under a test root)")
    func moduleParameters() throws {
        let parsed = try parseRecognised("/sys/module/ip_vs/parameters/conn_tab_bits:12\n/tmp/root/sys/module/ip_vs/parameters/other:Y\n")
        #expect(parsed.kind == .moduleParameters)
        #expect(parsed.moduleParameters.map(\.key) == ["ip_vs.conn_tab_bits", "ip_vs.other"])
        #expect(parsed.moduleParameters.first?.value == "12")
    }

    @Test(
        "the kernel's release in each spelling",
        arguments: [
            ("5.10.0-28-amd64\n", "5.10.0-28-amd64"),
            ("3.10.0-1160.el7.x86_64\n", "3.10.0-1160.el7.x86_64"),
            ("Linux lvs1 4.19.0-27-amd64 #1 SMP Debian 4.19.316-1 (2024-06-25) x86_64 GNU/Linux\n", "4.19.0-27-amd64"),
            ("Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP\n", "6.1.0-18-amd64"),
            ("Linux 5.4.0-150-generic\n", "5.4.0-150-generic"),
        ])
    func kernel(_ text: String, _ release: String) throws {
        let parsed = try parseRecognised(text)
        #expect(parsed.kind == .uname)
        #expect(parsed.kernel?.text == release)
    }

    @Test("an address, a number or a version string alone is not a kernel release", arguments: ["192.0.2.1\n", "12\n", "1.2.1\n", "10.0\n"])
    func notKernel(_ text: String) {
        #expect(CaptureRecognizer.kind(of: capture(text)) != .uname)
    }

    @Test("5.8 is before 5.9, 5.10 and 6.1 are not")
    func ordering() throws {
        let line = CaptureLine(file: capture("x"), number: 1, start: 0, end: 1)
        #expect(try #require(KernelRelease("5.8.18-100.fc31.x86_64", evidence: line)).isBefore(5, 9))
        #expect(try #require(KernelRelease("5.10.0-28-amd64", evidence: line)).isBefore(5, 9) == false)
        #expect(try #require(KernelRelease("6.1.0", evidence: line)).isBefore(5, 9) == false)
    }

    @Test("a bundle: its header's kernel, an empty --daemon section (no daemon), a cat of one parameter")
    func bundle() {
        let text = """
            # lvslint bundle 1: host lvs1, kernel 4.19.0-6-amd64, time 2026-01-01T00:00:00Z, collector lvslint 0.1.0
            ==== ipvsadm -L --daemon (exit 0) ====
            ==== ipvsadm -L --timeout (exit 0) ====
            Timeout (tcp tcpfin udp): 7200 120 300
            ==== cat /sys/module/ip_vs/parameters/conn_tab_bits (exit 0) ====
            20

            """
        var parsed: [ParsedCapture] = []
        var observation = HostObservation(host: "lvs1")
        CaptureLoader.read(capture(text, path: "lvs1.txt"), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        #expect(observation.kernel?.text == "4.19.0-6-amd64")
        #expect(observation.kernel?.evidence.number == 1)
        #expect(observation.has(.syncDaemons) && observation.syncDaemons.isEmpty)
        #expect(observation.ipvsTimeouts?.tcp == 7200)
        #expect(observation.moduleParameters["ip_vs.conn_tab_bits"]?.value == "20")
        #expect(observation.unrecognisedFiles.isEmpty && observation.unreadRegions.isEmpty)
    }
}

/// What sets IPVS's timeouts at boot, and keepalived's connection sync, as their files say it.
@Suite("IPVS settings at boot")
struct IPVSBootSettingsTests {
    func boot(_ path: String, _ text: String) -> BootTimeouts? {
        IPVSConfiguration.persistent(from: [ConfigurationFile(path: path, capture: capture(text, path: "x" + path), readable: true)]).timeouts
    }

    @Test("keepalived's lvs_timeouts, any of the three, in any order")
    func keepalived() throws {
        let set = try #require(boot("/etc/keepalived/keepalived.conf", "global_defs {\n    lvs_timeouts udp 60 tcp 7200\n}\n"))
        #expect(set.tcp == 7200 && set.udp == 60 && set.tcpFin == nil)
        #expect(set.line.number == 2)
    }

    @Test("ipvsadm --set in rc.local: a full path, sudo, a comment after it; 0 leaves one as it is; a commented line sets nothing")
    func rcLocal() throws {
        let set = try #require(boot("/etc/rc.d/rc.local", "#!/bin/sh\n# ipvsadm --set 1 1 1\n/sbin/ipvsadm --set 7200 0 60   # long idle\n"))
        #expect(set.tcp == 7200 && set.tcpFin == nil && set.udp == 60)
        #expect(set.line.number == 3)
        #expect(boot("/etc/rc.local", "# ipvsadm --set 7200 120 60\n") == nil)
        #expect(boot("/etc/rc.local", "ipvsadm --set 7200\n") == nil)
    }

    @Test(
        "lvs_sync_daemon: inst and id, the old positional form, and options between",
        arguments: [
            ("lvs_sync_daemon eth1 inst VI_1 id 7", "VI_1", 7),
            ("lvs_sync_daemon eth1 VI_1 7", "VI_1", 7),
            ("lvs_sync_daemon eth1 maxlen 1400 inst VI_2", "VI_2", nil),
            ("lvs_sync_daemon eth1", nil, nil),
        ] as [(String, String?, Int?)])
    func syncDaemon(_ line: String, _ instance: String?, _ id: Int?) {
        let config = KeepalivedReader.read(text: "global_defs {\n    \(line)\n}\n", displayPath: "keepalived.conf")
        #expect(config.syncDaemon?.value == "eth1")
        #expect(config.syncDaemonInstance == instance)
        #expect(config.syncDaemonID == id)
    }
}

/// VRRP005: descriptions checked in one run are told of each other's VRRP router ids.
@Suite("VRRP router ids across clusters")
struct VRRPRouterIDTests {
    static func instance(vrid: Int, vip: String, unicast: Bool = false) -> String {
        """
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id \(vrid)
            priority 150
            virtual_ipaddress {
                \(vip)
            }\(unicast ? "\n    unicast_peer {\n        192.0.2.12\n    }" : "")
        }

        """
    }

    func check(_ configurations: [String]) throws -> (status: Int32, findings: [[String: Any]]) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-vrrp005-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var folders: [String] = []
        for (index, text) in configurations.enumerated() {
            let folder = base.appendingPathComponent("cluster\(index + 1)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: folder.appendingPathComponent("keepalived.conf"), atomically: true, encoding: .utf8)
            folders.append(folder.path)
        }
        let result = try runLVSLint(["check", "--format", "json", "--select", "VRRP005"] + folders)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (result.status, (report["findings"] as? [[String: Any]]) ?? [])
    }

    @Test("two clusters, one router id, VIPs in one /24: each is told, at its virtual_router_id line")
    func shared() throws {
        let found = try check([Self.instance(vrid: 51, vip: "192.0.2.100/24"), Self.instance(vrid: 51, vip: "192.0.2.200/24")])
        #expect(found.findings.map { $0["rule"] as? String } == ["VRRP005", "VRRP005"])
        #expect(found.findings.map { $0["cluster"] as? String } == ["cluster1", "cluster2"])
        for finding in found.findings {
            #expect((finding["location"] as? [String: Any])?["line"] as? Int == 4)
            #expect((finding["message"] as? String)?.contains("virtual_router_id 51") == true)
        }
    }

    @Test(
        "different ids, other networks, unicast adverts or a single cluster are not reported",
        arguments: [
            [instance(vrid: 51, vip: "192.0.2.100/24"), instance(vrid: 52, vip: "192.0.2.200/24")],
            [instance(vrid: 51, vip: "192.0.2.100/24"), instance(vrid: 51, vip: "198.51.100.100/24")],
            [instance(vrid: 51, vip: "192.0.2.100/24", unicast: true), instance(vrid: 51, vip: "192.0.2.200/24", unicast: true)],
            [instance(vrid: 51, vip: "192.0.2.100/24")],
        ])
    func apart(_ configurations: [String]) throws {
        #expect(try check(configurations).findings.isEmpty)
    }
}
