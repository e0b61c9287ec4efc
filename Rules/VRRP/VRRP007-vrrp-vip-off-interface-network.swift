import LVSModel

/// VRRP007: a VRRP instance brings its VIP up on an interface whose networks do not hold it.
public struct VRRPVIPOffInterfaceNetwork: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP007", slug: "vrrp-vip-off-interface-network", title: "A VIP is brought up on an interface of another network",
        severity: .warning, scope: .all,
        summary:
            "A vrrp_instance's virtual address (without its own `dev`) is in the network of another interface of the director, not in any network of the instance's `interface`: keepalived adds it to the instance's interface and sends its gratuitous ARPs there, so the hosts of the VIP's own network do not learn that it moved.",
        needs: [.addresses],
        checks: """
            For each director whose keepalived.conf has vrrp_instances and whose addresses were captured: each \
            virtual_ipaddress written without `dev` goes on the instance's interface; when none of that \
            interface's networks holds it but a network of another interface does, it is reported, with the \
            interface the VIP belongs on.
            """,
        mechanism: """
            keepalived adds each virtual_ipaddress to the instance's `interface` unless the entry names a `dev`, and \
            announces it there: the gratuitous ARPs (unsolicited neighbour advertisements for IPv6) after a \
            transition to MASTER go out of that interface only. The routers and clients that reach the VIP are on \
            the VIP's own network, on another interface: they never see those announcements. After a failover \
            they keep sending to the old master's MAC until their ARP entry expires (minutes on many routers), and \
            the VIP is unreachable in between; with arp_ignore 1 or 2 the new master does not even answer their \
            ARP requests on that other interface, because the VIP is not configured there.
            """,
        symptom:
            "The VIP moves on failover (the new master holds it), but clients cannot reach it for minutes; the router's ARP table still shows the old director's MAC.",
        fix: RuleFix(
            summary:
                "Put the VIP on the interface of its network: `dev IFACE` on the virtual_ipaddress entry, or the vrrp_instance's `interface` set to that interface.",
            runtime: ["ip -br addr   # the interface whose network holds the VIP; then add `dev IFACE` to the entry and systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived.conf(5): virtual_ipaddress (<IPADDR>[/<MASK>] … dev <STRING>), interface, garp_master_delay",
            "keepalived vrrp/vrrp_arp.c: gratuitous ARP sent on the address's interface",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            guard let director = config.director, config.vrrpInstances.contains(where: { $0.interface != nil }),
                let observation = report.require([.addresses], of: director, in: context)
            else { continue }
            for instance in config.vrrpInstances {
                guard let name = instance.interface?.value, let own = observation.interfaces.first(where: { $0.name == name }) else { continue }
                for vip in instance.addresses where vip.device == nil {
                    let address = vip.prefix.address
                    let networks = own.addresses.map(\.prefix).filter { !$0.isHostPrefix }
                    guard !networks.contains(where: { $0.contains(address) }) else { continue }
                    // The interface whose network holds it, other than lo.
                    guard
                        let home = observation.interfaces.first(where: { other in
                            other.name != name && !other.isLoopback
                                && other.addresses.contains { !$0.prefix.isHostPrefix && $0.prefix.contains(address) }
                        }),
                        let network = home.addresses.first(where: { !$0.prefix.isHostPrefix && $0.prefix.contains(address) })
                    else { continue }
                    report.add(
                        host: director, service: nil,
                        message:
                            "keepalived: vrrp_instance \(instance.name) brings \(address) up on \(name), but \(address) is in \(network.prefix.network)/\(network.prefix.length), the network of \(home.name): its gratuitous ARPs never reach that network, and after a failover its hosts keep the old director's MAC",
                        location: vip.line.location, evidence: [vip.line.evidence, network.evidence.evidence],
                        key: "\(vip.line.location)", fix: [])
                }
            }
        }
    }
}
