import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// The lab of the ARP tests, with a real socket on the real server and real iptables rules:
/// the kernel says whether a client's connection to the VIP gets through, and FW001 must
/// say the same from the server's own `iptables-save`.
@Suite("Kernel packet filtering (network namespaces)", .serialized,
       .enabled(if: ARPLab.available, "needs root and `ip netns` (run the tests as root to include them)"))
struct KernelFirewallTests {
    static let hasIPTables = FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables-save")

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var rules: [[String]]
        var connects: Bool
        var description: String { name }
    }

    static let established = ["-A", "INPUT", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]

    static let cases: [Case] = [
        Case(name: "no rules", rules: [], connects: true),
        Case(name: "policy DROP, port 80 accepted to the RIP only",
             rules: [["-P", "INPUT", "DROP"], established, ["-A", "INPUT", "-d", "192.0.2.21", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"]], connects: false),
        Case(name: "policy DROP, port 80 accepted to the VIP in a user chain",
             rules: [["-N", "web"], ["-P", "INPUT", "DROP"], established, ["-A", "INPUT", "-j", "web"],
                     ["-A", "web", "-d", "192.0.2.100", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"]], connects: true),
        Case(name: "port 80 rejected", rules: [["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "REJECT", "--reject-with", "tcp-reset"]], connects: false),
        Case(name: "established accepted first, then port 80 dropped",
             rules: [established, ["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "DROP"]], connects: false),
        Case(name: "a LOG rule, then an ACCEPT for ports 80 and 443 under policy DROP",
             rules: [["-P", "INPUT", "DROP"], ["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "LOG"],
                     ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "80,443", "-j", "ACCEPT"]], connects: true),
    ]

    @Test("lvslint's FW001 verdict matches whether the kernel lets a connection to the VIP through", arguments: cases)
    func firewallVerdict(_ c: Case) throws {
        try #require(Self.hasIPTables, "iptables is not installed: apt-get install -y iptables")
        let lab = try ARPLab(tag: "fw\(Self.cases.firstIndex { $0.name == c.name } ?? 0)")
        defer { lab.destroy() }
        // A listener in the background, its output detached and the pipes it inherits closed, so
        // that exec returns at once;
        // killed with every process of the namespace before the lab is taken down.
        _ = try lab.exec(lab.server, ["sh", "-c", "python3 -c 'import os,socket,time\nos.closerange(3,65536)\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind((\"0.0.0.0\",80))\ns.listen()\ntime.sleep(10)' </dev/null >/dev/null 2>&1 &"])
        defer { _ = try? run("/bin/sh", ["-c", "ip netns pids \(lab.server) | xargs -r kill"]) }
        for rule in c.rules { _ = try lab.exec(lab.server, ["iptables"] + rule) }
        // The socket must be there before the client knocks.
        var listening = false
        for _ in 0..<40 where !listening {
            listening = (try? lab.exec(lab.server, ["ss", "-ltn", "sport = :80"]))?.contains("LISTEN") == true
            if !listening { Thread.sleep(forTimeInterval: 0.05) }
        }
        try #require(listening, "the test's listener did not start")

        let connected = (try? lab.exec(lab.client, ["python3", "-c", "import socket\nsocket.create_connection((\"192.0.2.100\", 80), timeout=2).close()"])) != nil
        #expect(connected == c.connects, "kernel: does a connection to VIP 192.0.2.100:80 get through?")

        let saved = CaptureFile(path: "iptables-save.txt", bytes: Array(try lab.exec(lab.server, ["iptables-save"]).utf8))
        let findings = try lab.findings(extra: [saved])
        let reported = findings.contains { $0.rule == "FW001" }
        #expect(reported == !c.connects, "lvslint FW001 disagrees with the kernel: \(findings.filter { $0.rule == "FW001" }.map(\.message))")
    }
}
