extension KAVirtualServer {
    /// Ranges in a virtual_server_group are expanded up to this many addresses each: far
    /// beyond any real group, and a bound on what a hostile file can make lvslint build.
    public static let maximumRangeAddresses = 256

    /// The IPVS services this virtual server becomes as keepalived runs it: one, or one per
    /// address and fwmark of its group.
    public func serviceKeys(_ effective: KeepalivedDefaults.Effective, in config: KeepalivedConfig) -> [ServiceKey] {
        let proto = effective.protocolName ?? .tcp
        switch key {
        case let .address(address, port):
            return [.address(protocol: proto, vip: address, port: port)]
        case let .fwmark(mark):
            return [.fwmark(mark, family: family?.value ?? effective.realServers.first?.source.address.family ?? .v4)]
        case let .group(name):
            return (config.group(named: name)?.entries ?? []).flatMap { entry -> [ServiceKey] in
                switch entry {
                case let .fwmark(mark, _): return [.fwmark(mark, family: family?.value ?? .v4)]
                case let .addresses(first, count, port, _):
                    return (0..<min(count, Self.maximumRangeAddresses)).compactMap {
                        first.adding($0).map { .address(protocol: proto, vip: $0, port: port) }
                    }
                }
            }
        }
    }

    /// The addresses it serves, each with the line that names it (none for a fwmark).
    public func addresses(in config: KeepalivedConfig) -> [(address: IPAddress, line: KALine)] {
        switch key {
        case let .address(address, _): return [(address, line)]
        case .fwmark: return []
        case let .group(name):
            return (config.group(named: name)?.entries ?? []).flatMap { entry -> [(address: IPAddress, line: KALine)] in
                guard case let .addresses(first, count, _, line) = entry else { return [] }
                return (0..<min(count, Self.maximumRangeAddresses)).compactMap { first.adding($0).map { ($0, line) } }
            }
        }
    }
}
