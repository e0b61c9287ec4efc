/// One IP set of the kernel's ipset tables (`ipset save`, `ipset list`): kube-proxy in
/// IPVS mode keeps the services it owns in sets (`KUBE-CLUSTER-IP` holds `ClusterIP,tcp:port`)
/// that its iptables rules match with `-m set --match-set`.
public struct IPSet: Sendable {
    public var name: String
    /// `hash:ip,port`, `bitmap:port`.
    public var type: String
    public var members: [IPSetMember]
    /// The `create NAME TYPE …` or `Name: NAME` line.
    public var evidence: CaptureLine

    public init(name: String, type: String, members: [IPSetMember] = [], evidence: CaptureLine) {
        self.name = name
        self.type = type
        self.members = members
        self.evidence = evidence
    }
}

/// One member of a set, as ipset prints it: `198.51.100.1,tcp:443`, `30080`,
/// `203.0.113.5,tcp:8080,203.0.113.5`; the address and protocol:port read where present.
public struct IPSetMember: Sendable {
    public var text: String
    public var address: IPAddress?
    /// `tcp`, `udp`, `sctp`; nil for a member without one.
    public var protocolName: String?
    public var port: Int?
    public var evidence: CaptureLine

    public init(text: String, address: IPAddress?, protocolName: String?, port: Int?, evidence: CaptureLine) {
        self.text = text
        self.address = address
        self.protocolName = protocolName
        self.port = port
        self.evidence = evidence
    }
}

extension IPSet {
    /// A set whose members start with a service address: kube-proxy's KUBE-CLUSTER-IP,
    /// KUBE-EXTERNAL-IP*, KUBE-LOAD-BALANCER*, KUBE-IPVS-IPS (and their KUBE-6- twins), and
    /// kube-router's kube-router-svip and kube-router-svip-prt (`inet6:` for IPv6). Not
    /// KUBE-LOOP-BACK, whose members start with an endpoint's address.
    public var holdsServiceAddresses: Bool {
        if name.hasPrefix("KUBE-") {
            return ["CLUSTER-IP", "EXTERNAL-IP", "LOAD-BALANCER", "IPVS-IPS"].contains { name.contains($0) }
        }
        return name.hasSuffix("kube-router-svip") || name.hasSuffix("kube-router-svip-prt")
    }

    /// kube-proxy's or kube-router's own set.
    public var isKubernetes: Bool { name.hasPrefix("KUBE-") || name.contains("kube-router-") }
}

extension HostObservation {
    /// The set named `name`, when captured.
    public func ipset(named name: String) -> IPSet? { ipsets.first { $0.name == name } }
}
