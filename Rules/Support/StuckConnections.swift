import LVSModel

/// Connections a director forwards that never completed their handshake: for each
/// destination of the given forwarding methods, its TCP entries when some are in SYN_RECV and
/// none is ESTABLISHED, at least `syn_recv_minimum` of them (`Thresholds`). Shared by IPVS012
/// (NAT) and CONN001 (DR, TUN), so that the two agree on what counts as stuck.
struct StuckConnections {
    var destination: IPAddress
    var port: Int
    var vip: IPAddress
    /// How many entries are stuck, and the first few of them (the evidence).
    var count: Int
    var samples: [IPVSConnection]
    var key: String { "\(destination)|\(port)" }

    static func find(
        on director: HostDescription, _ observation: HostObservation, _ context: CheckContext,
        methods: Set<ForwardingMethod>
    ) -> [StuckConnections] {
        // Per destination, over the paths forwarded by one of `methods`: the SYN_RECV entries
        // and whether any is ESTABLISHED (the entries are summed per path once per host).
        struct Tally {
            var stuck = 0
            var samples: [IPVSConnection] = []
            var established = false
        }
        var byDestination: [ConnectionEndpoint: Tally] = [:]
        var destinations: [ConnectionEndpoint] = []
        for path in observation.pathSummaries where path.isTCP {
            guard
                forwards(
                    destination: path.destination, port: path.destinationPort, virtual: path.virtual,
                    virtualPort: path.virtualPort, by: methods, on: director, observation, context)
            else { continue }
            let key = path.key.destination
            if byDestination[key] == nil { destinations.append(key) }
            var merged = byDestination[key] ?? Tally()
            merged.stuck += path.synRecv
            merged.established = merged.established || path.established > 0
            merged.samples += path.synRecvSamples.prefix(ConnectionPathSummary.sampleCount - merged.samples.count)
            byDestination[key] = merged
        }
        return destinations.compactMap { key in
            guard let tally = byDestination[key], tally.stuck > 0, tally.stuck >= context.thresholds.synRecvMinimum, !tally.established,
                let vip = tally.samples.first?.virtual
            else { return nil }
            return StuckConnections(destination: key.address, port: key.port, vip: vip, count: tally.stuck, samples: tally.samples)
        }
    }

    /// Whether the destination is forwarded by one of `methods`: its Forward column in the
    /// director's table, or, when the table was not captured, a real server of the service.
    static func forwards(
        destination: IPAddress, port: Int, virtual: IPAddress, virtualPort: Int, by methods: Set<ForwardingMethod>,
        on director: HostDescription, _ observation: HostObservation, _ context: CheckContext
    ) -> Bool {
        if let table = observation.ipvs {
            return table.services.contains { service in
                guard case let .address(_, vip, servicePort) = service.key, vip == virtual, servicePort == virtualPort else { return false }
                return service.destinations.contains {
                    $0.address == destination && $0.port == port && ($0.forwarding?.method).map(methods.contains) == true
                }
            }
        }
        return context.cluster.services.contains { service in
            guard case let .address(_, vip, servicePort) = service.key, vip == virtual, servicePort == virtualPort,
                context.cluster.directors(of: service).contains(where: { $0.name == director.name })
            else { return false }
            return service.realServers.contains { methods.contains($0.method) && $0.address == destination && ($0.port ?? servicePort) == port }
        }
    }
}
