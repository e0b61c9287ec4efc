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
    let firstAddressSlot: [IPAddress: Int32]
    let addressSlots: [AddressSlot]
    /// The index in `interfaces` of the first interface of each name.
    let interfaceSlots: [String: Int]
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

    func has(_ facet: CaptureFacet) -> Bool { facets & Self.bit(facet) != 0 }

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
    private var lookups: [Int: SysctlLookup] = [:]

    init(interfaces: [ObservedInterface], sysctls: SysctlTable, facets: [CaptureFacet] = []) {
        self.facets = facets.reduce(0) { $0 | Self.bit($1) }
        var first: [IPAddress: Int32] = [:]
        var last: [IPAddress: Int32] = [:]
        var chained: [AddressSlot] = []
        var slots: [String: Int] = [:]
        for (index, interface) in interfaces.enumerated() {
            if slots[interface.name] == nil { slots[interface.name] = index }
            for (position, address) in interface.addresses.enumerated() {
                let slot = Int32(chained.count)
                chained.append(AddressSlot(interface: Int32(index), address: Int32(position), next: -1))
                if let previous = last.updateValue(slot, forKey: address.prefix.address) {
                    chained[Int(previous)].next = slot
                } else {
                    first[address.prefix.address] = slot
                }
            }
        }
        firstAddressSlot = first
        addressSlots = chained
        interfaceSlots = slots
        arpInterfaces = interfaces.filter(\.doesARP)
        hasInterfacesOfUnknownFlags = interfaces.contains { !$0.flagsKnown && !$0.isLoopback }
        self.sysctls = sysctls
    }

    /// The parameters asked per real server, numbered for a compact key; others are looked up each time.
    private static let parameters = [
        "arp_ignore", "arp_announce", "rp_filter", "arp_filter", "proxy_arp", "forwarding", "send_redirects", "accept_local",
    ]

    /// `SysctlTable.lookup`, remembered per (parameter, interface).
    func lookup(_ parameter: String, on device: String) -> SysctlLookup {
        guard let slot = interfaceSlots[device], let number = Self.parameters.firstIndex(of: parameter) else {
            return sysctls.lookup(parameter, on: device)
        }
        let key = slot &* Self.parameters.count &+ number
        lock.lock()
        let known = lookups[key]
        lock.unlock()
        if let known { return known }
        let value = sysctls.lookup(parameter, on: device)
        lock.lock()
        lookups[key] = value
        lock.unlock()
        return value
    }
}

extension HostObservation {
    /// This observation with its facts derived (see `HostFacts`); rules then answer address,
    /// interface and sysctl questions from them.
    public func withFacts() -> HostObservation {
        var copy = self
        copy.facts = HostFacts(interfaces: interfaces, sysctls: sysctls, facets: CaptureFacet.allCases.filter { has($0) })
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
