/// An IP protocol as iptables and nft name it, reduced to one spelling: they print the name
/// /etc/protocols gives (`-p ipencap`, `ip protocol ipencap`), or the number where it gives
/// none, and distributions name protocol 4 differently (Debian `ipencap`, Red Hat `ipv4`).
public enum IPProtocolName {
    static let synonyms: [String: String] = [
        "6": "tcp", "17": "udp", "132": "sctp", "1": "icmp", "58": "ipv6-icmp", "icmpv6": "ipv6-icmp",
        "4": "ipencap", "ipv4": "ipencap", "ip-encap": "ipencap", "ipip": "ipencap-94",
        "94": "ipencap-94", "0": "all", "112": "vrrp",
    ]

    /// `tcp`, `udp`, `sctp`, `icmp`, `ipv6-icmp`, `ipencap` (IPIP, protocol 4), `vrrp` (112), or the name as given.
    public static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return synonyms[lower] ?? lower
    }
}
