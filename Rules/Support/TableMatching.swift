import LVSModel

/// A described service beside one director's live table.
struct TableView {
    var service: ServiceDescription
    var director: HostDescription
    var table: IPVSTable
    /// The table's entry for the service, nil when the service is missing.
    var entry: IPVSService? {
        didSet { index = TableIndex(service: service, entry: entry) }
    }
    private var index: TableIndex

    init(service: ServiceDescription, director: HostDescription, table: IPVSTable, entry: IPVSService?, index: TableIndex? = nil) {
        self.service = service
        self.director = director
        self.table = table
        self.entry = entry
        self.index = index ?? TableIndex(service: service, entry: entry)
    }

    /// The table destination that is this described real server.
    func destination(for server: RealServerDescription) -> IPVSDestination? {
        index.destination(at: server.address) { TableMatch.matches($0, server, in: service) }
    }

    /// The described real server a table destination is.
    func server(for destination: IPVSDestination) -> RealServerDescription? {
        index.server(at: destination.address) { TableMatch.matches(destination, $0, in: service) }
    }

    /// Destinations of the entry printed with a name lvslint could not resolve (`ipvsadm -L`).
    var pendingDestinations: [IPVSDestination] { entry?.pendingDestinations ?? [] }
}

extension RuleReport {
    /// For each described service and each of its directors whose IPVS table was
    /// captured, the pair of description and table; directors without a table are
    /// recorded as not checked.
    mutating func tableViews(_ context: CheckContext, needsConfiguration: Bool = false) -> [TableView] {
        var out: [TableView] = []
        for (offset, service) in context.cluster.services.enumerated() {
            for director in context.cluster.directors(of: service) {
                guard let observation = require([.ipvs], of: director.name, in: context), let table = observation.ipvs else { continue }
                if needsConfiguration && !table.hasConfigurationColumns {
                    notChecked(
                        host: director.name,
                        reason: "the IPVS capture is a statistics or rate listing, without Forward/Weight/Scheduler columns: capture `ipvsadm -Ln`")
                    continue
                }
                // A service printed with a VIP name lvslint cannot resolve may be this one: its
                // checks are not made on this director, rather than report it missing.
                let entry = table.service(service.key)
                if entry == nil, case let .address(proto, _, port) = service.key,
                    let pending = table.pendingServices.first(where: { $0.printedProtocol == proto && ($0.printedName?.portNumber ?? port) == port })
                {
                    notChecked(host: director.name, reason: Self.unresolvedServiceReason(pending), missing: .ipvs)
                    continue
                }
                // Every table rule matches the same rows: indexed once per check, shared.
                let index = context.derived.value("table-index \(offset) \(director.name)") { TableIndex(service: service, entry: entry) }
                out.append(TableView(service: service, director: director, table: table, entry: entry, index: index))
            }
        }
        return out
    }
}

extension RuleReport {
    /// Why a table row printed with a VIP name stops the checks that compare services.
    static func unresolvedServiceReason(_ pending: IPVSService) -> Message {
        "the table lists \(pending.printedName?.text ?? "a service") (\(pending.evidence.file.path):\(pending.evidence.number)), a name lvslint cannot resolve to an address (name the service as the table does, or capture `ipvsadm -Ln`)"
    }

    /// True (and the check recorded as not made on the director) when the view's service
    /// has destinations printed with names lvslint could not resolve: a described server
    /// may be among them, so absence or equality cannot be proven.
    mutating func hasUnresolvedDestinations(_ view: TableView) -> Bool {
        guard let first = view.pendingDestinations.first else { return false }
        notChecked(
            host: view.director.name,
            reason:
                "\(view.service.key) lists \(view.pendingDestinations.map { $0.printedName?.text ?? "?" }.joined(separator: ", ")) (\(first.evidence.file.path):\(first.evidence.number)), names lvslint cannot resolve to addresses; capture `ipvsadm -Ln`, or describe those hosts by the names the table prints",
            missing: .ipvs)
        return true
    }
}

/// ipvsadm's words for a service and a method, for fixes written with the table's values.
enum IPVSAdmWords {
    static func service(_ key: ServiceKey) -> String {
        switch key {
        case let .address(proto, vip, port):
            let option = proto == .tcp ? "-t" : proto == .udp ? "-u" : "--sctp-service"
            return "\(option) \(hostPort(vip, port))"
        case let .fwmark(mark, family):
            return "-f \(mark)\(family == .v6 ? " -6" : "")"
        }
    }

    static func hostPort(_ address: IPAddress, _ port: Int) -> String {
        address.family == .v6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    static func flag(_ method: ForwardingMethod) -> String {
        switch method {
        case .dr: return "-g"
        case .nat: return "-m"
        case .tun: return "-i"
        }
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
}

/// A service's table entry and its described real servers, each by address, so that matching
/// a fleet's rows costs one lookup each instead of a scan. Positions, not copies: the rows and
/// the servers stay in the arrays they came in (shared, not copied), and each address leads
/// to its first position, then along a chain to the others with that address.
final class TableIndex: Sendable {
    private let destinations: [IPVSDestination]
    private let servers: [RealServerDescription]
    private let firstDestination: [IPAddress: Int32]
    private let nextDestination: [Int32]
    private let firstServer: [IPAddress: Int32]
    private let nextServer: [Int32]

    init(service: ServiceDescription, entry: IPVSService?) {
        destinations = entry?.destinations ?? []
        servers = service.realServers
        (firstDestination, nextDestination) = Self.chains(destinations.map(\.address))
        (firstServer, nextServer) = Self.chains(servers.map(\.address))
    }

    /// For each address its first position, and for each position the next with the same address (-1: none).
    /// Walked from the end, one hash of each address: each position's next is the position
    /// met before it, and what is left is each address's first.
    private static func chains(_ addresses: [IPAddress]) -> ([IPAddress: Int32], [Int32]) {
        var first: [IPAddress: Int32] = [:]
        first.reserveCapacity(addresses.count)
        var next = [Int32](repeating: -1, count: addresses.count)
        for position in addresses.indices.reversed() {
            next[position] = first.updateValue(Int32(position), forKey: addresses[position]) ?? -1
        }
        return (first, next)
    }

    /// The first row at `address` that `matches` accepts, in table order.
    func destination(at address: IPAddress, where matches: (IPVSDestination) -> Bool) -> IPVSDestination? {
        Self.first(in: destinations, from: firstDestination[address], next: nextDestination, where: matches)
    }

    /// The first described real server at `address` that `matches` accepts, in description order.
    func server(at address: IPAddress, where matches: (RealServerDescription) -> Bool) -> RealServerDescription? {
        Self.first(in: servers, from: firstServer[address], next: nextServer, where: matches)
    }

    /// Walks one address's chain of positions in `items`, from `start`, to the first `matches` accepts.
    private static func first<Item>(in items: [Item], from start: Int32?, next: [Int32], where matches: (Item) -> Bool) -> Item? {
        var position = start ?? -1
        while position >= 0 {
            if matches(items[Int(position)]) { return items[Int(position)] }
            position = next[Int(position)]
        }
        return nil
    }
}
