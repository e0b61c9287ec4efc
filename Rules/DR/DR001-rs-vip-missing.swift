import LVSModel

/// DR001: a DR/TUN real server must hold the VIP as a local address.
public struct RSVIPMissing: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR001", slug: "rs-vip-missing", title: "Real server does not hold the VIP",
        severity: .error, otherSeverities: [.warning], scope: .methods([.dr, .tun]),
        summary: "A DR or TUN real server has no local address equal to the VIP, so it drops the packets the director forwards.",
        needs: [.addresses],
        checks:
            "For every real server whose method is dr or tun, the host's address capture must show the service's VIP on some interface (normally `lo`, or `tunl0` for TUN).",
        mechanism: """
            In direct routing the director does not rewrite the destination address: it only swaps the \
            Ethernet destination for the real server's MAC (TUN wraps the packet in IPIP). The packet reaches \
            the real server still addressed to the VIP. Linux accepts a packet only for an address it owns, so \
            without the VIP configured locally the packet is dropped (or, with ip_forward on, routed away).
            """,
        symptom:
            "Clients hang on connect to this server's share of the traffic; `ipvsadm -Lnc` on the director shows SYN_RECV entries towards it, while health checks to the RIP still pass.",
        fix: RuleFix(
            summary: "Add the VIP to lo as a /32 (/128 for IPv6) on the real server.",
            runtime: ["ip addr add VIP/32 dev lo label lo:100"],
            persistentRHEL: [
                "cat > /etc/sysconfig/network-scripts/ifcfg-lo:100 <<'EOF'\nDEVICE=lo:100\nIPADDR=VIP\nNETMASK=255.255.255.255\nONBOOT=yes\nEOF"
            ],
            persistentDebian: [
                "printf 'auto lo:100\\niface lo:100 inet static\\n    address VIP/32\\n' >> /etc/network/interfaces   # or a netplan/systemd-networkd address on lo"
            ]),
        references: [
            "LVS-HOWTO, LVS-DR: http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.LVS-DR.html",
            "LVS knowledge base, LVS/DR: http://kb.linuxvirtualserver.org/wiki/LVS/DR",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr, .tun]) {
            guard let vip = target.vip else { continue }
            guard let observation = report.require([.addresses], of: target, in: context) else { continue }
            if observation.holds(vip) { continue }
            let (severity, caveat) = observation.absenceCaveat(info.severity)
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "real server \(target.host.name) does not hold VIP \(vip) on any interface; in \(target.server.method.rawValue.uppercased()) mode it drops every packet forwarded to it\(caveat)",
                location: target.server.location, evidence: observation.addressEvidence, severity: severity,
                key: "\(target.host.name)|\(vip)")
        }
    }
}
