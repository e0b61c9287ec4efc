import Foundation
import LVSModel

/// What `lvslint lab` builds, decided from the description and the captures alone (no
/// command runs here): a namespace per captured host with its interfaces, addresses, routes
/// and the sysctls that matter, one bridge per captured subnet, and a client on the VIP's
/// subnet. What the kernel here cannot build (ipip, dummy, VLAN devices) is listed, not faked.
public struct LabPlan: Sendable {
    public struct Interface: Sendable {
        public var name: String
        /// nil for lo; else the subnet (bridge) it is plugged into.
        public var segment: Int?
        public var addresses: [(prefix: IPPrefix, label: String?)]
        /// As captured: NOARP (`ip link set … arp off`), and whether it was up.
        public var noARP = false
        public var up = true
    }

    public struct Host: Sendable {
        public var name: String
        public var interfaces: [Interface]
        /// `ip route add` arguments: `default via 192.0.2.1 dev eth0`.
        public var routes: [[String]]
        /// `net.ipv4.conf.eth0.arp_ignore` → 1.
        public var sysctls: [(key: String, value: String)]
        /// The host's gateways (from its default routes), for the reachability probes.
        public var gateways: [IPAddress]
        /// Why its ARP behaviour in the lab cannot stand for the captured host's, if it cannot.
        public var notComparable: String?
    }

    public var hosts: [Host] = []
    /// Subnets, by index: each becomes a bridge.
    public var segments: [IPPrefix] = []
    /// The client's interface: its segment and its address there.
    public var clientSegment: Int?
    public var clientAddress: IPPrefix?
    /// Addresses the client also holds: gateways on its segment that no host holds (it plays the router).
    public var clientExtraAddresses: [IPAddress] = []
    /// What could not be built, and why.
    public var notBuilt: [String] = []

    /// The sysctls whose values decide ARP and forwarding, at every level.
    public static let sysctlNames = LabProof.sysctlsReproduced.filter { !$0.contains(".") }
    /// Link kinds a veth can stand in for.
    static let ethernetLike: Set<String> = ["ether", "loopback"]

    public init(cluster: ClusterDescription, observations: [String: HostObservation]) {
        var segmentOf: [IPPrefix: Int] = [:]
        func segment(_ prefix: IPPrefix) -> Int {
            let network = IPPrefix(address: prefix.network, length: prefix.length) ?? prefix
            if let index = segmentOf[network] { return index }
            segments.append(network)
            segmentOf[network] = segments.count - 1
            return segments.count - 1
        }
        for host in cluster.hosts {
            guard let observation = observations[host.name], observation.has(.addresses) else {
                notBuilt.append("\(host.name): no address capture, so it is not in the lab")
                continue
            }
            var interfaces: [Interface] = []
            for interface in observation.interfaces {
                // Parsers refuse such names already; the lab never hands one to `ip` regardless.
                if let problem = InterfaceName.problem(interface.name) {
                    notBuilt.append("\(host.name): an interface is not built: \(problem)")
                    continue
                }
                let isLoopback = interface.name == "lo" || interface.linkType == "loopback"
                let link = interface.linkType ?? "ether"
                guard isLoopback || (Self.ethernetLike.contains(link) && (interface.kind == nil || interface.kind == "veth")) else {
                    if !interface.addresses.isEmpty {
                        notBuilt.append(
                            "\(host.name): \(interface.name) (\(interface.kind ?? link)) is not built: the lab makes veth links only, and this kernel may lack the device"
                        )
                    }
                    continue
                }
                // The kernel makes lo's own and link-local addresses itself.
                let addresses = interface.addresses.filter { !$0.prefix.address.isLoopback && !$0.prefix.address.isLinkLocal }
                    .map { (prefix: $0.prefix, label: $0.label) }
                if isLoopback {
                    interfaces.append(Interface(name: "lo", segment: nil, addresses: addresses))
                    continue
                }
                guard let connected = addresses.first(where: { $0.prefix.address.family == .v4 && !$0.prefix.isHostPrefix }) else {
                    if !addresses.isEmpty {
                        notBuilt.append("\(host.name): \(interface.name) has no subnet (only host addresses), so it joins no segment")
                    }
                    continue
                }
                var planned = Interface(name: interface.name, segment: segment(connected.prefix), addresses: addresses)
                planned.noARP = interface.flagsKnown && interface.flags.contains(.noARP)
                planned.up = !interface.flagsKnown || interface.isUp
                interfaces.append(planned)
            }
            let created = Set(interfaces.map(\.name))
            var routes: [[String]] = []
            var gateways: [IPAddress] = []
            for route in observation.routes where route.table == "main" && route.type == "unicast" && route.proto != "kernel" {
                guard let gateway = route.gateway?.address else { continue }
                if let device = route.device, !created.contains(device) { continue }
                let destination = route.destination.length == 0 ? "default" : "\(route.destination)"
                routes.append([destination, "via", "\(gateway)"] + (route.device.map { ["dev", $0] } ?? []))
                if route.destination.length == 0 { gateways.append(gateway) }
            }
            // Keys as /proc/sys paths (`net/ipv4/conf/eth0.100/arp_ignore`): an interface name may
            // hold a dot, which `sysctl -a` prints as `/` in the dotted form.
            var sysctls: [(key: String, value: String)] = []
            if let forward = observation.sysctls["net.ipv4.ip_forward"], forward.intValue != nil {
                sysctls.append(("net/ipv4/ip_forward", forward.value))
            }
            for level in ["all", "default"] + interfaces.map(\.name) {
                for name in Self.sysctlNames {
                    let printed = "net.ipv4.conf.\(level.replacingOccurrences(of: ".", with: "/")).\(name)"
                    if let entry = observation.sysctls[printed] ?? observation.sysctls["net.ipv4.conf.\(level).\(name)"], entry.intValue != nil {
                        sysctls.append(("net/ipv4/conf/\(level)/\(name)", entry.value))
                    }
                }
            }
            var planned = Host(name: host.name, interfaces: interfaces, routes: routes, sysctls: sysctls, gateways: gateways)
            if let filter = observation.arpFilter, filter.chains.contains(where: { !$0.rules.isEmpty || $0.policy == "DROP" }) {
                planned.notComparable = "its arptables rules are not rebuilt in the lab"
                notBuilt.append("\(host.name): arptables rules are not applied in the lab, so its ARP answers there are not compared with the rules")
            }
            hosts.append(planned)
        }
        // The client stands where clients reach the first VIP: on the subnet that holds it.
        let vips = cluster.services.compactMap(\.vip).filter { $0.family == .v4 }
        if let vip = vips.first, let index = segments.firstIndex(where: { $0.contains(vip) }) ?? (segments.isEmpty ? nil : 0) {
            clientSegment = index
            let used = Set(hosts.flatMap { $0.interfaces.flatMap { $0.addresses.map(\.prefix.address) } } + hosts.flatMap(\.gateways))
            clientAddress = Self.freeAddress(in: segments[index], avoiding: used)
            let held = Set(hosts.flatMap { $0.interfaces.flatMap { $0.addresses.map(\.prefix.address) } })
            clientExtraAddresses = Set(hosts.flatMap(\.gateways).filter { segments[index].contains($0) && !held.contains($0) }).sorted()
        } else {
            notBuilt.append("no IPv4 VIP on a captured subnet: there is nowhere to put the client")
        }
    }

    /// The highest host address of `subnet` that nothing in the lab uses.
    static func freeAddress(in subnet: IPPrefix, avoiding used: Set<IPAddress>) -> IPPrefix? {
        guard subnet.address.family == .v4, subnet.length <= 30 else { return nil }
        let size = 1 << (32 - subnet.length)
        for offset in stride(from: size - 2, to: 0, by: -1) {
            guard let address = subnet.network.adding(offset), !used.contains(address) else { continue }
            return IPPrefix(address: address, length: subnet.length)
        }
        return nil
    }
}
