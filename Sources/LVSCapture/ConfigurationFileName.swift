import Foundation
import LVSModel

/// A configuration file dropped straight into a host's captures folder, known by its name
/// and shape, and the path it has on the host. Such a file says what the host becomes at
/// boot: reading it as a command's output (a sysctl.d file as `sysctl -a`, saved rules as
/// the live table) would check a plan as if it were the running host.
public enum ConfigurationFileName {
    public static func hostPath(name: String, file: CaptureFile) -> String? {
        // A capture's usual name (`sysctl.txt`) is none of these but `ifcfg-…`: two questions,
        // not fifteen, for each of a fleet's files.
        if name.hasSuffix(".txt") && !name.hasPrefix("ifcfg-") { return nil }
        if name.hasPrefix("ifcfg-") || name.hasPrefix("route-") && !name.hasSuffix(".txt") {
            return "/etc/sysconfig/network-scripts/" + name
        }
        if name == "interfaces" { return "/etc/network/interfaces" }
        if name.hasSuffix(".network") || name.hasSuffix(".netdev") { return "/etc/systemd/network/" + name }
        if name.hasSuffix(".nmconnection") { return "/etc/NetworkManager/system-connections/" + name }
        if name == "sysctl.conf" { return "/etc/sysctl.conf" }
        if name == "keepalived.conf" { return "/etc/keepalived/keepalived.conf" }
        if name == "ipvsadm" || name == "ipvsadm.rules" { return name == "ipvsadm" ? "/etc/sysconfig/ipvsadm" : "/etc/ipvsadm.rules" }
        if name == "rc.local" { return "/etc/rc.local" }
        if name == "nftables.conf" { return "/etc/nftables.conf" }
        if name == "rules.v4" || name == "rules.v6" { return "/etc/iptables/" + name }
        if (name.hasSuffix(".yaml") || name.hasSuffix(".yml")), startsWithNetwork(file) { return "/etc/netplan/" + name }
        if name.hasSuffix(".conf"), looksLikeSysctlConfiguration(file) { return "/etc/sysctl.d/" + name }
        return nil
    }

    /// netplan: a YAML file whose first key is `network:`.
    static func startsWithNetwork(_ file: CaptureFile) -> Bool {
        for line in file.firstContentLines(20) {
            let text = line.text
            if text.hasPrefix("#") || text.hasPrefix("---") { continue }
            return text.hasPrefix("network:")
        }
        return false
    }

    /// A sysctl.d file: `key = value` lines with keys of the kernel's trees, maybe comments.
    /// (`sysctl -a` prints no comments, but a short grep of it looks the same: a `.conf` name decides.)
    static func looksLikeSysctlConfiguration(_ file: CaptureFile) -> Bool {
        var assignments = 0
        for line in file.firstContentLines(200) {
            var text = line.text.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#") || text.hasPrefix(";") { continue }
            if text.hasPrefix("-") { text.removeFirst() }
            guard let eq = text.firstIndex(of: "=") else { return false }
            let key = text[..<eq].trimmingCharacters(in: .whitespaces)
            guard ["net.", "kernel.", "vm.", "fs.", "net/", "kernel/", "vm/", "fs/", "dev.", "user."].contains(where: { key.hasPrefix($0) }) else {
                return false
            }
            assignments += 1
        }
        return assignments > 0
    }
}
