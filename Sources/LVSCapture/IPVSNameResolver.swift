import LVSModel

/// Resolves the names `ipvsadm -L` prints without -n (`lb.example.com:http`,
/// `rs1.example.com:http`) against the description, never against DNS on the machine
/// running lvslint: a host name that is a described host's name, or its fully qualified
/// form (`rs1.example.com` for host `rs1`), is that host's address; a service's name (or
/// its FQDN) is its VIP. Port names come from `ServiceNames`; a name that is one port on
/// Debian and another on RHEL is settled by the ports the description uses. What stays
/// unresolved stays pending: the rules list those rows' checks as not made.
public struct IPVSNameResolver: Sendable {
    var addresses: [String: IPAddress] = [:]
    var ports: Set<Int> = []

    public init(cluster: ClusterDescription) {
        for host in cluster.hosts {
            if let address = host.address { addresses[host.name.lowercased()] = address }
        }
        for service in cluster.services {
            if let name = service.name, let vip = service.vip, addresses[name.lowercased()] == nil { addresses[name.lowercased()] = vip }
            if case let .address(_, _, port) = service.key { ports.insert(port) }
            for server in service.realServers { if let port = server.port { ports.insert(port) } }
        }
    }

    /// The address a printed host name stands for.
    public func address(of name: String) -> IPAddress? {
        let lower = name.lowercased()
        if let address = addresses[lower] { return address }
        guard let dot = lower.firstIndex(of: ".") else { return nil }
        return addresses[String(lower[..<dot])]
    }

    /// The port a printed port stands for.
    public func port(of name: PrintedName) -> Int? {
        if let number = name.portNumber { return number }
        guard let text = name.port, let candidates = ServiceNames.ambiguous[text.lowercased()] else { return nil }
        let used = candidates.filter { ports.contains($0) }
        return used.count == 1 ? used[0] : nil
    }

    /// Address and port of a printed row, when both can be told.
    func resolve(_ name: PrintedName, address: IPAddress) -> (IPAddress, Int)? {
        guard let port = port(of: name) else { return nil }
        if let host = name.host {
            guard let resolved = self.address(of: host) else { return nil }
            return (resolved, port)
        }
        return (address, port)
    }

    public func resolve(_ observation: inout HostObservation) {
        if let table = observation.ipvs { observation.ipvs = resolve(table) }
        // Only entries printed with names (`ipvsadm -Lc`) change: `-Lnc` ones are not touched.
        guard observation.connections.contains(where: \.hasPrintedNames) else { return }
        for i in observation.connections.indices where observation.connections[i].hasPrintedNames {
            var connection = observation.connections[i]
            if let name = connection.virtualName, let (address, port) = resolve(name, address: connection.virtual ?? IPAddress(v4: 0)) {
                connection.virtual = address
                connection.virtualPort = port
            }
            if let name = connection.destinationName, let (address, port) = resolve(name, address: connection.destination ?? IPAddress(v4: 0)) {
                connection.destination = address
                connection.destinationPort = port
            }
            observation.connections[i] = connection
        }
    }

    func resolve(_ original: IPVSTable) -> IPVSTable {
        var table = original
        var stillPending: [IPVSService] = []
        for var service in table.pendingServices {
            guard let name = service.printedName, let (vip, port) = resolve(name, address: IPAddress(v4: 0)),
                let proto = service.printedProtocol
            else {
                stillPending.append(service)
                continue
            }
            service.key = .address(protocol: proto, vip: vip, port: port)
            resolveDestinations(&service)
            table.services.append(service)
        }
        table.pendingServices = stillPending
        for i in table.services.indices { resolveDestinations(&table.services[i]) }
        // Rows keep the order the listing printed them in.
        if stillPending.count < original.pendingServices.count {
            table.services.sort {
                $0.evidence.file.path == $1.evidence.file.path
                    ? $0.evidence.number < $1.evidence.number : $0.evidence.file.path < $1.evidence.file.path
            }
        }
        return table
    }

    func resolveDestinations(_ service: inout IPVSService) {
        var stillPending: [IPVSDestination] = []
        for var destination in service.pendingDestinations {
            guard let name = destination.printedName, let (address, port) = resolve(name, address: destination.address) else {
                stillPending.append(destination)
                continue
            }
            destination.address = address
            destination.port = port
            service.destinations.append(destination)
        }
        if stillPending.count < service.pendingDestinations.count { service.destinations.sort { $0.evidence.number < $1.evidence.number } }
        service.pendingDestinations = stillPending
    }
}
