import Foundation
import LVSModel

/// The addresses the captured network configuration creates at boot: RHEL's
/// `/etc/sysconfig/network-scripts/ifcfg-*` (IPADDR, IPADDRn, also `ifcfg-lo:100` aliases),
/// Debian's `/etc/network/interfaces` and `interfaces.d/*` (`address`, and `ip addr add` or
/// `ifconfig` in `up` lines), netplan (`addresses:` lists), NetworkManager keyfiles
/// (`address1=`), systemd-networkd (`Address=`), and `ip addr add` / `ifconfig` lines in
/// rc.local. Read as text, address by address: nothing is judged here.
enum NetworkConfiguration {
    static func isNetworkConfiguration(_ path: String) -> Bool {
        path.hasPrefix("/etc/sysconfig/network-scripts/ifcfg-") || path == "/etc/network/interfaces"
            || path.hasPrefix("/etc/network/interfaces.d/") || path.hasPrefix("/etc/netplan/")
            || path.hasPrefix("/etc/NetworkManager/system-connections/") || path.hasPrefix("/etc/systemd/network/")
            || path == "/etc/rc.local" || path == "/etc/rc.d/rc.local"
    }

    /// Nil when no network configuration file was captured.
    static func addresses(from files: [ConfigurationFile]) -> PersistentAddresses? {
        let network = files.filter { isNetworkConfiguration($0.path) }
        guard !network.isEmpty else { return nil }
        var out = PersistentAddresses()
        for file in network {
            file.capture.forEachLine { line in
                for address in addresses(in: line.text, path: file.path) {
                    out.addresses.append((address, line))
                }
            }
        }
        return out
    }

    /// The IPv4/IPv6 addresses a configuration line assigns, if any.
    static func addresses(in raw: String, path: String) -> [IPAddress] {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix(";") else { return [] }
        var candidates: [String] = []
        let lower = text.lowercased()
        if path.contains("/ifcfg-") {
            // IPADDR=192.0.2.21, IPADDR1="192.0.2.100", IPV6ADDR=2001:db8::21/64
            if lower.hasPrefix("ipaddr") || lower.hasPrefix("ipv6addr"), let eq = text.firstIndex(of: "=") {
                candidates.append(String(text[text.index(after: eq)...]))
            }
        } else if path.contains("NetworkManager") {
            if lower.hasPrefix("address"), let eq = text.firstIndex(of: "=") {
                candidates.append(String(text[text.index(after: eq)...]).components(separatedBy: ",")[0])
            }
        } else if path.contains("systemd/network") {
            if lower.hasPrefix("address="), let eq = text.firstIndex(of: "=") { candidates.append(String(text[text.index(after: eq)...])) }
        } else if path.contains("netplan") {
            // `addresses: [192.0.2.21/24]` or a `- 192.0.2.21/24` item under addresses:
            let cleaned = text.replacingOccurrences(of: "[", with: " ").replacingOccurrences(of: "]", with: " ")
                .replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "\"", with: " ").replacingOccurrences(of: "'", with: " ")
            if lower.hasPrefix("addresses:") || lower.hasPrefix("- ") { candidates += cleaned.split(separator: " ").map(String.init) }
        } else {
            // interfaces: `address 192.0.2.21/24`; any file: `ip addr add X dev …`, `ifconfig lo:100 X …`
            let words = text.split(separator: " ").map(String.init)
            if words.first == "address", words.count > 1 { candidates.append(words[1]) }
            if let add = words.firstIndex(of: "add"), add + 1 < words.count, words.contains(where: { $0 == "addr" || $0 == "address" || $0 == "a" }) {
                candidates.append(words[add + 1])
            }
            if let ifconfig = words.firstIndex(where: { $0.hasSuffix("ifconfig") }), ifconfig + 2 < words.count {
                candidates.append(words[ifconfig + 2])
            }
        }
        return candidates.compactMap { candidate in
            var value = candidate.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
            if let slash = value.firstIndex(of: "/") { value = String(value[..<slash]) }
            return IPAddress(value)
        }
    }
}
