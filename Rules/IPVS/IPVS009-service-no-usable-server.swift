import LVSModel

/// IPVS009: a service needs at least one real server with weight above 0.
public struct ServiceNoUsableServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS009", slug: "service-no-usable-server", title: "Service has no usable real server",
        severity: .error, scope: .all,
        summary: "A service in the table has no real server with weight > 0.",
        needs: [.ipvs],
        checks: "Each described service present in a director's table must have at least one destination whose weight is above 0.",
        mechanism:
            "The scheduler skips weight-0 (quiesced) servers for new connections; with none left it finds no destination and the kernel drops or resets the new connection (\"no destination available\").",
        symptom: "Every new connection to the VIP fails while established ones continue until they end.",
        fix: RuleFix(
            summary: "Give at least one healthy server a positive weight (or add one).",
            runtime: ["ipvsadm -e -t VIP:PORT -r RIP:PORT -w 1"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): \"A quiescent server will receive no new jobs\""], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard let entry = view.entry else { continue }
            // A destination printed with a name still counts: its weight is known.
            guard !(entry.destinations + entry.pendingDestinations).contains(where: { ($0.weight ?? 0) > 0 }) else { continue }
            let why: Message =
                (entry.destinations + entry.pendingDestinations).isEmpty ? "has no real servers" : "has only real servers with weight 0"
            report.add(
                host: view.director.name, service: view.service.label,
                message: "\(view.service.key) on director \(view.director.name) \(why): new connections get no server",
                location: view.service.location, evidence: [entry.evidence.evidence] + entry.destinations.map(\.evidence.evidence))
        }
    }
}
