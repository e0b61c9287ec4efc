import LVSModel

/// IPVS010: a weight-0 real server takes no new connections.
public struct QuiescedServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS010", slug: "quiesced-server", title: "Real server quiesced (weight 0)",
        severity: .note, scope: .all,
        summary: "A real server has weight 0 in the table.",
        needs: [.ipvs],
        checks:
            "Reports each destination with weight 0 in a service that still has other usable servers (when none is usable, IPVS009 reports the service).",
        mechanism:
            "Weight 0 drains a server: existing connections continue, new ones go elsewhere. Fine during maintenance, a capacity loss when forgotten; keepalived sets it with inhibit_on_failure when the health check fails.",
        symptom: "One server idle; the others carry its share.",
        fix: RuleFix(
            summary: "Restore the weight when maintenance is over (or fix the failing health check).",
            runtime: ["ipvsadm -e -t VIP:PORT -r RIP:PORT -w WEIGHT"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -w, --weight", "keepalived.conf(5): inhibit_on_failure"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard let entry = view.entry, entry.destinations.contains(where: { ($0.weight ?? 0) > 0 }) else { continue }
            for destination in entry.destinations where destination.weight == 0 {
                let location = view.server(for: destination)?.location ?? view.service.location
                report.add(
                    host: view.director.name, service: view.service.label,
                    message: "\(destination.address):\(destination.port) has weight 0 on director \(view.director.name): it takes no new connections",
                    location: location, evidence: [destination.evidence.evidence])
            }
        }
    }
}
