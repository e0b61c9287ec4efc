import LVSModel

/// KUBE002: an address on kube-ipvs0 that no IPVS service balances.
public struct KubeAddressWithoutService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE002", slug: "kube-address-without-service", title: "Service address on kube-ipvs0 with no IPVS service",
        severity: .error, scope: .all,
        summary:
            "An address is bound to kube-ipvs0 (or kube-router's kube-dummy-if), so the node takes its packets as its own, but the IPVS table has no service for it: connections to it are refused or dropped on this node.",
        needs: [.addresses, .ipvs],
        checks: """
            On each Kubernetes node with a service interface, every address of that interface must be the address \
            of at least one IPVS service in the node's table. The finding cites kube-proxy's KUBE-CLUSTER-IP (or \
            another KUBE-* ipset) member for the address when the ipsets were captured.
            """,
        mechanism: """
            The address makes the kernel deliver packets for it locally; without an IPVS service, nothing \
            intercepts them at LOCAL_IN, so they reach the node's own sockets: a TCP RST (or kube-proxy's \
            KUBE-IPVS-FILTER REJECT) for a port nothing listens on. kube-proxy removes an address when it deletes the \
            last service of it; one left behind comes from a kube-proxy that stopped mid-sync, a service deleted by \
            hand with ipvsadm, or `ipvsadm -C` (a keepalived or ipvsadm restore on the node flushing the table).
            """,
        symptom:
            "On this node only, connections to the ClusterIP are refused at once (`Connection refused`) instead of reaching a pod.",
        fix: RuleFix(
            summary:
                "Restart the node's kube-proxy (it recreates the IPVS services of every Service and removes addresses no Service has); keep other tools (keepalived, ipvsadm restore services) from flushing the table.",
            runtime: ["kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=NODE"],
            persistentRHEL: ["systemctl disable --now ipvsadm (its restore at boot flushes kube-proxy's services)"],
            persistentDebian: ["AUTO=\"false\" in /etc/default/ipvsadm (its restore at boot flushes kube-proxy's services)"]),
        references: [
            "Kubernetes pkg/proxy/ipvs/proxier.go: syncProxyRules binds service addresses to kube-ipvs0 and unbinds those of deleted services",
            "Linux net/netfilter/ipvs/ip_vs_core.c: ip_vs_in() at NF_INET_LOCAL_IN",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes {
            guard let interface = node.serviceInterface, let observation = report.require(info.needs, of: node.name, in: context),
                let table = observation.ipvs
            else { continue }
            let balanced = Set(
                table.services.compactMap { service -> IPAddress? in
                    if case let .address(_, vip, _) = service.key { return vip }
                    return nil
                })
            for address in interface.addresses where !balanced.contains(address.prefix.address) && !address.prefix.address.isLinkLocal {
                let member = observation.ipsets.lazy.filter(\.holdsServiceAddresses).flatMap(\.members).first {
                    $0.address == address.prefix.address
                }
                let setText: Message = member.map { m in " (kube-proxy's ipsets still list \(m.text))" } ?? ""
                report.add(
                    host: node.name, service: nil,
                    message:
                        "\(address.prefix.address) is bound to \(interface.name) on node \(node.name)\(setText), but no IPVS service has that address: the node takes its packets as its own and refuses them",
                    location: node.location,
                    evidence: [address.evidence.evidence] + (member.map { [$0.evidence.evidence] } ?? []) + table.headers.prefix(1).map(\.evidence),
                    key: "\(node.name)|\(address.prefix.address)")
            }
        }
    }
}
