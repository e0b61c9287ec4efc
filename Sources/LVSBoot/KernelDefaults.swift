import LVSModel

/// What a key is when no configuration file sets it: the value the kernel starts with.
/// Cited as `kernel default` (line 0, which no report takes for a place in a file).
/// `rp_filter` has none here: systemd's and the distributions' own
/// /usr/lib/sysctl.d/50-default.conf set it (2 on Debian, 1 on RHEL), so it is known only
/// when those files are part of the configuration.
enum KernelDefaults {
    /// Per-interface IPv4 parameters, as a fresh kernel has them on `all`, `default` and every interface.
    static let interface: [(parameter: String, value: String)] = [
        ("arp_ignore", "0"), ("arp_announce", "0"), ("arp_filter", "0"), ("proxy_arp", "0"),
        ("send_redirects", "1"), ("accept_local", "0"), ("forwarding", "0"),
    ]
    static let global: [(key: String, value: String)] = [
        ("net.ipv4.ip_forward", "0"), ("net.ipv6.conf.all.forwarding", "0"),
    ]

    /// The entry for `key` at its kernel value, cited as "kernel default".
    static func entry(_ key: String, _ value: String) -> SysctlEntry {
        let file = CaptureFile(path: "kernel default", bytes: Array("\(key) = \(value) (no configuration file sets it)".utf8), lineOffset: -1)
        let line = CaptureLine(file: file, number: 0, start: 0, end: file.bytes.count)
        return SysctlEntry(key: key, value: value, evidence: line)
    }

    /// The loopback interface the kernel always creates, and its addresses.
    static func loopbackLine(_ text: String = "lo: the loopback interface (the kernel creates it)") -> CaptureLine {
        let file = CaptureFile(path: "kernel default", bytes: Array(text.utf8), lineOffset: -1)
        return CaptureLine(file: file, number: 0, start: 0, end: file.bytes.count)
    }
}
