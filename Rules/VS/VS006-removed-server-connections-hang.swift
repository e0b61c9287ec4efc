import LVSModel

/// VS006: a health-checked cluster whose directors keep connections to removed real servers.
public struct RemovedServerConnectionsHang: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS006", slug: "removed-server-connections-hang", title: "Connections to a real server the checker removed hang",
        severity: .note, scope: .all,
        summary:
            "keepalived removes real servers that fail their checks, and the director has `net.ipv4.vs.expire_nodest_conn = 0`: the established connections of a removed server stay in the table, and their clients' packets are dropped silently until the connection times out.",
        needs: [.sysctls],
        checks: """
            For each director whose keepalived.conf has health checkers on its real servers (without \
            inhibit_on_failure, which keeps a failed server in the table at weight 0) and whose sysctls were \
            captured, net.ipv4.vs.expire_nodest_conn should be 1. When the sysctl capture lacks the key (ip_vs was \
            not loaded when it was taken) the check is listed as not done; a host checked at boot that no sysctl \
            file sets it on gets the kernel's default, 0.
            """,
        mechanism: """
            When keepalived's checker removes a real server (ipvsadm -d), the connections already scheduled to it \
            stay in the IPVS connection table. With expire_nodest_conn = 0 (the default) IPVS drops every further \
            packet of such a connection without a word (ip_vs_in(): the destination is gone), so the client waits \
            for its own timeout (minutes for an idle keep-alive connection) before it reconnects to a live server. \
            With 1, the first packet expires the connection, and the client's next attempt (a retransmission) is \
            scheduled to a live server. kube-proxy's IPVS mode sets it to 1.
            """,
        symptom:
            "After a real server fails, some clients hang for minutes (their requests time out) instead of reconnecting at once, although the other servers are healthy.",
        fix: .sysctl(
            "Set net.ipv4.vs.expire_nodest_conn = 1 on the directors (and persist it).",
            "net.ipv4.vs.expire_nodest_conn", 1),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: expire_nodest_conn",
            "Linux net/netfilter/ipvs/ip_vs_core.c: ip_vs_in(), sysctl_expire_nodest_conn()",
            "Kubernetes pkg/proxy/ipvs/proxier.go: sysctlExpireNoDestConn set to 1",
        ],
        readsSysctls: ["net.ipv4.vs.expire_nodest_conn"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            guard let director = config.director else { continue }
            // The first checker that can remove a server: on a real server without inhibit_on_failure.
            let removing = config.virtualServers.lazy.flatMap { vs in
                vs.realServers.filter { ($0.inhibitOnFailure ?? vs.inhibitOnFailure) == nil }.compactMap(\.checkers.first)
            }.first
            guard let checker = removing else { continue }
            guard let observation = context.observations[director], observation.has(.sysctls) else { continue }
            if observation.state == .boot, observation.sysctls["net.ipv4.vs.expire_nodest_conn"] == nil {
                // At boot, what no sysctl file sets is the kernel's default when keepalived loads ip_vs.
                report.add(
                    host: director, service: nil,
                    message:
                        "keepalived on \(director) removes real servers that fail their checks, and no sysctl file sets net.ipv4.vs.expire_nodest_conn: the kernel's default, 0, keeps their clients' established connections hanging until they time out",
                    location: checker.kind.line.location, evidence: [checker.kind.line.evidence], key: director)
                continue
            }
            guard let setting = observation.sysctls["net.ipv4.vs.expire_nodest_conn"] else {
                report.notChecked(
                    host: director,
                    reason:
                        "its sysctl capture lacks net.ipv4.vs.expire_nodest_conn (ip_vs was not loaded when it was taken, or the capture is partial)",
                    missing: .sysctls, applies: false)
                continue
            }
            guard setting.intValue == 0 else { continue }
            report.add(
                host: director, service: nil,
                message:
                    "keepalived on \(director) removes real servers that fail their checks, and net.ipv4.vs.expire_nodest_conn = \(setting.value): their clients' established connections hang until they time out",
                location: checker.kind.line.location, evidence: [checker.kind.line.evidence, setting.evidence.evidence], key: director)
        }
    }
}
