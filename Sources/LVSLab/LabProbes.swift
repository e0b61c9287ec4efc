import Foundation
import LVSModel

/// What the kernel does in the lab, asked from the client: who answers ARP for each VIP and
/// RIP (`arping`, which prints every reply with its MAC), whether each DR/TUN real server's
/// own ARP requests carry the VIP as their sender, and whether each real server reaches its
/// gateway and its directors.
public struct LabObservation: Sendable {
    public enum Kind: String, Sendable { case arp, announce, reach }

    public var kind: Kind
    /// The address asked for (arp), the VIP sent from (announce), the address reached (reach).
    public var target: IPAddress
    /// arp: the hosts that answered; announce: the host whose MAC the client now has for the VIP;
    /// reach: the host that tried, when it got an answer.
    public var answeredBy: [String]
    /// announce and reach: the host the probe ran on.
    public var from: String?
    /// What the probe did, for the report.
    public var detail: String
}

public struct LabProbes: Sendable {
    public let plan: LabPlan
    public let built: LabBuilder.Built
    public let network: LabNetwork
    public let cluster: ClusterDescription

    public init(plan: LabPlan, built: LabBuilder.Built, network: LabNetwork, cluster: ClusterDescription) {
        self.plan = plan
        self.built = built
        self.network = network
        self.cluster = cluster
    }

    /// Probes that could not run, and why.
    public private(set) var notRun: [Message] = []

    public mutating func run() -> [LabObservation] {
        var out: [LabObservation] = []
        // The probes need no IPVS; a connection through the VIP would, and is not tried.
        if !FileManager.default.fileExists(atPath: "/proc/net/ip_vs") {
            notRun.append(
                "connections through the VIP: this kernel has no IPVS (no /proc/net/ip_vs), so the lab does not balance; it shows ARP and routing only"
            )
        } else {
            notRun.append(
                "connections through the VIP: the lab does not load the IPVS table into the director's namespace; it shows ARP and routing only")
        }
        guard let client = built.client, let clientAddress = plan.clientAddress else {
            notRun.append("every probe: there is no client (no IPv4 VIP on a captured subnet)")
            return out
        }
        guard LabNetwork.arpingPath != nil else {
            notRun.append("ARP and reachability probes: arping is not installed (Debian: apt-get install iputils-arping)")
            return out
        }
        let segment = plan.segments[plan.clientSegment ?? 0]
        let vips = Array(Set(cluster.services.compactMap(\.vip).filter { $0.family == .v4 })).sorted()
        let rips = Array(Set(cluster.services.flatMap(\.realServers).map(\.address).filter { $0.family == .v4 && segment.contains($0) })).sorted()
        let targets = vips + rips
        for target in targets where !segment.contains(target) {
            notRun.append("ARP for \(target): it is not on the client's subnet \(segment), so no client ARPs for it (a routed VIP)")
        }
        // The ARP probes wait for answers, not for each other: they run side by side.
        let asked = targets.filter { segment.contains($0) }
        let answers = ProbeSlots(count: asked.count)
        let probes = self
        DispatchQueue.concurrentPerform(iterations: asked.count) { index in
            answers.store(probes.arp(for: asked[index], from: client), at: index)
        }
        out += answers.values.compactMap { $0 }
        for service in cluster.services {
            guard let vip = service.vip, vip.family == .v4 else { continue }
            // A director of the service holds the VIP and may name it: only real servers are asked.
            let directors = Set(cluster.directors(of: service).map(\.name))
            for server in service.realServers where server.method != .nat {
                guard let host = server.host, !directors.contains(host), built.namespaces[host] != nil else { continue }
                if out.contains(where: { $0.kind == .announce && $0.from == host && $0.target == vip }) { continue }
                if let observation = announce(vip, from: host, client: client, clientAddress: clientAddress.address) { out.append(observation) }
            }
        }
        for host in plan.hosts {
            guard cluster.host(named: host.name)?.roles.contains(.realServer) == true, let namespace = built.namespaces[host.name] else { continue }
            let directors = cluster.hosts.filter { $0.roles.contains(.director) && $0.name != host.name }.compactMap(\.address)
            for target in Set(host.gateways + directors).sorted() {
                out.append(reach(target, from: host.name, namespace: namespace))
            }
        }
        return out
    }

    /// Every reply to two ARP requests for `target`, by the host that owns the replying MAC.
    func arp(for target: IPAddress, from client: String) -> LabObservation {
        let result = network.exec(client, [LabNetwork.arpingPath ?? "arping", "-w", "1", "-I", built.clientInterface, "\(target)"])
        var hosts: [String] = []
        for line in result.output.split(separator: "\n") where line.contains("reply from") {
            guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { continue }
            let mac = line[line.index(after: open)..<close].lowercased()
            let host = built.macs[mac] ?? "unknown \(mac)"
            if !hosts.contains(host) { hosts.append(host) }
        }
        return LabObservation(
            kind: .arp, target: target, answeredBy: hosts.sorted(), from: nil,
            detail: "arping -w 1 -I eth0 \(target) from the client")
    }

    /// Makes `host` send one datagram from the VIP to the client (or the gateway the client
    /// plays), with its neighbour cache empty, so that its kernel must ARP first; then reads
    /// whom the client now believes holds the VIP. The client does not answer the datagram
    /// (a blackhole route to the VIP), so it never ARPs for the VIP itself.
    func announce(_ vip: IPAddress, from host: String, client: String, clientAddress: IPAddress) -> LabObservation? {
        guard let namespace = built.namespaces[host], let planned = plan.hosts.first(where: { $0.name == host }) else { return nil }
        let target = planned.gateways.first { plan.clientExtraAddresses.contains($0) } ?? clientAddress
        guard let device = planned.interfaces.first(where: { $0.segment == plan.clientSegment })?.name else { return nil }
        _ = try? network.ip(["-n", client, "neigh", "flush", "dev", built.clientInterface])
        _ = try? network.ip(["-n", client, "route", "replace", "blackhole", "\(vip)/32"])
        _ = try? network.ip(["-n", namespace, "neigh", "flush", "dev", device])
        _ = try? network.ip(["-n", namespace, "route", "replace", "\(target)/32", "dev", device, "src", "\(vip)"])
        _ = network.exec(namespace, ["bash", "-c", "echo lvslint-lab > /dev/udp/\(target)/9"])
        var announcer: [String] = []
        for _ in 0..<8 {
            let neigh = (try? network.ip(["-n", client, "neigh", "show", "\(vip)", "dev", built.clientInterface])) ?? ""
            if let range = neigh.range(of: "lladdr ") {
                let mac = neigh[range.upperBound...].prefix { $0 != " " && $0 != "\n" }.lowercased()
                announcer = [built.macs[mac] ?? "unknown \(mac)"]
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = try? network.ip(["-n", namespace, "route", "del", "\(target)/32", "dev", device])
        _ = try? network.ip(["-n", client, "route", "del", "blackhole", "\(vip)/32"])
        return LabObservation(
            kind: .announce, target: vip, answeredBy: announcer, from: host,
            detail:
                "\(host) sent a datagram from \(vip) to \(target) with an empty neighbour cache; the client then had \(announcer.isEmpty ? "no entry for \(vip)" : "\(vip) at \(announcer[0])'s MAC")"
        )
    }

    /// Whether `host` gets an ARP answer from `target` (an actual packet), with its route to it.
    func reach(_ target: IPAddress, from host: String, namespace: String) -> LabObservation {
        let inLab =
            plan.hosts.contains { $0.interfaces.contains { $0.addresses.contains { $0.prefix.address == target } } }
            || plan.clientExtraAddresses.contains(target) || plan.clientAddress?.address == target
        guard inLab else {
            return LabObservation(
                kind: .reach, target: target, answeredBy: [], from: host,
                detail: "\(target) is not in the lab: no captured host holds it (a router beyond the captured subnets?)")
        }
        let route = network.exec(namespace, ["ip", "route", "get", "\(target)"]).output.split(separator: "\n").first.map(String.init) ?? ""
        let device = route.split(separator: " ").drop { $0 != "dev" }.dropFirst().first.map(String.init)
        var answered = false
        if let device, !route.contains("unreachable") {
            let result = network.exec(namespace, [LabNetwork.arpingPath ?? "arping", "-c", "1", "-w", "1", "-I", device, "\(target)"])
            answered = result.output.contains("reply from")
        }
        return LabObservation(
            kind: .reach, target: target, answeredBy: answered ? [host] : [], from: host,
            detail: route.isEmpty
                ? "no route from \(host) to \(target)"
                : "\(host): \(route.trimmingCharacters(in: .whitespaces)); \(answered ? "answered" : "no answer")")
    }
}

/// Where concurrent probes put their observations, each in its own slot.
final class ProbeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [LabObservation?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ observation: LabObservation, at index: Int) { lock.withLock { slots[index] = observation } }

    var values: [LabObservation?] { lock.withLock { slots } }
}
