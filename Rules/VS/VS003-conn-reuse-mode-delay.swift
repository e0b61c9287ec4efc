import LVSModel

/// VS003: conn_reuse_mode 1 with conntrack on a kernel before 5.9 delays reused source ports by a second.
public struct ConnReuseModeDelay: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS003", slug: "conn-reuse-mode-delay", title: "Reused client ports wait a second (conn_reuse_mode with conntrack, kernel before 5.9)",
        severity: .warning, scope: .all,
        summary:
            "The director runs a kernel older than 5.9 with `net.ipv4.vs.conn_reuse_mode = 1` and `net.ipv4.vs.conntrack = 1`: a new connection that reuses the source port of an old one has its first SYN dropped, and the client waits about a second to retry.",
        needs: [.sysctls, .kernel],
        checks: """
            On each director whose sysctls were captured with net.ipv4.vs.conn_reuse_mode odd (bit 0: reschedule \
            a reused connection) and net.ipv4.vs.conntrack = 1, the kernel's release (`uname -r`, or a collect \
            bundle's header) must be 5.9 or later. The check says which combination the host has; without the \
            kernel's release it is listed as not done.
            """,
        mechanism: """
            When a client's SYN matches an IPVS connection still in the table (the client reused a source port, as \
            busy clients and proxies do), conn_reuse_mode 1 makes IPVS expire the old connection and schedule the \
            new one afresh. Until Linux 5.9, with conntrack in use (net.ipv4.vs.conntrack = 1), ip_vs_in() could not \
            reschedule at once: it expired the old connection and dropped the SYN, so the client's TCP retransmitted \
            it after its initial retransmission timeout, one second. Linux 5.9 (\"ipvs: allow connection reuse for \
            unconfirmed conntrack\") removed the drop. kube-proxy sets conn_reuse_mode to 0 on older kernels for \
            this reason; 0 keeps the old connection's real server (no rescheduling, even to a removed one).
            """,
        symptom:
            "Under load, a share of connections takes just over one second to establish (p99 latency of exactly +1 s), from clients that open many short connections.",
        fix: .sysctl(
            "On kernels before 5.9, set net.ipv4.vs.conn_reuse_mode = 0 (as kube-proxy does), or net.ipv4.vs.conntrack = 0 when no stateful firewall needs it; or upgrade the kernel.",
            "net.ipv4.vs.conn_reuse_mode", 0),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: conn_reuse_mode",
            "Linux commit 35dfb013149f (5.9) \"ipvs: allow connection reuse for unconfirmed conntrack\" (net/netfilter/ipvs/ip_vs_core.c)",
            "Kubernetes pkg/proxy/ipvs/proxier.go: connReuseFixedKernelVersion = \"5.9\" (conn_reuse_mode set to 0 below it)",
        ],
        readsSysctls: ["net.ipv4.vs.conn_reuse_mode", "net.ipv4.vs.conntrack"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for director in context.cluster.hosts where director.roles.contains(.director) {
            guard let observation = context.observations[director.name], observation.has(.sysctls),
                let reuse = observation.sysctls["net.ipv4.vs.conn_reuse_mode"], let mode = reuse.intValue, mode & 1 == 1,
                let conntrack = observation.sysctls["net.ipv4.vs.conntrack"], conntrack.intValue == 1
            else { continue }
            guard let current = report.require([.kernel], of: director.name, in: context), let kernel = current.kernel else { continue }
            guard kernel.isBefore(5, 9) else { continue }
            report.add(
                host: director.name, service: nil,
                message:
                    "director \(director.name) runs kernel \(kernel.text) (before 5.9) with net.ipv4.vs.conn_reuse_mode = \(reuse.value) and net.ipv4.vs.conntrack = 1: a SYN that reuses a client's source port is dropped, and the client waits about a second",
                location: director.location,
                evidence: [kernel.evidence.evidence, reuse.evidence.evidence, conntrack.evidence.evidence],
                key: director.name)
        }
    }
}
