import LVSModel

/// NET002: a VIP must be active on one director at a time.
public struct VIPOnSeveralDirectors: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET002", slug: "vip-on-several-directors", title: "VIP active on several directors",
        severity: .error, scope: .all,
        summary: "More than one director holds the VIP on an ARP-capable interface (HA split brain).",
        needs: [.addresses],
        checks:
            "For each service VIP, count the directors of the service whose captured addresses hold it on an interface that does ARP: more than one is an error.",
        mechanism:
            "Each director answers ARP for the VIP; clients follow whichever answered last. Half the clients may reach a backup whose table or connection state differs, and persistence breaks as the ARP cache flips.",
        symptom:
            "Sessions drop at random, `ip neigh` on the router alternates between two MACs for the VIP; keepalived logs show both nodes in MASTER state (VRRP packets blocked between them).",
        fix: RuleFix(
            summary:
                "Let one director hold the VIP: fix VRRP between the pair (multicast or unicast_peer, firewall allowing protocol 112) or remove the static address from the backup.",
            runtime: [
                "ip addr del VIP/NN dev IFACE   # on the backup director",
                "iptables -I INPUT -p vrrp -j ACCEPT   # if VRRP adverts are being dropped",
            ],
            persistentRHEL: ["remove the VIP from the backup's ifcfg/nmcli profile; let keepalived's virtual_ipaddress manage it"],
            persistentDebian: ["remove the VIP from the backup's interfaces/netplan; let keepalived's virtual_ipaddress manage it"]),
        references: ["keepalived.conf(5): vrrp_instance, virtual_ipaddress, unicast_peer"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        var seen: Set<IPAddress> = []
        for service in context.cluster.services {
            guard let vip = service.vip, seen.insert(vip).inserted else { continue }
            let directors = Set(context.cluster.directors(of: service).map(\.name))
            let holders = context.addressIndex[vip].filter { directors.contains($0.host) && $0.interfaceDoesARP }
            let hosts = Array(Set(holders.map(\.host))).sorted()
            guard hosts.count > 1 else { continue }
            report.add(
                host: hosts.last, service: service.label,
                message: "VIP \(vip) is active on \(hosts.count) directors at once (\(hosts.joined(separator: ", "))): both answer ARP for it",
                location: service.location, evidence: holders.map(\.address.evidence.evidence))
        }
    }
}
