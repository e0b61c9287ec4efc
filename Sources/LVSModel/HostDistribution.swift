import Foundation

/// Which family of distribution a host runs, as far as its captures say: the persistent
/// fixes differ between Red Hat's (ifcfg, /etc/sysconfig/ipvsadm, ipvsadm.service) and
/// Debian's (interfaces or netplan, /etc/ipvsadm.rules with AUTO="true").
public enum DistributionFamily: String, Sendable {
    case rhel, debian

    /// How the family is named in a fix's heading.
    public var label: String {
        switch self {
        case .rhel: return "RHEL/CentOS"
        case .debian: return "Debian/Ubuntu"
        }
    }
}

/// The family and the capture that shows it.
public struct HostDistribution: Sendable, Equatable {
    public var family: DistributionFamily
    /// `/etc/os-release: ID="centos"`, `/etc/sysconfig/network-scripts/ifcfg-ens33`, `httpd.service`.
    public var sign: String

    /// The strongest sign first: /etc/os-release (ID, then ID_LIKE), then the configuration
    /// files only one family has, then service units named differently by each.
    public static func of(_ observation: HostObservation) -> HostDistribution? {
        let files = observation.configurationFiles.filter(\.readable)
        if let release = files.first(where: { $0.path == "/etc/os-release" || $0.path == "/usr/lib/os-release" }) {
            let fields = osRelease(String(decoding: release.capture.bytes, as: UTF8.self))
            for key in ["ID", "ID_LIKE"] {
                for word in (fields[key] ?? "").split(separator: " ").map(String.init) {
                    if let family = family(ofID: word) {
                        return HostDistribution(family: family, sign: "\(release.path): \(key)=\(fields[key] ?? "")")
                    }
                }
            }
        }
        let rhelPaths = ["/etc/sysconfig/network-scripts/", "/etc/sysconfig/ipvsadm", "/etc/sysconfig/iptables", "/etc/sysconfig/nftables.conf"]
        let debianPaths = ["/etc/network/interfaces", "/etc/netplan/", "/etc/default/ipvsadm", "/etc/ipvsadm.rules", "/etc/iptables/rules.v"]
        if let file = files.first(where: { file in rhelPaths.contains { file.path.hasPrefix($0) } }) {
            return HostDistribution(family: .rhel, sign: file.path)
        }
        if let file = files.first(where: { file in debianPaths.contains { file.path.hasPrefix($0) } }) {
            return HostDistribution(family: .debian, sign: file.path)
        }
        let rhelUnits = ["httpd.service", "firewalld.service", "network.service", "ipvsadm.service"]
        let debianUnits = ["apache2.service", "ufw.service", "netfilter-persistent.service", "networking.service"]
        if let unit = debianUnits.first(where: { observation.units[$0] != nil }) { return HostDistribution(family: .debian, sign: unit) }
        if let unit = rhelUnits.first(where: { observation.units[$0] != nil }) { return HostDistribution(family: .rhel, sign: unit) }
        return nil
    }

    static func family(ofID id: String) -> DistributionFamily? {
        switch id.lowercased() {
        case "rhel", "centos", "fedora", "rocky", "almalinux", "ol", "amzn", "anolis", "openeuler", "kylin", "euleros": return .rhel
        case "debian", "ubuntu", "linuxmint", "raspbian", "deepin", "uos": return .debian
        default: return nil
        }
    }

    /// os-release's KEY=value lines, quotes removed.
    static func osRelease(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[key] = value
        }
        return fields
    }
}
