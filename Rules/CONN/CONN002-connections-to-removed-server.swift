import LVSModel

/// CONN002: connections still bound to a real server the director's table no longer lists.
public struct ConnectionsToRemovedServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CONN002", slug: "connections-to-removed-server", title: "Connections to a real server no longer in the table",
        severity: .warning, scope: .all,
        summary:
            "`ipvsadm -Lnc` shows ESTABLISHED connections of a service to a real server its table no longer lists: they are still forwarded there (or, with expire_nodest_conn = 1, dropped) until they time out.",
        needs: [.ipvs, .ipvsActivity],
        checks: """
            On each director whose table and connection list were both captured, every ESTABLISHED TCP entry of a \
            service the table lists must go to a destination of that service. An entry to a destination the table \
            no longer has is reported once per destination, with `net.ipv4.vs.expire_nodest_conn` when the sysctls \
            show it. Entries of a service the table does not list are IPVS001's or IPVS002's concern, not this rule's.
            """,
        mechanism: """
            Removing a real server (`ipvsadm -d`, a health checker taking it out) removes it from scheduling, not \
            its connections: the kernel keeps forwarding their packets to it. With expire_nodest_conn = 0 (the \
            default) they live until they time out (15 minutes for an idle ESTABLISHED TCP entry); with 1 the \
            next packet of each is dropped and the entry expired, so clients see a reset or a hang.
            """,
        symptom:
            "After a real server was taken out (maintenance, a failed health check) some clients keep reaching it, or hang, for up to the TCP timeout; its connections still show in `ipvsadm -Lnc`.",
        fix: RuleFix(
            summary:
                "Drain before removing (weight 0, wait for the connections to end), or set net.ipv4.vs.expire_nodest_conn = 1 so that a removed server's connections end at once.",
            runtime: [
                "ipvsadm -e -t VIP:PORT -r RIP:PORT -w 0   # drain first: no new connections, the old ones finish",
                "sysctl -w net.ipv4.vs.expire_nodest_conn=1   # or: drop a removed server's connections on their next packet",
            ],
            persistentRHEL: ["printf 'net.ipv4.vs.expire_nodest_conn = 1\\n' > /etc/sysctl.d/90-ipvs.conf"],
            persistentDebian: ["printf 'net.ipv4.vs.expire_nodest_conn = 1\\n' > /etc/sysctl.d/90-ipvs.conf"]),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: expire_nodest_conn",
            "ipvsadm(8): -d, --delete-server; -c, --connection",
        ],
        readsSysctls: ["net.ipv4.vs.expire_nodest_conn"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for (director, observation) in report.directorsWithConnections(context, needing: [.ipvs, .ipvsActivity]) {
            guard let table = observation.ipvs else { continue }
            for path in observation.pathSummaries where path.isTCP && path.established > 0 {
                let (vip, vport, destination, port, count) = (
                    path.virtual, path.virtualPort, path.destination, path.destinationPort, path.established
                )
                guard let connection = path.establishedSample,
                    let service = table.services.first(where: { $0.key == .address(protocol: .tcp, vip: vip, port: vport) }),
                    !service.destinations.contains(where: { $0.address == destination && $0.port == port }),
                    service.pendingDestinations.isEmpty
                else { continue }
                var message: Message =
                    "\(count) ESTABLISHED connection\(count == 1 ? "" : "s") of \(service.key) on director \(director.name) still go\(count == 1 ? "es" : "") to \(destination):\(port), which its table no longer lists"
                var evidence = [connection.evidence.evidence, service.evidence.evidence]
                if let expire = observation.sysctls["net.ipv4.vs.expire_nodest_conn"] {
                    message +=
                        expire.intValue == 0
                        ? ": with expire_nodest_conn = 0 they are forwarded there until they time out"
                        : ": with expire_nodest_conn = \(expire.value) their next packets are dropped"
                    evidence.append(expire.evidence.evidence)
                }
                let described = context.cluster.services.first { $0.key == service.key }
                report.add(
                    host: director.name, service: described?.label, message: message,
                    location: described?.location ?? director.location, evidence: evidence,
                    key: "\(director.name)|\(vip)|\(vport)|\(destination)|\(port)", identity: "\(service.key)|\(destination):\(port)")
            }
        }
    }
}
