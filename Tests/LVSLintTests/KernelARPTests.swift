import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// Two network namespaces joined by a veth pair: a client and a DR real server holding
/// the VIP on lo. They let the tests ask the kernel, not a guess, whether the real server
/// answers ARP, and check that lvslint's verdict on the real server's own captures agrees.
struct ARPLab {
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip")
        else { return false }
        let name = "lvslt-probe-\(getpid())"
        guard (try? run("/usr/sbin/ip", ["netns", "add", name]).status) == 0 else { return false }
        _ = try? run("/usr/sbin/ip", ["netns", "del", name])
        return true
    }()

    let client: String
    let server: String

    init(tag: String) throws {
        let id = "\(getpid())-\(tag)"
        client = "lvslt-c-\(id)"
        server = "lvslt-r-\(id)"
        try Self.ip(["netns", "add", client])
        try Self.ip(["netns", "add", server])
        try Self.ip(["-n", client, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", server])
        for (ns, address) in [(client, "192.0.2.1/24"), (server, "192.0.2.21/24")] {
            try Self.ip(["-n", ns, "addr", "add", address, "dev", "eth0"])
            try Self.ip(["-n", ns, "link", "set", "eth0", "up"])
            try Self.ip(["-n", ns, "link", "set", "lo", "up"])
        }
        try Self.ip(["-n", server, "addr", "add", "192.0.2.100/32", "dev", "lo", "label", "lo:100"])
    }

    func destroy() {
        _ = try? Self.ip(["netns", "del", client])
        _ = try? Self.ip(["netns", "del", server])
    }

    @discardableResult
    static func ip(_ arguments: [String]) throws -> String {
        let result = try run("/usr/sbin/ip", arguments)
        guard result.status == 0 else { throw LabError(message: "ip \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout
    }

    func exec(_ ns: String, _ command: [String]) throws -> String {
        try Self.ip(["netns", "exec", ns] + command)
    }

    func sysctl(_ key: String, _ value: Int) throws {
        _ = try exec(server, ["sysctl", "-qw", "\(key)=\(value)"])
    }

    /// Sends one datagram from the client to `address` and reports whether the real server
    /// answered the ARP request it causes.
    func clientResolves(_ address: String) throws -> Bool {
        _ = try? exec(client, ["bash", "-c", "echo probe > /dev/udp/\(address)/9"])
        for _ in 0..<20 {
            let neigh = try exec(client, ["ip", "neigh", "show", address, "dev", "eth0"])
            if neigh.contains("lladdr") { return true }
            if neigh.contains("FAILED") { return false }
            Thread.sleep(forTimeInterval: 0.15)
        }
        return false
    }

    /// Makes the real server send one datagram to the client with the VIP as its source
    /// address, and reports whether the client now believes the VIP is at the real
    /// server's MAC: the ARP request it received carried the VIP as sender.
    func clientLearnsVIPFromServer() throws -> Bool {
        try Self.ip(["-n", server, "route", "replace", "192.0.2.1/32", "dev", "eth0", "src", "192.0.2.100"])
        _ = try? exec(client, ["ip", "neigh", "flush", "dev", "eth0"])
        _ = try? exec(server, ["ip", "neigh", "flush", "dev", "eth0"])
        _ = try? exec(server, ["bash", "-c", "echo probe > /dev/udp/192.0.2.1/9"])
        for _ in 0..<10 {
            let neigh = try exec(client, ["ip", "neigh", "show", "192.0.2.100", "dev", "eth0"])
            if neigh.contains("lladdr") { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// What lvslint makes of the server namespace's own captures, taken as a real server of
    /// the VIP, or (`asDirector`) as the service's only director.
    func findings(asDirector: Bool = false, arptables: [String]? = nil, extra: [CaptureFile] = []) throws -> [Finding] {
        var files = [
            CaptureFile(path: "ip-addr.txt", bytes: Array(try exec(server, ["ip", "-d", "addr"]).utf8)),
            CaptureFile(path: "sysctl.txt", bytes: Array(try exec(server, ["sysctl", "-a", "--pattern", "^net\\.ipv4\\.conf\\."]).utf8)),
        ]
        if let arptables { files.append(CaptureFile(path: "arptables.txt", bytes: Array(try exec(server, ["arptables"] + arptables).utf8))) }
        files += extra
        var observation = HostObservation(host: "rs1")
        CaptureLoader.assemble(files.compactMap { f in CaptureRecognizer.kind(of: f).map { CaptureRecognizer.parse(f, as: $0) } }, into: &observation)
        let location = SourceLocation(file: "cluster.yaml", line: 1)
        let vip = try #require(IPAddress("192.0.2.100")), rip = try #require(IPAddress("192.0.2.21"))
        let cluster = ClusterDescription(
            name: "lab", file: "cluster.yaml", capturesDirectory: "captures",
            hosts: [HostDescription(name: "rs1", roles: [asDirector ? .director : .realServer], address: rip, location: location)],
            services: [
                ServiceDescription(
                    name: "web", key: .address(protocol: .tcp, vip: vip, port: 80), scheduler: "rr", method: .dr,
                    persistence: nil, directors: asDirector ? ["rs1"] : [],
                    realServers: [
                        RealServerDescription(
                            host: asDirector ? nil : "rs1", address: asDirector ? try #require(IPAddress("192.0.2.31")) : rip,
                            port: nil, weight: 1, method: .dr, location: location)
                    ], location: location)
            ])
        return Checker.rules(on: cluster, observations: ["rs1": observation]).findings
    }
}

struct LabError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite(
    "Kernel ARP behaviour (network namespaces)", .serialized,
    .enabled(if: ARPLab.available, "needs root and `ip netns` (run the tests as root to include them)"))
struct KernelARPTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var sysctls: [(String, Int)]
        var answersForVIP: Bool
        var answersForRIP: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "defaults", sysctls: [], answersForVIP: true, answersForRIP: true),
        Case(name: "all.arp_ignore=1", sysctls: [("net.ipv4.conf.all.arp_ignore", 1)], answersForVIP: false, answersForRIP: true),
        Case(name: "lo.arp_ignore=1 only", sysctls: [("net.ipv4.conf.lo.arp_ignore", 1)], answersForVIP: true, answersForRIP: true),
        Case(name: "eth0.arp_ignore=1 only", sysctls: [("net.ipv4.conf.eth0.arp_ignore", 1)], answersForVIP: false, answersForRIP: true),
        Case(name: "all.arp_ignore=8", sysctls: [("net.ipv4.conf.all.arp_ignore", 8)], answersForVIP: false, answersForRIP: false),
        Case(name: "all.arp_ignore=2", sysctls: [("net.ipv4.conf.all.arp_ignore", 2)], answersForVIP: false, answersForRIP: true),
        Case(name: "all.arp_ignore=3 (VIP scope global)", sysctls: [("net.ipv4.conf.all.arp_ignore", 3)], answersForVIP: true, answersForRIP: true),
        Case(name: "all.arp_ignore=5 (reserved)", sysctls: [("net.ipv4.conf.all.arp_ignore", 5)], answersForVIP: true, answersForRIP: true),
    ]

    @Test("lvslint's ARP verdict matches whether the kernel answers", arguments: cases)
    func arpVerdict(_ c: Case) throws {
        let lab = try ARPLab(tag: String(c.name.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.prefix(12)))
        defer { lab.destroy() }
        for (key, value) in c.sysctls { try lab.sysctl(key, value) }

        #expect(try lab.clientResolves("192.0.2.100") == c.answersForVIP, "kernel: does the real server answer ARP for the VIP?")
        #expect(try lab.clientResolves("192.0.2.21") == c.answersForRIP, "kernel: does the real server answer ARP for its RIP?")

        let rules = Set(try lab.findings().map(\.rule))
        #expect(rules.contains("DR003") == c.answersForVIP, "lvslint DR003 disagrees with the kernel: \(rules)")
        #expect(rules.contains("DR009") == !c.answersForRIP, "lvslint DR009 disagrees with the kernel: \(rules)")
    }

    static let announceCases: [(String, Int?, Bool)] = [
        ("default arp_announce=0", nil, true),
        ("arp_announce=1, VIP inside the client's subnet", 1, true),
        ("arp_announce=2", 2, false),
    ]

    @Test("lvslint's arp_announce verdict matches whether the kernel leaks the VIP in ARP requests", arguments: announceCases)
    func announceVerdict(_ name: String, _ value: Int?, _ leaks: Bool) throws {
        let lab = try ARPLab(tag: "ann\(value.map(String.init) ?? "d")")
        defer { lab.destroy() }
        try lab.sysctl("net.ipv4.conf.all.arp_ignore", 1)
        if let value { try lab.sysctl("net.ipv4.conf.all.arp_announce", value) }
        #expect(try lab.clientLearnsVIPFromServer() == leaks, "kernel: did the client learn the VIP from the real server's ARP request?")
        if !leaks {
            // The request was sent, with the RIP as sender instead.
            let neigh = try lab.exec(lab.client, ["ip", "neigh", "show", "192.0.2.21", "dev", "eth0"])
            #expect(neigh.contains("lladdr"), "kernel: the client should have learned the RIP from the ARP request: \(neigh)")
        }
        let rules = Set(try lab.findings().map(\.rule))
        #expect(rules.contains("DR004") == leaks, "lvslint DR004 disagrees with the kernel: \(rules)")
    }

    /// How a director holds its VIP, and whether a client on the segment can then resolve it.
    static let directorCases: [(String, [[String]], Bool)] = [
        (
            "VIP on eth0", [["addr", "del", "192.0.2.100/32", "dev", "lo"], ["addr", "add", "192.0.2.100/32", "dev", "eth0", "label", "eth0:vip"]],
            true
        ),
        ("VIP on lo, arp_ignore=0", [], true),
        ("VIP on lo, arp_ignore=1", [["sysctl", "net.ipv4.conf.all.arp_ignore=1"]], false),
        (
            "VIP on eth0 with ARP off",
            [
                ["addr", "del", "192.0.2.100/32", "dev", "lo"], ["addr", "add", "192.0.2.100/32", "dev", "eth0"],
                ["link", "set", "eth0", "arp", "off"],
            ], false
        ),
    ]

    @Test("lvslint's NET007 verdict matches whether a client can resolve the director's VIP", arguments: directorCases)
    func directorAnswers(_ name: String, _ commands: [[String]], _ resolves: Bool) throws {
        let lab = try ARPLab(tag: "d\(name.filter(\.isLetter).prefix(8))")
        defer { lab.destroy() }
        for command in commands {
            if command.first == "sysctl" {
                _ = try lab.exec(lab.server, ["sysctl", "-qw", command[1]])
            } else {
                try ARPLab.ip(["-n", lab.server] + command)
            }
        }
        #expect(try lab.clientResolves("192.0.2.100") == resolves, "kernel: does the client resolve the VIP?")
        let rules = Set(try lab.findings(asDirector: true).map(\.rule))
        #expect(rules.contains("NET007") == !resolves, "lvslint NET007 disagrees with the kernel: \(rules)")
    }

    @Test("a VIP with a /24 on lo makes the whole /24 local, as DR002 says")
    func vipPrefixOnLoopback() throws {
        let lab = try ARPLab(tag: "pfx")
        defer { lab.destroy() }
        try ARPLab.ip(["-n", lab.server, "addr", "del", "192.0.2.100/32", "dev", "lo"])
        try ARPLab.ip(["-n", lab.server, "addr", "add", "192.0.2.100/24", "dev", "lo", "label", "lo:100"])
        let route = try lab.exec(lab.server, ["ip", "route", "get", "192.0.2.1"])
        #expect(route.hasPrefix("local 192.0.2.1 dev lo"), "kernel: the neighbour should now be local: \(route)")
        let findings = try lab.findings()
        #expect(findings.contains { $0.rule == "DR002" && $0.message.contains("192.0.2.100/24") })
    }

    static let hasARPTables = FileManager.default.isExecutableFile(atPath: "/usr/sbin/arptables")

    struct FilterCase: Sendable, CustomStringConvertible {
        var name: String
        var rules: [String]
        var listing: [String]
        var answersForVIP: Bool
        var leaksVIP: Bool
        var description: String { name }
    }

    /// The Red Hat guides' way: arp_ignore and arp_announce left at 0, arptables instead.
    static let filterCases: [FilterCase] = [
        FilterCase(
            name: "drop requests for the VIP, rewrite it as sender",
            rules: ["-A INPUT -d 192.0.2.100 -j DROP", "-A OUTPUT -s 192.0.2.100 -j mangle --mangle-ip-s 192.0.2.21"],
            listing: ["-L", "-n"], answersForVIP: false, leaksVIP: false),
        FilterCase(
            name: "drop only (counters and line numbers listed)", rules: ["-A INPUT -d 192.0.2.100 -j DROP"],
            listing: ["-L", "-n", "-v", "--line-numbers"], answersForVIP: false, leaksVIP: true),
        FilterCase(
            name: "an ACCEPT for the subnet before the drop",
            rules: ["-A INPUT -d 192.0.2.0/24 -j ACCEPT", "-A INPUT -d 192.0.2.100 -j DROP"],
            listing: ["-L", "-n"], answersForVIP: true, leaksVIP: true),
        FilterCase(
            name: "the drop in a user chain", rules: ["-N lvs", "-A lvs -d 192.0.2.100 -j DROP", "-A INPUT -j lvs"],
            listing: ["-L", "-n"], answersForVIP: false, leaksVIP: true),
    ]

    @Test("lvslint's reading of arptables matches what the kernel does with ARP", arguments: filterCases)
    func arptablesVerdict(_ c: FilterCase) throws {
        try #require(Self.hasARPTables, "arptables is not installed: scripts/ensure-test-deps installs it (Debian package arptables)")
        let lab = try ARPLab(tag: "arpt\(Self.filterCases.firstIndex { $0.name == c.name } ?? 0)")
        defer { lab.destroy() }
        for rule in c.rules { _ = try lab.exec(lab.server, ["arptables"] + rule.split(separator: " ").map(String.init)) }

        #expect(try lab.clientResolves("192.0.2.100") == c.answersForVIP, "kernel: does the real server answer ARP for the VIP?")
        #expect(try lab.clientResolves("192.0.2.21"), "kernel: the real server still answers for its RIP")
        #expect(try lab.clientLearnsVIPFromServer() == c.leaksVIP, "kernel: does the VIP leave as the sender of an ARP request?")

        let rules = Set(try lab.findings(arptables: c.listing).map(\.rule))
        #expect(rules.contains("DR003") == c.answersForVIP, "lvslint DR003 disagrees with the kernel: \(rules)")
        #expect(rules.contains("DR004") == c.leaksVIP, "lvslint DR004 disagrees with the kernel: \(rules)")
    }

    /// A VLAN is named with a dot (`eth0.100`); a sysctl file must write it as a path
    /// (`net/ipv4/conf/eth0.100/…`) or with `/` for the dot (`net.ipv4.conf.eth0/100.…`).
    /// The all-dots spelling names a directory that does not exist and is never applied.
    @Test("lvslint reads a sysctl file's keys for a dotted interface name as the real sysctl -p applies them")
    func dottedInterfaceKeys() throws {
        let lab = try ARPLab(tag: "dot")
        defer { lab.destroy() }
        try ARPLab.ip(["-n", lab.server, "link", "add", "v.100", "type", "veth", "peer", "name", "p100"])
        let text = "net/ipv4/conf/v.100/arp_ignore = 1\nnet.ipv4.conf.v/100.arp_announce = 2\nnet.ipv4.conf.v.100.arp_filter = 1\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lvslt-dot-\(getpid()).conf")
        try text.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        // sysctl exits non-zero for the key it cannot apply; the applied ones are what counts.
        _ = try? lab.exec(lab.server, ["sysctl", "-q", "-p", path.path])
        var runtime = SysctlTable()
        for entry in try parseRecognised(try lab.exec(lab.server, ["sysctl", "-a"])).sysctls { runtime.set(entry) }
        let persistent = try #require(
            SysctlConfiguration.persistent(from: [
                ConfigurationFile(
                    path: "/etc/sysctl.d/90-vlan.conf", capture: capture(text, path: "captures/rs1/etc/sysctl.d/90-vlan.conf"), readable: true)
            ]))
        for parameter in ["arp_ignore", "arp_announce", "arp_filter"] {
            let key = SysctlTable.interfaceKey(device: "v.100", parameter: parameter)
            let kernel = try #require(runtime[key], "sysctl -a has no \(key)")
            let boot = persistent.value(of: key)?.entry.value ?? "0"
            #expect(boot == kernel.value, "\(key): the kernel holds \(kernel.value) after sysctl -p, lvslint reads \(boot) from the file")
        }
    }
}
