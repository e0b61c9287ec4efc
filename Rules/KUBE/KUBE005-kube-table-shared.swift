import LVSModel

/// KUBE005: a service of keepalived or ipvsadm on a node whose IPVS table Kubernetes manages.
public struct KubeTableShared: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE005", slug: "kube-table-shared", title: "LVS service on a Kubernetes node that kube-proxy or kube-vip also manages",
        severity: .error, scope: .all,
        summary:
            "A director of this cluster is a Kubernetes node: kube-proxy deletes every IPVS service it did not create unless ipvs.excludeCIDRs covers its address, and kube-vip may hold the same address.",
        needs: [.addresses],
        checks: """
            For each service of the description (or keepalived.conf) directed by a host whose captures show \
            kube-proxy in IPVS mode, the service's address must be inside one of kube-proxy's ipvs.excludeCIDRs, \
            unless it is one of Kubernetes' own service addresses. When kube-proxy's configuration was not captured \
            the finding is a warning (the CIDRs may be given with --ipvs-exclude-cidrs). A service whose address is \
            the one kube-vip's manifest holds (address, vip_address) is reported too: two owners announce one address.
            """,
        mechanism: """
            At every sync (every syncPeriod, 30 s by default, and on every Service change) kube-proxy lists the IPVS \
            services, and deletes each one whose address it did not bind for a Service and that ipvs.excludeCIDRs \
            does not cover (cleanLegacyService). keepalived's or ipvsadm's virtual servers on the node vanish within \
            seconds; keepalived adds them back at its next check, so the service flaps. kube-vip, in ARP mode, \
            answers for its address from the elected node: with keepalived's VRRP also moving it, two elections \
            decide one address.
            """,
        symptom:
            "`ipvsadm -Ln` on the node shows the LVS service only now and then; keepalived logs that it adds the service again and again; clients are refused between syncs.",
        fix: RuleFix(
            summary:
                "Add the service's address (or its prefix) to kube-proxy's ipvs.excludeCIDRs (kubectl -n kube-system edit cm kube-proxy, then restart kube-proxy), or run the load balancer on hosts that are not Kubernetes nodes; give kube-vip and keepalived different addresses.",
            runtime: ["kubectl -n kube-system edit configmap kube-proxy"],
            persistentRHEL: [
                "ipvs.excludeCIDRs in the kube-proxy ConfigMap (kubeadm: in the KubeProxyConfiguration of kubeadm's configuration, so that upgrades keep it)"
            ],
            persistentDebian: [
                "ipvs.excludeCIDRs in the kube-proxy ConfigMap (kubeadm: in the KubeProxyConfiguration of kubeadm's configuration, so that upgrades keep it)"
            ]),
        references: [
            "Kubernetes pkg/proxy/ipvs/proxier.go: cleanLegacyService skips addresses in excludeCIDRs and deletes other services it did not create",
            "Kubernetes KubeProxyIPVSConfiguration.excludeCIDRs: \"a list of CIDR's which the ipvs proxier should not touch when cleaning up ipvs services\"",
            "kube-vip documentation: environment variables address/vip_address, vip_arp, lb_enable",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let nodes = context.kubeNodes
        guard !nodes.isEmpty else { return }
        for node in nodes {
            for service in context.cluster.services {
                guard case let .address(_, vip, _) = service.key else { continue }
                let directors = service.directors ?? context.cluster.hosts.filter { $0.roles.contains(.director) }.map(\.name)
                guard directors.contains(node.name), !node.owns(service.key) else { continue }
                if node.runsKubeProxy, node.excluded(vip) == nil {
                    let settings = node.observation.kubernetes.kubeProxy
                    let excludes: Message =
                        settings?.excludeCIDRs.map { e in
                            "its ipvs.excludeCIDRs (\(e.value.map(\.description).joined(separator: ", "))) do not cover \(vip)"
                        }
                        ?? (settings != nil
                            ? "its configuration sets no ipvs.excludeCIDRs"
                            : "kube-proxy's configuration was not captured (unless it runs with --ipvs-exclude-cidrs covering \(vip))")
                    report.add(
                        host: node.name, service: service.label,
                        message:
                            "\(Self.named(service)) is directed by \(node.name), a Kubernetes node running kube-proxy in IPVS mode: kube-proxy deletes IPVS services it did not create at every sync, and \(excludes)",
                        location: service.location,
                        evidence: (settings.map { [$0.excludeCIDRs?.evidence.evidence ?? $0.evidence.evidence] } ?? [])
                            + (node.sign.map { [$0] } ?? []),
                        severity: settings == nil ? .warning : .error, key: "\(node.name)|\(service.key)|proxy")
                }
                if let kubeVIP = node.observation.kubernetes.kubeVIP, let address = kubeVIP.address, address.value == vip {
                    report.add(
                        host: node.name, service: service.label,
                        message:
                            "\(service.label) uses \(vip), which kube-vip on \(node.name) also holds (its manifest's address): two owners elect the node that answers for one address",
                        location: service.location, evidence: [address.evidence.evidence], key: "\(node.name)|\(service.key)|vip")
                }
            }
        }
    }

    /// `web (TCP 192.0.2.100:80)`, or the key alone when the service has no name of its own.
    static func named(_ service: ServiceDescription) -> Message {
        service.name.map { "\($0) (\(service.key.description))" } ?? "\(service.key.description)"
    }
}
