import Foundation

/// What rules ask of one host again and again, derived once: its addresses by value, its
/// interfaces by name, and each interface sysctl's effective value the first time it is
/// asked for. Before, every (service, real server) pair walked the host's interfaces and
/// rebuilt two sysctl keys as strings to answer the same questions.
///
/// It is made by `HostObservation.withFacts()` once the observation is complete (the checker
/// does it for every host, in parallel), and dropped when `interfaces` or `sysctls` change.
public final class HostFacts: @unchecked Sendable {
    /// Each address the host holds, with every interface that holds it, in interface order.
    let addressesByValue: [IPAddress: [ObservedAddress]]
    /// The index in `interfaces` of the first interface of each name.
    let interfaceSlots: [String: Int]
    private let sysctls: SysctlTable
    // Guarded by `lock`: filled from any rule's thread, each value computed at most a few times.
    private let lock = NSLock()
    private var lookups: [Int: SysctlLookup] = [:]

    init(interfaces: [ObservedInterface], sysctls: SysctlTable) {
        var byValue: [IPAddress: [ObservedAddress]] = [:]
        var slots: [String: Int] = [:]
        for (index, interface) in interfaces.enumerated() {
            if slots[interface.name] == nil { slots[interface.name] = index }
            for address in interface.addresses { byValue[address.prefix.address, default: []].append(address) }
        }
        addressesByValue = byValue
        interfaceSlots = slots
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
        copy.facts = HostFacts(interfaces: interfaces, sysctls: sysctls)
        return copy
    }

    /// The effective value of an interface sysctl (`SysctlTable.lookup`), from the facts when derived.
    public func sysctlLookup(_ parameter: String, on device: String) -> SysctlLookup {
        if let facts { return facts.lookup(parameter, on: device) }
        return sysctls.lookup(parameter, on: device)
    }
}
