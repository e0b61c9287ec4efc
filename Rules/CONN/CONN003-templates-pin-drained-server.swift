import LVSModel

/// CONN003: persistence templates that keep sending their clients to a real server of weight 0.
public struct TemplatesPinDrainedServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CONN003", slug: "templates-pin-drained-server", title: "Persistence templates pin clients to a drained real server",
        severity: .warning, scope: .all,
        summary:
            "`ipvsadm -Lnc` shows persistence templates to a real server whose weight is 0: their clients' new connections still go to the server being drained, until the templates expire.",
        needs: [.ipvs, .ipvsActivity],
        checks: """
            On each director whose table and connection list were both captured, the persistence templates \
            (entries in state NONE) of a persistent service must not point to a destination the table gives weight \
            0, unless `net.ipv4.vs.expire_quiescent_template` is 1. A template to a destination the table no longer \
            lists is not reported: the kernel expires such a template the next time its client connects.
            """,
        mechanism: """
            With persistence (`ipvsadm -p`), IPVS keeps a template per client (per client network with a netmask) \
            that names the real server its connections go to, and renews it while the client keeps connecting. \
            Setting a server's weight to 0 stops new clients from being scheduled to it, not clients that already \
            have a template: ip_vs_check_template() expires a template to a weight-0 server only when \
            expire_quiescent_template is 1 (the default is 0). So a drained server keeps receiving the new \
            connections of its persistent clients for as long as they keep coming back.
            """,
        symptom:
            "A real server set to weight 0 for maintenance never drains: ActiveConn stays above 0 and new connections keep arriving from the same clients, long after the persistence timeout.",
        fix: .sysctl(
            "Set net.ipv4.vs.expire_quiescent_template = 1 so that templates to a weight-0 server are dropped at their client's next connection (or wait for them to expire).",
            "net.ipv4.vs.expire_quiescent_template", 1),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: expire_quiescent_template",
            "Linux net/netfilter/ipvs/ip_vs_conn.c: ip_vs_check_template()",
            "ipvsadm(8): -p, --persistent; -c, --connection",
        ],
        readsSysctls: ["net.ipv4.vs.expire_quiescent_template"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for (director, observation) in report.directorsWithConnections(context, needing: [.ipvs, .ipvsActivity]) {
            guard let table = observation.ipvs else { continue }
            let expire = observation.sysctls["net.ipv4.vs.expire_quiescent_template"]
            if let expire, expire.intValue != 0 { continue }
            // Per service and drained destination: the templates that pin clients to it.
            struct Pinned {
                var connection: IPVSConnection
                var service: IPVSService
                var destination: IPVSDestination
                var count: Int
            }
            var counted: [ConnectionPathKey: Pinned] = [:]
            var order: [ConnectionPathKey] = []
            for path in observation.pathSummaries where path.templates > 0 {
                // A template of a persistent port-0 service carries the port of the connection
                // that made it; it belongs to the service of its protocol and address.
                guard let connection = path.templateSample,
                    let service = table.services.first(where: { entry in
                        guard case let .address(transport, vip, port) = entry.key else { return false }
                        return transport == path.key.transport && vip == path.virtual && (port == path.virtualPort || port == 0)
                    }),
                    let destination = service.destinations.first(where: { $0.address == path.destination && $0.port == path.destinationPort }),
                    destination.weight == 0,
                    let key = ConnectionPathKey(service: service.key, destination: destination.address, port: destination.port)
                else { continue }
                if counted[key] != nil {
                    counted[key]?.count += path.templates
                } else {
                    counted[key] = Pinned(connection: connection, service: service, destination: destination, count: path.templates)
                    order.append(key)
                }
            }
            for key in order {
                guard let found = counted[key] else { continue }
                let target = "\(found.destination.address):\(found.destination.port)"
                var message: Message =
                    "\(found.count) persistence template\(found.count == 1 ? "" : "s") on director \(director.name) pin\(found.count == 1 ? "s" : "") clients of \(found.service.key) to \(target), whose weight is 0: their new connections still go there"
                var evidence = [found.connection.evidence.evidence, found.destination.evidence.evidence]
                if let expire {
                    message += " (expire_quiescent_template = \(expire.value))"
                    evidence.append(expire.evidence.evidence)
                } else {
                    message += " (expire_quiescent_template was not captured; its default is 0)"
                }
                let described = context.cluster.services.first { $0.key == found.service.key }
                report.add(
                    host: director.name, service: described?.label, message: message,
                    location: described?.location ?? director.location, evidence: evidence,
                    key: "\(director.name)|\(found.service.key)|\(found.destination.address)|\(found.destination.port)",
                    identity: "\(found.service.key)|\(target)")
            }
        }
    }
}
