import LVSModel

/// DR002: the VIP on a real server must be a host prefix.
public struct RSVIPPrefix: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR002", slug: "rs-vip-prefix", title: "VIP on a real server has a prefix shorter than /32",
        severity: .error, scope: .methods([.dr, .tun]),
        summary: "The VIP on a real server has a prefix shorter than /32 (/128): on lo the whole prefix becomes local.",
        needs: [.addresses],
        checks: "Every address equal to the VIP on a dr/tun real server must have prefix length 32 (IPv4) or 128 (IPv6).",
        mechanism: """
            An address on lo with a prefix makes the kernel add a `local` route for the whole prefix: with \
            192.0.2.100/24 on lo, every address in 192.0.2.0/24 is treated as the host's own. Packets to the \
            director, the gateway or other real servers in that range are delivered to lo instead of the wire. \
            On an Ethernet interface a shorter prefix also adds a second connected route that competes with the \
            real one.
            """,
        symptom:
            "The real server cannot reach its neighbours or its gateway in the VIP's subnet (ping to the director answers from itself); replies to clients in that range never leave the box.",
        fix: RuleFix(
            summary: "Replace the VIP with a /32 (/128) address.",
            runtime: ["ip addr del VIP/24 dev lo", "ip addr add VIP/32 dev lo label lo:100"],
            persistentRHEL: ["sed -i 's/^NETMASK=.*/NETMASK=255.255.255.255/' /etc/sysconfig/network-scripts/ifcfg-lo:100"],
            persistentDebian: ["write the address as VIP/32 in /etc/network/interfaces, netplan or systemd-networkd"]),
        references: [
            "LVS-HOWTO ch. 13: \"Remember to set netmask=/32 for the VIP on LVS-DR and LVS-Tun\" http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.non-linux_realservers.html"
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr, .tun]) {
            guard let vip = target.vip else { continue }
            guard let observation = report.require([.addresses], of: target, in: context) else { continue }
            for address in observation.addresses(equalTo: vip) where !address.prefix.isHostPrefix {
                report.add(
                    host: target.host.name, service: target.service.label,
                    message:
                        "VIP \(address.prefix) on \(address.label ?? address.interface) of \(target.host.name) should be /\(vip.bitWidth): every address of \(address.prefix.network)/\(address.prefix.length) becomes local",
                    location: target.server.location, evidence: [address.evidence.evidence],
                    key: "\(target.host.name)|\(vip)|\(address.interface)")
            }
        }
    }
}
