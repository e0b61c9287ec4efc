import Foundation
import LVSBoot
import LVSCapture
import LVSDescription
import LVSModel

/// A draft description from captures alone, for a cluster nobody described: directors are
/// the hosts with an IPVS table; services, schedulers, persistence, methods and weights come
/// from the tables; real servers are the hosts whose captures hold the tables' addresses.
/// It is written as YAML in the schema, with a comment wherever it guessed, and a comment
/// naming every host it could not place: nothing is dropped.
public enum Inference {
    /// The hosts of a captures folder: `<host>/` folders and `<host>.txt` bundles.
    public static func hosts(in directory: String) -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var names: Set<String> = []
        for item in items where !item.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(item)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                names.insert(item)
            } else if item.hasSuffix(".txt") {
                names.insert(String(item.dropLast(4)))
            }
        }
        return names.sorted()
    }

    /// A draft, and why it is not yet a description `check` accepts (no table was read).
    public struct Draft: Sendable {
        public var text: String
        public var problem: String?
        /// True when the draft does not read back as a description (it must not be written).
        public var unreadable = false
        /// Directors whose services came from their saved rules or the keepalived.conf their
        /// bundle copied, their live table being empty (a director after a reboot): their live
        /// table is still worth comparing with the draft.
        public var fromSavedRules: [String] = []
        /// Directors whose table is empty and whose services nothing captured names, with why
        /// they are taken for directors and the addresses that look like their VIPs.
        public var servicesUnknown: [String: UnknownServices] = [:]
    }

    /// A director known by its signs alone (`DirectorSigns`): its services are not known.
    public struct UnknownServices: Sendable {
        public var reasons: [String]
        public var vips: [IPAddress]
    }

    /// The draft description of the captures in `directory`, as YAML.
    public static func description(ofCaptures directory: String, capturesKey: String) -> String {
        draft(ofCaptures: directory, capturesKey: capturesKey).text
    }

    public static func draft(ofCaptures directory: String, capturesKey: String) -> Draft {
        // A folder whose name cannot be a host name never becomes one: it is named in a comment.
        let found = hosts(in: directory)
        let hosts = found.filter(HostName.isSafe)
        let refused = found.filter { !HostName.isSafe($0) }
        var loaded = CaptureLoader.load(directory: directory, hosts: hosts, options: .forChecks)
        // Hosts known only from their configuration files are drafted as they will boot.
        loaded.observations = KubernetesDocumentReader.fill(BootState.derive(loaded.observations))
        // A director whose live table is empty (after a reboot, rules never restored) is still a
        // director: its services are drafted from the saved rules its bundle copied.
        var fromSavedRules: [String] = []
        var sources: [String: String] = [:]
        for host in hosts {
            guard var observation = loaded.observations[host], observation.ipvs?.services.isEmpty ?? true else { continue }
            if let saved = observation.persistentIPVS.saved, !saved.services.isEmpty {
                observation.ipvs = saved
                sources[host] = "its saved rules (\(commentText(observation.persistentIPVS.savedPath ?? "")))"
            } else if let config = Checker.copiedKeepalivedConfig(of: host, observation: observation, capturesDirectory: directory),
                case let table = KeepalivedBootTable.table(from: config), !table.services.isEmpty
            {
                // The headers stay the live table's: the draft's table is only where the services came from.
                observation.ipvs = IPVSTable(
                    services: table.services, hasConfigurationColumns: true, headers: observation.ipvs?.headers ?? table.headers)
                sources[host] = "the keepalived.conf its captures copied (\(commentText(config.file)))"
            } else {
                continue
            }
            loaded.observations[host] = observation
            fromSavedRules.append(host)
        }
        // With no service anywhere, a director is still known by its signs (a table unit, ip_vs
        // with a second address on its subnet); the draft names it, and `check` audits it.
        var servicesUnknown: [String: UnknownServices] = [:]
        if !hosts.contains(where: { loaded.observations[$0]?.ipvs?.services.isEmpty == false }) {
            for host in hosts {
                guard let observation = loaded.observations[host], let signs = DirectorSigns.of(observation) else { continue }
                servicesUnknown[host] = UnknownServices(reasons: signs.reasons, vips: signs.vips.map(\.prefix.address))
            }
        }
        // A folder called `captures` is named by the folder it is in.
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        let name = url.lastPathComponent == "captures" ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
        var text = yaml(
            hosts: hosts, observations: loaded.observations, clusterName: name, capturesKey: capturesKey, servicesUnknown: servicesUnknown)
        for host in hosts {
            guard let generators = loaded.observations[host]?.tableGenerators, !generators.isEmpty else { continue }
            text +=
                "# \(host) is a Kubernetes node (\(generators.map(\.rawValue).joined(separator: ", "))): its IPVS services are generated from Kubernetes Services; the KUBE rules check them, the LVS-NAT and ARP rules leave them alone\n"
        }
        for host in fromSavedRules {
            text += "# \(host)'s live IPVS table is empty: its services were drafted from \(sources[host] ?? "its saved rules")\n"
        }
        if !refused.isEmpty {
            let names = refused.prefix(20).map { commentText("\"\($0)\"") }.joined(separator: ", ")
            text +=
                "# not host names (letters, digits, `.`, `-`, `_`), so left out: \(names)\(refused.count > 20 ? " and \(refused.count - 20) more" : "")\n"
        }
        // The draft is read back as `check` would read it: what it refuses is never written.
        let base = (directory as NSString).deletingLastPathComponent
        if case let .failed(errors) = DescriptionLoader.load(
            bytes: Array(text.utf8), displayPath: "(the draft)", baseDirectory: base.isEmpty ? "." : base,
            allowingNoServices: !servicesUnknown.isEmpty),
            hosts.contains(where: { loaded.observations[$0]?.ipvs?.services.isEmpty == false }) || !servicesUnknown.isEmpty
        {
            let first = errors.prefix(3).map { commentText("\($0)") }.joined(separator: "; ")
            return Draft(text: text, problem: "the draft would not read back as a description (\(first)); nothing was written", unreadable: true)
        }
        let tables = hosts.filter { loaded.observations[$0]?.has(.ipvs) == true }
        if !servicesUnknown.isEmpty {
            return Draft(text: text, problem: nil, servicesUnknown: servicesUnknown)
        }
        guard hosts.contains(where: { loaded.observations[$0]?.ipvs?.services.isEmpty == false }) else {
            let why =
                tables.isEmpty
                ? "no host's captures hold an IPVS table (capture `ipvsadm -Ln` on the directors)"
                : "the IPVS tables of \(tables.joined(separator: ", ")) list no service lvslint could read"
            return Draft(text: text, problem: "cannot infer the services: \(why); the draft lists the hosts only")
        }
        return Draft(text: text, problem: nil, fromSavedRules: fromSavedRules)
    }

    struct DraftService {
        var key: ServiceKey
        var scheduler: String?
        var persistence: Int?
        var directors: [String]
        var destinations: [IPVSDestination]
    }

    static func yaml(
        hosts: [String], observations: [String: HostObservation], clusterName: String, capturesKey: String,
        servicesUnknown: [String: UnknownServices] = [:]
    ) -> String {
        let index = AddressIndex(observations: observations)
        let directors = hosts.filter { observations[$0]?.ipvs?.services.isEmpty == false || servicesUnknown[$0] != nil }
        // Services, in the first director's order, each with the directors that hold it.
        var services: [DraftService] = []
        for director in directors {
            for service in observations[director]?.ipvs?.services ?? [] {
                if let i = services.firstIndex(where: { $0.key == service.key }) {
                    services[i].directors.append(director)
                } else {
                    services.append(
                        DraftService(
                            key: service.key, scheduler: service.scheduler, persistence: service.persistence,
                            directors: [director], destinations: service.destinations))
                }
            }
        }
        // Who holds each table address: a real server host (not the director itself).
        func owner(of address: IPAddress, excluding director: [String]) -> String? {
            let owners = index[address].map(\.host).filter { !director.contains($0) }
            return owners.first ?? index[address].first?.host
        }
        var realServerHosts: [String: IPAddress] = [:]
        for service in services {
            for destination in service.destinations {
                if let host = owner(of: destination.address, excluding: service.directors), realServerHosts[host] == nil {
                    realServerHosts[host] = destination.address
                }
            }
        }

        // A director known by its signs alone: its real servers are the hosts holding one of
        // its VIPs, else (a guess, said so) the hosts on one of its subnets.
        var guessed: [String: String] = [:]
        for (director, unknown) in servicesUnknown.sorted(by: { $0.key < $1.key }) {
            let subnets = (observations[director]?.addresses ?? []).filter {
                $0.interface != "lo" && !$0.prefix.isHostPrefix && $0.scope != "link" && $0.scope != "host"
            }
            for host in hosts where !directors.contains(host) && realServerHosts[host] == nil {
                let held = observations[host]?.addresses ?? []
                if let vip = held.first(where: { unknown.vips.contains($0.prefix.address) }) {
                    realServerHosts[host] =
                        held.first { $0.interface != "lo" && !unknown.vips.contains($0.prefix.address) && $0.scope != "link" && $0.scope != "host" }?
                        .prefix.address ?? vip.prefix.address
                    guessed[host] = "holds \(vip.prefix.address) (a VIP of \(director)) on \(vip.interface)"
                } else if let own = held.first(where: { a in a.interface != "lo" && subnets.contains { $0.prefix.contains(a.prefix.address) } }) {
                    realServerHosts[host] = own.prefix.address
                    guessed[host] = "role guessed: on \(director)'s subnet \(own.prefix.network)/\(own.prefix.length), and no table names it"
                }
            }
        }

        var out: [String] = []
        out.append("# Inferred by lvslint from the captures alone: review every line before relying on it.")
        out.append("cluster: \(yamlScalar(clusterName))")
        out.append("captures: \(yamlScalar(capturesKey))")
        out.append("hosts:")
        var unplaced: [String] = []
        for host in hosts {
            let isDirector = directors.contains(host)
            let isReal = realServerHosts[host] != nil
            guard isDirector || isReal else {
                unplaced.append(host)
                continue
            }
            let role = isDirector && isReal ? "[director, real-server]" : isDirector ? "director" : "real-server"
            var line = "  \(host): {role: \(role)"
            var note = ""
            if let address = realServerHosts[host] {
                line += ", address: \(address)"
                if let why = guessed[host] { note = "  # \(commentText(why))" }
            } else if let unknown = servicesUnknown[host] {
                if let observation = observations[host], let address = directorAddress(observation, services: services, vips: unknown.vips) {
                    line += ", address: \(address.address)"
                }
                note = "  # director: \(commentText(unknown.reasons.joined(separator: "; "))); its IPVS table lists no service"
            } else if let observation = observations[host], let address = directorAddress(observation, services: services) {
                line += ", address: \(address.address)"
                note = "  # address guessed: \(commentText(address.reason))"
            } else {
                note = "  # no address found in its captures"
            }
            out.append(line + "}" + note)
        }
        if directors.isEmpty {
            // Without a table nothing says who directs or serves: every host is listed, unplaced.
            for host in hosts { out.append("  \(host): {role: real-server}  # role unknown: no IPVS table was read") }
            unplaced.removeAll()
        }
        if !unplaced.isEmpty {
            out.append("  # not placed (no IPVS table, and no table names their addresses): \(commentText(unplaced.joined(separator: ", ")))")
        }
        out.append("services:")
        if services.isEmpty, !servicesUnknown.isEmpty {
            out.append("  []")
            for (director, unknown) in servicesUnknown.sorted(by: { $0.key < $1.key }) {
                let vips = unknown.vips.map(\.description).joined(separator: ", ")
                out.append(
                    "  # \(director)'s table is empty and nothing captured names its services (no saved rules, no keepalived virtual_server)"
                        + (vips.isEmpty
                            ? ""
                            : "; \(vips) look\(unknown.vips.count == 1 ? "s" : "") like its VIP\(unknown.vips.count == 1 ? "" : "s"), port unknown")
                        + ": describe them, e.g.")
                out.append(
                    "  # - {vip: \(unknown.vips.first.map(\.description) ?? "VIP"), port: PORT, scheduler: rr, method: dr, real_servers: [...]}")
            }
        } else if services.isEmpty {
            out.append("  []  # no director's captures hold an IPVS table lvslint could read")
        }
        // Kubernetes Services captured with kubectl name the services kube-proxy made of them.
        var kubernetesNames: [ServiceKey: String] = [:]
        for host in hosts {
            for service in observations[host]?.kubernetes.services ?? [] {
                for port in service.ports {
                    guard let proto = ServiceProtocol(rawValue: port.protocolName) else { continue }
                    for address in service.clusterIPs + service.externalIPs + service.loadBalancerIPs {
                        // One Service has a service per address and port: each named apart.
                        kubernetesNames[.address(protocol: proto, vip: address, port: port.port)] =
                            "\(service.name):\(port.port)/\(port.protocolName)"
                    }
                }
            }
        }
        for (n, service) in services.enumerated() {
            let methods = service.destinations.compactMap { $0.forwarding?.method }
            let method = mostCommon(methods) ?? .dr
            if let name = kubernetesNames[service.key] {
                out.append("  - name: \(yamlScalar(name))  # the Kubernetes Service")
            } else {
                out.append("  - name: svc\(n + 1)")
            }
            switch service.key {
            case let .address(proto, vip, port):
                out.append("    vip: \(vip)")
                out.append("    port: \(port)")
                out.append("    protocol: \(proto.rawValue)")
            case let .fwmark(mark, family):
                out.append("    fwmark: \(mark)")
                if family == .v6 { out.append("    family: ipv6") }
            }
            if let scheduler = service.scheduler { out.append("    scheduler: \(scheduler)") }
            out.append(
                "    method: \(method.rawValue)"
                    + (Set(methods).count > 1 ? "  # the most common method in the table; others are per real server" : ""))
            if let persistence = service.persistence { out.append("    persistence: \(persistence)") }
            if service.directors.count < directors.count { out.append("    directors: [\(service.directors.joined(separator: ", "))]") }
            out.append("    real_servers:")
            if service.destinations.isEmpty { out.append("      []") }
            for destination in service.destinations {
                var fields: [String] = []
                var comment = ""
                if let host = owner(of: destination.address, excluding: service.directors) {
                    fields.append("host: \(host)")
                    if realServerHosts[host] != destination.address { fields.append("address: \(destination.address)") }
                } else {
                    fields.append("address: \(destination.address)")
                    comment = "  # no captured host holds this address"
                }
                if case let .address(_, _, port) = service.key, destination.port != port, destination.forwarding == .masq {
                    fields.append("port: \(destination.port)")
                }
                if let weight = destination.weight, weight != 1 { fields.append("weight: \(weight)") }
                if let m = destination.forwarding?.method, m != method { fields.append("method: \(m.rawValue)") }
                if destination.forwarding == .local { comment = "  # Local in the table: the director serves it itself" }
                out.append("      - {\(fields.joined(separator: ", "))}\(comment)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A director's own address on the real servers' segment: its address on an interface
    /// with a subnet holding a real server, else its first global address that is no VIP.
    static func directorAddress(_ observation: HostObservation, services: [DraftService], vips extra: [IPAddress] = []) -> (
        address: IPAddress, reason: String
    )? {
        let vips = Set(
            services.compactMap { service -> IPAddress? in
                if case let .address(_, vip, _) = service.key { return vip }
                return nil
            } + extra)
        // On a Kubernetes node a NodePort service's address is the node's own: not a VIP.
        let ownVIPs = observation.kubernetesOwnership.map { owned in vips.filter { owned.serviceAddresses.contains($0) } } ?? vips
        let rips = services.flatMap { $0.destinations.map(\.address) }
        // A Kubernetes node's own address is its uplink's: the pods' bridge and kube-ipvs0 are Kubernetes'.
        let candidates = observation.addresses.filter {
            !ownVIPs.contains($0.prefix.address) && $0.scope != "host" && $0.scope != "link" && $0.interface != "lo"
                && !observation.isKubernetesManaged(interface: $0.interface)
        }
        if let onSegment = candidates.first(where: { a in a.prefix.length < a.prefix.address.bitWidth && rips.contains { a.prefix.contains($0) } }) {
            return (onSegment.prefix.address, "its address on \(onSegment.interface), the real servers' subnet")
        }
        return candidates.first.map { ($0.prefix.address, "its first global address (on \($0.interface))") }
    }

    static func mostCommon<T: Hashable>(_ values: [T]) -> T? {
        var counts: [T: Int] = [:]
        var order: [T] = []
        for v in values {
            if counts[v] == nil { order.append(v) }
            counts[v, default: 0] += 1
        }
        return order.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) }
    }

    /// A value as libyaml's emitter writes it: it reads back as exactly `text`.
    static func yamlScalar(_ text: String) -> String {
        YAMLScalarEmitter.scalar(text) ?? YAMLScalarEmitter.doubleQuoted(text)
    }

    /// Text from the inputs inside a `# …` comment: one line, control characters shown as `\u{…}`.
    static func commentText(_ text: String) -> String {
        TextReport.printable(text).replacingOccurrences(of: "\u{2028}", with: " ").replacingOccurrences(of: "\u{2029}", with: " ")
    }
}
