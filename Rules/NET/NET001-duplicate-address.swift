import LVSModel

/// NET001: one address on ARP-capable interfaces of two hosts.
public struct DuplicateAddress: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET001", slug: "duplicate-address", title: "Address configured on two hosts",
        severity: .error, scope: .all,
        summary:
            "One address is configured on ARP-capable interfaces of two hosts (VIPs on real servers' lo or NOARP devices are expected and excepted).",
        needs: [.addresses],
        checks:
            "Across every captured host, each global address on an interface that does ARP must belong to one host only. Loopback and link-local addresses are ignored; a VIP held by several directors is left to NET002.",
        mechanism:
            "Both hosts answer ARP for the address; neighbours keep whichever answer came last, so traffic for it alternates between the two machines.",
        symptom:
            "Random connection resets and timeouts to that address; `arping -D` reports a duplicate; the kernel logs 'duplicate address detected' for IPv6.",
        fix: RuleFix(
            summary: "Remove the address from the host that should not have it.",
            runtime: ["ip addr del ADDRESS/NN dev IFACE   # on the wrong host"],
            persistentRHEL: ["remove it from /etc/sysconfig/network-scripts/ifcfg-IFACE or the NetworkManager connection"],
            persistentDebian: ["remove it from /etc/network/interfaces or netplan"]),
        references: ["LVS-HOWTO, The ARP Problem: http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.arp_problem.html"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let vips = Set(context.cluster.services.compactMap(\.vip))
        let directors = Set(context.cluster.hosts.filter { $0.roles.contains(.director) }.map(\.name))
        // Only an address held more than once can be held by two hosts: a fleet's index holds
        // tens of thousands of addresses, nearly all held once, and they are passed over
        // before any is sorted or copied.
        let shared = context.addressIndex.owners.filter { $0.value.count > 1 }
        for (address, owners) in shared.sorted(by: { $0.key < $1.key }) {
            guard !address.isLoopback, !address.isLinkLocal else { continue }
            let arping = owners.filter(\.interfaceDoesARP)
            let hosts = Array(Set(arping.map(\.host))).sorted()
            guard hosts.count > 1 else { continue }
            // A VIP belongs to the directors (several of them holding it is NET002's concern);
            // any other address to the host the description gives it to.
            var rightful: Set<String> = []
            if vips.contains(address) {
                if hosts.allSatisfy({ directors.contains($0) }) { continue }
                rightful = directors
            } else if let owner = context.cluster.hosts.first(where: { $0.address == address }) {
                rightful = [owner.name]
            }
            for host in hosts where !rightful.contains(host) {
                guard let description = context.cluster.host(named: host) else { continue }
                let others = hosts.filter { $0 != host }.joined(separator: ", ")
                report.add(
                    host: host, service: nil,
                    message: "\(address) is configured on \(host) and also on \(others), on interfaces that answer ARP",
                    location: description.location,
                    evidence: arping.filter { hosts.contains($0.host) }.map(\.address.evidence.evidence),
                    key: "\(host)|\(address)")
            }
        }
    }
}
