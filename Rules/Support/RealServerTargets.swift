import LVSModel

/// One real server of one service, with its host's description: the unit most DR, TUN
/// and NAT rules judge.
struct RealServerTarget {
    var service: ServiceDescription
    var server: RealServerDescription
    var host: HostDescription

    var vip: IPAddress? { service.vip }

    /// A host that is also a director of the service (a two-box or LocalNode setup)
    /// legitimately holds and answers for the VIP.
    func isDirector(in context: CheckContext) -> Bool {
        context.cluster.directors(of: service).contains { $0.name == host.name }
    }
}

extension CheckContext {
    /// Real servers using one of `methods` that name a host of the description. Servers
    /// given by address alone have no captures to judge and are skipped here (the
    /// description rules still see them).
    func targets(_ methods: Set<ForwardingMethod>) -> [RealServerTarget] {
        realServers(using: methods).compactMap { pair in
            guard let host = host(of: pair.server) else { return nil }
            return RealServerTarget(service: pair.service, server: pair.server, host: host)
        }
    }
}

extension HostObservation {
    /// Interfaces on which ARP requests arrive: up, not loopback, not NOARP.
    var arpInterfaces: [ObservedInterface] { interfaces.filter(\.doesARP) }

    /// When addresses come from ifconfig alone, an absent address may simply be hidden.
    /// Returns the severity to use and a sentence for the message.
    func absenceCaveat(_ severity: Severity) -> (Severity, String) {
        guard addressesFromIfconfigOnly else { return (severity, "") }
        return (min(severity, .warning),
                " (addresses come from ifconfig alone, which does not show unlabelled secondary addresses: confirm with `ip addr`)")
    }

    /// The interface evidence for "this host has no such address": its interface lines
    /// and the addresses on them.
    var addressEvidence: [Evidence] {
        interfaces.prefix(6).flatMap { i in [i.evidence.evidence] + i.addresses.filter { $0.prefix.address.family == .v4 }.map(\.evidence.evidence) }
    }
}

extension EffectiveSysctl {
    /// "all=0, ens33=0" for the message when a key is missing.
    var missingNote: String {
        missingKeys.isEmpty ? "" : " (\(missingKeys.joined(separator: ", ")) not in the capture)"
    }
}
