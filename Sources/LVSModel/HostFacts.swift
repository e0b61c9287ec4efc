import Foundation

/// What rules ask of one host again and again, derived once: its addresses by value, its
/// interfaces by name, and each interface sysctl's effective value the first time it is
/// asked for. Before, every (service, real server) pair walked the host's interfaces and
/// rebuilt two sysctl keys as strings to answer the same questions.
///
/// It is made by `HostObservation.withFacts()` once the observation is complete (the checker
/// does it for every host, in parallel), and dropped when `interfaces` or `sysctls` change.
public final class HostFacts: @unchecked Sendable {
    /// Where each address value is held: the first of its slots, the others chained from it in
    /// interface order. Positions, not copies: a real server with a hundred VIPs on `lo` keeps
    /// its addresses once, in its interfaces.
    let firstAddressSlot: AddressSlotTable
    let addressSlots: [AddressSlot]
    /// The index in `interfaces` of the first interface of each name: found by walking their
    /// names when there are a few (comparing short names costs less than hashing one), by a
    /// dictionary when there are many (a Kubernetes node's veths).
    private let interfaceNames: [String]
    private let interfaceSlots: [String: Int]
    /// The main table's routes `HostObservation.route(to:)` may choose, as positions in
    /// `routes`, ordered as it prefers them: longest prefix, then lowest metric, then the first
    /// listed. The first that contains an address is its route. Asked per real server and
    /// director; each asking compared every route's table and type as strings.
    let routeOrder: [RouteCandidate]
    /// The interfaces ARP reaches (`HostObservation.arpInterfaces`), gathered once: the ARP
    /// rules ask for them per (service, real server) pair, and each asking copied them.
    public let arpInterfaces: [ObservedInterface]
    /// Whether some interface's link flags are unknown (and it is no loopback), so that ARP
    /// on it cannot be judged.
    public let hasInterfacesOfUnknownFlags: Bool
    private let sysctls: SysctlTable
    /// The capture families the host has (`HostObservation.has`), one bit each (`bit`), settled
    /// once: every rule asks it of every pair, and each asking walked the host's capture kinds.
    private let facets: UInt32

    /// The capture families with gaps (`HostObservation.gaps(in:)`: unread regions or lines
    /// not understood), one bit each: `require` asks per pair whether there are any, and
    /// each asking gathered them.
    private let gappedFacets: UInt32

    func has(_ facet: CaptureFacet) -> Bool { facets & Self.bit(facet) != 0 }

    func mayHaveGaps(in facet: CaptureFacet) -> Bool { gappedFacets & Self.bit(facet) != 0 }

    static func bit(_ facet: CaptureFacet) -> UInt32 {
        switch facet {
        case .addresses: 1 << 0
        case .routes: 1 << 1
        case .sysctls: 1 << 2
        case .ipvs: 1 << 3
        case .ipvsActivity: 1 << 4
        case .services: 1 << 5
        case .listeners: 1 << 6
        case .arpFilter: 1 << 7
        case .firewall: 1 << 8
        case .modules: 1 << 9
        case .kernel: 1 << 10
        case .ipvsTimeouts: 1 << 11
        case .syncDaemons: 1 << 12
        case .moduleParameters: 1 << 13
        case .ipsets: 1 << 14
        case .kubernetes: 1 << 15
        }
    }
    // Guarded by `lock`: filled from any rule's thread, each value computed at most a few times.
    private let lock = NSLock()
    /// Each (interface, parameter)'s lookup once made, keyed `interface * parameterCount +
    /// parameter`: listed while there are a few (a host is asked three or four pairs; a place
    /// for every pair cost two kilobytes a host, cleared), hashed past `lookupsListed`.
    @exclusivity(unchecked) private var listedLookups: [(key: Int, value: SysctlLookup)] = []
    @exclusivity(unchecked) private var hashedLookups: [Int: SysctlLookup] = [:]
    private static let lookupsListed = 16

    init(
        interfaces: [ObservedInterface], routes: [ObservedRoute] = [], sysctls: SysctlTable, facets: [CaptureFacet] = [],
        gapped: [CaptureFacet] = CaptureFacet.allCases
    ) {
        self.facets = facets.reduce(0) { $0 | Self.bit($1) }
        gappedFacets = gapped.reduce(0) { $0 | Self.bit($1) }
        var first = AddressSlotTable(capacity: interfaces.reduce(0) { $0 + $1.addresses.count })
        var chained: [AddressSlot] = []
        // For a value's first slot, its last so far: the next of its value is chained after it.
        var lastOfFirst: [Int32] = []
        for (index, interface) in interfaces.enumerated() {
            for (position, address) in interface.addresses.enumerated() {
                let slot = Int32(chained.count)
                chained.append(AddressSlot(interface: Int32(index), address: Int32(position), next: -1))
                lastOfFirst.append(slot)
                guard let head = first.insertIfAbsent(address.prefix.address, slot: slot) else { continue }
                chained[Int(lastOfFirst[Int(head)])].next = slot
                lastOfFirst[Int(head)] = slot
            }
        }
        firstAddressSlot = first
        addressSlots = chained
        interfaceNames = interfaces.map(\.name)
        var slots: [String: Int] = [:]
        if interfaces.count > Self.interfacesWalked {
            for (index, interface) in interfaces.enumerated() where slots[interface.name] == nil { slots[interface.name] = index }
        }
        interfaceSlots = slots
        routeOrder = RouteCandidate.ordered(routes)
        arpInterfaces = interfaces.filter(\.doesARP)
        hasInterfacesOfUnknownFlags = interfaces.contains { !$0.flagsKnown && !$0.isLoopback }
        self.sysctls = sysctls
    }

    /// How many interfaces are looked up by walking their names.
    private static let interfacesWalked = 8

    /// The position in `interfaces` of the first interface named `name`.
    func interfaceSlot(named name: String) -> Int? {
        if interfaceNames.count > Self.interfacesWalked { return interfaceSlots[name] }
        return interfaceNames.firstIndex(of: name)
    }

    /// The parameters asked per real server, numbered for a compact key; others are looked up each time.
    private static let parameterCount = 8

    private static func number(of parameter: String) -> Int? {
        switch parameter {
        case "arp_ignore": 0
        case "arp_announce": 1
        case "rp_filter": 2
        case "arp_filter": 3
        case "proxy_arp": 4
        case "forwarding": 5
        case "send_redirects": 6
        case "accept_local": 7
        default: nil
        }
    }

    /// `SysctlTable.lookup`, remembered per (parameter, interface).
    func lookup(_ parameter: String, on device: String) -> SysctlLookup {
        guard let slot = interfaceSlot(named: device), let number = Self.number(of: parameter) else {
            return sysctls.lookup(parameter, on: device)
        }
        let key = slot &* Self.parameterCount &+ number
        if let known = remembered(key) { return known }
        let value = sysctls.lookup(parameter, on: device)
        lock.lock()
        if listedLookups.count < Self.lookupsListed {
            listedLookups.append((key, value))
        } else {
            hashedLookups[key] = value
        }
        lock.unlock()
        return value
    }

    private func remembered(_ key: Int) -> SysctlLookup? {
        lock.lock()
        defer { lock.unlock() }
        for item in listedLookups where item.key == key { return item.value }
        return hashedLookups.isEmpty ? nil : hashedLookups[key]
    }
}

extension HostObservation {
    /// This observation with its facts derived (see `HostFacts`); rules then answer address,
    /// interface and sysctl questions from them.
    public func withFacts() -> HostObservation {
        var copy = self
        var gapped = Set(unreadRegions.compactMap(\.facet))
        for line in unparsedLines { gapped.insert(line.kind.facet) }
        copy.facts = HostFacts(
            interfaces: interfaces, routes: routes, sysctls: sysctls, facets: CaptureFacet.allCases.filter { has($0) }, gapped: Array(gapped))
        return copy
    }

    /// The effective value of an interface sysctl (`SysctlTable.lookup`), from the facts when derived.
    public func sysctlLookup(_ parameter: String, on device: String) -> SysctlLookup {
        if let facts { return facts.lookup(parameter, on: device) }
        return sysctls.lookup(parameter, on: device)
    }
}

/// An address's place among a host's interfaces (`interfaces[interface].addresses[address]`),
/// and the next slot holding the same address value (-1: none).
struct AddressSlot {
    let interface: Int32
    let address: Int32
    var next: Int32
}

/// A route `HostObservation.route(to:)` may choose: its position in `routes`, and its
/// destination as the bits an address must match.
struct RouteCandidate {
    let network: UInt128
    let mask: UInt128
    let family: IPAddress.Family
    let position: Int32

    @inline(__always)
    func contains(_ address: IPAddress) -> Bool { address.family == family && address.bits & mask == network }

    /// The main table's routes but local, broadcast and multicast ones, by longest prefix,
    /// then lowest metric, then position.
    static func ordered(_ routes: [ObservedRoute]) -> [RouteCandidate] {
        let chosen = routes.indices.filter { index in
            let route = routes[index]
            return route.table == "main" && route.type != "local" && route.type != "broadcast" && route.type != "multicast"
        }
        .sorted { a, b in
            let (x, y) = (routes[a], routes[b])
            return (y.destination.length, x.metric, a) < (x.destination.length, y.metric, b)
        }
        return chosen.map { index in
            let destination = routes[index].destination
            let mask = destination.mask
            return RouteCandidate(
                network: destination.address.bits & mask, mask: mask, family: destination.address.family, position: Int32(index))
        }
    }
}
