/// Every (service, real server) pair of a description, with the host each real server names,
/// resolved once per check. Rules that judge real servers walk these small records instead of
/// each building its own array of (service, server, host) copies: with 10,000 real servers
/// behind 16 services, each such array was 160,000 copies of three descriptions.
public final class RealServerPairs: Sendable {
    public struct Pair: Sendable {
        /// Index in `services`.
        public let service: Int32
        /// Index in that service's `realServers`.
        public let server: Int32
        /// Index in `hosts`, or -1 when the real server names no host of the description.
        public let host: Int32
        public let method: ForwardingMethod
    }

    public let services: [ServiceDescription]
    public let hosts: [HostDescription]
    public let pairs: [Pair]
    /// For each service, the positions in `hosts` of the hosts that direct it (every host of
    /// a director's name): whether a pair's host also directs its service is asked of every
    /// pair by every real-server ARP rule, and comparing names copied the service each time.
    /// Empty for a pair built alone, which has no description to say.
    public let directorPositions: [Set<Int32>]
    /// For each service, the positions in `hosts` of its directors as
    /// `ClusterDescription.directors(of:)` lists them: rules that ask each director about each
    /// real server find its observation by position, not by name per pair.
    public let directorsInOrder: [[Int32]]

    /// The pairs of `cluster`'s services, but those in `skipping` (Kubernetes' own).
    public init(cluster: ClusterDescription, skipping: Set<ServiceKey> = []) {
        services = cluster.services
        hosts = cluster.hosts
        var byName: [String: Int32] = [:]
        var allByName: [String: [Int32]] = [:]
        var byAddress: [IPAddress: Int32] = [:]
        // Sized once: a fleet's 10,000 hosts grew each table a dozen times.
        byName.reserveCapacity(cluster.hosts.count)
        allByName.reserveCapacity(cluster.hosts.count)
        byAddress.reserveCapacity(cluster.hosts.count)
        for (index, host) in cluster.hosts.enumerated() {
            if byName[host.name] == nil { byName[host.name] = Int32(index) }
            allByName[host.name, default: []].append(Int32(index))
            if let address = host.address, byAddress[address] == nil { byAddress[address] = Int32(index) }
        }
        directorPositions = cluster.services.map { service in
            Set(cluster.directors(of: service).flatMap { allByName[$0.name] ?? [] })
        }
        directorsInOrder = cluster.services.map { service in cluster.directorPositions(of: service).map { Int32($0) } }
        var pairs: [Pair] = []
        pairs.reserveCapacity(cluster.services.reduce(0) { $0 + $1.realServers.count })
        for (s, service) in cluster.services.enumerated() where !skipping.contains(service.key) {
            for (r, server) in service.realServers.enumerated() {
                // As `CheckContext.host(of:)`: the host it names, else the first host with its address.
                let host = server.host.map { byName[$0] ?? -1 } ?? byAddress[server.address] ?? -1
                pairs.append(Pair(service: Int32(s), server: Int32(r), host: host, method: server.method))
            }
        }
        self.pairs = pairs
    }

    /// One pair alone, for a rule that builds a target by hand.
    public init(service: ServiceDescription, server: RealServerDescription, host: HostDescription) {
        var alone = service
        alone.realServers = [server]
        services = [alone]
        hosts = [host]
        pairs = [Pair(service: 0, server: 0, host: 0, method: server.method)]
        directorPositions = []
        directorsInOrder = []
    }
}
