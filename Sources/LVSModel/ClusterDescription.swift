/// What the cluster should be, as the user wrote it in `cluster.yaml` (schema 1).
/// Every element keeps the place it was written, so findings point at it.
public struct ClusterDescription: Sendable {
    public var name: String
    public var file: String
    /// Folder holding `captures/<host>/`, already resolved against the description's folder.
    public var capturesDirectory: String
    /// Where `captures:` was written, when it was (nil: the default folder beside the file).
    public var capturesLocation: SourceLocation?
    public var hosts: [HostDescription] { didSet { index() } }
    /// Where each host is in `hosts`, and which are directors: built once, so that rules
    /// looking hosts up for every real server of a large fleet stay linear.
    private var hostPositions: [String: Int] = [:]
    private var directorHosts: [HostDescription] = []
    private var directorHostPositions: [Int] = []
    public var services: [ServiceDescription]
    /// `# lvslint: disable=… -- reason` comments.
    public var suppressions: [InlineSuppression]

    public init(
        name: String, file: String, capturesDirectory: String, hosts: [HostDescription], services: [ServiceDescription],
        suppressions: [InlineSuppression] = []
    ) {
        self.name = name
        self.file = file
        self.capturesDirectory = capturesDirectory
        self.hosts = hosts
        self.services = services
        self.suppressions = suppressions
        index()
    }

    private mutating func index() {
        hostPositions = Dictionary(hosts.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        directorHostPositions = hosts.indices.filter { hosts[$0].roles.contains(.director) }
        directorHosts = directorHostPositions.map { hosts[$0] }
    }

    public func host(named name: String) -> HostDescription? { hostPositions[name].map { hosts[$0] } }

    /// The directors of a service: the ones it names, or every director host.
    public func directors(of service: ServiceDescription) -> [HostDescription] {
        if let names = service.directors { return names.compactMap { host(named: $0) } }
        return directorHosts
    }

    /// The positions in `hosts` of `directors(of:)`, in its order.
    public func directorPositions(of service: ServiceDescription) -> [Int] {
        if let names = service.directors { return names.compactMap { hostPositions[$0] } }
        return directorHostPositions
    }
}

public enum HostRole: String, Sendable, Codable, CaseIterable {
    case director
    case realServer = "real-server"
}

public struct HostDescription: Sendable {
    public var name: String
    public var roles: Set<HostRole>
    public var address: IPAddress?
    public var location: SourceLocation
    public var addressLocation: SourceLocation?
    /// `keepalived: path`: the director's keepalived.conf, relative to the description's folder.
    public var keepalived: KASetting<String>?

    public init(name: String, roles: Set<HostRole>, address: IPAddress?, location: SourceLocation, addressLocation: SourceLocation? = nil) {
        self.name = name
        self.roles = roles
        self.address = address
        self.location = location
        self.addressLocation = addressLocation
    }
}

/// Forwarding methods, named as in the description and as ipvsadm prints them.
public enum ForwardingMethod: String, Sendable, Codable, CaseIterable {
    case dr, nat, tun

    /// The word in ipvsadm's Forward column.
    public var ipvsadmWord: String {
        switch self {
        case .dr: return "Route"
        case .nat: return "Masq"
        case .tun: return "Tunnel"
        }
    }
}

public enum ServiceProtocol: String, Sendable, Codable, CaseIterable {
    case tcp, udp, sctp
}

/// A service is either `vip:port/protocol` or a firewall mark.
public enum ServiceKey: Hashable, Sendable, CustomStringConvertible {
    case address(protocol: ServiceProtocol, vip: IPAddress, port: Int)
    case fwmark(UInt32, family: IPAddress.Family)

    public var description: String {
        switch self {
        case let .address(proto, vip, port):
            let host = vip.family == .v6 ? "[\(vip)]" : "\(vip)"
            return "\(proto.rawValue.uppercased()) \(host):\(port)"
        case let .fwmark(mark, family):
            return family == .v6 ? "FWM \(mark) IPv6" : "FWM \(mark)"
        }
    }
}

public struct ServiceDescription: Sendable {
    public var name: String?
    public var key: ServiceKey
    public var scheduler: String
    public var method: ForwardingMethod
    public var persistence: Int?
    public var directors: [String]?
    public var realServers: [RealServerDescription]
    public var location: SourceLocation

    public init(
        name: String?, key: ServiceKey, scheduler: String, method: ForwardingMethod, persistence: Int?,
        directors: [String]?, realServers: [RealServerDescription], location: SourceLocation
    ) {
        self.name = name
        self.key = key
        self.scheduler = scheduler
        self.method = method
        self.persistence = persistence
        self.directors = directors
        self.realServers = realServers
        self.location = location
    }

    /// The name shown in findings: the given name or the service key.
    public var label: String { name ?? key.description }

    public var vip: IPAddress? {
        if case let .address(_, vip, _) = key { return vip }
        return nil
    }

    public var port: Int? {
        if case let .address(_, _, port) = key { return port }
        return nil
    }
}

public struct RealServerDescription: Sendable {
    public var host: String?
    public var address: IPAddress
    public var port: Int?
    public var weight: Int
    public var method: ForwardingMethod
    public var location: SourceLocation
    public var portLocation: SourceLocation?

    public init(
        host: String?, address: IPAddress, port: Int?, weight: Int, method: ForwardingMethod,
        location: SourceLocation, portLocation: SourceLocation? = nil
    ) {
        self.host = host
        self.address = address
        self.port = port
        self.weight = weight
        self.method = method
        self.location = location
        self.portLocation = portLocation
    }
}
