import LVSModel

/// NET004: interfaces that carry the cluster's addresses must be up.
public struct InterfaceDown: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET004", slug: "interface-down", title: "Interface carrying a VIP, DIP or RIP is down",
        severity: .error, scope: .all,
        summary: "The interface carrying a VIP, DIP or RIP is not up.",
        needs: [.addresses],
        checks:
            "For every address the cluster relies on (service VIPs on any host, each host's described address), the interface holding it must have the UP flag. A Kubernetes node's kube-ipvs0 (kube-router's kube-dummy-if) is down by design and is left out: KUBE001 checks that its addresses stay local.",
        mechanism:
            "An address on a down interface is still listed but receives and sends nothing; for a VIP on lo, a down lo means the packets the director forwards are not accepted.",
        symptom: "The address does not answer ping or ARP even though `ip addr` lists it.",
        fix: RuleFix(
            summary: "Bring the interface up and make it come up at boot.",
            runtime: ["ip link set IFACE up"],
            persistentRHEL: ["ONBOOT=yes in /etc/sysconfig/network-scripts/ifcfg-IFACE (nmcli con mod IFACE connection.autoconnect yes)"],
            persistentDebian: ["auto IFACE in /etc/network/interfaces, or the interface in netplan"]),
        references: ["ip-link(8)"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        var wanted: [(IPAddress, String?)] = context.cluster.services.compactMap { s in s.vip.map { ($0, s.label) } }
        wanted += context.cluster.hosts.compactMap { h in h.address.map { ($0, nil) } }
        var seen: Set<String> = []
        for (address, service) in wanted {
            // kube-ipvs0 is DOWN and NOARP by design: its addresses are local through their `local` routes (KUBE001).
            for owner in context.addressIndex[address] where !owner.interface.isUp && !isServiceInterface(owner, context) {
                guard seen.insert("\(owner.host)|\(owner.interface.name)|\(address)").inserted,
                    let host = context.cluster.host(named: owner.host)
                else { continue }
                report.add(
                    host: owner.host, service: service,
                    message:
                        "\(owner.interface.name) on \(owner.host) carries \(address) but is not up (flags: \(owner.interface.flags.words.joined(separator: ",")))",
                    location: host.location, evidence: [owner.interface.evidence.evidence, owner.address.evidence.evidence])
            }
        }
    }

    func isServiceInterface(_ owner: AddressIndex.Owner, _ context: CheckContext) -> Bool {
        context.observations[owner.host]?.serviceInterface?.name == owner.interface.name
    }
}
