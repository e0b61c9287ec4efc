import LVSModel

/// CONN001: DR/TUN connections that never leave SYN_RECV: the real server's replies do not reach the client.
public struct DRConnectionsStuck: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CONN001", slug: "dr-connections-stuck", title: "DR/TUN connections stuck in SYN_RECV",
        severity: .warning, scope: .methods([.dr, .tun]),
        summary:
            "`ipvsadm -Lnc` shows connections to a Route or Tunnel destination stuck in SYN_RECV and none ESTABLISHED: the real server's replies never reach the clients.",
        needs: [.ipvsActivity],
        checks: """
            On each director whose connection list was captured (`ipvsadm -Lnc`, /proc/net/ip_vs_conn), the TCP \
            entries of a DR or TUN destination (Route or Tunnel in the director's table, or a dr/tun real server of \
            the service when the table was not captured) must not all be in SYN_RECV: a destination with SYN_RECV \
            entries and no ESTABLISHED one has never completed a handshake. The finding names what the real \
            server's own captures show about why (the VIP missing from it), or points at the \
            rules that judge it. Directors without a connection capture are not judged (the capture is optional).
            """,
        mechanism: """
            In DR and TUN the director sees only the client's half of a connection: the real server answers the \
            client directly. IPVS moves an entry from SYN_RECV to ESTABLISHED when the client's third packet (the \
            ACK of the real server's SYN-ACK) arrives. If the real server drops the forwarded SYN (the VIP is not \
            on it, rp_filter on its tunnel, a firewall) or its SYN-ACK never reaches the client (a route, a \
            gateway that drops packets from the VIP), the client never sends that ACK, and every connection the \
            director schedules to that server stays in SYN_RECV until it times out.
            """,
        symptom:
            "A share of the clients (those scheduled to one real server) hang at connect; `ipvsadm -Ln` shows InActConn growing and ActiveConn 0 for that destination; `ipvsadm -Lnc` lists its entries in SYN_RECV.",
        fix: RuleFix(
            summary:
                "Make the real server accept the VIP's packets and answer from the VIP: the VIP on lo (DR) or on tunl0 (TUN), ARP suppression, rp_filter, and a route back to the clients.",
            runtime: [
                "ip addr show to VIP   # on the real server: the VIP must be there (lo for DR, tunl0 for TUN)",
                "tcpdump -ni any host VIP and port PORT   # on the real server: SYNs in, SYN-ACKs out?",
                "lvslint explain DR001; lvslint explain TUN001; lvslint explain TUN002",
            ],
            persistentRHEL: ["see the rule that names the cause (DR001, TUN001, TUN002, FW001, DR008)"],
            persistentDebian: ["see the rule that names the cause (DR001, TUN001, TUN002, FW001, DR008)"]),
        references: [
            "Linux net/netfilter/ipvs/ip_vs_proto_tcp.c: tcp_states for IP_VS_DIR_INPUT_ONLY (DR/TUN: only the client's packets pass the director)",
            "ipvsadm(8): -c, --connection (list the connections)",
            "LVS-HOWTO, LVS-DR: the real server replies to the client directly",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for (director, observation) in report.directorsWithConnections(context) {
            for found in StuckConnections.find(on: director, observation, context, methods: [.dr, .tun]) {
                let (destination, port, vip, count) = (found.destination, found.port, found.vip, found.count)
                let server = context.cluster.hosts.first { $0.address == destination }
                let service = context.cluster.services.first { $0.vip == vip }
                var message: Message =
                    "\(count) connection\(count == 1 ? "" : "s") through director \(director.name) to real server \(server?.name ?? "\(destination)") (\(destination):\(port)) \(count == 1 ? "is" : "are") stuck in SYN_RECV and none is ESTABLISHED: the real server's replies never reach the clients"
                var evidence = found.samples.map(\.evidence.evidence)
                message += ". \(cause(server: server, vip: vip, context, &evidence))"
                report.add(
                    host: director.name, service: service?.label, message: message,
                    location: service?.realServers.first { $0.address == destination }?.location ?? service?.location ?? director.location,
                    evidence: evidence, key: "\(director.name)|\(found.key)", identity: "\(destination):\(port)")
            }
        }
    }

    /// What the real server's own captures say about why, when they say it.
    func cause(server: HostDescription?, vip: IPAddress, _ context: CheckContext, _ evidence: inout [Evidence]) -> Message {
        guard let server, let observation = context.observations[server.name] else {
            return
                "The real server's captures are missing: capture its addresses, routes and sysctls to find why (DR001, DR003, DR008, TUN001, TUN002, FW001)"
        }
        if observation.has(.addresses), !observation.holds(vip) {
            evidence += observation.interfaces.prefix(3).map(\.evidence.evidence)
            return "Cause: \(server.name) does not hold VIP \(vip), so it drops the packets the director hands it (DR001)"
        }
        return
            "\(server.name) holds the VIP; what drops the packets or the replies is judged by DR003, DR008, TUN001, TUN002 and FW001 on \(server.name)"
    }
}
