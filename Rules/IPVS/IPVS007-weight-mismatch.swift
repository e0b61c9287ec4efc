import LVSModel

/// IPVS007: weights in the table must be the described ones.
public struct WeightMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS007", slug: "weight-mismatch", title: "Weight differs from the description",
        severity: .warning, scope: .all,
        summary: "A real server's weight in the table differs from the description.",
        needs: [.ipvs],
        checks:
            "For each described real server found in a director's table, the Weight column must equal its `weight` (default 1). Weight 0 is left to IPVS010.",
        mechanism: "Weighted schedulers split new connections in proportion to weights; a wrong weight sends a server more or less than its share.",
        symptom: "Uneven load between servers of equal size, or a small server overloaded.",
        fix: RuleFix(
            summary: "Set the weight to the described value (or correct the description).",
            runtime: ["ipvsadm -e -t VIP:PORT -r RIP:PORT -w WEIGHT"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -w, --weight"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard view.entry != nil else { continue }
            for server in view.service.realServers {
                guard let destination = view.destination(for: server),
                    let weight = destination.weight, weight != 0, weight != server.weight
                else { continue }
                report.add(
                    host: view.director.name, service: view.service.label,
                    message: "\(server.address) has weight \(weight) on director \(view.director.name), the description says \(server.weight)",
                    location: server.location, evidence: [destination.evidence.evidence])
            }
        }
    }
}
