import Foundation
@testable import LVSCapture
@testable import LVSModel
import Testing

/// `HostFacts` answers the questions rules ask per (service, real server) pair from tables
/// made once per host. Each answer must be the one the observation gives without them.
@Suite("A host's facts answer as its interfaces and routes do")
struct HostFactsTests {
    /// A host as `ip addr` and `ip route` print it, drawn at random: interfaces that share
    /// names and addresses, both families, routes of every type in several tables with tied
    /// prefixes and metrics.
    static func randomHost(_ generator: inout SeededGenerator, interfaces interfaceCount: Int) -> HostObservation {
        let pool = ["192.0.2.1", "192.0.2.100", "198.51.100.10", "198.51.100.11", "203.0.113.5", "2001:db8::1", "2001:db8::100", "2001:db8:1::10"]
        let names = ["lo", "eth0", "eth1", "eth0", "tunl0", "bond0", "eth2", "eth3", "eth4", "eth5", "eth6", "eth7"]
        var addr = ""
        for index in 0..<interfaceCount {
            let name = names[index % names.count] + (index >= names.count ? "x\(index)" : "")
            let flags =
                Bool.random(using: &generator) ? "BROADCAST,MULTICAST,UP,LOWER_UP" : (name == "lo" ? "LOOPBACK,UP,LOWER_UP" : "BROADCAST,NOARP,UP")
            addr += "\(index + 1): \(name): <\(flags)> mtu 1500 qdisc noqueue state UP\n"
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let text = pool.randomElement(using: &generator) ?? "192.0.2.1"
                let length =
                    text.contains(":") ? [64, 128].randomElement(using: &generator) ?? 128 : [24, 32].randomElement(using: &generator) ?? 32
                addr += "    \(text.contains(":") ? "inet6" : "inet") \(text)/\(length) scope global \(name)\n"
                addr += "       valid_lft forever preferred_lft forever\n"
            }
        }
        let destinations = [
            "default", "192.0.2.0/24", "192.0.2.0/25", "192.0.2.100", "198.51.100.0/24", "198.51.100.0/23", "0.0.0.0/1", "2001:db8::/32",
            "2001:db8::/64", "2001:db8::100", "203.0.113.0/24",
        ]
        var route = ""
        for _ in 0..<Int.random(in: 0...14, using: &generator) {
            let destination = destinations.randomElement(using: &generator) ?? "default"
            let type = ["", "", "", "local ", "broadcast ", "multicast ", "blackhole ", "unreachable "].randomElement(using: &generator) ?? ""
            let table = ["", "", " table local", " table 100"].randomElement(using: &generator) ?? ""
            let v6 = destination.contains(":")
            let via = Bool.random(using: &generator) ? (v6 ? " via 2001:db8::fe" : " via 192.0.2.254") : ""
            let metric = [0, 0, 10, 100].randomElement(using: &generator) ?? 0
            route +=
                "\(type)\(destination)\(type.hasPrefix("blackhole") || type.hasPrefix("unreachable") ? "" : via) dev eth0\(table) metric \(metric)\n"
        }
        var observation = HostObservation(host: "rs1")
        observation.interfaces = CaptureRecognizer.parse(CaptureFile(path: "ip-addr.txt", bytes: Array(addr.utf8)), as: .ipAddr).interfaces
        observation.routes = CaptureRecognizer.parse(CaptureFile(path: "ip-route.txt", bytes: Array(route.utf8)), as: .ipRoute).routes
        return observation
    }

    /// The kernel's choice in the main table, written out as a walk: the longest prefix that
    /// contains the address, then the lowest metric, then the first listed; local, broadcast
    /// and multicast routes are not chosen. The oracle for `route(to:)`.
    static func kernelChoice(_ routes: [ObservedRoute], _ address: IPAddress) -> ObservedRoute? {
        var best: ObservedRoute?
        for route in routes where route.destination.contains(address) && route.table == "main" {
            guard !["local", "broadcast", "multicast"].contains(route.type) else { continue }
            guard let chosen = best else {
                best = route
                continue
            }
            let length = route.destination.length, chosenLength = chosen.destination.length
            if length > chosenLength || (length == chosenLength && route.metric < chosen.metric) { best = route }
        }
        return best
    }

    static let queries = [
        "192.0.2.1", "192.0.2.100", "192.0.2.200", "198.51.100.10", "198.51.100.11", "198.51.101.1", "203.0.113.5", "203.0.113.77", "10.0.0.1",
        "2001:db8::1", "2001:db8::100", "2001:db8:1::10", "2001:db8:ffff::1", "2001:db9::1", "::",
    ].compactMap { IPAddress($0) }

    @Test("route, addresses, ARP reach and interfaces by name, on 400 random hosts", arguments: [3, 12])
    func sameAnswers(interfaces: Int) throws {
        var generator = SeededGenerator(seed: UInt64(29 + interfaces))
        var routesCompared = 0
        for _ in 0..<200 {
            let plain = Self.randomHost(&generator, interfaces: interfaces)
            let prepared = plain.withFacts()
            #expect(plain.facts == nil && prepared.facts != nil)
            for address in Self.queries {
                let expected = plain.route(to: address), found = prepared.route(to: address)
                #expect(found?.evidence.number == expected?.evidence.number, "route to \(address)")
                #expect(expected?.evidence.number == Self.kernelChoice(plain.routes, address)?.evidence.number, "route to \(address)")
                if expected != nil { routesCompared += 1 }
                #expect(prepared.holds(address) == plain.holds(address))
                #expect(prepared.firstAddress(equalTo: address)?.evidence.number == plain.addresses(equalTo: address).first?.evidence.number)
                #expect(plain.firstAddress(equalTo: address)?.evidence.number == plain.addresses(equalTo: address).first?.evidence.number)
                #expect(
                    prepared.addresses(equalTo: address).map(\.evidence.number) == plain.addresses(equalTo: address).map(\.evidence.number))
                let reaches = plain.addresses(equalTo: address).contains { plain.interface(named: $0.interface)?.doesARP == true }
                #expect(prepared.holdsWhereARPReaches(address) == reaches)
                #expect(plain.holdsWhereARPReaches(address) == reaches)
            }
            for name in ["lo", "eth0", "eth1", "eth3", "eth7", "bond0", "tunl0", "eth0x12", "nope"] {
                #expect(prepared.interface(named: name)?.evidence.number == plain.interface(named: name)?.evidence.number, "\(name)")
            }
        }
        // The hosts are not all without routes to the queries: the comparison compared routes.
        #expect(routesCompared > 500)
    }

    @Test("changing a host's routes, unread regions or unread lines drops its facts")
    func factsDropped() throws {
        var generator = SeededGenerator(seed: 5)
        let prepared = Self.randomHost(&generator, interfaces: 3).withFacts()
        var routes = prepared
        routes.routes = []
        #expect(routes.facts == nil)
        #expect(routes.route(to: try #require(IPAddress("192.0.2.1"))) == nil)
        var lines = prepared
        lines.unparsedLines.append(
            UnparsedLine(line: CaptureLine(file: CaptureFile(path: "x", bytes: []), number: 1, start: 0, end: 0), kind: .ipRoute, reason: "x"))
        #expect(lines.facts == nil)
        #expect(!lines.gaps(in: .routes).isEmpty)
        // Made again, the facts know the gap.
        #expect(!lines.withFacts().gaps(in: .routes).isEmpty)
        #expect(lines.withFacts().gaps(in: .addresses).isEmpty)
    }

    @Test("the address table finds 5,000 addresses and their repeats as a dictionary does")
    func addressTable() throws {
        var generator = SeededGenerator(seed: 17)
        var table = AddressSlotTable(capacity: 5000)
        var oracle: [IPAddress: Int32] = [:]
        for slot in 0..<5000 {
            // Many share their low or high 64 bits, and some repeat.
            let address: IPAddress
            switch slot % 4 {
            case 0: address = IPAddress(v4: UInt32.random(in: 0...5000, using: &generator))
            case 1: address = IPAddress(v6: UInt128(UInt64.random(in: 0...3, using: &generator)) << 64 | UInt128(slot))
            case 2: address = IPAddress(v6: UInt128(slot) << 64 | 7)
            default: address = IPAddress(v6: UInt128(slot % 50))
            }
            let previous = table.insertIfAbsent(address, slot: Int32(slot))
            #expect(previous == oracle[address])
            if oracle[address] == nil { oracle[address] = Int32(slot) }
        }
        for (address, slot) in oracle { #expect(table[address] == slot) }
        #expect(table[try #require(IPAddress("203.0.113.9"))] == nil)
        // The IPv4 address and the IPv6 one of the same bits are two keys.
        #expect(table[IPAddress(v6: 0)] == oracle[IPAddress(v6: 0)])
    }

    @Test("an address's owners are listed by host name, a host's own in interface order")
    func ownersInOrder() throws {
        func host(_ name: String, _ text: String) -> HostObservation {
            var observation = HostObservation(host: name)
            observation.interfaces =
                CaptureRecognizer.parse(CaptureFile(path: "\(name)/ip-addr.txt", bytes: Array(text.utf8)), as: .ipAddr).interfaces
            return observation
        }
        let twice = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536
                inet 192.0.2.100/32 scope global lo
            2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500
                inet 192.0.2.100/24 scope global eth0
            """
        let once = """
            1: eth1: <BROADCAST,UP,LOWER_UP> mtu 1500
                inet 192.0.2.100/24 scope global eth1
            """
        var observations: [String: HostObservation] = [:]
        for name in ["rs10", "rs2", "lvs1", "rs1"] { observations[name] = host(name, once) }
        observations["rs3"] = host("rs3", twice)
        let owners = AddressIndex(observations: observations)[try #require(IPAddress("192.0.2.100"))]
        #expect(owners.map(\.host) == ["lvs1", "rs1", "rs10", "rs2", "rs3", "rs3"])
        #expect(owners.suffix(2).map(\.interface.name) == ["lo", "eth0"])
    }

    @Test("an interface sysctl is looked up with the facts as without, on few interfaces and on many", arguments: [3, 300])
    func sysctlLookups(interfaces count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        var addr = "", sysctl = "net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.rp_filter = 0\n"
        for index in 0..<count {
            addr += "\(index + 1): eth\(index): <BROADCAST,UP,LOWER_UP> mtu 1500\n"
            for parameter in ["arp_ignore", "arp_announce", "rp_filter", "forwarding"] where Bool.random(using: &generator) {
                sysctl += "net.ipv4.conf.eth\(index).\(parameter) = \(Int.random(in: 0...8, using: &generator))\n"
            }
        }
        for complete in [false, true] {
            var plain = HostObservation(host: "rs1")
            plain.interfaces = CaptureRecognizer.parse(CaptureFile(path: "ip-addr.txt", bytes: Array(addr.utf8)), as: .ipAddr).interfaces
            var table = SysctlTable()
            for entry in CaptureRecognizer.parse(CaptureFile(path: "sysctl.txt", bytes: Array(sysctl.utf8)), as: .sysctl).sysctls {
                _ = table.set(unlessContradicting: entry)
            }
            table.isComplete = complete
            plain.sysctls = table
            let prepared = plain.withFacts()
            func text(_ lookup: SysctlLookup) -> String {
                switch lookup {
                case let .known(value): "\(value.value) \(value.sources.map(\.key)) \(value.missingKeys)"
                case let .unknown(missing): "unknown \(missing)"
                }
            }
            // Each asked twice: the second answer comes from what the first remembered.
            for _ in 0..<2 {
                for index in [0, 1, count / 2, count - 1] {
                    for parameter in ["arp_ignore", "arp_announce", "rp_filter", "forwarding", "accept_local", "log_martians"] {
                        #expect(
                            text(prepared.sysctlLookup(parameter, on: "eth\(index)")) == text(plain.sysctls.lookup(parameter, on: "eth\(index)")),
                            "\(parameter) on eth\(index)")
                    }
                }
                #expect(text(prepared.sysctlLookup("arp_ignore", on: "nope")) == text(plain.sysctls.lookup("arp_ignore", on: "nope")))
            }
        }
    }

    /// `SysctlTable.effective` as it was written before its cases were spelt out: the entries
    /// found, their numbers reduced, the keys not found said.
    func effectiveBefore(_ table: SysctlTable, _ parameter: String, on device: String) -> EffectiveSysctl? {
        let combination = SysctlCombination.of(parameter)
        let allKey = "net.ipv4.conf.all.\(parameter)"
        let ownKey = SysctlTable.interfaceKey(device: device, parameter: parameter)
        let all = table[allKey]
        let own = table[ownKey]
        switch combination {
        case .interfaceOnly:
            guard let own, let v = own.intValue else { return nil }
            return EffectiveSysctl(parameter: parameter, device: device, value: v, combination: combination, sources: [own], missingKeys: [])
        case .maximum, .either:
            var missing: [String] = []
            if all == nil { missing.append(allKey) }
            if own == nil { missing.append(ownKey) }
            let sources = [all, own].compactMap { $0 }
            let values = sources.compactMap(\.intValue)
            guard !values.isEmpty else { return nil }
            let value = combination == .maximum ? values.max() ?? 0 : (values.contains { $0 != 0 } ? 1 : 0)
            return EffectiveSysctl(
                parameter: parameter, device: device, value: value, combination: combination, sources: sources, missingKeys: missing)
        }
    }

    @Test("an effective sysctl combines conf.all with the interface's own as a general reduction does, on 3,000 drawn tables")
    func effectiveAsReduced() {
        var generator = SeededGenerator(seed: 29)
        let parameters = ["arp_ignore", "arp_announce", "rp_filter", "arp_filter", "send_redirects", "accept_local", "forwarding", "log_martians"]
        let values = ["0", "1", "2", "8", " 3 ", "x", "", "-1"]
        func text(_ value: EffectiveSysctl?) -> String {
            guard let value else { return "nil" }
            return "\(value.value) \(value.combination) \(value.sources.map { "\($0.key)=\($0.value)" }) \(value.missingKeys)"
        }
        for _ in 0..<3_000 {
            let parameter = parameters.randomElement(using: &generator) ?? "arp_ignore"
            let device = ["eth0", "lo", "eth0.100"].randomElement(using: &generator) ?? "eth0"
            var table = SysctlTable()
            let file = CaptureFile(path: "sysctl.txt", bytes: [])
            let line = CaptureLine(file: file, number: 1, start: 0, end: 0)
            for key in ["net.ipv4.conf.all.\(parameter)", SysctlTable.interfaceKey(device: device, parameter: parameter)]
            where Bool.random(using: &generator) {
                table.set(SysctlEntry(key: key, value: values.randomElement(using: &generator) ?? "0", evidence: line))
            }
            #expect(text(table.effective(parameter, on: device)) == text(effectiveBefore(table, parameter, on: device)), "\(parameter) on \(device)")
        }
    }
}
