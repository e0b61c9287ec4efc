import Foundation
import LVSCapture
import LVSModel
import Testing

/// `lvslint collect --local --root DIR` on a fake root, with stub commands first in PATH: a
/// collect run on a production host must leak no secret, follow no link out, load no module,
/// and end in bounded time with a bundle `check` reads, whatever the host holds.
@Suite("lvslint collect on a fake root", .serialized, .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct CollectRootTests {
    /// One secret of each kind, in each syntax the masking must cover.
    static let secrets: [(path: String, text: String)] = [
        ("etc/systemd/network/wg0.netdev", "[WireGuard]\nPrivateKey = SECRET01wgprivate=\n[WireGuardPeer]\nPresharedKey=SECRET02wgpsk=\n"),
        (
            "etc/NetworkManager/system-connections/wifi.nmconnection",
            "[wifi-security]\npsk=SECRET03 phrase with spaces\nwep-key0=SECRET04\n[gsm]\npin=SECRET05\n[macsec]\nmka-cak=SECRET06\nmka-ckn=SECRET07\n[802-1x]\nprivate-key-password=SECRET08\n[wireguard]\nprivate-key=SECRET09\n"
        ),
        (
            "etc/sysconfig/network-scripts/ifcfg-wlan0",
            "DEVICE=wlan0\nWPA_PSK=\"SECRET10 quoted\"\nIPSEC_PASSWORD='SECRET11'\nKEY1=SECRET12\nIPADDR=192.0.2.21\n"
        ),
        ("etc/network/interfaces", "iface wlan0 inet dhcp\n    wpa-psk SECRET13\n    wpa-passphrase SECRET14\n"),
        (
            "etc/netplan/01-wifi.yaml",
            "network:\n  wifis:\n    wlan0:\n      access-points:\n        home:\n          password: \"SECRET15\"\n        work: {auth: {key-management: psk, password: SECRET16}}\n"
        ),
        (
            "etc/keepalived/keepalived.conf",
            "vrrp_instance VI_1 {\n    authentication { auth_type PASS auth_pass SECRET17 }\n#   auth_pass SECRET18\n    AUTH_PASS SECRET19\n}\nvirtual_server 192.0.2.100 3306 {\n  real_server 192.0.2.21 3306 {\n    MISC_CHECK {\n      misc_path \"/etc/keepalived/check.sh -uroot -pSECRET20 --password=SECRET21\"\n    }\n    HTTP_GET {\n      url { path http://admin:SECRET22@192.0.2.21/status }\n    }\n  }\n}\n"
        ),
    ]

    static let stubbed = ["ip", "sysctl", "ipvsadm", "nft", "iptables-save", "arptables", "ss", "netstat", "systemctl", "modprobe", "hostname"]

    /// A fake root with the secrets, a link out of it, and, when `loaded`, the /proc and /sys
    /// entries of loaded ip_vs, nf_tables and inet_diag modules; and a PATH of stubs.
    func layout(loaded: Bool) throws -> (base: URL, root: URL, stubs: URL, log: URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-collect-root-\(UUID().uuidString)")
        let root = base.appendingPathComponent("root"), stubs = base.appendingPathComponent("stubs"), log = base.appendingPathComponent("ran.log")
        for (path, text) in Self.secrets {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc/sysctl.d"), withIntermediateDirectories: true)
        try "net.ipv4.conf.all.arp_ignore = 1\n".write(to: root.appendingPathComponent("etc/sysctl.d/90-lvs.conf"), atomically: true, encoding: .utf8)
        try "OUTSIDE-SECRET\n".write(to: base.appendingPathComponent("outside.conf"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("etc/sysctl.d/95-out.conf").path,
            withDestinationPath: base.appendingPathComponent("outside.conf").path)
        if loaded {
            for folder in ["proc/net", "sys/module/nf_tables", "sys/module/inet_diag"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try "IP Virtual Server version 1.2.1 (size=4096)\n".write(
                to: root.appendingPathComponent("proc/net/ip_vs"), atomically: true, encoding: .utf8)
            let parameters = root.appendingPathComponent("sys/module/ip_vs/parameters")
            try FileManager.default.createDirectory(at: parameters, withIntermediateDirectories: true)
            try "12\n".write(to: parameters.appendingPathComponent("conn_tab_bits"), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        for program in Self.stubbed {
            var body = "printf '%s %s\\n' \"${0##*/}\" \"$*\" >> '\(log.path)'\n"
            switch program {
            case "nft": body += "sleep 1000\n"  // a command that hangs
            case "ipvsadm":
                body += """
                    case "$*" in
                      "-L --timeout") printf 'Timeout (tcp tcpfin udp): 900 120 300\\n' ;;
                      "-L --daemon") ;;
                      -Lnc) awk 'BEGIN { print "IPVS connection entries"; print "pro expire state       source             virtual            destination"; for (i = 0; i < 2000000; i++) print "TCP 14:46  ESTABLISHED 203.0.113.7:40000  192.0.2.100:80     192.0.2.21:80" }' ;;
                      *) printf 'IP Virtual Server version 1.2.1 (size=4096)\\nProt LocalAddress:Port Scheduler Flags\\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\\nTCP  192.0.2.100:80 rr\\n  -> 192.0.2.21:80                Route   1      0          0\\n' ;;
                    esac

                    """
            case "sysctl": body += "printf 'net.ipv4.conf.all.arp_ignore = 0\\nnet.ipv4.ip_forward = 1\\n'\n"
            case "hostname": body += "echo lvs1\n"
            case "ip":
                body += """
                    case "$*" in
                      "-d addr") printf '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n    link/ether 52:54:00:00:00:11 brd ff:ff:ff:ff:ff:ff\n    inet 192.0.2.11/24 brd 192.0.2.255 scope global eth0\n    inet 192.0.2.100/32 scope global eth0\n' ;;
                      "route show table all") printf 'default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.11\n' ;;
                    esac

                    """
            default: break
            }
            let url = stubs.appendingPathComponent(program)
            try ("#!/bin/sh\n" + body).write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return (base, root, stubs, log)
    }

    func collect(_ layout: (base: URL, root: URL, stubs: URL, log: URL)) throws -> (status: Int32, stdout: String, stderr: String) {
        let lvslint = try #require(Repository.executable).path
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = layout.stubs.path + ":/usr/bin:/bin"
        // The outer bound: a hang here is status 124. Each command gets 8 s: printing 2,000,000 lines
        // must finish within it on a loaded machine (the sanitizers, a parallel test run).
        return try run(
            "/usr/bin/timeout", ["120", lvslint, "collect", "--local", "--root", layout.root.path, "--timeout", "8"], environment: environment)
    }

    @Test("nothing loaded: no command that would load a module runs; no secret and nothing outside the root is copied")
    func nothingLoaded() throws {
        let layout = try layout(loaded: false)
        defer { try? FileManager.default.removeItem(at: layout.base) }
        let result = try collect(layout)
        #expect(result.status == 0, "\(result.stderr)")
        let ran = (try? String(contentsOf: layout.log, encoding: .utf8)) ?? ""
        for program in ["ipvsadm", "nft", "iptables-save", "arptables", "ss", "modprobe"] {
            #expect(!ran.split(separator: "\n").contains { $0.hasPrefix(program + " ") }, "\(program) ran: \(ran)")
        }
        #expect(result.stdout.contains("==== ipvsadm -Ln --exact (exit 126; not run: the ip_vs module is not loaded"))
        #expect(result.stdout.contains("==== nft list ruleset (exit 126; not run: nf_tables is not loaded) ===="))
        for index in 1...22 {
            let secret = String(format: "SECRET%02d", index)
            #expect(!result.stdout.contains(secret), "\(secret) leaked:\n\(result.stdout.split(separator: "\n").filter { $0.contains(secret) })")
        }
        #expect(!result.stdout.contains("OUTSIDE-SECRET"))
        #expect(result.stdout.contains("==== file /etc/sysctl.d/95-out.conf (exit 1; a symbolic link out of the copied folders: not copied) ===="))
        // The rest of each file is kept: masking removes values, not lines.
        #expect(result.stdout.contains("==== file /etc/sysctl.d/90-lvs.conf (exit 0) ====\nnet.ipv4.conf.all.arp_ignore = 1"))
        #expect(result.stdout.contains("IPADDR=192.0.2.21"))
        #expect(result.stdout.contains("auth_type PASS auth_pass MASKED }"))
    }

    @Test("modules loaded: a hanging command times out, a 2,000,000-line connection table is cut and counted, and check reads the bundle")
    func loaded() throws {
        let layout = try layout(loaded: true)
        defer { try? FileManager.default.removeItem(at: layout.base) }
        let result = try collect(layout)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("==== nft list ruleset (exit 124; timed out after 8 s) ===="),
            "\(result.stdout.split(separator: "\n").filter { $0.hasPrefix("====") })")
        #expect(result.stdout.contains("==== ipvsadm -Lnc (exit 0; first 10000 of 2000002 lines) ===="))
        #expect(result.stdout.utf8.count < 48 * 1024 * 1024)
        for index in 1...22 { #expect(!result.stdout.contains(String(format: "SECRET%02d", index))) }

        // The module's settings, read as their formats: timeouts, no sync daemon, conn_tab_bits, the kernel.
        var parsed: [ParsedCapture] = []
        var observation = HostObservation(host: "lvs1")
        CaptureLoader.read(CaptureFile(path: "lvs1.txt", bytes: Array(result.stdout.utf8)), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        #expect(observation.ipvsTimeouts?.tcp == 900)
        #expect(observation.has(.syncDaemons) && observation.syncDaemons.isEmpty)
        #expect(observation.moduleParameters["ip_vs.conn_tab_bits"]?.value == "12")
        #expect(observation.kernel != nil)

        let folder = layout.base.appendingPathComponent("audit")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures"), withIntermediateDirectories: true)
        try result.stdout.write(to: folder.appendingPathComponent("captures/lvs1.txt"), atomically: true, encoding: .utf8)
        let audit = try run(try #require(Repository.executable).path, ["check", "--format", "json", folder.appendingPathComponent("captures").path])
        #expect(audit.status == 0 || audit.status == 1, "\(audit.stderr.prefix(2000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any], "\(audit.stdout.prefix(2000))")
        let services = ((report["clusters"] as? [[String: Any]])?.first?["services"] as? [Any]) ?? (report["services"] as? [Any]) ?? []
        #expect(!services.isEmpty || audit.stdout.contains("192.0.2.100"), "the director's table was not read: \(audit.stdout.prefix(2000))")
    }
}
