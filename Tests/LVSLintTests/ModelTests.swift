import LVSCapture
import LVSModel
import Testing

@Suite("Addresses, prefixes, routes and effective sysctls")
struct ModelTests {
    @Test(
        "addresses parse and print in canonical form",
        arguments: [
            ("192.0.2.1", "192.0.2.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
            ("2001:db8::1", "2001:db8::1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
            ("fe80::1%eth0", "fe80::1"), ("2001:db8:0:1:0:0:0:0", "2001:db8:0:1::"), ("::ffff:192.0.2.1", "::ffff:c000:201"),
            ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ])
    func roundTrip(_ input: String, _ printed: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == printed)
        #expect(IPAddress(printed) == address)
    }

    @Test(
        "malformed addresses are refused",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/24", "a.b.c.d", "1::2::3", ":1", "1:2:3:4:5:6:7:8:9",
            "12345::1", "gggg::1", "1.2.3.4 ", "2001:db8::1.2.3", "::1:",
        ])
    func refused(_ input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test("prefixes contain what they should")
    func prefixes() throws {
        let p = try #require(IPPrefix("192.0.2.100/24"))
        #expect(p.network == IPAddress("192.0.2.0"))
        func address(_ s: String) throws -> IPAddress { try #require(IPAddress(s)) }
        #expect(p.contains(try address("192.0.2.255")))
        #expect(!p.contains(try address("192.0.3.1")))
        #expect(!p.contains(try address("::ffff:192.0.2.1")), "families never mix")
        let all = try #require(IPPrefix("0.0.0.0/0"))
        #expect(all.contains(try address("203.0.113.9")))
        let doc = try #require(IPPrefix("2001:db8::/32"))
        #expect(doc.contains(try address("2001:db8:ffff::1")))
        #expect(IPPrefix("192.0.2.1/33") == nil)
        #expect(IPPrefix.length(ofNetmask: 0xFFFF_FF00) == 24)
        #expect(IPPrefix.length(ofNetmask: 0xFFFF_FFFF) == 32)
        #expect(IPPrefix.length(ofNetmask: 0) == 0)
        #expect(IPPrefix.length(ofNetmask: 0xFF00_FF00) == nil)
    }

    func observation(sysctl: String, routes: String = "") -> HostObservation {
        var o = HostObservation(host: "h")
        var parsed = [CaptureRecognizer.parse(capture(sysctl, path: "sysctl.txt"), as: .sysctl)]
        if !routes.isEmpty { parsed.append(CaptureRecognizer.parse(capture(routes, path: "routes.txt"), as: .ipRoute)) }
        CaptureLoader.assemble(parsed, into: &o)
        return o
    }

    @Test("arp_ignore, arp_announce and rp_filter take the maximum of all and the interface")
    func maximum() throws {
        let o = observation(
            sysctl: """
                net.ipv4.conf.all.arp_ignore = 0
                net.ipv4.conf.eth0.arp_ignore = 1
                net.ipv4.conf.lo.arp_ignore = 8
                net.ipv4.conf.all.rp_filter = 1
                net.ipv4.conf.tunl0.rp_filter = 0
                net.ipv4.conf.default.arp_announce = 2
                net.ipv4.conf.all.arp_announce = 0
                net.ipv4.conf.eth0.arp_announce = 0
                """)
        #expect(o.sysctls.effective("arp_ignore", on: "eth0")?.value == 1)
        #expect(o.sysctls.effective("arp_ignore", on: "lo")?.value == 8)
        #expect(o.sysctls.effective("rp_filter", on: "tunl0")?.value == 1, "the classic TUN trap: tunl0=0 but all=1 is strict")
        #expect(o.sysctls.effective("arp_announce", on: "eth0")?.value == 0, "conf.default never applies to an existing interface")
        let missing = try #require(o.sysctls.effective("arp_ignore", on: "eth1"))
        #expect(missing.value == 0 && missing.missingKeys == ["net.ipv4.conf.eth1.arp_ignore"])
    }

    @Test("send_redirects, accept_local and arp_filter are on when either is on; forwarding is the interface's own")
    func eitherAndOwn() {
        let o = observation(
            sysctl: """
                net.ipv4.conf.all.send_redirects = 0
                net.ipv4.conf.eth1.send_redirects = 1
                net.ipv4.conf.all.accept_local = 1
                net.ipv4.conf.eth1.accept_local = 0
                net.ipv4.conf.all.forwarding = 1
                net.ipv4.conf.eth1.forwarding = 0
                net.ipv4.conf.eth1/100.forwarding = 1
                net.ipv4.ip_forward = 1
                """)
        #expect(o.sysctls.effective("send_redirects", on: "eth1")?.value == 1)
        #expect(o.sysctls.effective("accept_local", on: "eth1")?.value == 1)
        #expect(o.sysctls.effective("forwarding", on: "eth1")?.value == 0, "all.forwarding=1 does not make eth1 forward")
        #expect(o.sysctls.effective("forwarding", on: "eth1.100")?.value == 1, "a VLAN's dot is written as / in sysctl keys")
        #expect(o.sysctls.effective("forwarding", on: "eth2") == nil)
    }

    @Test("route lookup: longest prefix, then lowest metric, main table only")
    func routeLookup() throws {
        let o = observation(
            sysctl: "",
            routes: """
                default via 192.0.2.1 dev eth0 metric 100
                default via 192.0.2.254 dev eth0 metric 50
                192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.11
                198.51.100.0/24 via 192.0.2.1 dev eth0
                198.51.100.128/25 dev eth1 scope link
                local 203.0.113.5 dev lo table local proto kernel scope host src 203.0.113.5
                """)
        func via(_ a: String) throws -> String {
            let address = try #require(IPAddress(a))
            let route = try #require(o.route(to: address))
            return route.gateway?.description ?? "connected:\(route.device ?? "")"
        }
        #expect(try via("192.0.2.50") == "connected:eth0")
        #expect(try via("198.51.100.7") == "192.0.2.1")
        #expect(try via("198.51.100.200") == "connected:eth1")
        #expect(try via("203.0.113.5") == "192.0.2.254", "local-table routes are not main-table routes")
        let preferred = try #require(IPAddress("192.0.2.254"))
        #expect(o.defaultRoutes(family: .v4).first?.gateway == .address(preferred))
    }
}

@Suite("Partial captures are not proof")
struct PartialCaptureTests {
    func observation(_ texts: [String]) -> HostObservation {
        var observation = HostObservation(host: "rs1")
        var parsed: [ParsedCapture] = []
        for (i, text) in texts.enumerated() {
            CaptureLoader.read(capture(text, path: "f\(i).txt"), into: &parsed, observation: &observation)
        }
        CaptureLoader.assemble(parsed, into: &observation)
        return observation
    }

    @Test("a grep'd capture lacking conf.all gives no value, only the keys it lacks")
    func partial() throws {
        let o = observation(["net.ipv4.conf.eth0.arp_ignore = 0\n"])
        #expect(!o.sysctls.isComplete)
        guard case let .unknown(missing) = o.sysctls.lookup("arp_ignore", on: "eth0") else {
            Issue.record("a value was computed from half the keys")
            return
        }
        #expect(missing == ["net.ipv4.conf.all.arp_ignore"])
    }

    @Test(
        "a whole sysctl -a is complete: an absent interface key means the interface was gone, and conf.all decides",
        .enabled(if: Repository.hasShared, "../shared/corpus is absent"))
    func complete() throws {
        let corpus = Repository.corpus.appendingPathComponent("sysctl/jc-centos-7.7-sysctl-a.out")
        let text = try #require(try? String(contentsOf: corpus, encoding: .utf8), "../shared/corpus is needed for a real sysctl -a")
        let o = observation([text])
        #expect(o.sysctls.isComplete)
        guard case let .known(value) = o.sysctls.lookup("arp_ignore", on: "eth9") else {
            Issue.record("a complete capture must give a value")
            return
        }
        #expect(value.missingKeys == ["net.ipv4.conf.eth9.arp_ignore"] && value.sources.count == 1)
        // The same capture with one unreadable part is no longer complete.
        let damaged = observation([text + "\n$ sysctl -a\npermission denied on key 'fs.protected_regular'\nsegmentation fault\n"])
        #expect(damaged.unreadRegions.map(\.facet) == [.sysctls])
        #expect(!damaged.sysctls.isComplete)
    }
}
