import LVSModel

/// IPVS006: the scheduler in the table must be the described one.
public struct SchedulerMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS006", slug: "scheduler-mismatch", title: "Scheduler differs from the description",
        severity: .warning, scope: .all,
        summary: "The scheduler in the table differs from the description (ipvsadm's default is wlc).",
        needs: [.ipvs],
        checks:
            "For each described service in a director's table, the scheduler word after the address must equal the service's `scheduler` (default wlc).",
        mechanism:
            "A service added without -s gets wlc; a copy-pasted command may carry another scheduler. Balancing then differs from what capacity planning assumed; `sh`/`dh`/`mh` also change which client goes where.",
        symptom: "Uneven load, or loss of stickiness after a change, without any error.",
        fix: RuleFix(
            summary: "Edit the service's scheduler.",
            runtime: ["ipvsadm -E -t VIP:PORT -s SCHEDULER"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -s, --scheduler (default wlc)"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard let entry = view.entry, let scheduler = entry.scheduler, scheduler != view.service.scheduler else { continue }
            report.add(
                host: view.director.name, service: view.service.label,
                message:
                    "director \(view.director.name) schedules \(view.service.key) with \(scheduler), the description says \(view.service.scheduler)",
                location: view.service.location, evidence: [entry.evidence.evidence])
        }
    }
}
