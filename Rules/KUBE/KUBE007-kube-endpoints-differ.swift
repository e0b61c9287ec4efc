import LVSModel

/// KUBE007: the real servers of a Service's IPVS service are not its EndpointSlices' endpoints.
public struct KubeEndpointsDiffer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE007", slug: "kube-endpoints-differ", title: "IPVS real servers differ from the Service's EndpointSlices",
        severity: .warning, scope: .all,
        summary:
            "On a Kubernetes node, the real servers of a ClusterIP's IPVS service are not the ready endpoints its EndpointSlices list: kube-proxy has not synced, or something else edits the table.",
        needs: [.ipvs, .kubernetes],
        checks: """
            When `kubectl get svc,endpointslices -A -o json` (or -o yaml) was captured beside the node's IPVS \
            table, for each Service port whose ClusterIP:port has an IPVS service, the real servers (address:port) \
            must be the ready endpoints of the Service's EndpointSlices at the port of the same name. Endpoints \
            whose condition ready is false are not expected (kube-proxy leaves them out; it keeps terminating ones \
            at weight 0 while their connections drain, and those are not reported).
            """,
        mechanism: """
            kube-proxy turns each Service port into an IPVS service and each ready endpoint into a real server, \
            and re-syncs on every change. A real server that is no endpoint receives connections for a pod that is \
            gone or belongs to nothing; an endpoint that is no real server never gets traffic from this node. Both \
            mean the node's table is stale: kube-proxy is stuck or crash-looping, cannot reach the API server, or \
            another tool (keepalived, an ipvsadm restore) rewrote the table.
            """,
        symptom:
            "From this node only, some connections to the Service fail (to a deleted pod's address) or new pods never get traffic.",
        fix: RuleFix(
            summary:
                "Check kube-proxy on the node (its logs, its access to the API server) and restart it; make sure no other tool restores or edits the IPVS table.",
            runtime: ["kubectl -n kube-system logs -l k8s-app=kube-proxy --field-selector spec.nodeName=NODE"],
            persistentRHEL: ["systemctl disable --now ipvsadm (no other restore of the IPVS table on a Kubernetes node)"],
            persistentDebian: ["AUTO=\"false\" in /etc/default/ipvsadm (no other restore of the IPVS table on a Kubernetes node)"]),
        references: ["Kubernetes pkg/proxy/ipvs/proxier.go: syncEndpoint adds ready endpoints as real servers and deletes the others"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes {
            guard let services = node.observation.kubernetes.services, let slices = node.observation.kubernetes.endpointSlices,
                let observation = report.require(info.needs, of: node.name, in: context), let table = observation.ipvs
            else { continue }
            for service in services {
                let own = slices.filter { $0.service == service.name }
                for port in service.ports {
                    guard let proto = ServiceProtocol(rawValue: port.protocolName) else { continue }
                    var wanted: Set<String> = []
                    for slice in own {
                        // The slice's port of the same name (an unnamed Service port matches an unnamed slice port).
                        guard let target = slice.ports.first(where: { $0.name == port.name && $0.protocolName == port.protocolName })
                        else { continue }
                        for address in slice.readyAddresses { wanted.insert(Self.endpoint(address, target.port)) }
                    }
                    for clusterIP in service.clusterIPs {
                        guard let ipvs = table.service(.address(protocol: proto, vip: clusterIP, port: port.port)) else { continue }
                        // Weight 0: kube-proxy keeps a terminating endpoint while its connections drain.
                        let live = ipvs.destinations.filter { ($0.weight ?? 1) > 0 }
                        let have = Set(live.map { Self.endpoint($0.address, $0.port) })
                        let extra = live.filter { !wanted.contains(Self.endpoint($0.address, $0.port)) }
                        let missing = wanted.subtracting(have).sorted()
                        guard !extra.isEmpty || !missing.isEmpty else { continue }
                        let extraList = extra.map { Self.endpoint($0.address, $0.port) }.joined(separator: ", ")
                        let missingList = missing.joined(separator: ", ")
                        let difference: Message
                        switch (extra.isEmpty, missing.isEmpty) {
                        case (false, false):
                            difference =
                                "real servers \(extraList) of IPVS service \(ipvs.key.description) are no ready endpoint, and ready endpoints \(missingList) are not its real servers"
                        case (false, true): difference = "real servers \(extraList) of IPVS service \(ipvs.key.description) are no ready endpoint"
                        default: difference = "ready endpoints \(missingList) are not real servers of IPVS service \(ipvs.key.description)"
                        }
                        report.add(
                            host: node.name, service: ipvs.key.description,
                            message:
                                "Service \(service.name) port \(port.port)/\(port.protocolName) on node \(node.name): \(difference)",
                            location: node.location,
                            evidence: [ipvs.evidence.evidence] + extra.prefix(3).map(\.evidence.evidence) + [service.evidence.evidence]
                                + own.prefix(1).map(\.evidence.evidence),
                            key: "\(node.name)|\(ipvs.key)")
                    }
                }
            }
        }
    }

    static func endpoint(_ address: IPAddress, _ port: Int) -> String {
        address.family == .v6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
