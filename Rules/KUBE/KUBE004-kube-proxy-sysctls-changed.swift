import LVSModel

/// KUBE004: a sysctl kube-proxy sets at start that the node no longer has.
public struct KubeProxySysctlsChanged: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE004", slug: "kube-proxy-sysctls-changed", title: "Node lacks a sysctl kube-proxy sets in IPVS mode",
        severity: .warning, scope: .all,
        summary:
            "kube-proxy in IPVS mode sets net.ipv4.vs.conntrack, expire_nodest_conn, expire_quiescent_template and ip_forward to 1 (conn_reuse_mode to 0 on kernels before 5.9; arp_ignore 1 and arp_announce 2 with strictARP) when it starts; the node has another value, so something changed it since.",
        needs: [.sysctls],
        checks: """
            On each node running kube-proxy in IPVS mode (kube-ipvs0, KUBE-* ipsets, or its configuration with \
            mode: ipvs), the captured sysctls must hold what kube-proxy writes at start: net.ipv4.vs.conntrack = 1, \
            net.ipv4.vs.expire_nodest_conn = 1, net.ipv4.vs.expire_quiescent_template = 1, net.ipv4.ip_forward = 1; \
            net.ipv4.vs.conn_reuse_mode = 0 when the kernel's release is known and before 5.9; and, when its \
            configuration says strictARP: true, net.ipv4.conf.all.arp_ignore = 1 and arp_announce = 2. A key the \
            capture does not hold is not judged.
            """,
        mechanism: """
            kube-proxy writes these keys once, when it starts, and does not watch them. A later `sysctl --system` \
            (a package upgrade, systemd-sysctl restarted, a configuration tool), another IPVS manager on the node, or \
            a tuning script puts the file's values back: conntrack 0 breaks kube-proxy's own iptables rules, which \
            match IPVS traffic by conntrack state (KUBE-FORWARD, masquerade); expire_nodest_conn 0 keeps connections \
            to deleted pods hanging until they time out; expire_quiescent_template 0 keeps session-affinity clients \
            on terminating pods; ip_forward 0 stops forwarding to pods on other nodes; conn_reuse_mode 1 on old \
            kernels delays reused ports by a second.
            """,
        symptom:
            "After some maintenance, traffic to Services misbehaves on one node (hangs after pod restarts, one-second delays, no forwarding) until kube-proxy restarts.",
        fix: .sysctl(
            "Restart kube-proxy on the node (it writes its values again), and remove the sysctl file or tool that overrode them.",
            "net.ipv4.vs.conntrack", 1),
        references: [
            "Kubernetes pkg/proxy/ipvs/proxier.go: sysctlVSConnTrack, sysctlExpireNoDestConn, sysctlExpireQuiescentTemplate, sysctlForward set to 1; sysctlConnReuse 0 below connReuseFixedKernelVersion 5.9; sysctlArpIgnore 1, sysctlArpAnnounce 2 with strictARP",
            "Linux Documentation/networking/ipvs-sysctl.rst",
        ],
        readsSysctls: [
            "net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn", "net.ipv4.vs.expire_quiescent_template", "net.ipv4.ip_forward",
            "net.ipv4.vs.conn_reuse_mode", "arp_ignore", "arp_announce",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes where node.runsKubeProxy {
            let settings = node.observation.kubernetes.kubeProxy
            // A configuration in another mode says kube-proxy does not run IPVS here.
            if let mode = settings?.mode, mode.value.lowercased() != "ipvs" { continue }
            guard let observation = report.require(info.needs, of: node.name, in: context) else { continue }
            let sysctls = observation.sysctls
            // Literal keys, so that `check` keeps exactly these of a `sysctl -a`.
            let entries: [String: SysctlEntry?] = [
                "net.ipv4.vs.conntrack": sysctls["net.ipv4.vs.conntrack"],
                "net.ipv4.vs.expire_nodest_conn": sysctls["net.ipv4.vs.expire_nodest_conn"],
                "net.ipv4.vs.expire_quiescent_template": sysctls["net.ipv4.vs.expire_quiescent_template"],
                "net.ipv4.ip_forward": sysctls["net.ipv4.ip_forward"],
                "net.ipv4.vs.conn_reuse_mode": sysctls["net.ipv4.vs.conn_reuse_mode"],
                "net.ipv4.conf.all.arp_ignore": sysctls["net.ipv4.conf.all.arp_ignore"],
                "net.ipv4.conf.all.arp_announce": sysctls["net.ipv4.conf.all.arp_announce"],
            ]
            var expected: [(key: String, value: Int, why: Message, evidence: [Evidence])] = []
            for key in ["net.ipv4.vs.conntrack", "net.ipv4.vs.expire_nodest_conn", "net.ipv4.vs.expire_quiescent_template", "net.ipv4.ip_forward"] {
                expected.append((key, 1, "", []))
            }
            if let kernel = observation.kernel, kernel.isBefore(5, 9), !kernel.isBefore(4, 1) {
                expected.append(("net.ipv4.vs.conn_reuse_mode", 0, " (kernel \(kernel.text), before 5.9)", [kernel.evidence.evidence]))
            }
            if let strict = settings?.strictARP, strict.value {
                expected.append(("net.ipv4.conf.all.arp_ignore", 1, " (strictARP: true)", [strict.evidence.evidence]))
                expected.append(("net.ipv4.conf.all.arp_announce", 2, " (strictARP: true)", [strict.evidence.evidence]))
            }
            for wanted in expected {
                guard let found = entries[wanted.key], let entry = found, let value = entry.intValue, value != wanted.value else { continue }
                report.add(
                    host: node.name, service: nil,
                    message:
                        "node \(node.name) has \(wanted.key) = \(entry.value), but kube-proxy in IPVS mode sets it to \(wanted.value) when it starts\(wanted.why): something changed it since",
                    location: node.location, evidence: [entry.evidence.evidence] + wanted.evidence,
                    key: "\(node.name)|\(wanted.key)",
                    fix: ["sysctl -w \(wanted.key)=\(wanted.value)"])
            }
        }
    }
}
