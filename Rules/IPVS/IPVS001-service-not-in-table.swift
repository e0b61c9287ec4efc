import LVSModel

/// IPVS001: every described service must be in each director's table.
public struct ServiceNotInTable: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS001", slug: "service-not-in-table", title: "Described service missing from the IPVS table",
        severity: .error, scope: .all,
        summary: "A described service is missing from a director's IPVS table.",
        needs: [.ipvs],
        checks:
            "Each service (protocol, VIP, port — or fwmark) must appear in the `ipvsadm -Ln` capture of every director of the service. When a bundle copied the director's configuration, the finding names the cause: saved rules that hold the service but were not loaded (ipvsadm.service disabled or failed, Debian's AUTO not true), no saved rules at all, or keepalived not running; the fix re-adds the service with this cluster's values and saves it for RHEL and Debian.",
        mechanism:
            "Without an IPVS service the director's kernel treats packets to the VIP as local traffic: they reach whatever listens on the director itself, usually nothing.",
        symptom: "The VIP answers ping and ARP but TCP connections are refused (RST) or UDP gets ICMP port unreachable.",
        fix: RuleFix(
            summary: "Add the service, then save the table so it is restored at boot.",
            runtime: ["ipvsadm -A -t VIP:PORT -s SCHEDULER", "ipvsadm -a -t VIP:PORT -r RIP:PORT -g -w 1"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules; set AUTO=\"true\" in /etc/default/ipvsadm"]),
        references: ["ipvsadm(8): -A, --add-service"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context) where view.entry == nil {
            var evidence =
                view.table.services.isEmpty
                ? view.table.headers.map(\.evidence)
                : view.table.services.prefix(6).map(\.evidence.evidence)
            var message: Message =
                "\(view.service.key) is not in the IPVS table of director \(view.director.name)\(view.table.services.isEmpty ? " (the table is empty)" : "" as Message)"
            // After a reboot the cause is what an audit needs first: what should have restored it.
            if let observation = context.observations[view.director.name], let cause = TableLoss.cause(of: observation, service: view.service.key) {
                message += ". Cause: \(cause.text)"
                evidence += cause.evidence
            }
            let fix = TableLoss.fix(view.service, director: view.director.name)
            report.add(
                host: view.director.name, service: view.service.label, message: message,
                location: view.service.location, evidence: unique(evidence), fix: fix.isEmpty ? nil : fix)
        }
        unknownServices(context, &report)
    }

    /// A director of an inferred description known by its signs alone: its empty table is
    /// the finding, with its cause, although no service says what it should hold.
    func unknownServices(_ context: CheckContext, _ report: inout RuleReport) {
        for (name, vips) in context.servicesUnknown.sorted(by: { $0.key < $1.key }) {
            guard let director = context.cluster.host(named: name), let observation = report.require([.ipvs], of: name, in: context),
                let table = observation.ipvs, table.services.isEmpty
            else { continue }
            let held = vips.map(\.description).joined(separator: ", ")
            var message: Message =
                "the IPVS table of director \(name) is empty, and nothing captured says what it should hold"
                + (vips.isEmpty ? "" : " (\(held) look\(vips.count == 1 ? "s" : "") like its VIP\(vips.count == 1 ? "" : "s"), with no service)")
            var evidence = table.headers.map(\.evidence)
            if let cause = TableLoss.cause(of: observation, service: nil) {
                message += ". Cause: \(cause.text)"
                evidence += cause.evidence
            }
            let servers = context.cluster.hosts.filter { $0.roles.contains(.realServer) && $0.name != name }.compactMap(\.address)
            report.add(
                host: name, service: nil, message: message, location: director.location, evidence: unique(evidence),
                fix: TableLoss.fix(vip: vips.first, realServers: servers, director: name))
        }
    }
}
