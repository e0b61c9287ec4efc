import LVSModel

/// One real server of one service, with its host's description: the unit most DR, TUN
/// and NAT rules judge. A pair's indices into the check's `RealServerPairs`, so that a list
/// of every target is small and its descriptions are read where they are kept.
struct RealServerTarget {
    private let table: RealServerPairs
    private let pair: RealServerPairs.Pair

    init(table: RealServerPairs, pair: RealServerPairs.Pair) {
        self.table = table
        self.pair = pair
    }

    init(service: ServiceDescription, server: RealServerDescription, host: HostDescription) {
        let alone = RealServerPairs(service: service, server: server, host: host)
        self.init(table: alone, pair: alone.pairs[0])
    }

    var service: ServiceDescription { table.services[Int(pair.service)] }
    var server: RealServerDescription { table.services[Int(pair.service)].realServers[Int(pair.server)] }
    var host: HostDescription { table.hosts[Int(pair.host)] }

    var vip: IPAddress? { table.services[Int(pair.service)].vip }

    /// The host's index in `context.cluster.hosts`; nil for a target built by hand, whose
    /// table is its own.
    func hostIndex(in context: CheckContext) -> Int? { table === context.realServerPairs && pair.host >= 0 ? Int(pair.host) : nil }

    /// Whether the real server names its host (`host:`), rather than being matched to one by address.
    var serverNamesHost: Bool { table.services[Int(pair.service)].realServers[Int(pair.server)].host != nil }
    /// The host's name, read where the description keeps it.
    var hostName: String { table.hosts[Int(pair.host)].name }

    /// The real server's address, read where the description keeps it.
    var serverAddress: IPAddress { table.services[Int(pair.service)].realServers[Int(pair.server)].address }

    /// The positions in `context.cluster.hosts` of the service's directors, in
    /// `directors(of:)`'s order: looked up once per check, not by name per pair.
    func directorPositions(in context: CheckContext) -> [Int32] {
        if table === context.realServerPairs { return table.directorsInOrder[Int(pair.service)] }
        return context.cluster.directorPositions(of: service).map { Int32($0) }
    }

    /// A host that is also a director of the service (a two-box or LocalNode setup)
    /// legitimately holds and answers for the VIP.
    func isDirector(in context: CheckContext) -> Bool {
        if table === context.realServerPairs, pair.host >= 0 { return table.directorPositions[Int(pair.service)].contains(pair.host) }
        let name = table.hosts[Int(pair.host)].name
        return context.cluster.directors(of: table.services[Int(pair.service)]).contains { $0.name == name }
    }
}

extension RuleReport {
    /// The real servers a real-server ARP rule judges. A host that also directs the
    /// service and is its active director (it holds the VIP where ARP reaches it) is left
    /// alone, and listed as not checked with the reason, never silently. A standby director
    /// that holds the VIP on lo is a real server for now, and judged as one.
    mutating func realServersNotDirecting(_ context: CheckContext, _ methods: Set<ForwardingMethod>) -> [RealServerTarget] {
        context.targets(methods).filter { target in
            guard target.isDirector(in: context), let vip = target.vip, let observation = context.observations[target.host.name] else { return true }
            let active = observation.holdsWhereARPReaches(vip)
            guard active else { return true }
            notChecked(
                host: target.host.name,
                reason:
                    "\(target.host.name) also directs \(target.service.label) and is its active director (it holds VIP \(vip) where ARP reaches it), so it must answer ARP for it: the real-server ARP checks do not apply to it",
                applies: false)
            return false
        }
    }
}

extension RuleReport {
    /// `require` for a target's host: found by its position in the description, not by name.
    mutating func require(_ facets: [CaptureFacet], of target: RealServerTarget, in context: CheckContext) -> HostObservation? {
        guard let index = target.hostIndex(in: context) else { return require(facets, of: target.host.name, in: context) }
        return require(facets, ofHostAt: index, in: context)
    }
}

extension CheckContext {
    /// Real servers using one of `methods` that name a host of the description. Servers
    /// given by address alone have no captures to judge and are skipped here (the
    /// description rules still see them).
    func targets(_ methods: Set<ForwardingMethod>) -> [RealServerTarget] {
        let table = realServerPairs
        // One bit per method: a set's `contains` hashed the method, per pair and per rule.
        let wanted = methods.reduce(UInt8(0)) { $0 | $1.bit }
        var out: [RealServerTarget] = []
        for pair in table.pairs where pair.host >= 0 && wanted & pair.method.bit != 0 {
            out.append(RealServerTarget(table: table, pair: pair))
        }
        return out
    }
}

extension ForwardingMethod {
    fileprivate var bit: UInt8 {
        switch self {
        case .dr: 1
        case .nat: 2
        case .tun: 4
        }
    }
}

extension HostObservation {
    /// Interfaces on which ARP requests arrive: up, not loopback, not NOARP.
    var arpInterfaces: [ObservedInterface] { facts?.arpInterfaces ?? interfaces.filter(\.doesARP) }

    /// When addresses come from ifconfig alone, an absent address may simply be hidden.
    /// Returns the severity to use and a sentence for the message.
    func absenceCaveat(_ severity: Severity) -> (Severity, Message) {
        guard let hidden = hiddenAddresses else { return (severity, "") }
        return (min(severity, .warning), " (addresses come from \(hidden.names) alone, which \(hidden.omission): confirm with `ip addr`)")
    }

    /// The interface evidence for "this host has no such address": its interface lines
    /// and the addresses on them.
    var addressEvidence: [Evidence] {
        interfaces.prefix(6).flatMap { i in [i.evidence.evidence] + i.addresses.filter { $0.prefix.address.family == .v4 }.map(\.evidence.evidence) }
    }
}

extension EffectiveSysctl {
    /// "all=0, ens33=0" for the message when a key is missing.
    var missingNote: Message {
        missingKeys.isEmpty ? "" : " (\(missingKeys.joined(separator: ", ")) not in the capture)"
    }
}

extension RuleReport {
    /// The interfaces of `observation` on which ARP requests arrive, or nil (with the
    /// check recorded as not made) when the capture does not say which do: `ip -o addr`
    /// prints no link flags, so whether an interface is up or NOARP is unknown there.
    mutating func arpInterfaces(of observation: HostObservation) -> [ObservedInterface]? {
        if observation.facts?.hasInterfacesOfUnknownFlags == false { return observation.arpInterfaces }
        let unknown = observation.interfaces.filter { !$0.flagsKnown && !$0.isLoopback }
        guard unknown.isEmpty else {
            let names = unknown.map(\.name).joined(separator: ", ")
            let file = unknown.first.map { " (\($0.evidence.file.path))" } ?? ""
            notChecked(
                host: observation.host,
                reason:
                    "the address capture\(file) shows no link flags, so whether \(names) answer\(unknown.count == 1 ? "s" : "") ARP is unknown (`ip -d addr` shows them)",
                missing: .addresses)
            return nil
        }
        return observation.arpInterfaces
    }

    /// The kernel's value of an interface sysctl, or nil with the check recorded as not
    /// made on that host, naming the keys a partial capture lacks.
    mutating func sysctl(_ parameter: String, on device: String, of observation: HostObservation) -> EffectiveSysctl? {
        switch observation.sysctlLookup(parameter, on: device) {
        case let .known(value): return value
        case let .unknown(missing):
            let gap = observation.gapSummary(of: .sysctls).map { "; \($0)" } ?? ""
            notChecked(
                host: observation.host,
                reason:
                    "the sysctl capture is partial and lacks \(missing.joined(separator: ", ")), which the kernel combines for \(parameter) on \(device)\(gap)",
                missing: .sysctls)
            return nil
        }
    }
}
