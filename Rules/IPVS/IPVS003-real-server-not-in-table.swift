import LVSModel

/// IPVS003: every described real server must be a destination of its service.
public struct RealServerNotInTable: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS003", slug: "real-server-not-in-table", title: "Described real server missing from the table",
        severity: .warning, scope: .all,
        summary: "A described real server is missing from the table.",
        needs: [.ipvs],
        checks:
            "For each service present in a director's table, each described real server must be one of its destinations (DR/TUN and fwmark match by address, since ipvsadm rewrites their port; NAT by address and port).",
        mechanism:
            "The server receives no traffic: capacity is lost. If a health checker (keepalived) removed it, it is down; if not, it was never added or was deleted by hand.",
        symptom: "One server idle while the others carry its share; after more failures the service overloads.",
        fix: RuleFix(
            summary: "Add the real server (or find out why the health checker removed it).",
            runtime: ["ipvsadm -a -t VIP:PORT -r RIP:PORT -g -w WEIGHT"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -a, --add-server"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context) {
            guard let entry = view.entry, !report.hasUnresolvedDestinations(view) else { continue }
            for server in view.service.realServers where view.destination(for: server) == nil {
                report.add(
                    host: view.director.name, service: view.service.label,
                    message:
                        "real server \(server.host ?? server.address.description) (\(server.address)) is not a destination of \(view.service.key) on director \(view.director.name)",
                    location: server.location, evidence: [entry.evidence.evidence] + entry.destinations.map(\.evidence.evidence))
            }
        }
    }
}
