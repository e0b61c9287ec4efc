import LVSModel

/// IPVS012: NAT connections that never see a reply are replies taking another path.
public struct NATRepliesMissing: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS012", slug: "nat-replies-missing", title: "NAT connections stuck in SYN_RECV",
        severity: .warning, scope: .methods([.nat]),
        summary: "`ipvsadm -Lnc` shows connections to a `Masq` destination stuck in `SYN_RECV`: its replies bypass the director (NAT002's symptom).",
        needs: [.ipvsActivity],
        checks: """
            On each director whose connection list was captured (`ipvsadm -Lnc`, /proc/net/ip_vs_conn), the TCP \
            entries of a NAT destination (Masq in the director's table, or a nat real server of the service when \
            the table was not captured) must not all be in SYN_RECV: a destination with SYN_RECV entries and no \
            ESTABLISHED one has never had a reply pass back through the director. Judged from the director \
            alone, so it speaks even when the real server's own captures are missing. Directors without a \
            connection capture are not judged (the capture is optional).
            """,
        mechanism: """
            IPVS moves a NAT connection from SYN_RECV to ESTABLISHED when the real server's SYN-ACK comes back \
            through the director, which rewrites its source to the VIP. When the real server routes its replies \
            elsewhere (a default route to another router, an ICMP redirect it learned, a second interface), the \
            director never sees them: every connection it forwards to that server stays in SYN_RECV until it \
            times out, while the client receives a SYN-ACK from the RIP it never contacted and resets.
            """,
        symptom:
            "Clients hang or get resets for the share of connections scheduled to that real server; `ipvsadm -Lnc` on the director lists them in SYN_RECV, and ActiveConn stays 0 for that destination.",
        fix: RuleFix(
            summary: "Make the real server's replies return through the director (see NAT002): its default route via the director's inside address.",
            runtime: [
                "ip route get CLIENT_IP   # on the real server: the reply's next hop must be the director",
                "ip route replace default via DIRECTOR_INSIDE_IP   # on the real server",
                "lvslint explain NAT002",
            ],
            persistentRHEL: ["GATEWAY=DIRECTOR_INSIDE_IP in the real server's ifcfg file (nmcli con mod ethX ipv4.gateway DIRECTOR_INSIDE_IP)"],
            persistentDebian: ["gateway DIRECTOR_INSIDE_IP in the real server's /etc/network/interfaces, or routes: in netplan"]),
        references: [
            "Linux net/netfilter/ipvs/ip_vs_proto_tcp.c: TCP state table (SYN_RECV until the reply's SYN-ACK passes the director)",
            "ipvsadm(8): -c, --connection (list the connections)",
            "ipvsadm(8) Example 1: \"the default route of the real servers must be set to the linux director\"",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for (director, observation) in report.directorsWithConnections(context) {
            for found in StuckConnections.find(on: director, observation, context, methods: [.nat]) {
                let (destination, port, count) = (found.destination, found.port, found.count)
                guard let first = found.samples.first else { continue }
                let server = context.cluster.hosts.first { $0.address == destination }
                let service = context.cluster.services.first { $0.vip == first.virtual }
                // The fix is NAT002's, written with this real server and the director's address.
                var fix: [Message]?
                if let service, let described = service.realServers.first(where: { $0.address == destination }),
                    let host = context.host(of: described)
                {
                    fix = NATReturnRoute.fix(
                        for: RealServerTarget(service: service, server: described, host: host), device: nil,
                        directors: context.cluster.directors(of: service), context)
                }
                report.add(
                    host: director.name, service: service?.label,
                    message:
                        "\(count) connection\(count == 1 ? "" : "s") through director \(director.name) to NAT real server \(server?.name ?? "\(destination)") (\(destination):\(port)) \(count == 1 ? "is" : "are") stuck in SYN_RECV and none is ESTABLISHED: its replies do not come back through the director (see NAT002: `lvslint explain NAT002`)",
                    location: service?.realServers.first { $0.address == destination }?.location ?? service?.location ?? director.location,
                    evidence: found.samples.map(\.evidence.evidence), key: "\(director.name)|\(found.key)",
                    fix: fix, identity: "\(destination):\(port)")
            }
        }
    }
}
