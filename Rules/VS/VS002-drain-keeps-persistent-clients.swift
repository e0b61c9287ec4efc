import LVSModel

/// VS002: a weight-0 real server of a persistent service, on a director that keeps templates to it.
public struct DrainKeepsPersistentClients: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS002", slug: "drain-keeps-persistent-clients", title: "Draining by weight 0 keeps persistent clients",
        severity: .warning, scope: .all,
        summary:
            "A persistent service's real server is being drained (weight 0 in the table), and `net.ipv4.vs.expire_quiescent_template` is 0: every client that already has a template keeps being sent to it, so it never drains.",
        needs: [.ipvs, .sysctls],
        checks: """
            On each director whose table and sysctls were captured, every persistent service (`-p`) with a real \
            server of weight 0 is reported when net.ipv4.vs.expire_quiescent_template is 0. When the connection \
            list was captured too, CONN003 reports the templates that really pin clients instead, and this rule \
            says nothing. When the sysctl capture lacks the key (ip_vs was not loaded when it was taken), the \
            check is listed as not done.
            """,
        mechanism: """
            Setting a real server's weight to 0 (`ipvsadm -e … -w 0`, keepalived's inhibit_on_failure) stops the \
            scheduler from choosing it for new clients. A persistent service does not ask the scheduler for a \
            client that already has a template: ip_vs_sched_persist() finds the template and sends the new \
            connection to the server it names. ip_vs_check_template() only invalidates a template to a weight-0 \
            server when expire_quiescent_template is 1; with 0 (the default) each connection renews the template, \
            so a client that keeps coming back within the persistence timeout is pinned to the drained server \
            indefinitely.
            """,
        symptom:
            "A server taken out of rotation with weight 0 still receives new connections (ActiveConn never falls to 0), long after the persistence timeout; maintenance waits for ever.",
        fix: .sysctl(
            "Set net.ipv4.vs.expire_quiescent_template = 1 on the director (and persist it) before draining by weight.",
            "net.ipv4.vs.expire_quiescent_template", 1),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: expire_quiescent_template",
            "Linux net/netfilter/ipvs/ip_vs_conn.c: ip_vs_check_template()",
            "Linux net/netfilter/ipvs/ip_vs_core.c: ip_vs_sched_persist()",
        ],
        readsSysctls: ["net.ipv4.vs.expire_quiescent_template"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for director in context.cluster.hosts where director.roles.contains(.director) {
            // The table first: only a drain in a persistent service makes the setting matter (the
            // IPVS rules say when the table itself is missing).
            guard let table = context.observations[director.name]?.ipvs else { continue }
            let drained = table.services.filter { $0.persistence != nil }.flatMap { service in
                service.destinations.filter { $0.weight == 0 }.map { (service, $0) }
            }
            guard !drained.isEmpty, let observation = report.require([.sysctls], of: director.name, in: context) else { continue }
            // The connection list shows whether templates really pin clients: CONN003's finding.
            if observation.has(.ipvsActivity) { continue }
            guard let setting = observation.sysctls["net.ipv4.vs.expire_quiescent_template"] else {
                report.notChecked(
                    host: director.name,
                    reason:
                        "a persistent service drains a weight-0 server, and the sysctl capture lacks net.ipv4.vs.expire_quiescent_template (ip_vs was not loaded when it was taken, or the capture is partial)",
                    missing: .sysctls)
                continue
            }
            guard setting.intValue == 0 else { continue }
            for (service, destination) in drained {
                let described = context.cluster.services.first { $0.key == service.key }
                report.add(
                    host: director.name, service: described?.label,
                    message:
                        "director \(director.name) drains \(destination.address):\(destination.port) of persistent \(service.key) (weight 0, persistence \(service.persistence ?? 0) s), but net.ipv4.vs.expire_quiescent_template = \(setting.value): clients that have a template keep being sent to it",
                    location: described?.location ?? director.location,
                    evidence: [destination.evidence.evidence, service.evidence.evidence, setting.evidence.evidence],
                    key: "\(director.name)|\(service.key)|\(destination.address)|\(destination.port)",
                    identity: "\(service.key)|\(destination.address):\(destination.port)")
            }
        }
    }
}
