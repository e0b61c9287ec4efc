/// The running kernel's release (`uname -r`, `uname -a`, /proc/version, or a collect
/// bundle's header): some IPVS behaviours changed between releases (conn_reuse_mode's
/// one-second wait was fixed in 5.9).
public struct KernelRelease: Sendable {
    /// As printed: `5.10.0-28-amd64`, `3.10.0-1160.el7.x86_64`.
    public var text: String
    public var major: Int
    public var minor: Int
    public var evidence: CaptureLine

    /// Nil when `text` does not begin as a kernel release does (`2.6`…`9.x`).
    public init?(_ text: String, evidence: CaptureLine) {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2, let first = text.first, first.isNumber, (2...9).contains(numbers[0]), numbers[1] < 1000,
            text.hasPrefix("\(numbers[0]).\(numbers[1])")
        else { return nil }
        self.text = text
        self.major = numbers[0]
        self.minor = numbers[1]
        self.evidence = evidence
    }

    /// True when this release is older than `major.minor`.
    public func isBefore(_ major: Int, _ minor: Int) -> Bool { self.major < major || (self.major == major && self.minor < minor) }
}

/// IPVS's connection timeouts (`ipvsadm -L --timeout`: `Timeout (tcp tcpfin udp): 900 120 300`).
public struct IPVSTimeouts: Sendable {
    public var tcp: Int
    public var tcpFin: Int
    public var udp: Int
    public var evidence: CaptureLine

    public init(tcp: Int, tcpFin: Int, udp: Int, evidence: CaptureLine) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
        self.evidence = evidence
    }
}

/// A connection synchronisation daemon (`ipvsadm -L --daemon`: `master sync daemon
/// (mcast=eth1, syncid=51)`): the master sends the director's connections, a backup receives them.
public struct SyncDaemon: Sendable {
    public enum Role: String, Sendable { case master, backup }
    public var role: Role
    /// The interface its multicast goes out of, or comes in on.
    public var interface: String
    public var syncID: Int
    public var evidence: CaptureLine

    public init(role: Role, interface: String, syncID: Int, evidence: CaptureLine) {
        self.role = role
        self.interface = interface
        self.syncID = syncID
        self.evidence = evidence
    }
}

/// A kernel module's parameter (`/sys/module/ip_vs/parameters/conn_tab_bits`): set when the
/// module is loaded, never by sysctl.
public struct ModuleParameter: Sendable {
    public var module: String
    public var name: String
    public var value: String
    public var evidence: CaptureLine

    public init(module: String, name: String, value: String, evidence: CaptureLine) {
        self.module = module
        self.name = name
        self.value = value
        self.evidence = evidence
    }

    /// `ip_vs.conn_tab_bits`: the key `HostObservation.moduleParameters` keeps it under.
    public var key: String { module + "." + name }
}
