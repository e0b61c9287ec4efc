extension CaptureKind {
    /// Kubernetes documents (kube-proxy's configuration, kubectl output, manifests): read by
    /// LVSDescription's `KubernetesDocumentReader`, not by a line format.
    public static let kubernetes = CaptureKind("kubernetes", facet: .kubernetes, rank: 0)
}

/// What generates a host's IPVS table when Kubernetes does: kube-proxy in IPVS mode,
/// kube-router, or kube-vip's control-plane/service load balancer.
public enum TableGenerator: String, Sendable, CaseIterable {
    case kubeProxy = "kube-proxy"
    case kubeRouter = "kube-router"
    case kubeVIP = "kube-vip"

    /// The interface the generator binds service addresses to (down, no ARP) so that the
    /// kernel takes them as local: kube-proxy's `kube-ipvs0`, kube-router's `kube-dummy-if`.
    public var serviceInterface: String? {
        switch self {
        case .kubeProxy: return "kube-ipvs0"
        case .kubeRouter: return "kube-dummy-if"
        case .kubeVIP: return nil
        }
    }
}

/// A setting read from a Kubernetes document, with its line (or the line of the key that
/// holds the document, for a configuration embedded in a ConfigMap as one JSON string).
public struct KubeSetting<Value: Sendable>: Sendable {
    public var value: Value
    public var evidence: CaptureLine

    public init(_ value: Value, evidence: CaptureLine) {
        self.value = value
        self.evidence = evidence
    }
}

/// kube-proxy's `KubeProxyConfiguration` (its own file, or the `kube-proxy` ConfigMap's
/// `config.conf`): the settings that shape the IPVS table and the node's sysctls.
/// Absent keys are nil; the defaults (`mode` iptables, scheduler rr, strictARP false) are
/// the rules' to apply.
public struct KubeProxySettings: Sendable {
    /// The `kind: KubeProxyConfiguration` line.
    public var evidence: CaptureLine
    public var mode: KubeSetting<String>?
    public var strictARP: KubeSetting<Bool>?
    public var scheduler: KubeSetting<String>?
    public var excludeCIDRs: KubeSetting<[IPPrefix]>?
    /// `clusterCIDR` (comma-separated for dual stack).
    public var clusterCIDRs: KubeSetting<[IPPrefix]>?
    public var masqueradeAll: KubeSetting<Bool>?
    /// How kube-proxy tells pod traffic from the rest (`ClusterCIDR`, the default; `NodeCIDR`,
    /// `BridgeInterface`, `InterfaceNamePrefix`).
    public var detectLocalMode: KubeSetting<String>?

    public init(evidence: CaptureLine) { self.evidence = evidence }

    /// True when kube-proxy runs in IPVS mode (`mode: ipvs`).
    public var isIPVS: Bool { mode?.value.lowercased() == "ipvs" }
}

/// Something that answers ARP for LoadBalancer addresses from one node at a time, and so
/// needs the other nodes silent: MetalLB in layer 2 mode, kube-vip with `vip_arp`.
public struct LoadBalancerAnnouncer: Sendable {
    public enum Kind: String, Sendable {
        case metalLBLayer2 = "MetalLB layer 2"
        case kubeVIPARP = "kube-vip ARP"
    }
    public var kind: Kind
    public var evidence: CaptureLine

    public init(kind: Kind, evidence: CaptureLine) {
        self.kind = kind
        self.evidence = evidence
    }
}

/// kube-vip's settings from its manifest (a static Pod or DaemonSet's environment).
public struct KubeVIPSettings: Sendable {
    public var evidence: CaptureLine
    /// `address` / `vip_address`: the control-plane or service address kube-vip holds.
    public var address: KubeSetting<IPAddress>?
    public var arp: KubeSetting<Bool>?
    /// `lb_enable`: kube-vip programs IPVS for the control plane.
    public var loadBalancer: KubeSetting<Bool>?
    public var interface: KubeSetting<String>?

    public init(evidence: CaptureLine) { self.evidence = evidence }
}

/// One Service as `kubectl get svc -o json|yaml` prints it.
public struct KubeService: Sendable {
    public struct Port: Sendable {
        public var port: Int
        public var protocolName: String
        public var nodePort: Int?
        /// A number; a named target port is resolved through the EndpointSlice's ports.
        public var targetPort: Int?
        public var name: String?

        public init(port: Int, protocolName: String, nodePort: Int?, targetPort: Int?, name: String?) {
            self.port = port
            self.protocolName = protocolName
            self.nodePort = nodePort
            self.targetPort = targetPort
            self.name = name
        }
    }
    /// `namespace/name`.
    public var name: String
    public var type: String
    public var clusterIPs: [IPAddress]
    public var externalIPs: [IPAddress]
    public var loadBalancerIPs: [IPAddress]
    public var ports: [Port]
    public var evidence: CaptureLine

    public init(
        name: String, type: String, clusterIPs: [IPAddress], externalIPs: [IPAddress], loadBalancerIPs: [IPAddress], ports: [Port],
        evidence: CaptureLine
    ) {
        self.name = name
        self.type = type
        self.clusterIPs = clusterIPs
        self.externalIPs = externalIPs
        self.loadBalancerIPs = loadBalancerIPs
        self.ports = ports
        self.evidence = evidence
    }
}

/// One EndpointSlice: the endpoints of a Service that kube-proxy turns into real servers.
public struct KubeEndpointSlice: Sendable {
    public struct Port: Sendable {
        public var name: String?
        public var port: Int
        public var protocolName: String

        public init(name: String?, port: Int, protocolName: String) {
            self.name = name
            self.port = port
            self.protocolName = protocolName
        }
    }
    /// `namespace/name` of the Service (the `kubernetes.io/service-name` label).
    public var service: String
    /// Addresses of endpoints kube-proxy uses (ready, or serving while terminating is left out).
    public var readyAddresses: [IPAddress]
    public var ports: [Port]
    public var evidence: CaptureLine

    public init(service: String, readyAddresses: [IPAddress], ports: [Port], evidence: CaptureLine) {
        self.service = service
        self.readyAddresses = readyAddresses
        self.ports = ports
        self.evidence = evidence
    }
}

/// What a node's Kubernetes documents say: kube-proxy's configuration, the announcers, the
/// Services and EndpointSlices the user captured with kubectl, and what could not be read.
public struct KubernetesFacts: Sendable {
    public var kubeProxy: KubeProxySettings?
    public var kubeVIP: KubeVIPSettings?
    /// kube-router's own objects (its DaemonSet, its annotations) when captured.
    public var kubeRouter: CaptureLine?
    public var announcers: [LoadBalancerAnnouncer] = []
    /// Nil when no Service list was captured (an empty list is "no Service").
    public var services: [KubeService]?
    public var endpointSlices: [KubeEndpointSlice]?
    /// Lines of these documents that could not be read, with why.
    public var problems: [(line: CaptureLine, reason: Message)] = []

    public init() {}

}

extension HostObservation {
    /// The generators of this host's IPVS table that its captures show: the service
    /// interface (`kube-ipvs0`, `kube-dummy-if`), `KUBE-*` ipsets, kube-proxy's
    /// configuration in IPVS mode, kube-vip with its load balancer.
    public var tableGenerators: [TableGenerator] {
        var found: [TableGenerator] = []
        if interface(named: "kube-ipvs0") != nil || ipsets.contains(where: { $0.name.hasPrefix("KUBE-") })
            || kubernetes.kubeProxy?.isIPVS == true
        {
            found.append(.kubeProxy)
        }
        if interface(named: "kube-dummy-if") != nil || kubernetes.kubeRouter != nil
            || ipsets.contains(where: { $0.name.contains("kube-router-svip") })
        {
            found.append(.kubeRouter)
        }
        if kubernetes.kubeVIP?.loadBalancer?.value == true { found.append(.kubeVIP) }
        return found
    }

    /// The interface a Kubernetes generator binds service addresses to, when the host has one.
    public var serviceInterface: ObservedInterface? {
        TableGenerator.allCases.lazy.compactMap { $0.serviceInterface.flatMap(self.interface(named:)) }.first
    }
}

/// Which IPVS services of a host Kubernetes made, gathered once from its captures: the
/// addresses it gives services (bound to the service interface, members of the service
/// ipsets, the captured Services' cluster, external and load-balancer addresses), and the
/// NodePorts it opens on the host's own addresses.
public struct KubernetesOwnership: Sendable {
    public var serviceAddresses: Set<IPAddress>
    public var nodePorts: Set<Int>
    /// The host's own addresses, where NodePorts are served.
    public var nodeAddresses: Set<IPAddress>

    /// Whether `key` is a service Kubernetes made on this host.
    public func owns(_ key: ServiceKey) -> Bool {
        guard case let .address(_, vip, port) = key else { return false }
        return serviceAddresses.contains(vip) || (nodePorts.contains(port) && nodeAddresses.contains(vip))
    }
}

extension HostObservation {
    /// What Kubernetes owns on this host; nil when no Kubernetes generator shows in its captures.
    /// Built anew on each call: callers keep it (CheckContext does, once per check).
    public var kubernetesOwnership: KubernetesOwnership? {
        guard !tableGenerators.isEmpty else { return nil }
        var addresses = Set(serviceInterface?.addresses.map(\.prefix.address) ?? [])
        var ports = Set<Int>()
        for set in ipsets {
            if set.holdsServiceAddresses { addresses.formUnion(set.members.compactMap(\.address)) }
            if set.name.hasPrefix("KUBE-NODE-PORT") { ports.formUnion(set.members.compactMap(\.port)) }
        }
        for service in kubernetes.services ?? [] {
            addresses.formUnion(service.clusterIPs + service.externalIPs + service.loadBalancerIPs)
            ports.formUnion(service.ports.compactMap(\.nodePort))
        }
        return KubernetesOwnership(serviceAddresses: addresses, nodePorts: ports, nodeAddresses: Set(self.addresses.map(\.prefix.address)))
    }
}

/// Interfaces Kubernetes' components create and address at run time, never the distribution's
/// network configuration: the CNI plugins' bridges, overlays and per-pod veths, and the
/// service interface kube-proxy or kube-router binds service addresses to.
public enum KubernetesInterfaces {
    /// cni0 (the bridge plugin, flannel), cbr0 (kubenet), kube-bridge (kube-router), weave,
    /// flannel.1 and flannel-wg, vxlan.calico and tunl0 (Calico), cilium_host and cilium_net.
    public static let podDevices: Set<String> = [
        "cni0", "cbr0", "kube-bridge", "weave", "flannel.1", "flannel-wg", "vxlan.calico", "tunl0", "cilium_host", "cilium_net",
    ]

    /// A device pods are routed through: one of `podDevices`, or Calico's per-pod `cali…` veths.
    public static func isPodDevice(_ name: String) -> Bool { podDevices.contains(name) || name.hasPrefix("cali") }
}

extension HostObservation {
    /// Whether Kubernetes creates and addresses `interface` on this host (the host must show a
    /// Kubernetes generator of its IPVS table): the service interface, or a pod device.
    public func isKubernetesManaged(interface name: String) -> Bool {
        guard !tableGenerators.isEmpty else { return false }
        return TableGenerator.allCases.contains { $0.serviceInterface == name } || KubernetesInterfaces.isPodDevice(name)
    }
}
