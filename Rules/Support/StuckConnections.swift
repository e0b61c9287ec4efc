import LVSModel

/// Connections a director forwards that never completed their handshake: for each
/// destination of the given forwarding methods, its TCP entries when some are in SYN_RECV and
/// none is ESTABLISHED, at least `syn_recv_minimum` of them (`Thresholds`). Shared by IPVS012
/// (NAT) and CONN001 (DR, TUN), so that the two agree on what counts as stuck.
struct StuckConnections {
    var destination: IPAddress
    var port: Int
    var vip: IPAddress
    var stuck: [IPVSConnection]
    var key: String { "\(destination)|\(port)" }

    static func find(on director: HostDescription, _ observation: HostObservation, _ context: CheckContext,
                     methods: Set<ForwardingMethod>) -> [StuckConnections] {
        var byDestination: [String: [IPVSConnection]] = [:]
        var order: [String] = []
        for connection in observation.connections where connection.protocolName.uppercased() == "TCP" {
            guard let destination = connection.destination, let port = connection.destinationPort,
                  let virtual = connection.virtual, let virtualPort = connection.virtualPort,
                  forwards(destination: destination, port: port, virtual: virtual, virtualPort: virtualPort, by: methods,
                           on: director, observation, context)
            else { continue }
            let key = "\(destination)|\(port)"
            if byDestination[key] == nil { order.append(key) }
            byDestination[key, default: []].append(connection)
        }
        return order.compactMap { key in
            guard let connections = byDestination[key] else { return nil }
            let stuck = connections.filter { $0.state.uppercased() == "SYN_RECV" }
            guard !stuck.isEmpty, stuck.count >= context.thresholds.synRecvMinimum,
                  !connections.contains(where: { $0.state.uppercased() == "ESTABLISHED" }),
                  let first = stuck.first, let destination = first.destination, let port = first.destinationPort, let vip = first.virtual
            else { return nil }
            return StuckConnections(destination: destination, port: port, vip: vip, stuck: stuck)
        }
    }

    /// Whether the destination is forwarded by one of `methods`: its Forward column in the
    /// director's table, or, when the table was not captured, a real server of the service.
    static func forwards(destination: IPAddress, port: Int, virtual: IPAddress, virtualPort: Int, by methods: Set<ForwardingMethod>,
                         on director: HostDescription, _ observation: HostObservation, _ context: CheckContext) -> Bool {
        if let table = observation.ipvs {
            return table.services.contains { service in
                guard case let .address(_, vip, servicePort) = service.key, vip == virtual, servicePort == virtualPort else { return false }
                return service.destinations.contains { $0.address == destination && $0.port == port && ($0.forwarding?.method).map(methods.contains) == true }
            }
        }
        return context.cluster.services.contains { service in
            guard case let .address(_, vip, servicePort) = service.key, vip == virtual, servicePort == virtualPort,
                  context.cluster.directors(of: service).contains(where: { $0.name == director.name }) else { return false }
            return service.realServers.contains { methods.contains($0.method) && $0.address == destination && ($0.port ?? servicePort) == port }
        }
    }
}
