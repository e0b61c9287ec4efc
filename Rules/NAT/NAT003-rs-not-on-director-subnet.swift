import LVSModel

/// NAT003: some director should be on the real server's subnet.
public struct RSNotOnDirectorSubnet: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT003", slug: "rs-not-on-director-subnet", title: "NAT real server not on a director's subnet",
        severity: .warning, scope: .methods([.nat]),
        summary: "No director has a connected route covering the NAT real server.",
        needs: [.routes],
        checks:
            "At least one director of the service must reach the real server's address through a connected route (same subnet). Judged when every director's routes were captured.",
        mechanism:
            "With a router between director and real server, the return path depends on that router and the real server's gateway choices; nothing guarantees that replies come back through the director, and the real server cannot point its default route at the director directly.",
        symptom: "Works until routing changes somewhere in between; then replies bypass the director (see NAT002) and clients reset.",
        fix: RuleFix(
            summary:
                "Give the director an interface in the real servers' subnet (the usual NAT layout), or make sure the routers send the replies back through it.",
            runtime: ["ip addr add DIP/NN dev ethX   # on the director, in the real servers' subnet"],
            persistentRHEL: ["add the address in /etc/sysconfig/network-scripts/ifcfg-ethX or nmcli"],
            persistentDebian: ["add the address in /etc/network/interfaces or netplan"]),
        references: ["Red Hat Load Balancer Administration, LVS NAT topology (real servers on a private network behind the router)"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            let directors = context.cluster.directors(of: target.service)
            var observations: [HostObservation] = []
            for director in directors {
                if let o = report.require([.routes], of: director.name, in: context) { observations.append(o) }
            }
            guard !directors.isEmpty, observations.count == directors.count else { continue }
            let address = target.server.address
            if observations.contains(where: { $0.route(to: address)?.isConnected == true }) { continue }
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "no director of \(target.service.label) is on the subnet of NAT real server \(address); its replies depend on routers in between",
                location: target.server.location, evidence: observations.compactMap { $0.route(to: address)?.evidence.evidence },
                key: "\(target.host.name)|\(address)")
        }
    }
}
