import LVSModel

/// A host of the check whose IPVS table Kubernetes generates (kube-proxy in IPVS mode,
/// kube-router, kube-vip), known from its captures alone.
struct KubeNode {
    var name: String
    var observation: HostObservation
    var generators: [TableGenerator]
    var ownership: KubernetesOwnership
    var location: SourceLocation?

    /// kube-ipvs0 or kube-dummy-if, when the node has one.
    var serviceInterface: ObservedInterface? { observation.serviceInterface }

    /// The capture line that shows the node is one: its service interface, a KUBE-* ipset,
    /// kube-proxy's configuration, kube-vip's image.
    var sign: Evidence? {
        if let interface = serviceInterface { return interface.evidence.evidence }
        if let set = observation.ipsets.first(where: \.isKubernetes) { return set.evidence.evidence }
        if let settings = observation.kubernetes.kubeProxy { return settings.evidence.evidence }
        if let kubeVIP = observation.kubernetes.kubeVIP { return kubeVIP.evidence.evidence }
        return observation.kubernetes.kubeRouter?.evidence
    }

    var runsKubeProxy: Bool { generators.contains(.kubeProxy) }

    /// Whether an IPVS service is one Kubernetes made.
    func owns(_ key: ServiceKey) -> Bool { ownership.owns(key) }

    /// kube-proxy's `ipvs.excludeCIDRs` prefix that covers `address`, if any.
    func excluded(_ address: IPAddress) -> IPPrefix? {
        observation.kubernetes.kubeProxy?.excludeCIDRs?.value.first { $0.contains(address) }
    }
}

extension CheckContext {
    /// The hosts of the cluster whose captures show a Kubernetes generator of the IPVS table.
    var kubeNodes: [KubeNode] {
        kubernetesHosts.compactMap { name in
            guard let observation = observations[name], let ownership = kubernetesOwnership[name] else { return nil }
            return KubeNode(
                name: name, observation: observation, generators: observation.tableGenerators, ownership: ownership,
                location: cluster.host(named: name)?.location)
        }
    }
}
