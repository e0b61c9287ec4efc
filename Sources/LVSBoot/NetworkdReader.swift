import Foundation
import LVSModel

/// systemd-networkd: `.netdev` files create devices (`[NetDev] Name=`, `Kind=dummy`), `.network`
/// files configure them (`[Match] Name=`, `[Network] Address=`/`Gateway=`, `[Address]`,
/// `[Route]`, `[Link] ARP=no`). Files in /etc/systemd/network mask same-named ones in
/// /run and /usr/lib; of the `.network` files whose `[Match]` fits an interface, only the
/// first in lexical order of names applies, as networkd does.
enum NetworkdReader {
    static let directories = [
        "/etc/systemd/network/", "/run/systemd/network/", "/usr/local/lib/systemd/network/", "/usr/lib/systemd/network/", "/lib/systemd/network/",
    ]

    static func read(_ files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        let chosen = effectiveFiles(files)
        for file in chosen where file.path.hasSuffix(".netdev") {
            let ini = INIFile(file.capture)
            guard let netdev = ini.first("NetDev"), let name = netdev.last("Name") else { continue }
            let index = plan.interface(name.value, evidence: name.line)
            if let kind = netdev.last("Kind")?.value {
                plan.interfaces[index].kind = kind
                // Dummy devices are NOARP (the kernel's dummy driver sets IFF_NOARP); so are tunnels.
                if ["dummy", "ipip", "gre", "sit", "ip6tnl", "wireguard"].contains(kind) { plan.interfaces[index].noARP = true }
            }
        }
        var configured: Set<String> = []
        for file in chosen where file.path.hasSuffix(".network") {
            let ini = INIFile(file.capture)
            let patterns = ini.sections("Match").flatMap { $0.values("Name") }.flatMap { entry in
                entry.value.split(separator: " ").map { (String($0), entry.line) }
            }
            guard let (firstName, nameLine) = patterns.first else {
                if let line = file.capture.firstContentLines(1).first {
                    plan.problem(
                        line,
                        "\(file.path) matches interfaces by something other than Name=: which interfaces it configures is not known from the files",
                        facet: nil)
                }
                continue
            }
            // A glob (`en*`) fits interfaces lvslint cannot list before boot: planned under the pattern.
            let known = plan.interfaces.map(\.name).filter { name in patterns.contains { fnmatch($0.0, name, 0) == 0 } }
            let targets = known.isEmpty ? [firstName] : known
            for device in targets where !configured.contains(device) {
                configured.insert(device)
                let index = plan.interface(device, evidence: nameLine)
                if let arp = ini.first("Link")?.last("ARP"), ["no", "false", "0", "off"].contains(arp.value.lowercased()) {
                    plan.interfaces[index].noARP = true
                }
                var addresses = ini.sections("Network").flatMap { $0.values("Address") }
                addresses += ini.sections("Address").flatMap { $0.values("Address") }
                for entry in addresses {
                    guard let prefix = PlannedPrefix.parse(entry.value, classful: false) else {
                        plan.problem(entry.line, "Address=\(entry.value) is not an address lvslint can read")
                        continue
                    }
                    // networkd takes a bare IPv4 address as /32 (unlike ifupdown and ifcfg).
                    let label = ini.sections("Address").first { $0.values("Address").contains { $0.line == entry.line } }?.last("Label")?.value
                    plan.add(prefix, to: device, label: label, evidence: entry.line)
                }
                for entry in ini.sections("Network").flatMap({ $0.values("Gateway") }) {
                    guard let gateway = IPAddress(entry.value) else {
                        plan.problem(entry.line, "Gateway=\(entry.value) is not an address", facet: .routes)
                        continue
                    }
                    plan.routes.append(
                        PlannedRoute(destination: PlannedPrefix.everything(gateway.family), gateway: gateway, device: device, evidence: entry.line))
                }
                for section in ini.sections("Route") {
                    let gateway = section.last("Gateway").flatMap { IPAddress($0.value) }
                    let destination =
                        section.last("Destination").flatMap { PlannedPrefix.parse($0.value, classful: false) }.map(PlannedPrefix.network(of:))
                        ?? gateway.map { PlannedPrefix.everything($0.family) }
                    guard let destination else {
                        plan.problem(section.line, "a [Route] without Destination= or Gateway= lvslint can read", facet: .routes)
                        continue
                    }
                    let metric = section.last("Metric").flatMap { Int($0.value) } ?? 0
                    plan.routes.append(
                        PlannedRoute(
                            destination: destination, gateway: gateway, device: device, metric: metric,
                            evidence: section.last("Destination")?.line ?? section.last("Gateway")?.line ?? section.line))
                }
                for entry in ini.sections("Network").flatMap({ $0.values("DHCP") }) where !["no", "false"].contains(entry.value.lowercased()) {
                    plan.problem(entry.line, "\(device) takes an address from DHCP: which address it gets is not known before boot", facet: nil)
                }
            }
        }
        return plan
    }

    /// The files networkd reads: an earlier directory's file masks a same-named later one
    /// (a link to /dev/null masks it away), in lexical order of their names.
    static func effectiveFiles(_ files: [ConfigurationFile]) -> [ConfigurationFile] {
        var chosen: [String: ConfigurationFile] = [:]
        for directory in directories {
            for file in files where file.path.hasPrefix(directory) {
                let name = String(file.path.dropFirst(directory.count))
                guard !name.contains("/"), name.hasSuffix(".network") || name.hasSuffix(".netdev") else { continue }
                if chosen[name] == nil { chosen[name] = file }
            }
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }.filter { $0.linkTarget != "/dev/null" && !$0.capture.bytes.isEmpty }
    }
}
