/// What keepalived 2.x makes of a virtual server before it programs IPVS: the defaults it
/// applies and the corrections it makes, each with the line it applies to, in the order
/// keepalived's configuration check (`validate_check_config` in check/check_data.c, and the
/// end of a `virtual_server` block in check/check_parser.c) reports them. `keepalived -t`
/// prints one log line for each adjustment here; the tests hold the two to each other.
public enum KeepalivedDefaults {
    /// IPVS_DEF_SCHED.
    public static let scheduler = "wlc"
    /// IPVS_SVC_PERSISTENT_TIMEOUT: `persistence_timeout` without a value, or forced by port 0.
    public static let persistence = 360
    /// A virtual server's `weight` when none is given: its real servers' default.
    public static let weight = 1
    public static let quorum = 1

    /// A virtual server as keepalived runs it.
    public struct Effective: Sendable {
        public var source: KAVirtualServer
        /// nil for a fwmark service, whose protocol IPVS does not use.
        public var protocolName: ServiceProtocol?
        public var scheduler: String
        public var persistence: Int?
        public var realServers: [Server]
        public var sorryServer: Server?
        /// keepalived drops a virtual server without real servers.
        public var ignored: Bool
        public var quorum: Int

        public struct Server: Sendable {
            public var source: KARealServer
            public var port: Int?
            public var weight: Int
            public var method: ForwardingMethod
        }
    }

    public struct Adjustment: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case haSuspendCleared = "ha_suspend cleared"
            case protocolDefaultsToUDP = "protocol defaults to UDP"
            case opsNeedsUDP = "ops needs UDP"
            case zeroPortMadePersistent = "port 0 made persistent"
            case fwmarkProtocolIgnored = "protocol ignored for fwmark"
            case schedulerDefault = "scheduler default"
            case duplicateRealServer = "duplicate real server removed"
            case methodDefaultsToNAT = "method defaults to NAT"
            case sorryInhibitDiffers = "sorry server inhibit changed"
            case quorumReduced = "quorum reduced"
            case hysteresisReduced = "hysteresis reduced"
            case fwmarkPortCleared = "fwmark real server port cleared"
            case realServerPortReset = "real server port reset"
            case sorryServerPortReset = "sorry server port reset"
            case noRealServers = "no real servers"
        }

        public var kind: Kind
        /// The line it applies to: the virtual server's, or a real server's.
        public var line: KALine
        /// The virtual server's own line.
        public var virtualServer: KALine
        /// What keepalived does, in plain words.
        public var message: Message
    }

    public static func apply(_ vs: KAVirtualServer, in config: KeepalivedConfig) -> (Effective, [Adjustment]) {
        var out: [Adjustment] = []
        func note(_ kind: Adjustment.Kind, _ line: KALine, _ message: Message) {
            out.append(Adjustment(kind: kind, line: line, virtualServer: vs.line, message: message))
        }
        let group: KAVirtualServerGroup? = {
            if case let .group(name) = vs.key { return config.group(named: name) }; return nil
        }()
        let groupAddresses =
            group?.entries.filter {
                if case .addresses = $0 { return true }; return false
            } ?? []
        let groupMarks =
            group?.entries.filter {
                if case .fwmark = $0 { return true }; return false
            } ?? []
        let isFwmark: Bool = {
            if case .fwmark = vs.key { return true }; return false
        }()
        let usesMarks = isFwmark || !groupMarks.isEmpty
        let byAddress: Bool = {
            if case .address = vs.key { return true }
            return group != nil && !groupAddresses.isEmpty
        }()
        var effective = Effective(
            source: vs, protocolName: vs.protocolName?.value, scheduler: vs.scheduler?.value ?? scheduler,
            persistence: vs.persistence.map { $0.value ?? persistence }, realServers: [], sorryServer: nil,
            ignored: false, quorum: vs.quorum?.value ?? quorum)

        // A virtual server without real servers is dropped when its block ends, before the rest.
        if vs.realServers.isEmpty {
            effective.ignored = true
            note(.noRealServers, vs.line, "keepalived ignores this virtual_server: it has no real_server, so no IPVS service is created")
            return (effective, out)
        }
        if let line = vs.haSuspend, usesMarks {
            note(.haSuspendCleared, line, "ha_suspend cannot be used with a fwmark service: keepalived clears it")
        }
        if byAddress {
            if vs.protocolName == nil {
                effective.protocolName = .udp
                note(.protocolDefaultsToUDP, vs.line, "no `protocol`: keepalived makes this a UDP service")
            }
            if let line = vs.ops, effective.protocolName != .udp {
                note(.opsNeedsUDP, line, "one-packet scheduling (ops) needs UDP: keepalived removes it")
            }
            if effective.persistence == nil, group == nil, case let .address(_, port) = vs.key, port == 0 {
                effective.persistence = persistence
                note(
                    .zeroPortMadePersistent, vs.line,
                    "port 0 is valid only for a persistent service: keepalived sets persistence_timeout \(persistence)")
            }
        }
        if effective.persistence == nil, group != nil {
            for case let .addresses(_, _, port, line) in groupAddresses where port == 0 {
                effective.persistence = persistence
                note(
                    .zeroPortMadePersistent, vs.line,
                    "group entry `\(line.text)` (\(line.location.file):\(line.location.line)) has port 0, valid only for a persistent service: keepalived sets persistence_timeout \(persistence)"
                )
                break
            }
        }
        if let proto = vs.protocolName, (isFwmark || (group != nil && groupAddresses.isEmpty && !groupMarks.isEmpty)) {
            effective.protocolName = nil
            note(.fwmarkProtocolIgnored, proto.line, "`protocol` means nothing for a fwmark service: keepalived ignores it")
        }
        if vs.scheduler == nil {
            note(.schedulerDefault, vs.line, "no `lvs_sched`/`lb_algo`: keepalived uses \(scheduler)")
        }

        var vsMethod = vs.method?.value
        var weightSum = 0
        var kept: [KARealServer] = []
        for server in vs.realServers {
            if kept.contains(where: { $0.address == server.address && ($0.port ?? 0) == (server.port ?? 0) }) {
                note(
                    .duplicateRealServer, server.line,
                    "real server \(server.address)\(server.port.map { ":\($0)" } ?? "") is listed twice: keepalived removes the second")
                continue
            }
            kept.append(server)
            var method = server.method?.value
            if method == nil {
                if vsMethod == nil {
                    vsMethod = .nat
                    note(.methodDefaultsToNAT, vs.line, "no `lvs_method`/`lb_kind`: keepalived forwards to the real servers by NAT")
                }
                method = vsMethod
            }
            let weight = server.weight?.value ?? vs.weight?.value ?? Self.weight
            weightSum += weight
            effective.realServers.append(.init(source: server, port: server.port, weight: weight, method: method ?? .nat))
        }
        if let sorry = vs.sorryServer {
            if let twin = kept.first(where: { $0.address == sorry.address && ($0.port ?? 0) == (sorry.port ?? 0) }),
                (twin.inhibitOnFailure != nil || vs.inhibitOnFailure != nil) != (sorry.inhibitOnFailure != nil)
            {
                note(
                    .sorryInhibitDiffers, sorry.line,
                    "the sorry server is also a real server with a different inhibit_on_failure: keepalived uses the real server's")
            }
            var method = sorry.method?.value
            if method == nil {
                if vsMethod == nil {
                    vsMethod = .nat
                    note(.methodDefaultsToNAT, vs.line, "no `lvs_method`/`lb_kind`: keepalived forwards to the sorry server by NAT")
                }
                method = vsMethod
            }
            effective.sorryServer = .init(source: sorry, port: sorry.port, weight: 1, method: method ?? .nat)
        }
        if effective.quorum > weightSum {
            note(
                .quorumReduced, vs.quorum?.line ?? vs.line,
                "quorum \(effective.quorum) exceeds the real servers' total weight \(weightSum): keepalived lowers it to \(weightSum)")
            effective.quorum = weightSum
        }
        let hysteresis = vs.hysteresis?.value ?? 0
        if hysteresis >= effective.quorum {
            note(
                .hysteresisReduced, vs.hysteresis?.line ?? vs.line,
                "hysteresis \(hysteresis) is not below quorum \(effective.quorum): keepalived lowers it")
        }

        // Outside NAT, IPVS forwards to the service's port: keepalived resets real-server ports.
        switch vs.key {
        case .group:
            for index in effective.realServers.indices where effective.realServers[index].method != .nat {
                let server = effective.realServers[index]
                if !groupMarks.isEmpty, let port = server.port, port != 0 {
                    note(.fwmarkPortCleared, server.source.line, "a fwmark service ignores real-server ports outside NAT")
                }
                for case let .addresses(_, _, port, _) in groupAddresses {
                    if let rsPort = server.port, rsPort != 0, rsPort != port {
                        note(.realServerPortReset, server.source.line, "outside NAT IPVS sends to the group entry's port \(port), not \(rsPort)")
                    }
                }
            }
            if let sorry = effective.sorryServer, sorry.method != .nat, let port = sorry.port, port != 0 {
                if !groupMarks.isEmpty { note(.fwmarkPortCleared, sorry.source.line, "a fwmark service ignores the sorry server's port outside NAT") }
                for case let .addresses(_, _, groupPort, _) in groupAddresses where groupPort != port {
                    note(.sorryServerPortReset, sorry.source.line, "outside NAT IPVS sends to the group entry's port \(groupPort), not \(port)")
                }
            }
        case .fwmark:
            for index in effective.realServers.indices where effective.realServers[index].method != .nat {
                if let port = effective.realServers[index].port, port != 0 {
                    note(
                        .fwmarkPortCleared, effective.realServers[index].source.line,
                        "a fwmark service ignores real-server ports outside NAT: keepalived clears port \(port)")
                }
                effective.realServers[index].port = nil
            }
            if var sorry = effective.sorryServer, sorry.method != .nat {
                if let port = sorry.port, port != 0 {
                    note(
                        .fwmarkPortCleared, sorry.source.line,
                        "a fwmark service ignores the sorry server's port outside NAT: keepalived clears port \(port)")
                }
                sorry.port = nil
                effective.sorryServer = sorry
            }
        case let .address(_, servicePort):
            for index in effective.realServers.indices {
                let server = effective.realServers[index]
                guard let port = server.port, port != 0 else {
                    effective.realServers[index].port = servicePort
                    continue
                }
                if server.method != .nat, port != servicePort {
                    note(
                        .realServerPortReset, server.source.line,
                        "outside NAT IPVS sends to the service's port: keepalived resets real server port \(port) to \(servicePort)")
                    effective.realServers[index].port = servicePort
                }
            }
            if var sorry = effective.sorryServer {
                if let port = sorry.port, port != 0, sorry.method != .nat, port != servicePort {
                    note(
                        .sorryServerPortReset, sorry.source.line,
                        "outside NAT IPVS sends to the service's port: keepalived resets sorry server port \(port) to \(servicePort)")
                    sorry.port = servicePort
                } else if sorry.port == nil || sorry.port == 0 {
                    sorry.port = servicePort
                }
                effective.sorryServer = sorry
            }
        }
        return (effective, out)
    }
}
