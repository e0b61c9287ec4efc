import LVSModel

/// NAT002: a NAT real server's replies must go back through a director.
public struct RSReturnPath: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT002", slug: "rs-return-path", title: "NAT real server's replies bypass the director",
        severity: .error, scope: .methods([.nat]),
        summary: "A NAT real server's default route does not go through a director address: replies bypass the director un-NATed and clients reset.",
        needs: [.routes],
        checks:
            "The real server's best default route (of the VIP's family) must point at an address held by a director of the service (its inside address, or a floating address it holds). Judged when the directors' addresses were captured.",
        mechanism: """
            The director rewrote the client's packet to the RIP; only the director can rewrite the reply's \
            source back to the VIP. If the real server sends the reply to another router, it reaches the client \
            with source RIP: the client never sent anything to the RIP, so it discards the packet or answers \
            with a reset.
            """,
        symptom:
            "Connections hang at SYN-SENT on clients while the real server logs the request; `ipvsadm -Lnc` shows SYN_RECV; tcpdump on the client shows SYN-ACKs from the RIP.",
        fix: RuleFix(
            summary: "Route the real server's replies through the director: default route via the director's inside (floating) address.",
            runtime: ["ip route replace default via DIRECTOR_INSIDE_IP   # on the real server"],
            persistentRHEL: ["GATEWAY=DIRECTOR_INSIDE_IP in /etc/sysconfig/network-scripts/ifcfg-ethX (nmcli con mod ethX ipv4.gateway …)"],
            persistentDebian: ["gateway DIRECTOR_INSIDE_IP in /etc/network/interfaces, or routes: in netplan"]),
        references: [
            "ipvsadm(8) Example 1: \"the default route of the real servers must be set to the linux director\"",
            "Ultra Monkey: \"The return path for packets must be through the active linux-director\"",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            guard let observation = report.require([.routes], of: target, in: context) else { continue }
            let directors = context.cluster.directors(of: target.service)
            let names = Set(directors.map(\.name))
            let family = target.server.address.family
            guard let route = observation.bestDefaultRoute(family: family) else {
                report.add(
                    host: target.host.name, service: target.service.label,
                    message: "NAT real server \(target.host.name) has no default route: its replies to clients cannot go back through the director",
                    location: target.server.location, evidence: observation.routes.prefix(4).map(\.evidence.evidence),
                    key: "\(target.host.name)|\(family)")
                continue
            }
            guard let gateway = route.gateway?.address else {
                if route.gateway == nil {
                    report.add(
                        host: target.host.name, service: target.service.label,
                        message:
                            "NAT real server \(target.host.name) sends its replies straight out of \(route.device ?? "an interface") with no gateway, not through a director",
                        location: target.server.location, evidence: [route.evidence.evidence], key: "\(target.host.name)|\(family)")
                }
                continue
            }
            if context.addressIndex[gateway].contains(where: { names.contains($0.host) }) { continue }
            // Only a director whose addresses were seen can be ruled out.
            let unseen = directors.filter { context.observations[$0.name]?.has(.addresses) != true }
            if !unseen.isEmpty {
                report.notChecked(
                    host: target.host.name,
                    reason: "directors \(unseen.map(\.name).joined(separator: ", ")) have no address capture, so \(gateway) may be theirs",
                    missing: .addresses)
                continue
            }
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "NAT real server \(target.host.name) sends its replies via \(gateway), which no director of \(target.service.label) holds: clients get them from \(target.server.address), not the VIP, and reset",
                location: target.server.location, evidence: [route.evidence.evidence], key: "\(target.host.name)|\(family)",
                fix: NATReturnRoute.fix(for: target, device: route.device, directors: directors, context))
        }
    }
}
