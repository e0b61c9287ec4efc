import Foundation
import LVSModel

/// What an unreadable stretch of a capture most likely held: said by the command above
/// it when there is one, else by the words in it. Used only to say which checks cannot be
/// trusted; nothing is read from the stretch itself.
enum FacetGuess {
    static func of(command: String) -> CaptureFacet? {
        var words = command.split(separator: " ").map(String.init)
        // `sudo ipvsadm -Ln`, `ip netns exec NS ip addr`, `nsenter -t 1 -n ip addr`: the last program named.
        while let first = words.first,
            ["sudo", "nsenter", "busybox", "env"].contains((first as NSString).lastPathComponent)
                || first.hasPrefix("-") || first.allSatisfy(\.isNumber)
        {
            words.removeFirst()
        }
        if words.count >= 4, words[0] == "ip", words[1] == "netns", words[2] == "exec" { words.removeFirst(4) }
        guard let first = words.first else { return nil }
        let program = (first as NSString).lastPathComponent
        let rest = words.dropFirst().filter { !$0.hasPrefix("-") }
        switch program {
        case "ifconfig": return .addresses
        case "route", "netstat": return .routes
        case "sysctl": return .sysctls
        case "ipvsadm", "ipvsadm-save":
            return words.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("c") && !$0.contains("S") } ? .ipvsActivity : .ipvs
        case "cat":
            let path = rest.first ?? ""
            if path.hasPrefix("/proc/sys/") { return .sysctls }
            if path.hasPrefix("/proc/net/ip_vs_conn") || path.hasPrefix("/proc/net/ip_vs_stats") { return .ipvsActivity }
            if path.hasPrefix("/proc/net/ip_vs") { return .ipvs }
            if path.hasPrefix("/proc/net/route") || path.hasPrefix("/proc/net/ipv6_route") { return .routes }
            return nil
        case "ip":
            guard let object = rest.first else { return nil }
            if ["a", "ad", "addr", "address", "l", "link"].contains(object) { return .addresses }
            if ["r", "ro", "route"].contains(object) { return .routes }
            return nil
        default: return nil
        }
    }

    /// The facet whose telltale words appear most in `file`, if any appear.
    static func of(content file: CaptureFile) -> CaptureFacet? {
        let text = String(decoding: file.bytes.prefix(64 * 1024), as: UTF8.self)
        let clues: [(CaptureFacet, [String])] = [
            (.sysctls, ["arp_ignore", "arp_announce", "rp_filter", "ip_forward", "net.ipv4.", "send_redirects"]),
            (.ipvs, ["Route", "Masq", "Tunnel", "RemoteAddress", "Virtual Server", "persistent", "-> "]),
            (.addresses, ["inet ", "inet6 ", "link/ether", "LOWER_UP", "HWaddr", "netmask"]),
            (.routes, [" via ", "Gateway", "Genmask", "default "]),
        ]
        var best: (CaptureFacet, Int)?
        for (facet, words) in clues {
            let hits = words.reduce(0) { $0 + (text.contains($1) ? 1 : 0) }
            if hits > 0 && hits > (best?.1 ?? 0) { best = (facet, hits) }
        }
        return best?.0
    }
}
