import Foundation
import LVSModel

/// The IPVS table keepalived builds at boot from a director's keepalived.conf: each virtual
/// server with keepalived's defaults applied (`KeepalivedDefaults`), each real server at its
/// configured weight (before any health check has run), every entry citing its
/// keepalived.conf line. Used for a director checked at boot, whose table no capture shows.
enum KeepalivedBootTable {
    static func table(from config: KeepalivedConfig) -> IPVSTable {
        var services: [IPVSService] = []
        for vs in config.virtualServers {
            let (effective, _) = KeepalivedDefaults.apply(vs, in: config)
            guard !effective.ignored else { continue }
            let destinations = effective.realServers.map { server in
                IPVSDestination(
                    address: server.source.address, port: server.port ?? 0, forwarding: forwarding(server.method),
                    weight: server.weight, evidence: line(server.source.line))
            }
            for key in vs.serviceKeys(effective, in: config) where !services.contains(where: { $0.key == key }) {
                services.append(
                    IPVSService(
                        key: key, scheduler: effective.scheduler, persistence: effective.persistence,
                        destinations: destinations, evidence: line(vs.line)))
            }
        }
        let header = line(KALine(location: SourceLocation(file: config.file, line: 1), text: "keepalived.conf: the table keepalived builds at boot"))
        return IPVSTable(services: services, hasConfigurationColumns: true, headers: [header])
    }

    /// The addresses keepalived brings up at boot: its `static_ipaddress` on every director whose
    /// keepalived starts, and VRRP's: of the instances sharing a virtual router id
    /// (across the directors' configurations), the one with the highest priority (`state MASTER`
    /// breaking a tie) becomes master and holds them, on the interface each names; a BACKUP
    /// with no master to hear also becomes master, after three adverts.
    static func keepalivedAddresses(_ configs: [KeepalivedConfig], into observations: inout [String: HostObservation]) {
        // `static_ipaddress`: on every director whose keepalived starts, on the device each names.
        for config in configs {
            guard let host = config.director, var observation = observations[host] else { continue }
            for address in config.staticAddresses { add(address, device: address.device, to: &observation) }
            observations[host] = observation
        }
        var instances: [(host: String, instance: KAVRRPInstance)] = []
        for config in configs {
            guard let host = config.director else { continue }
            instances += config.vrrpInstances.map { (host, $0) }
        }
        let groups = Dictionary(grouping: instances) { $0.instance.virtualRouterID?.value ?? -1 }
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) {
            guard
                let winner = members.max(by: { a, b in
                    let pa = a.instance.effectivePriority, pb = b.instance.effectivePriority
                    if pa != pb { return pa < pb }
                    return a.instance.state?.value.uppercased() != "MASTER" && b.instance.state?.value.uppercased() == "MASTER"
                }), var observation = observations[winner.host]
            else { continue }
            for address in winner.instance.addresses + winner.instance.excludedAddresses {
                add(address, device: address.device ?? winner.instance.interface?.value, to: &observation)
            }
            observations[winner.host] = observation
        }
    }

    /// The address on the device, as keepalived adds it (once; not on a device the host lacks).
    static func add(_ address: KAVirtualAddress, device: String?, to observation: inout HostObservation) {
        guard let device, !observation.addresses.contains(where: { $0.prefix.address == address.prefix.address && $0.interface == device }),
            let index = observation.interfaces.firstIndex(where: { $0.name == device })
        else { return }
        observation.interfaces[index].addresses.append(
            ObservedAddress(prefix: address.prefix, interface: device, label: address.label, scope: "global", evidence: line(address.line)))
    }

    static func forwarding(_ method: ForwardingMethod) -> IPVSForwarding {
        switch method {
        case .dr: return .route
        case .nat: return .masq
        case .tun: return .tunnel
        }
    }

    /// A keepalived line as the capture line evidence is made of, at its own file and number.
    static func line(_ source: KALine) -> CaptureLine {
        let file = CaptureFile(path: source.location.file, bytes: Array(source.text.utf8), lineOffset: max(source.location.line - 1, 0))
        return CaptureLine(file: file, number: max(source.location.line, 1), start: 0, end: file.bytes.count)
    }
}
