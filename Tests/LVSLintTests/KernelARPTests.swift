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
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip") else { return false }
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

    /// What lvslint makes of the real server's own captures.
    func findings() throws -> [Finding] {
        let files = [
            CaptureFile(path: "ip-addr.txt", bytes: Array(try exec(server, ["ip", "-d", "addr"]).utf8)),
            CaptureFile(path: "sysctl.txt", bytes: Array(try exec(server, ["sysctl", "-a", "--pattern", "^net\\.ipv4\\.conf\\."]).utf8)),
        ]
        var observation = HostObservation(host: "rs1")
        CaptureLoader.assemble(files.compactMap { f in CaptureRecognizer.kind(of: f).map { CaptureRecognizer.parse(f, as: $0) } }, into: &observation)
        let location = SourceLocation(file: "cluster.yaml", line: 1)
        let vip = try #require(IPAddress("192.0.2.100")), rip = try #require(IPAddress("192.0.2.21"))
        let cluster = ClusterDescription(
            name: "lab", file: "cluster.yaml", capturesDirectory: "captures",
            hosts: [HostDescription(name: "rs1", roles: [.realServer], address: rip, location: location)],
            services: [ServiceDescription(name: "web", key: .address(protocol: .tcp, vip: vip, port: 80), scheduler: "rr", method: .dr,
                                          persistence: nil, directors: [], realServers: [
                                              RealServerDescription(host: "rs1", address: rip, port: nil, weight: 1, method: .dr, location: location),
                                          ], location: location)])
        return Checker.check(cluster: cluster, observations: ["rs1": observation]).findings
    }
}

struct LabError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite("Kernel ARP behaviour (network namespaces)", .serialized,
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
}
