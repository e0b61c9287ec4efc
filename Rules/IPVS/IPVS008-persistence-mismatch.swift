import LVSModel

/// IPVS008: persistence in the table must be the described one.
public struct PersistenceMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS008", slug: "persistence-mismatch", title: "Persistence differs from the description",
        severity: .warning, scope: .all,
        summary: "The persistence timeout differs from the description (ipvsadm -p alone means 300 s, keepalived's default is 360 s).",
        needs: [.ipvs],
        checks:
            "For each described service in a director's table, `persistent N` must be present exactly when the description gives `persistence`, with the same number of seconds.",
        mechanism:
            "Persistence pins a client to one real server for N seconds after its last connection. Missing persistence breaks applications that keep session state on the server (and FTP, SSL session reuse); unwanted or overlong persistence skews load towards servers that happened to get large client networks.",
        symptom: "Users logged out at random or carts emptied (missing persistence); one server much busier than the others (unwanted persistence).",
        fix: RuleFix(
            summary: "Edit the service's persistence.",
            runtime: ["ipvsadm -E -t VIP:PORT -s SCHEDULER -p SECONDS   # omit -p to remove persistence"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -p, --persistent (default 300 seconds)", "keepalived.conf(5): persistence_timeout (default 6 minutes)"],
        comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard let entry = view.entry, entry.persistence != view.service.persistence else { continue }
            let live = entry.persistence.map { "persistent \($0) s" } ?? "not persistent"
            let described = view.service.persistence.map { "persistence \($0) s" } ?? "no persistence"
            report.add(
                host: view.director.name, service: view.service.label,
                message: "\(view.service.key) is \(live) on director \(view.director.name), the description says \(described)",
                location: view.service.location, evidence: [entry.evidence.evidence])
        }
    }
}
