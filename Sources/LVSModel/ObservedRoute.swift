public enum RouteGateway: Hashable, Sendable, CustomStringConvertible {
    case address(IPAddress)
    /// A name that was not resolved because the capture was made without `-n`.
    case name(String)

    public var address: IPAddress? {
        if case let .address(a) = self { return a }
        return nil
    }

    public var description: String {
        switch self {
        case let .address(a): return a.description
        case let .name(n): return n
        }
    }
}

public struct ObservedRoute: Sendable {
    /// `unicast`, `local`, `broadcast`, `blackhole`, `unreachable`, `prohibit`, `throw`, `multicast`, `anycast`, `nat`.
    public var type: String
    public var destination: IPPrefix
    public var gateway: RouteGateway?
    public var device: String?
    public var table: String
    public var scope: String?
    public var proto: String?
    public var source: IPAddress?
    public var metric: Int
    public var evidence: CaptureLine

    public init(
        type: String = "unicast", destination: IPPrefix, gateway: RouteGateway? = nil, device: String? = nil,
        table: String = "main", scope: String? = nil, proto: String? = nil, source: IPAddress? = nil,
        metric: Int = 0, evidence: CaptureLine
    ) {
        self.type = type
        self.destination = destination
        self.gateway = gateway
        self.device = device
        self.table = table
        self.scope = scope
        self.proto = proto
        self.source = source
        self.metric = metric
        self.evidence = evidence
    }

    /// A connected route: the destination is on the link, no next hop.
    public var isConnected: Bool { type == "unicast" && gateway == nil && device != nil }

    public var isDefault: Bool { destination.length == 0 }
}

extension HostObservation {
    /// The route the kernel would choose in the main table: longest prefix, then lowest
    /// metric. The local table is not consulted (local addresses are asked of `addresses`).
    public func route(to address: IPAddress) -> ObservedRoute? {
        // The routes in the kernel's order of preference (`RouteCandidate.ordered`), made once
        // per host in its facts; the first that contains the address is chosen.
        let order = facts?.routeOrder ?? RouteCandidate.ordered(routes)
        for candidate in order where candidate.contains(address) { return routes[Int(candidate.position)] }
        return nil
    }

    /// The first of `defaultRoutes(family:)`, found without gathering and sorting them all:
    /// the lowest metric, the first listed among equals (the sort is stable).
    public func bestDefaultRoute(family: IPAddress.Family) -> ObservedRoute? {
        let routes = self.routes
        var best = -1
        for index in routes.indices where routes[index].isDefault && routes[index].destination.address.family == family {
            guard routes[index].table == "main" && routes[index].type == "unicast" else { continue }
            if best < 0 || routes[index].metric < routes[best].metric { best = index }
        }
        return best >= 0 ? routes[best] : nil
    }

    /// The default routes of one family in the main table, best first.
    public func defaultRoutes(family: IPAddress.Family) -> [ObservedRoute] {
        routes.filter { $0.table == "main" && $0.isDefault && $0.destination.address.family == family && $0.type == "unicast" }
            .sorted { $0.metric < $1.metric }
    }
}
