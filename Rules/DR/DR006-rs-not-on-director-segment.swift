import LVSModel

/// DR006: in DR the director must reach each real server on a connected route.
public struct RSNotOnDirectorSegment: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR006", slug: "rs-not-on-director-segment", title: "Real server not on the director's segment",
        severity: .error, scope: .methods([.dr]),
        summary: "A director's longest-prefix route to a DR real server is not a connected route: DR rewrites MACs and needs one L2 segment.",
        needs: [.routes],
        checks:
            "On each director of a service, the route chosen for each dr real server's address (longest prefix, then lowest metric, main table) must be connected: no `via`, a device given.",
        mechanism: """
            A DR director forwards a packet by changing only its destination MAC to the real server's MAC; \
            the IP header still says VIP. That works only when the real server is on the same Ethernet segment \
            as the director's interface. When the route to the RIP goes via a gateway, the frame goes to the \
            gateway's MAC instead, and the gateway routes it by its destination, the VIP, straight back to the \
            director or drops it.
            """,
        symptom:
            "Connections to this real server time out; traceroute from the director to the RIP shows a hop; packets loop between director and gateway until their TTL expires.",
        fix: RuleFix(
            summary: "Put the real server on a segment the director has an interface on, or use TUN (IPIP) for remote real servers.",
            runtime: [
                "ip addr add DIP/NN dev ethX   # on the director, an address in the real server's subnet",
                "ipvsadm -e -t VIP:PORT -r RIP:PORT -i   # or switch that server to tunnelling",
            ],
            persistentRHEL: [
                "add the address to /etc/sysconfig/network-scripts/ifcfg-ethX, or save the changed table with `ipvsadm-save -n > /etc/sysconfig/ipvsadm`"
            ],
            persistentDebian: ["add the address in /etc/network/interfaces or netplan, or save the table with `ipvsadm-save -n > /etc/ipvsadm.rules`"]
        ),
        references: [
            "LVS knowledge base, LVS/DR: http://kb.linuxvirtualserver.org/wiki/LVS/DR",
            "Red Hat EL4 Virtual Server Administration, 3.2 LVS via Direct Routing",
            "ipvsadm(8): -g, --gatewaying",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr]) {
            let address = target.serverAddress
            for position in target.directorPositions(in: context) {
                guard let observation = report.require([.routes], ofHostAt: Int(position), in: context) else { continue }
                // A real server that is the director itself is served locally.
                if observation.holds(address) { continue }
                let director = context.cluster.hosts[Int(position)].name
                guard let route = observation.route(to: address) else {
                    report.add(
                        host: director, service: target.service.label,
                        message: "director \(director) has no route to real server \(address); DR needs it on a directly connected segment",
                        location: target.server.location, evidence: observation.routes.prefix(4).map(\.evidence.evidence),
                        key: "\(director)|\(address)")
                    continue
                }
                guard !route.isConnected else { continue }
                let how: Message = route.gateway.map { "via \($0)" } ?? "a \(route.type) route"
                report.add(
                    host: director, service: target.service.label,
                    message:
                        "director \(director) reaches real server \(address) \(how), not on a connected segment: DR only rewrites the MAC, so the packet goes to the gateway still addressed to the VIP",
                    location: target.server.location, evidence: [route.evidence.evidence],
                    key: "\(director)|\(address)")
            }
        }
    }
}
