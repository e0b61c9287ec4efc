import Foundation
import LVSEngine
import LVSModel
import Testing

/// Findings say what is certain and what to type, with the cluster's own values.
@Suite("Fixes written with the cluster's values")
struct FixCommandTests {
    func findings(_ scenario: String) throws -> [Finding] {
        try Checker.run(.description(Repository.fixtures.appendingPathComponent("\(scenario)/cluster.yaml").path)).get().findings
    }

    @Test(
        "DR003: a setting on lo is said to have no effect, with its line; the fix names the host, and arping refreshes the router from the director")
    func arpIgnore() throws {
        let dr003 = try #require(try findings("dr003-arp-ignore-lo-only").first { $0.rule == "DR003" })
        #expect(dr003.message.contains("net.ipv4.conf.lo.arp_ignore = 1 has no effect here"))
        #expect(dr003.evidence.contains { $0.text == "net.ipv4.conf.lo.arp_ignore = 1" })
        #expect(dr003.fixCommandsAreSpecific)
        #expect(dr003.fixCommands.contains("sysctl -w net.ipv4.conf.all.arp_ignore=1   # on rs1"))
        #expect(dr003.fixCommands.contains { $0.hasPrefix("arping -U -c 3 -I eth0 192.0.2.100   # on lvs1") })
    }

    @Test("DR003 and DR004 persist into one file with the same content")
    func oneFile() throws {
        let all = try findings("dr003-arp-ignore-lo-only")
        let files = ["DR003", "DR004"].compactMap { id in all.first { $0.rule == id }?.fixCommands.first { $0.contains("/etc/sysctl.d/") } }
        #expect(files.count == 2)
        #expect(Set(files).count == 1, "\(files)")
    }

    @Test("NAT002's fix names the director's actual address on the real server's subnet")
    func natGateway() throws {
        let nat002 = try #require(try findings("nat002-rs-via-router").first { $0.rule == "NAT002" })
        #expect(nat002.fixCommands.first == "ip route replace default via 198.51.100.1   # on rs1: lvs1's address on its subnet")
        #expect(!nat002.fixCommands.joined().contains("DIRECTOR_INSIDE_IP"))
    }

    @Test("IPVS005's fix is the ipvsadm command for that row")
    func ipvsadmEdit() throws {
        let ipvs005 = try #require(try findings("ipvs005-masq-instead-of-dr").first { $0.rule == "IPVS005" })
        #expect(ipvs005.fixCommands.first?.hasPrefix("ipvsadm -e -t 192.0.2.100:80 -r 192.0.2.22:80 -g -w 1") == true)
    }
}
