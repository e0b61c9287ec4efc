import LVSModel

/// VS008: IPVS forgets idle TCP connections before the real servers' keepalives would keep them.
public struct IdleConnectionsExpire: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS008", slug: "idle-connections-expire", title: "IPVS forgets idle connections before keepalives arrive",
        severity: .note, scope: .all,
        summary:
            "The director's IPVS TCP timeout (`ipvsadm -L --timeout`, 900 s by default) is shorter than the real servers' `net.ipv4.tcp_keepalive_time` (7200 s by default): a connection idle longer than the timeout loses its IPVS entry, and its next packet is not forwarded.",
        needs: [.ipvsTimeouts, .sysctls],
        checks: """
            On each director whose IPVS timeouts were captured, the TCP timeout is compared with \
            net.ipv4.tcp_keepalive_time of each real server of its TCP services whose sysctls were captured: a \
            keepalive interval longer than the timeout is reported once per director, with the real servers it \
            concerns.
            """,
        mechanism: """
            IPVS keeps an established TCP connection's entry for the TCP timeout after its last packet (ipvsadm \
            --set TCP TCPFIN UDP; 900 s unless changed), then drops it. A connection that stays idle longer (a \
            database pool, a message-queue consumer, a websocket) has no entry when its next packet arrives: a \
            non-SYN packet creates no new entry, so the packet is not forwarded: it goes on to the director's own \
            TCP stack, which answers with a reset. TCP keepalives refresh the entry, but only \
            if they come more often than the timeout: Linux sends the first one after tcp_keepalive_time (7200 s by \
            default), long after IPVS has forgotten the connection.
            """,
        symptom:
            "Long-lived connections that sit idle for a quarter of an hour or more fail on their next use (reset or timeout), while busy ones are fine; the application logs broken pipes after quiet periods.",
        fix: RuleFix(
            summary:
                "Make keepalives more frequent than the IPVS TCP timeout (net.ipv4.tcp_keepalive_time below it on the real servers, or keepalive settings in the application), or raise the IPVS TCP timeout (ipvsadm --set).",
            runtime: ["sysctl -w net.ipv4.tcp_keepalive_time=600   # on the real servers", "ipvsadm --set 7500 120 300   # or, on the director"],
            persistentRHEL: ["printf 'net.ipv4.tcp_keepalive_time = 600\\n' > /etc/sysctl.d/90-keepalive.conf   # real servers"],
            persistentDebian: ["printf 'net.ipv4.tcp_keepalive_time = 600\\n' > /etc/sysctl.d/90-keepalive.conf   # real servers"]),
        references: [
            "ipvsadm(8): --set tcp tcpfin udp",
            "Linux net/netfilter/ipvs/ip_vs_proto_tcp.c: tcp_timeouts[IP_VS_TCP_S_ESTABLISHED] = 15*60*HZ",
            "Linux Documentation/networking/ip-sysctl.rst: tcp_keepalive_time",
        ],
        readsSysctls: ["net.ipv4.tcp_keepalive_time"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for director in context.cluster.hosts where director.roles.contains(.director) {
            guard let observation = context.observations[director.name], let timeouts = observation.ipvsTimeouts, timeouts.tcp > 0 else { continue }
            var late: [(host: String, entry: SysctlEntry, seconds: Int)] = []
            for service in context.cluster.services {
                if case let .address(transport, _, _) = service.key, transport != .tcp { continue }
                for server in service.realServers {
                    guard let host = context.host(of: server)?.name, !late.contains(where: { $0.host == host }),
                        let entry = context.observations[host]?.sysctls["net.ipv4.tcp_keepalive_time"], let seconds = entry.intValue,
                        seconds > timeouts.tcp
                    else { continue }
                    late.append((host, entry, seconds))
                }
            }
            guard let first = late.first else { continue }
            let hosts = late.map(\.host).joined(separator: ", ")
            report.add(
                host: director.name, service: nil,
                message:
                    "director \(director.name) forgets an idle TCP connection after \(timeouts.tcp) s (ipvsadm --set), but \(hosts) send\(late.count == 1 ? "s" : "") the first keepalive only after \(first.seconds) s (net.ipv4.tcp_keepalive_time): connections idle longer than \(timeouts.tcp) s are not forwarded any more",
                location: director.location, evidence: [timeouts.evidence.evidence] + late.prefix(3).map(\.entry.evidence.evidence),
                key: director.name)
        }
    }
}
