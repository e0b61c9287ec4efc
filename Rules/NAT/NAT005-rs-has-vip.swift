import LVSModel

/// NAT005: a NAT real server should not hold the VIP.
public struct RSHasVIP: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT005", slug: "rs-has-vip", title: "NAT real server holds the VIP",
        severity: .warning, scope: .methods([.nat]),
        summary: "A NAT real server holds the VIP.",
        needs: [.addresses],
        checks: "A real server whose method is nat must not have the service's VIP on any interface.",
        mechanism: """
            In NAT the director rewrites the destination to the RIP, so the real server needs no VIP. Holding it \
            (usually left over from a DR setup) makes the server answer clients for the VIP directly: on an \
            ARP-capable interface it steals the VIP from the director, and even on lo its own connections to the \
            VIP stay local instead of being balanced.
            """,
        symptom:
            "Traffic from the server's own subnet to the VIP never reaches the director; with the VIP on eth0, all clients may land on this server.",
        fix: RuleFix(
            summary: "Remove the VIP from the NAT real server.",
            runtime: ["ip addr del VIP/32 dev IFACE"],
            persistentRHEL: ["delete ifcfg-lo:N (or the nmcli address) that carries the VIP"],
            persistentDebian: ["remove the VIP stanza from /etc/network/interfaces or netplan"]),
        references: ["LVS-HOWTO ch. 13: \"for LVS-NAT you can setup with any netmask you like\" — the VIP belongs on the director only"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            guard let vip = target.vip, let observation = report.require([.addresses], of: target, in: context) else { continue }
            for address in observation.addresses(equalTo: vip) {
                report.add(
                    host: target.host.name, service: target.service.label,
                    message:
                        "NAT real server \(target.host.name) holds VIP \(vip) on \(address.label ?? address.interface); NAT needs it on the director only",
                    location: target.server.location, evidence: [address.evidence.evidence], key: "\(target.host.name)|\(vip)")
            }
        }
    }
}
