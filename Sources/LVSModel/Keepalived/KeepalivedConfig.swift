/// What one keepalived configuration (a `keepalived.conf` and the files it includes) says
/// about IPVS and VRRP, as written: a value is nil when the file does not give it, so the
/// defaults keepalived applies (`KeepalivedDefaults`) stay visible. Every entry keeps the
/// file and line it was written on.
public struct KeepalivedConfig: Sendable {
    /// The file named on the command line or in the description.
    public var file: String
    /// The director this configuration belongs to, once known.
    public var director: String?
    public var routerID: KASetting<String>?
    public var virtualServers: [KAVirtualServer] = []
    public var groups: [KAVirtualServerGroup] = []
    public var vrrpInstances: [KAVRRPInstance] = []
    public var syncGroups: [KASyncGroup] = []
    /// `dynamic_interfaces` in global_defs: keepalived waits for interfaces that do not exist yet.
    public var dynamicInterfaces: KALine?
    /// True when `@id` lines, `$NAME` definitions or `~SEQ` changed what was read: the `@id` lines
    /// depend on the host it is read for.
    public var usesConditionals = false
    /// `static_ipaddress { … }` at the top level: addresses keepalived adds when it starts,
    /// whatever the VRRP state (and removes when it stops).
    public var staticAddresses: [KAVirtualAddress] = []
    /// `lvs_sync_daemon INTERFACE [VRRP_INSTANCE] [id N]` in global_defs.
    public var syncDaemon: KASetting<String>?
    /// `lvs_sync_daemon … inst NAME`: the VRRP instance whose state the daemon follows.
    public var syncDaemonInstance: String?
    /// `lvs_sync_daemon … id N`: the sync id; keepalived's default is the instance's virtual_router_id.
    public var syncDaemonID: Int?
    /// Lines lvslint did not understand: an unknown keyword, a value it cannot read, a
    /// brace that closes nothing. Each is a finding; nothing is skipped silently.
    public var unread: [KAUnreadLine] = []
    /// Every file read, the main one first.
    public var files: [String] = []
    /// `# lvslint: disable=… -- reason` comments in those files, and those that could not be read.
    public var suppressions: [InlineSuppression] = []
    public var suppressionProblems: [FileSuppressions.Problem] = []

    public init(file: String) {
        self.file = file
        files = [file]
    }

    public func group(named name: String) -> KAVirtualServerGroup? { groups.first { $0.name == name } }
}

/// A value and where it was written.
public struct KASetting<Value: Sendable>: Sendable {
    public var value: Value
    public var line: KALine

    public init(_ value: Value, _ line: KALine) {
        self.value = value
        self.line = line
    }
}

/// One line of a keepalived configuration: where it is and what it says (for evidence).
public struct KALine: Sendable, Hashable {
    public var location: SourceLocation
    public var text: String

    public init(location: SourceLocation, text: String) {
        self.location = location
        self.text = text
    }

    /// Quoted in findings: a line longer than a report should print is cut, and says so.
    public var evidence: Evidence {
        guard text.utf8.count > 400 else { return Evidence(file: location.file, line: location.line, text: text) }
        return Evidence(
            file: location.file, line: location.line,
            text: "\(String(decoding: text.utf8.prefix(400), as: UTF8.self))… (\(text.utf8.count) bytes in all)")
    }
}

public struct KAUnreadLine: Sendable {
    public var line: KALine
    public var reason: Message

    public init(line: KALine, reason: Message) {
        self.line = line
        self.reason = reason
    }
}

/// `virtual_server 192.0.2.100 80 { … }`, `virtual_server fwmark 5 { … }`,
/// `virtual_server group NAME { … }`.
public struct KAVirtualServer: Sendable {
    public enum Key: Sendable, Hashable {
        case address(IPAddress, port: Int)
        case fwmark(UInt32)
        case group(String)
    }

    public var key: Key
    public var line: KALine
    /// The line of the closing brace: the block spans `line` to `end`.
    public var end: SourceLocation
    public var protocolName: KASetting<ServiceProtocol>?
    public var method: KASetting<ForwardingMethod>?
    public var scheduler: KASetting<String>?
    /// `persistence_timeout` alone holds nil: keepalived then uses 360 s.
    public var persistence: KASetting<Int?>?
    public var quorum: KASetting<Int>?
    public var hysteresis: KASetting<Int>?
    /// `weight` at the virtual server: the default of its real servers.
    public var weight: KASetting<Int>?
    public var ops: KALine?
    public var haSuspend: KALine?
    public var inhibitOnFailure: KALine?
    /// `ip_family inet|inet6`, for fwmark services.
    public var family: KASetting<IPAddress.Family>?
    public var realServers: [KARealServer] = []
    public var sorryServer: KARealServer?
    /// `delay_loop`: seconds between two checks of a real server (keepalived's default: 60).
    public var delayLoop: KASetting<Double>?

    public init(key: Key, line: KALine) {
        self.key = key
        self.line = line
        end = line.location
    }

    /// The service as `ipvsadm -Ln` prints it: `TCP 192.0.2.100:80`, `UDP [2001:db8::1]:53`,
    /// `FWM 5`. With no `protocol`, keepalived makes a UDP service (KA002 says so), and so does the label.
    public var label: String {
        switch key {
        case let .address(address, port):
            let proto = (protocolName?.value ?? .udp).rawValue.uppercased()
            return address.family == .v6 ? "\(proto) [\(address)]:\(port)" : "\(proto) \(address):\(port)"
        case let .fwmark(mark): return "FWM \(mark)"
        case let .group(name): return "group \(name)"
        }
    }

    public func contains(_ location: SourceLocation) -> Bool {
        location.file == line.location.file && location.line >= line.location.line && location.line <= end.line
    }
}

/// `real_server 192.0.2.21 80 { … }` or `sorry_server 192.0.2.30 80`.
public struct KARealServer: Sendable {
    public var address: IPAddress
    public var port: Int?
    public var line: KALine
    public var weight: KASetting<Int>?
    public var method: KASetting<ForwardingMethod>?
    /// `inhibit_on_failure`, here or (for a sorry server) `sorry_server_inhibit`.
    public var inhibitOnFailure: KALine?
    /// Health checkers: `TCP_CHECK`, `HTTP_GET`, `MISC_CHECK`, …
    public var checkers: [KAChecker] = []

    public init(address: IPAddress, port: Int?, line: KALine) {
        self.address = address
        self.port = port
        self.line = line
    }
}

/// `virtual_server_group NAME { 192.0.2.100 80; 192.0.2.101-110 80; fwmark 5 }`.
public struct KAVirtualServerGroup: Sendable {
    public enum Entry: Sendable {
        /// One address, or a range of the last octet (`192.0.2.101-110`): `count` addresses.
        case addresses(first: IPAddress, count: Int, port: Int, line: KALine)
        case fwmark(UInt32, line: KALine)
    }

    public var name: String
    public var line: KALine
    public var entries: [Entry] = []

    public init(name: String, line: KALine) {
        self.name = name
        self.line = line
    }
}

/// `vrrp_instance NAME { … }`.
public struct KAVRRPInstance: Sendable {
    public var name: String
    public var line: KALine
    public var state: KASetting<String>?
    public var interface: KASetting<String>?
    public var virtualRouterID: KASetting<Int>?
    public var priority: KASetting<Int>?
    /// `virtual_ipaddress` entries: `198.51.100.100/32 dev eth0 label eth0:1`.
    public var addresses: [KAVirtualAddress] = []
    /// `virtual_ipaddress_excluded`: managed the same way, left out of the adverts.
    public var excludedAddresses: [KAVirtualAddress] = []
    public var noPreempt: KALine?
    public var unicastPeers: [KASetting<IPAddress>] = []
    /// `unicast_src_ip`: the source of its unicast adverts (keepalived binds it with
    /// IP_FREEBIND, so an address the host lacks is accepted).
    public var unicastSource: KASetting<IPAddress>?
    /// `advert_int` as written (seconds, fractions allowed with VRRPv3); keepalived's default is 1.
    public var advertInterval: KASetting<String>?
    /// `authentication { auth_type PASS|AH  auth_pass SECRET }`: the type, and the password as
    /// keepalived compares it (the first 8 characters); the secret itself is never shown.
    public var authType: KASetting<String>?
    public var authPass: KASetting<String>?

    public init(name: String, line: KALine) {
        self.name = name
        self.line = line
    }

    /// keepalived's default priority: 100 (255 for an address owner, which lvslint does not guess).
    public var effectivePriority: Int { priority?.value ?? 100 }
}

public struct KAVirtualAddress: Sendable {
    public var prefix: IPPrefix
    public var device: String?
    public var label: String?
    public var line: KALine

    public init(prefix: IPPrefix, device: String?, label: String?, line: KALine) {
        self.prefix = prefix
        self.device = device
        self.label = label
        self.line = line
    }
}

/// `vrrp_sync_group NAME { group { VI_1 VI_2 } }`.
public struct KASyncGroup: Sendable {
    public var name: String
    public var line: KALine
    public var instances: [KASetting<String>] = []

    public init(name: String, line: KALine) {
        self.name = name
        self.line = line
    }
}
