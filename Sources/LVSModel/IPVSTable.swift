/// The forwarding method as an IPVS table prints it.
public enum IPVSForwarding: Hashable, Sendable, CustomStringConvertible {
    case route, masq, tunnel, local
    /// Anything else a variant prints (DPVS `FullNat`, `SNat`).
    case other(String)

    public init(word: String) {
        switch word.lowercased() {
        case "route", "dr", "droute", "gate", "gatewaying": self = .route
        case "masq", "nat", "masquerade": self = .masq
        case "tunnel", "tun", "ipip": self = .tunnel
        case "local", "localnode": self = .local
        default: self = .other(word)
        }
    }

    public var description: String {
        switch self {
        case .route: return "Route"
        case .masq: return "Masq"
        case .tunnel: return "Tunnel"
        case .local: return "Local"
        case let .other(w): return w
        }
    }

    /// The description's method this table entry means, if any.
    public var method: ForwardingMethod? {
        switch self {
        case .route: return .dr
        case .masq: return .nat
        case .tunnel: return .tun
        case .local, .other: return nil
        }
    }
}

public struct IPVSDestination: Sendable {
    public var address: IPAddress
    public var port: Int
    /// Nil in statistics listings, which have no Forward column.
    public var forwarding: IPVSForwarding?
    public var weight: Int?
    public var activeConnections: Int?
    public var inactiveConnections: Int?
    /// Words after the counters (DPVS `inhibited`).
    public var flags: [String]
    public var evidence: CaptureLine
    /// What `ipvsadm -L` (without -n) printed instead of numbers: a host name for the
    /// address, a services-database name for the port. Set on rows kept pending until the
    /// names are resolved against the description.
    public var printedName: PrintedName?

    public init(
        address: IPAddress, port: Int, forwarding: IPVSForwarding?, weight: Int?, activeConnections: Int? = nil,
        inactiveConnections: Int? = nil, flags: [String] = [], evidence: CaptureLine
    ) {
        self.address = address
        self.port = port
        self.forwarding = forwarding
        self.weight = weight
        self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections
        self.flags = flags
        self.evidence = evidence
    }
}

public struct IPVSService: Sendable {
    public var key: ServiceKey
    public var scheduler: String?
    public var schedulerFlags: [String]
    public var persistence: Int?
    public var persistenceMask: String?
    public var onePacket: Bool
    /// Words the parser kept but does not interpret (`pe sip`, DPVS `conn-timeout 60`).
    public var otherFlags: [String]
    public var destinations: [IPVSDestination]
    /// Destinations printed with a name lvslint has not resolved to an address (`ipvsadm -L`).
    public var pendingDestinations: [IPVSDestination] = []
    public var evidence: CaptureLine
    /// Set on a service printed with a name for its VIP or port (see `IPVSTable.pendingServices`).
    public var printedName: PrintedName?
    /// The protocol of a pending service, whose key cannot be made until its name is resolved.
    public var printedProtocol: ServiceProtocol?

    public init(
        key: ServiceKey, scheduler: String?, schedulerFlags: [String] = [], persistence: Int? = nil,
        persistenceMask: String? = nil, onePacket: Bool = false, otherFlags: [String] = [],
        destinations: [IPVSDestination] = [], evidence: CaptureLine
    ) {
        self.key = key
        self.scheduler = scheduler
        self.schedulerFlags = schedulerFlags
        self.persistence = persistence
        self.persistenceMask = persistenceMask
        self.onePacket = onePacket
        self.otherFlags = otherFlags
        self.destinations = destinations
        self.evidence = evidence
    }
}

public struct IPVSTable: Sendable {
    public var services: [IPVSService]
    /// Statistics and rate listings carry no scheduler, forwarding or weight columns.
    public var hasConfigurationColumns: Bool
    /// The first line of each file the table came from: the evidence for "the table is empty".
    public var headers: [CaptureLine]
    /// Services whose VIP or port was printed as a name not yet resolved to a number
    /// (`ipvsadm -L`): kept apart, so that no check takes them for what they are not.
    public var pendingServices: [IPVSService] = []

    public init(services: [IPVSService] = [], hasConfigurationColumns: Bool = true, headers: [CaptureLine] = []) {
        self.services = services
        self.hasConfigurationColumns = hasConfigurationColumns
        self.headers = headers
    }

    public func service(_ key: ServiceKey) -> IPVSService? { services.first { $0.key == key } }
}

/// A host and port as a listing printed them when it resolved names: `lb.example.com:http`.
public struct PrintedName: Sendable, Hashable, CustomStringConvertible {
    /// The host part when it is a name, nil when it was an address.
    public var host: String?
    /// The port part when it is a name, nil when it was a number.
    public var port: String?
    /// The port, when a number or a name lvslint knows.
    public var portNumber: Int?
    /// The whole `host:port` text as printed.
    public var text: String

    public init(host: String?, port: String?, portNumber: Int?, text: String) {
        self.host = host
        self.port = port
        self.portNumber = portNumber
        self.text = text
    }

    public var description: String { text }
}
