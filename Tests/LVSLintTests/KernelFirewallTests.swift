import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// The lab of the ARP tests, with a real socket on the real server and real iptables rules:
/// the kernel says whether a client's connection to the VIP gets through, and FW001 must
/// say the same from the server's own `iptables-save`.
@Suite(
    "Kernel packet filtering (network namespaces)", .serialized,
    .enabled(if: ARPLab.available, "needs root and `ip netns` (run the tests as root to include them)"))
struct KernelFirewallTests {
    static let hasIPTables = FileManager.default.isExecutableFile(atPath: "/usr/sbin/iptables-save")
    static let hasNFT = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft")

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// iptables commands, captured with iptables-save.
        var rules: [[String]] = []
        /// An nftables rule set for `nft -f`, captured with `nft list ruleset`.
        var ruleset: String?
        var connects: Bool
        var description: String { name }
    }

    static let established = ["-A", "INPUT", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]

    static let cases: [Case] = [
        Case(name: "no rules", rules: [], connects: true),
        Case(
            name: "policy DROP, port 80 accepted to the RIP only",
            rules: [["-P", "INPUT", "DROP"], established, ["-A", "INPUT", "-d", "192.0.2.21", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"]],
            connects: false),
        Case(
            name: "policy DROP, port 80 accepted to the VIP in a user chain",
            rules: [
                ["-N", "web"], ["-P", "INPUT", "DROP"], established, ["-A", "INPUT", "-j", "web"],
                ["-A", "web", "-d", "192.0.2.100", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"],
            ], connects: true),
        Case(
            name: "policy DROP, lo accepted (what `iptables -L -n` shows as accepting everything)",
            rules: [["-P", "INPUT", "DROP"], ["-A", "INPUT", "-i", "lo", "-j", "ACCEPT"], established], connects: false),
        Case(
            name: "port 80 rejected", rules: [["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "REJECT", "--reject-with", "tcp-reset"]],
            connects: false),
        Case(
            name: "established accepted first, then port 80 dropped",
            rules: [established, ["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "DROP"]], connects: false),
        Case(
            name: "a LOG rule, then an ACCEPT for ports 80 and 443 under policy DROP",
            rules: [
                ["-P", "INPUT", "DROP"], ["-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "LOG"],
                ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "80,443", "-j", "ACCEPT"],
            ], connects: true),
        Case(
            name: "nft: policy drop, ct state vmap, port 80 accepted to the RIP only",
            ruleset: """
                table inet filter {
                  chain input {
                    type filter hook input priority filter; policy drop;
                    ct state vmap { established : accept, related : accept, invalid : drop }
                    iif "lo" accept
                    ip daddr 192.0.2.21 tcp dport 80 accept
                  }
                }
                """, connects: false),
        Case(
            name: "nft: policy drop, a named set of ports accepted to the VIP",
            ruleset: """
                table inet filter {
                  set web { type inet_service; elements = { 80, 443 }; }
                  chain input {
                    type filter hook input priority filter; policy drop;
                    ct state established,related accept
                    ip daddr { 192.0.2.21, 192.0.2.100 } tcp dport @web counter accept comment "web"
                  }
                }
                """, connects: true),
        Case(
            name: "nft: a goto into a chain that accepts the RIP only ends in the base chain's drop policy",
            ruleset: """
                table ip filter {
                  chain web { ip daddr 192.0.2.21 accept; }
                  chain input {
                    type filter hook input priority 0; policy drop;
                    tcp dport 80 goto web
                    tcp dport 80 accept
                  }
                }
                """, connects: false),
        Case(
            name: "nft: a jump into the same chain returns, and the next rule accepts",
            ruleset: """
                table ip filter {
                  chain web { ip daddr 192.0.2.21 accept; }
                  chain input {
                    type filter hook input priority 0; policy drop;
                    tcp dport 80 jump web
                    tcp dport 80 accept
                  }
                }
                """, connects: true),
        Case(
            name: "nft: accepted by one table, dropped by a later base chain of another",
            ruleset: """
                table inet first {
                  chain input { type filter hook input priority filter; policy accept; tcp dport 80 accept; }
                }
                table ip second {
                  chain input { type filter hook input priority filter + 10; policy accept; tcp dport vmap { 22 : accept, 80 : drop }; }
                }
                """, connects: false),
        // nft lists this rule as `tcp dport 80 reject with icmpv6 port-unreachable`: the family
        // match shows only in the reject's ICMP version.
        Case(
            name: "nft: port 80 rejected for IPv6 only",
            ruleset: """
                table inet filter {
                  chain input { type filter hook input priority filter; policy accept; meta nfproto ipv6 tcp dport 80 reject; }
                }
                """, connects: true),
        Case(
            name: "nft: port 80 rejected for IPv4",
            ruleset: """
                table inet filter {
                  chain input { type filter hook input priority filter; policy accept; meta nfproto ipv4 tcp dport 80 reject; }
                }
                """, connects: false),
    ]

    @Test("lvslint's FW001 verdict matches whether the kernel lets a connection to the VIP through", arguments: cases)
    func firewallVerdict(_ c: Case) throws {
        if c.ruleset != nil {
            try #require(Self.hasNFT, "nft is not installed: apt-get install -y nftables")
        } else {
            try #require(Self.hasIPTables, "iptables is not installed: apt-get install -y iptables")
        }
        let lab = try ARPLab(tag: "fw\(Self.cases.firstIndex { $0.name == c.name } ?? 0)")
        defer { lab.destroy() }
        // A listener in the background, its output detached and the pipes it inherits closed, so
        // that exec returns at once;
        // killed with every process of the namespace before the lab is taken down.
        _ = try lab.exec(
            lab.server,
            [
                "sh", "-c",
                "python3 -c 'import os,socket,time\nos.closerange(3,65536)\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind((\"0.0.0.0\",80))\ns.listen()\ntime.sleep(10)' </dev/null >/dev/null 2>&1 &",
            ])
        defer { _ = try? run("/bin/sh", ["-c", "ip netns pids \(lab.server) | xargs -r kill"]) }
        for rule in c.rules { _ = try lab.exec(lab.server, ["iptables"] + rule) }
        if let ruleset = c.ruleset {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-\(lab.server).nft").path
            try ruleset.write(toFile: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: file) }
            _ = try lab.exec(lab.server, ["nft", "-f", file])
        }
        // The socket must be there before the client knocks.
        var listening = false
        for _ in 0..<40 where !listening {
            listening = (try? lab.exec(lab.server, ["ss", "-ltn", "sport = :80"]))?.contains("LISTEN") == true
            if !listening { Thread.sleep(forTimeInterval: 0.05) }
        }
        try #require(listening, "the test's listener did not start")

        let connected =
            (try? lab.exec(lab.client, ["python3", "-c", "import socket\nsocket.create_connection((\"192.0.2.100\", 80), timeout=2).close()"])) != nil
        #expect(connected == c.connects, "kernel: does a connection to VIP 192.0.2.100:80 get through?")

        let saved =
            c.ruleset == nil
            ? CaptureFile(path: "iptables-save.txt", bytes: Array(try lab.exec(lab.server, ["iptables-save"]).utf8))
            : CaptureFile(path: "nft-ruleset.txt", bytes: Array(try lab.exec(lab.server, ["nft", "list", "ruleset"]).utf8))
        let findings = try lab.findings(extra: [saved])
        let reported = findings.contains { $0.rule == "FW001" }
        #expect(reported == !c.connects, "lvslint FW001 disagrees with the kernel: \(findings.filter { $0.rule == "FW001" }.map(\.message))")
        guard c.ruleset == nil else { return }
        // The same rules as people paste them: `iptables -L -n -v --line-numbers` says the same;
        // plain `iptables -L -n`, which hides interfaces, never reports a drop the kernel does not make.
        let verbose = CaptureFile(
            path: "iptables-L-v.txt", bytes: Array(try lab.exec(lab.server, ["iptables", "-L", "-n", "-v", "--line-numbers"]).utf8))
        let fromListing = try lab.findings(extra: [verbose]).filter { $0.rule == "FW001" }
        #expect(!fromListing.isEmpty == !c.connects, "iptables -L -n -v: FW001 disagrees with the kernel: \(fromListing.map(\.message))")
        let plain = CaptureFile(path: "iptables-L.txt", bytes: Array(try lab.exec(lab.server, ["iptables", "-L", "-n"]).utf8))
        let fromPlain = try lab.findings(extra: [plain]).filter { $0.rule == "FW001" }
        if c.connects { #expect(fromPlain.isEmpty, "iptables -L -n: FW001 reports a drop the kernel does not make: \(fromPlain.map(\.message))") }
    }
}
