import LVSModel

/// KUBE001: an IPVS service of a Kubernetes node whose address the kernel does not take as local.
public struct KubeServiceAddressNotLocal: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE001", slug: "kube-service-address-not-local", title: "Kubernetes service address not local on the node",
        severity: .error, scope: .all,
        summary:
            "An IPVS service on a Kubernetes node (kube-proxy in IPVS mode, kube-router) has an address that is on no interface of the node, or that the kernel's `local` routing table does not list: IPVS never sees the packets sent to it.",
        needs: [.addresses, .ipvs],
        checks: """
            On each node whose captures show a Kubernetes generator of the IPVS table (a kube-ipvs0 or \
            kube-dummy-if interface, kube-proxy's KUBE-* ipsets, kube-proxy's configuration in IPVS mode), every \
            service address of the table must be an address of the node (kube-proxy binds each to kube-ipvs0) and, \
            when the routing tables were captured with `ip route show table all`, have its `local` route. \
            Addresses that kube-proxy's ipvs.excludeCIDRs cover belong to another owner and are left out, and so \
            are services that are not Kubernetes' when its ipsets or Services were captured (a keepalived VIP is \
            absent on a BACKUP director).
            """,
        mechanism: """
            IPVS hooks LOCAL_IN: it balances only packets the kernel has decided to deliver locally, which it \
            decides by the `local` routing table. kube-proxy therefore binds every ClusterIP, external and \
            load-balancer address to the dummy interface kube-ipvs0: the interface stays DOWN and NOARP, but adding \
            an address adds its `local` route whatever the interface's state. A service whose address is not bound \
            (deleted by hand, by a network manager that flushed foreign addresses, or by a second kube-proxy), or \
            whose local route was deleted, is routed like any other destination: to the default gateway, or dropped.
            """,
        symptom:
            "Connections to the ClusterIP time out on this node only, while `ipvsadm -Ln` lists the service and its endpoints; `ip route get ADDRESS` does not say `local`.",
        fix: RuleFix(
            summary:
                "Let kube-proxy bind the address again (restart the kube-proxy pod of the node: it re-adds every service address to kube-ipvs0), and find what removed it (NetworkManager or systemd-networkd managing kube-ipvs0: mark it unmanaged).",
            runtime: [
                "ip addr add ADDRESS/32 dev kube-ipvs0",
                "kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector spec.nodeName=NODE",
            ],
            persistentRHEL: [
                "NetworkManager must leave kube-ipvs0 alone: [keyfile] unmanaged-devices=interface-name:kube-ipvs0 in /etc/NetworkManager/conf.d/kube-ipvs0.conf"
            ],
            persistentDebian: [
                "systemd-networkd must leave kube-ipvs0 alone: [Match] Name=kube-ipvs0 and [Link] Unmanaged=yes in /etc/systemd/network/10-kube-ipvs0.network"
            ]),
        references: [
            "Kubernetes pkg/proxy/ipvs/proxier.go: DefaultDummyDevice = \"kube-ipvs0\" (every service address is bound to it)",
            "Linux net/ipv4/fib_frontend.c: fib_add_ifaddr() adds the local route of an address before checking IFF_UP",
            "Linux net/netfilter/ipvs/ip_vs_core.c: ip_vs_in() runs at NF_INET_LOCAL_IN",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes {
            guard let observation = report.require(info.needs, of: node.name, in: context), let table = observation.ipvs else { continue }
            let localRoutes = observation.routes.filter { $0.table == "local" && $0.type == "local" }
            let tableCaptured = !localRoutes.isEmpty
            // Kubernetes' own services (known by its ipsets or Services when captured): a keepalived
            // VIP on the node is absent while its VRRP instance is BACKUP, and is KUBE005's.
            let knowsOwnServices = !observation.ipsets.isEmpty || observation.kubernetes.services != nil
            var seen: Set<IPAddress> = []
            for service in table.services where !knowsOwnServices || node.owns(service.key) {
                guard case let .address(_, vip, _) = service.key, node.excluded(vip) == nil, seen.insert(vip).inserted else { continue }
                let held = observation.addresses(equalTo: vip)
                if held.isEmpty {
                    let where_: Message =
                        node.serviceInterface.map { "not on \($0.name) nor any other interface of \(node.name)" } ?? "on no interface of \(node.name)"
                    report.add(
                        host: node.name, service: service.key.description,
                        message:
                            "IPVS service \(service.key.description) on node \(node.name): its address \(vip) is \(where_), so the kernel routes packets for it instead of delivering them to IPVS",
                        location: node.location, evidence: [service.evidence.evidence] + (node.serviceInterface.map { [$0.evidence.evidence] } ?? []),
                        key: "\(node.name)|\(vip)")
                } else if tableCaptured, !localRoutes.contains(where: { $0.destination.address == vip && $0.destination.length == vip.bitWidth }),
                    let address = held.first
                {
                    report.add(
                        host: node.name, service: service.key.description,
                        message:
                            "IPVS service \(service.key.description) on node \(node.name): \(vip) is on \(address.interface), but the `local` routing table has no route for it, so the kernel does not deliver its packets to IPVS",
                        location: node.location,
                        evidence: [service.evidence.evidence, address.evidence.evidence]
                            + ((localRoutes.first { $0.device == address.interface } ?? localRoutes.first).map { [$0.evidence.evidence] } ?? []),
                        key: "\(node.name)|\(vip)")
                }
            }
        }
    }
}
