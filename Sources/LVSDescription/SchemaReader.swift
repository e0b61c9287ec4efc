import Foundation
import LVSModel

/// Walks the YAML tree of a description, checking each value against schema 1 and
/// noting every problem with its place.
struct SchemaReader {
    let file: String
    var errors: [DescriptionError] = []
    /// Hosts whose address was given but wrong: already reported, so not reported again as missing.
    var hostsWithBadAddress: Set<String> = []
    /// A draft of directors whose services nothing captured names has none to list.
    var allowsNoServices = false

    init(file: String) { self.file = file }

    static let clusterKeys = ["version", "cluster", "captures", "hosts", "services"]
    static let hostKeys = ["role", "address", "keepalived"]
    static let serviceKeys = [
        "name", "vip", "port", "protocol", "fwmark", "family", "scheduler", "method", "persistence", "directors", "real_servers",
    ]
    static let realServerKeys = ["host", "address", "port", "weight", "method"]

    // MARK: errors and scalars

    mutating func error(_ node: YAMLNode, _ message: String) {
        errors.append(DescriptionError(location: location(node), message: message))
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.mark.line, column: node.mark.column)
    }

    // `what` names the field for an error, and is written only when there is one: a fleet's
    // description has hundreds of thousands of fields, nearly all of them right.
    mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        if case let .scalar(text, _, _) = node { return text }
        error(node, "\(what()) must be a string, not \(node.kindName)")
        return nil
    }

    mutating func integer(_ node: YAMLNode, _ what: @autoclosure () -> String, range: ClosedRange<Int>) -> Int? {
        guard case let .scalar(text, _, _) = node else {
            error(node, "\(what()) must be a number, not \(node.kindName)")
            return nil
        }
        guard let value = Int(text) else {
            error(node, "\(what()) must be a whole number, not '\(text)'")
            return nil
        }
        guard range.contains(value) else {
            error(node, "\(what()) \(value) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func address(_ node: YAMLNode, _ what: @autoclosure () -> String) -> IPAddress? {
        guard let text = string(node, what()) else { return nil }
        // `fe80::1%eth0`: a zone names a link; the cluster's addresses are not link-scoped.
        // Looked for on the bytes: walking the text's characters cost more than the address.
        if let percent = text.utf8.firstIndex(of: UInt8(ascii: "%")) {
            error(
                node,
                "\(what()) '\(text)' has a zone (\(text[percent...])): give the address without it; a link-local address cannot be a VIP, DIP or RIP")
            return nil
        }
        if let address = IPAddress(text) { return address }
        if text.contains("/") {
            error(node, "\(what()) '\(text)' must be a plain address without a prefix length")
        } else {
            error(node, "\(what()) '\(text)' is not an IPv4 or IPv6 address")
        }
        return nil
    }

    mutating func oneOf<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: @autoclosure () -> String, _: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, what()) else { return nil }
        if let value = T(rawValue: text.lowercased()) { return value }
        let names = T.allCases.map(\.rawValue)
        error(node, "\(what()) '\(text)' is not one of \(names.joined(separator: ", "))\(NearestName.hint(for: text, among: names))")
        return nil
    }

    /// The pairs of a mapping, with unknown and repeated keys reported.
    mutating func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String]) -> YAMLFields? {
        guard case let .mapping(pairs, _) = node else {
            error(node, "\(what()) must be a mapping, not \(node.kindName)")
            return nil
        }
        var out = YAMLFields()
        for pair in pairs {
            guard case let .scalar(key, _, _) = pair.key else {
                error(pair.key, "keys of \(what()) must be names, not \(pair.key.kindName)")
                continue
            }
            guard allowed.contains(key) else {
                error(pair.key, "unknown key '\(key)' in \(what())\(NearestName.hint(for: key, among: allowed))")
                continue
            }
            if out[key] != nil {
                error(pair.key, "'\(key)' is given twice in \(what())")
                continue
            }
            out.add(key, pair)
        }
        return out
    }

    mutating func required(_ fields: YAMLFields, _ key: String, in node: YAMLNode, _ what: @autoclosure () -> String)
        -> YAMLNode?
    {
        if let value = fields[key]?.value { return value }
        error(node, "\(what()) is missing '\(key)'")
        return nil
    }

    // MARK: the document

    mutating func readCluster(_ root: YAMLNode, baseDirectory: String) -> ClusterDescription? {
        guard let fields = mapping(root, "the description", allowed: Self.clusterKeys) else { return nil }
        if let version = fields["version"]?.value, let v = integer(version, "version", range: 0...Int.max), v != 1 {
            error(version, "schema version \(v) is not supported; this lvslint reads version 1")
        }
        let name = required(fields, "cluster", in: root, "the description").flatMap { string($0, "cluster") }
        var captures = "captures"
        var capturesLocation: SourceLocation?
        if let node = fields["captures"]?.value, let text = string(node, "captures") {
            captures = text
            capturesLocation = location(node)
        }
        let capturesDirectory = captures.hasPrefix("/") ? captures : (baseDirectory as NSString).appendingPathComponent(captures)

        var hosts: [HostDescription] = []
        if let node = required(fields, "hosts", in: root, "the description") {
            hosts = readHosts(node)
        }
        var services: [ServiceDescription] = []
        if let node = required(fields, "services", in: root, "the description") {
            services = readServices(node, hosts: hosts)
        }
        guard let name else { return nil }
        var cluster = ClusterDescription(name: name, file: file, capturesDirectory: capturesDirectory, hosts: hosts, services: services)
        cluster.capturesLocation = capturesLocation
        return cluster
    }

    mutating func readHosts(_ node: YAMLNode) -> [HostDescription] {
        guard case let .mapping(pairs, _) = node else {
            error(node, "hosts must be a mapping of host name to host, not \(node.kindName)")
            return []
        }
        var hosts: [HostDescription] = []
        var seen: Set<String> = []
        for pair in pairs {
            guard let name = string(pair.key, "a host name") else { continue }
            guard HostName.isSafe(name) else {
                error(
                    pair.key,
                    "host name '\(name.unicodeScalars.map { $0.properties.isAlphabetic || $0.isASCII && $0.value >= 32 && $0.value < 127 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined())' may hold only letters, digits, '.', '-' and '_', and may not begin with '.' (it names the folder captures/<host>/)"
                )
                continue
            }
            guard seen.insert(name).inserted else {
                error(pair.key, "host '\(name)' is defined twice")
                continue
            }
            guard let fields = mapping(pair.value, "host '\(name)'", allowed: Self.hostKeys) else { continue }
            var roles: Set<HostRole> = []
            if let roleNode = required(fields, "role", in: pair.key, "host '\(name)'") {
                roles = readRoles(roleNode, host: name)
            }
            var address: IPAddress?
            if let node = fields["address"]?.value {
                address = self.address(node, "address of host '\(name)'")
                if address == nil { hostsWithBadAddress.insert(name) }
            }
            var host = HostDescription(
                name: name, roles: roles, address: address, location: location(pair.key),
                addressLocation: fields["address"].map { location($0.value) })
            if let node = fields["keepalived"]?.value, let path = string(node, "keepalived of host '\(name)'") {
                host.keepalived = KASetting(path, KALine(location: location(node), text: "keepalived: \(path)"))
            }
            hosts.append(host)
        }
        return hosts
    }

    mutating func readRoles(_ node: YAMLNode, host: String) -> Set<HostRole> {
        var nodes: [YAMLNode] = []
        switch node {
        case .scalar: nodes = [node]
        case let .sequence(items, _): nodes = items
        case .mapping:
            error(node, "role of host '\(host)' must be director, real-server, or a list of both")
            return []
        }
        var roles: Set<HostRole> = []
        for item in nodes {
            if let role = oneOf(item, "role of host '\(host)'", HostRole.self) { roles.insert(role) }
        }
        if nodes.isEmpty { error(node, "host '\(host)' needs at least one role") }
        return roles
    }

    mutating func readServices(_ node: YAMLNode, hosts: [HostDescription]) -> [ServiceDescription] {
        guard case let .sequence(items, _) = node else {
            error(node, "services must be a list, not \(node.kindName)")
            return []
        }
        if items.isEmpty && !allowsNoServices { error(node, "services must list at least one service") }
        var services: [ServiceDescription] = []
        var seenKeys: [ServiceKey: SourceLocation] = [:]
        // Hosts by name, the first of each, found once for every service's real servers (a
        // fleet's 10,000 real servers were each found by a scan of 10,000 hosts, and then by
        // a dictionary built again for each service).
        var hostPositions: [String: Int] = [:]
        for (position, host) in hosts.enumerated() where hostPositions[host.name] == nil { hostPositions[host.name] = position }
        for (index, item) in items.enumerated() {
            guard let service = readService(item, index: index, hosts: hosts, hostPositions: hostPositions) else { continue }
            if let first = seenKeys[service.key] {
                error(item, "service \(service.key) is described twice (first at line \(first.line))")
                continue
            }
            seenKeys[service.key] = service.location
            services.append(service)
        }
        return services
    }

    mutating func readService(_ node: YAMLNode, index: Int, hosts: [HostDescription], hostPositions: [String: Int]) -> ServiceDescription? {
        let what = "service \(index + 1)"
        guard let fields = mapping(node, what, allowed: Self.serviceKeys) else { return nil }
        let name = fields["name"].flatMap { string($0.value, "name") }
        let label = name.map { "service '\($0)'" } ?? what

        var key: ServiceKey?
        if let markNode = fields["fwmark"]?.value {
            for other in ["vip", "port", "protocol"] {
                if let pair = fields[other] { error(pair.key, "\(label) has a fwmark, so '\(other)' does not apply (the mark selects the traffic)") }
            }
            if let mark = integer(markNode, "fwmark of \(label)", range: 1...Int(UInt32.max)) {
                key = .fwmark(UInt32(mark), family: fwmarkFamily(fields, label: label, hosts: hosts))
            }
        } else {
            if let pair = fields["family"] { error(pair.key, "'family' applies to fwmark services only; the VIP gives the family of \(label)") }
            let vip = required(fields, "vip", in: node, "\(label) (or give `fwmark`)").flatMap { address($0, "vip of \(label)") }
            let port = required(fields, "port", in: node, label).flatMap { integer($0, "port of \(label)", range: 0...65535) }
            var proto = ServiceProtocol.tcp
            if let p = fields["protocol"]?.value { proto = oneOf(p, "protocol of \(label)", ServiceProtocol.self) ?? .tcp }
            if let vip, let port { key = .address(protocol: proto, vip: vip, port: port) }
        }

        var scheduler = "wlc"
        if let node = fields["scheduler"]?.value, let text = string(node, "scheduler of \(label)") {
            if DescriptionLoader.schedulers.contains(text) {
                scheduler = text
            } else {
                error(
                    node,
                    "scheduler '\(text)' of \(label) is not one of \(DescriptionLoader.schedulers.joined(separator: " "))\(NearestName.hint(for: text, among: DescriptionLoader.schedulers))"
                )
            }
        }
        var method = ForwardingMethod.dr
        if let node = fields["method"]?.value { method = oneOf(node, "method of \(label)", ForwardingMethod.self) ?? .dr }
        var persistence: Int?
        if let node = fields["persistence"]?.value { persistence = integer(node, "persistence of \(label)", range: 1...Int(Int32.max)) }

        var directors: [String]?
        if let node = fields["directors"]?.value { directors = readDirectors(node, label: label, hosts: hosts) }

        var servers: [RealServerDescription] = []
        if let node = required(fields, "real_servers", in: node, label) {
            servers = readRealServers(node, label: label, service: key, defaultMethod: method, hosts: hosts, hostPositions: hostPositions)
        }
        // A service with errors inside is still returned, so that a duplicate of it is
        // reported too; any error fails the whole load anyway.
        guard let key else { return nil }
        return ServiceDescription(
            name: name, key: key, scheduler: scheduler, method: method, persistence: persistence,
            directors: directors, realServers: servers, location: location(node))
    }

    /// `family: ipv6` (ipvsadm -6); without it, IPv6 when every real server address is IPv6.
    mutating func fwmarkFamily(
        _ fields: YAMLFields, label: String,
        hosts: [HostDescription]
    ) -> IPAddress.Family {
        if let node = fields["family"]?.value, let text = string(node, "family of \(label)") {
            switch text.lowercased() {
            case "ipv4", "inet", "4": return .v4
            case "ipv6", "inet6", "6": return .v6
            default:
                error(node, "family '\(text)' of \(label) is not ipv4 or ipv6")
                return .v4
            }
        }
        guard case let .sequence(items, _)? = fields["real_servers"]?.value, !items.isEmpty else { return .v4 }
        var addressByName: [String: IPAddress?] = [:]
        for host in hosts where addressByName[host.name] == nil { addressByName[host.name] = .some(host.address) }
        let addresses: [IPAddress] = items.compactMap { item in
            guard case let .mapping(pairs, _) = item else { return nil }
            var fromHost: IPAddress?
            for pair in pairs {
                guard case let .scalar(k, _, _) = pair.key, case let .scalar(v, _, _) = pair.value else { continue }
                if k == "address" { return IPAddress(v) }
                if k == "host" { fromHost = addressByName[v] ?? nil }
            }
            return fromHost
        }
        return !addresses.isEmpty && addresses.count == items.count && addresses.allSatisfy { $0.family == .v6 } ? .v6 : .v4
    }

    mutating func readDirectors(_ node: YAMLNode, label: String, hosts: [HostDescription]) -> [String]? {
        guard case let .sequence(items, _) = node else {
            error(node, "directors of \(label) must be a list of host names")
            return nil
        }
        var names: [String] = []
        for item in items {
            guard let name = string(item, "a director of \(label)") else { continue }
            guard let host = hosts.first(where: { $0.name == name }) else {
                error(item, "director '\(name)' of \(label) is not a host\(NearestName.hint(for: name, among: hosts.map(\.name)))")
                continue
            }
            if !host.roles.contains(.director) {
                error(
                    item,
                    "host '\(name)' is listed as a director of \(label) but its role is \(host.roles.map(\.rawValue).sorted().joined(separator: ", "))"
                )
                continue
            }
            names.append(name)
        }
        return names
    }

    mutating func readRealServers(
        _ node: YAMLNode, label: String, service: ServiceKey?, defaultMethod: ForwardingMethod,
        hosts: [HostDescription], hostPositions hostsByName: [String: Int]
    ) -> [RealServerDescription] {
        guard case let .sequence(items, _) = node else {
            error(node, "real_servers of \(label) must be a list")
            return []
        }
        var servers: [RealServerDescription] = []
        var seen: [RealServerIdentity: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let fields = mapping(item, "a real server of \(label)", allowed: Self.realServerKeys) else { continue }
            var hostName: String?
            var address: IPAddress?
            if let node = fields["host"]?.value, let name = string(node, "host") {
                if let position = hostsByName[name] {
                    let host = hosts[position]
                    hostName = name
                    address = host.address
                    if !host.roles.contains(.realServer) {
                        error(node, "host '\(name)' is a real server of \(label) but its role does not include real-server")
                    }
                } else {
                    error(
                        node,
                        "real server host '\(name)' of \(label) is not defined under hosts\(NearestName.hint(for: name, among: hosts.map(\.name)))")
                    continue
                }
            }
            if let node = fields["address"]?.value {
                address = self.address(node, "address of a real server of \(label)") ?? address
            }
            let name = hostName ?? address?.description ?? "\(index + 1)"
            let port = fields["port"].flatMap { integer($0.value, "port of real server \(name)", range: 0...65535) }
            let weight = fields["weight"].flatMap { integer($0.value, "weight of real server \(name)", range: 0...65535) } ?? 1
            var method = defaultMethod
            if let node = fields["method"]?.value { method = oneOf(node, "method of real server \(name)", ForwardingMethod.self) ?? defaultMethod }
            guard let address else {
                if fields["address"] == nil && !hostsWithBadAddress.contains(hostName ?? "") {
                    error(
                        item,
                        hostName.map { "real server '\($0)' of \(label) needs an address: its host has none" }
                            ?? "a real server of \(label) needs `host` or `address`")
                }
                continue
            }
            if let service, case let .address(_, vip, _) = service, vip.family != address.family, method != .tun {
                error(
                    item,
                    "real server \(address) is \(address.family == .v4 ? "IPv4" : "IPv6") but the VIP is not; only tunnelled real servers may differ in family"
                )
            }
            let effectivePort =
                port
                ?? {
                    if case let .address(_, _, p) = service { return p }
                    return 0
                }()
            let identity = RealServerIdentity(address: address, port: effectivePort)
            if let line = seen[identity] {
                error(item, "real server \(address):\(effectivePort) is listed twice in \(label) (first at line \(line))")
                continue
            }
            seen[identity] = item.mark.line
            servers.append(
                RealServerDescription(
                    host: hostName, address: address, port: port, weight: weight, method: method,
                    location: location(item), portLocation: fields["port"].map { location($0.value) }))
        }
        return servers
    }
}

/// A real server as a service tells them apart: its address and port.
struct RealServerIdentity: Hashable {
    let address: IPAddress
    let port: Int
}
