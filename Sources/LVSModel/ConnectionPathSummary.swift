/// An address and port of a connection entry (its service address or its destination).
public struct ConnectionEndpoint: Hashable, Sendable {
    public var address: IPAddress
    public var port: Int

    public init(address: IPAddress, port: Int) {
        self.address = address
        self.port = port
    }
}

/// What a connection entry is counted under: its protocol, the service address it came in on
/// and the destination it goes to. A TCP and a UDP service on the same address and port are
/// two services to IPVS, so they are two paths here.
public struct ConnectionPathKey: Hashable, Sendable {
    /// nil for a protocol IPVS does not balance (never a service's).
    public var transport: ServiceProtocol?
    public var virtual: ConnectionEndpoint
    public var destination: ConnectionEndpoint

    public init(transport: ServiceProtocol?, virtual: ConnectionEndpoint, destination: ConnectionEndpoint) {
        self.transport = transport
        self.virtual = virtual
        self.destination = destination
    }

    /// Hashed as three words, not field by field: a busy director's listing hashes one key per entry.
    public func hash(into hasher: inout Hasher) {
        func folded(_ address: IPAddress) -> UInt64 {
            UInt64(truncatingIfNeeded: address.bits) ^ UInt64(truncatingIfNeeded: address.bits >> 64) &* 0x9E37_79B9_7F4A_7C15
        }
        hasher.combine(folded(virtual.address))
        hasher.combine(folded(destination.address))
        let transportCode: UInt64 = transport.map { $0 == .tcp ? 1 : $0 == .udp ? 2 : 3 } ?? 0
        hasher.combine(UInt64(truncatingIfNeeded: virtual.port) << 32 | UInt64(truncatingIfNeeded: destination.port) << 8 | transportCode)
    }

    /// The key of a service's destination: the path its entries are counted under.
    public init?(service: ServiceKey, destination: IPAddress, port: Int) {
        guard case let .address(transport, vip, servicePort) = service else { return nil }
        self.init(
            transport: transport, virtual: ConnectionEndpoint(address: vip, port: servicePort),
            destination: ConnectionEndpoint(address: destination, port: port))
    }
}

/// A director's connection entries summed per path, in the order the listing first shows
/// each: what the connection rules judge, computed once per host, so that a busy director's
/// million entries are walked once, not once per rule.
public struct ConnectionPathSummary: Sendable {
    public var key: ConnectionPathKey
    /// Entries in SYN_RECV, ESTABLISHED, and persistence templates (state NONE).
    public var synRecv = 0
    public var established = 0
    public var templates = 0
    /// Every entry that is not a template.
    public var entries = 0
    /// The first few SYN_RECV entries, and the first ESTABLISHED and template entries: evidence.
    public var synRecvSamples: [IPVSConnection] = []
    public var establishedSample: IPVSConnection?
    public var templateSample: IPVSConnection?

    public static let sampleCount = 5

    public var isTCP: Bool { key.transport == .tcp }
    public var virtual: IPAddress { key.virtual.address }
    public var virtualPort: Int { key.virtual.port }
    public var destination: IPAddress { key.destination.address }
    public var destinationPort: Int { key.destination.port }

    public init(key: ConnectionPathKey) {
        self.key = key
    }

    /// Counts one entry of this path.
    mutating func add(_ connection: IPVSConnection) {
        if connection.isIn("NONE") {
            templates += 1
            if templateSample == nil { templateSample = connection }
            return
        }
        entries += 1
        if connection.isIn("SYN_RECV") {
            synRecv += 1
            if synRecvSamples.count < Self.sampleCount { synRecvSamples.append(connection) }
        } else if connection.isIn("ESTABLISHED") {
            established += 1
            if establishedSample == nil { establishedSample = connection }
        }
    }

    /// The paths of `connections`; entries without addresses or ports (names not resolved) are left out.
    public static func summarise(_ connections: [IPVSConnection]) -> [ConnectionPathSummary] {
        var tally = ConnectionTally()
        tally.add(contentsOf: connections)
        return tally.paths
    }
}

/// Connection entries counted per path as they are read, so that `check` of a busy director
/// holds one summary per path instead of millions of entries.
public struct ConnectionTally: Sendable {
    public private(set) var paths: [ConnectionPathSummary] = []
    /// Every entry counted, with or without a path (templates included).
    public private(set) var entryCount = 0
    private var positions: [ConnectionPathKey: Int] = [:]

    public init() {}

    /// Counts an entry; one without addresses or ports (a name not resolved) counts toward no path.
    public mutating func add(_ connection: IPVSConnection) {
        entryCount += 1
        guard let virtual = connection.virtual, let virtualPort = connection.virtualPort,
            let destination = connection.destination, let destinationPort = connection.destinationPort
        else { return }
        let key = ConnectionPathKey(
            transport: connection.transport, virtual: ConnectionEndpoint(address: virtual, port: virtualPort),
            destination: ConnectionEndpoint(address: destination, port: destinationPort))
        if let at = positions[key] {
            paths[at].add(connection)
        } else {
            positions[key] = paths.count
            var path = ConnectionPathSummary(key: key)
            path.add(connection)
            paths.append(path)
        }
    }

    public mutating func add(contentsOf connections: [IPVSConnection]) {
        for connection in connections { add(connection) }
    }

    /// Adds another listing's counts, path by path, in the order they were first seen.
    public mutating func add(contentsOf other: ConnectionTally) {
        guard !other.paths.isEmpty || other.entryCount > 0 else { return }
        if paths.isEmpty && entryCount == 0 {
            self = other
            return
        }
        entryCount += other.entryCount
        for path in other.paths {
            if let at = positions[path.key] {
                paths[at].add(path)
            } else {
                positions[path.key] = paths.count
                paths.append(path)
            }
        }
    }
}

extension ConnectionPathSummary {
    /// Adds the counts of the same path read from another listing.
    mutating func add(_ other: ConnectionPathSummary) {
        synRecv += other.synRecv
        established += other.established
        templates += other.templates
        entries += other.entries
        synRecvSamples += other.synRecvSamples.prefix(Self.sampleCount - synRecvSamples.count)
        if establishedSample == nil { establishedSample = other.establishedSample }
        if templateSample == nil { templateSample = other.templateSample }
    }
}

extension HostObservation {
    /// The connection entries per path: computed once before the rules run, else now.
    public var pathSummaries: [ConnectionPathSummary] {
        if let connectionPaths { return connectionPaths }
        var tally = connectionTally
        tally.add(contentsOf: connections)
        return tally.paths
    }

    /// How many connection entries were read, whether kept one by one or counted per path.
    public var connectionCount: Int { connections.count + connectionTally.entryCount }
}
