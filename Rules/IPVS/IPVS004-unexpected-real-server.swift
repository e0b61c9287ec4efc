import LVSModel

/// IPVS004: a table destination the description does not list.
public struct UnexpectedRealServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS004", slug: "unexpected-real-server", title: "Table has a real server the description lacks",
        severity: .warning, scope: .all,
        summary: "The table has a real server the description lacks.",
        needs: [.ipvs],
        checks: "Each destination of a described service in a director's table must be one of the service's described real servers.",
        mechanism: "Traffic goes to a machine nobody expects to serve it: a decommissioned host, a typo, or a test box.",
        symptom: "A share of clients sees old content, errors or timeouts.",
        fix: RuleFix(
            summary: "Delete the destination (and save), or add it to the description.",
            runtime: ["ipvsadm -d -t VIP:PORT -r RIP:PORT"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -d, --delete-server"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context) {
            guard let entry = view.entry else { continue }
            for destination in entry.destinations where view.server(for: destination) == nil {
                report.add(
                    host: view.director.name, service: view.service.label,
                    message:
                        "director \(view.director.name) sends \(view.service.key) traffic to \(destination.address):\(destination.port), which the description does not list",
                    location: view.service.location, evidence: [destination.evidence.evidence])
            }
        }
    }
}
