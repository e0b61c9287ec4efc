import LVSModel

/// KUBE008: kube-proxy's clusterCIDR does not cover the pod networks the node routes.
public struct KubeClusterCIDRMissesPods: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE008", slug: "kube-cluster-cidr-misses-pods", title: "kube-proxy's clusterCIDR does not cover the node's pod networks",
        severity: .warning, scope: .all,
        summary:
            "kube-proxy tells pod traffic from outside traffic by its clusterCIDR: a pod network the node routes that lies outside it has its Service traffic masqueraded, and with no clusterCIDR (and masqueradeAll off) traffic from outside the pod network is not masqueraded at all, so pods on other nodes reply past this node.",
        needs: [.routes],
        checks: """
            On each node running kube-proxy in IPVS mode whose configuration was captured, with masqueradeAll \
            false and detectLocalMode ClusterCIDR (the default): clusterCIDR must be set, and every route of the \
            main table through a pod device (cni0, cbr0, kube-bridge, weave, flannel.1, vxlan.calico, tunl0, \
            cilium_host, cali*) must lie inside one of its prefixes.
            """,
        mechanism: """
            In IPVS mode kube-proxy DNATs a ClusterIP connection to a pod, possibly on another node. It marks for \
            masquerade (SNAT to the node's address) the connections whose source is outside clusterCIDR \
            (`-A KUBE-SERVICES ! -s CLUSTER-CIDR -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`), \
            so that the pod's reply comes back through this node, where IPVS reverses the DNAT: the LVS-NAT rule \
            that replies must return through the director. A pod network outside clusterCIDR is taken for outside \
            traffic: its connections are masqueraded and the endpoint sees the node's address instead of the pod's \
            (NetworkPolicies and logs by source break). Without clusterCIDR the rule is not written at all: a \
            client outside the pod network (a router with a route to the service range, a host-network process) \
            reaches the pod with its own address, and the pod's node answers it directly, past this node.
            """,
        symptom:
            "NetworkPolicies that allow pods by namespace or label block traffic from some pods; or clients outside the cluster reach ClusterIPs only when the pod is on the same node.",
        fix: RuleFix(
            summary:
                "Set clusterCIDR in kube-proxy's configuration to the cluster's pod CIDR (the --cluster-cidr of kube-controller-manager; comma-separated for dual stack), or choose detectLocalMode to match the CNI, then restart kube-proxy.",
            runtime: ["kubectl -n kube-system edit configmap kube-proxy"],
            persistentRHEL: ["clusterCIDR in the KubeProxyConfiguration of kubeadm's configuration (networking.podSubnet), so that upgrades keep it"],
            persistentDebian: [
                "clusterCIDR in the KubeProxyConfiguration of kubeadm's configuration (networking.podSubnet), so that upgrades keep it"
            ]),
        references: [
            "Kubernetes pkg/proxy/ipvs/proxier.go: the KUBE-SERVICES masquerade rule for sources outside the local detector (clusterCIDR)",
            "Kubernetes KubeProxyConfiguration: clusterCIDR, detectLocalMode, iptables.masqueradeAll",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes where node.runsKubeProxy {
            guard let settings = node.observation.kubernetes.kubeProxy, settings.isIPVS, settings.masqueradeAll?.value != true,
                (settings.detectLocalMode?.value ?? "ClusterCIDR") == "ClusterCIDR",
                let observation = report.require(info.needs, of: node.name, in: context)
            else { continue }
            let podRoutes = observation.routes.filter { route in
                route.table == "main" && route.type == "unicast" && !route.isDefault && route.device.map(KubernetesInterfaces.isPodDevice) == true
                    && !route.destination.address.isLinkLocal
            }
            guard let cidrs = settings.clusterCIDRs, !cidrs.value.isEmpty else {
                report.add(
                    host: node.name, service: nil,
                    message:
                        "kube-proxy on \(node.name) has no clusterCIDR and masqueradeAll is off: connections to ClusterIPs from outside the pod network are not masqueraded, so a pod on another node replies to the client directly, not through \(node.name)",
                    location: node.location, evidence: [settings.evidence.evidence] + podRoutes.prefix(1).map(\.evidence.evidence),
                    key: "\(node.name)|none")
                continue
            }
            // A family clusterCIDR does not name (IPv6 on a single-stack cluster) is not judged.
            let families = Set(cidrs.value.map(\.address.family))
            for route in podRoutes
            where families.contains(route.destination.address.family)
                && !cidrs.value.contains(where: { $0.contains(route.destination.address) && $0.length <= route.destination.length })
            {
                report.add(
                    host: node.name, service: nil,
                    message:
                        "pods behind \(route.device ?? "?") on \(node.name) (\(route.destination.description)) are outside kube-proxy's clusterCIDR \(cidrs.value.map(\.description).joined(separator: ", ")): their connections to ClusterIPs are masqueraded, and the endpoints see \(node.name)'s address instead of the pod's",
                    location: node.location, evidence: [route.evidence.evidence, cidrs.evidence.evidence],
                    key: "\(node.name)|\(route.destination)")
            }
        }
    }
}
