import LVSModel

/// A described service beside one director's live table.
struct TableView {
    var service: ServiceDescription
    var director: HostDescription
    var table: IPVSTable
    /// The table's entry for the service, nil when the service is missing.
    var entry: IPVSService?
}

extension RuleReport {
    /// For each described service and each of its directors whose IPVS table was
    /// captured, the pair of description and table; directors without a table are
    /// recorded as not checked.
    mutating func tableViews(_ context: CheckContext, needsConfiguration: Bool = false) -> [TableView] {
        var out: [TableView] = []
        for service in context.cluster.services {
            for director in context.cluster.directors(of: service) {
                guard let observation = require([.ipvs], of: director.name, in: context), let table = observation.ipvs else { continue }
                if needsConfiguration && !table.hasConfigurationColumns {
                    notChecked(host: director.name, reason: "the IPVS capture is a statistics or rate listing, without Forward/Weight/Scheduler columns: capture `ipvsadm -Ln`")
                    continue
                }
                out.append(TableView(service: service, director: director, table: table, entry: table.service(service.key)))
            }
        }
        return out
    }
}

enum TableMatch {
    /// Whether a table destination is this described real server. DR and TUN (and
    /// fwmark services) match by address alone, since ipvsadm rewrites their port to
    /// the service port; NAT matches address and port.
    static func matches(_ destination: IPVSDestination, _ server: RealServerDescription, in service: ServiceDescription) -> Bool {
        guard destination.address == server.address else { return false }
        guard case let .address(_, _, servicePort) = service.key else { return true }
        if server.method == .nat || destination.forwarding == .masq {
            return destination.port == (server.port ?? servicePort)
        }
        return true
    }

    static func server(for destination: IPVSDestination, in service: ServiceDescription) -> RealServerDescription? {
        service.realServers.first { matches(destination, $0, in: service) }
    }

    static func destination(for server: RealServerDescription, in entry: IPVSService, service: ServiceDescription) -> IPVSDestination? {
        entry.destinations.first { matches($0, server, in: service) }
    }
}
