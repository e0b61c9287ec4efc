import Foundation
import LVSDescription
import LVSModel

/// netplan (Ubuntu, Debian with netplan.io): `*.yaml` in /run/netplan, /etc/netplan and
/// /lib/netplan (a name in an earlier one shadows the same name in a later one), merged in
/// lexical order of names: `network:` with `ethernets`, `bonds`, `bridges`, `vlans`,
/// `tunnels`, `dummy-devices` (NOARP), each with `addresses` (strings, or mappings with a
/// `label`), `gateway4`/`gateway6`, `routes` (`to`, `via`, `metric`), `dhcp4`, `set-name`.
/// Addresses and routes of one device in several files add up, as netplan merges them.
enum NetplanReader {
    static let directories = ["/run/netplan/", "/etc/netplan/", "/lib/netplan/", "/usr/lib/netplan/"]
    static let deviceKinds = ["ethernets", "bonds", "bridges", "vlans", "tunnels", "dummy-devices", "wifis", "vrfs", "modems"]

    static func read(_ files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        var chosen: [String: ConfigurationFile] = [:]
        for directory in directories {
            for file in files where file.path.hasPrefix(directory) && (file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml")) {
                let name = String(file.path.dropFirst(directory.count))
                guard !name.contains("/") else { continue }
                if chosen[name] == nil { chosen[name] = file }
            }
        }
        for name in chosen.keys.sorted() {
            guard let file = chosen[name] else { continue }
            read(file, into: &plan)
        }
        return plan
    }

    static func read(_ file: ConfigurationFile, into plan: inout NetworkPlan) {
        let lines = file.capture.lines
        func line(_ mark: YAMLMark) -> CaptureLine? {
            lines.isEmpty ? nil : lines[min(max(mark.line - 1, 0), lines.count - 1)]
        }
        let root: YAMLNode?
        do {
            root = try YAMLLoader.load(file.capture.bytes)
        } catch {
            if let at = line(error.mark) { plan.problem(at, "not valid YAML (\(error.message)): netplan refuses the whole configuration") }
            return
        }
        guard let root, let network = value(root, "network") else { return }
        for kind in deviceKinds {
            guard case let .mapping(devices, _)? = value(network, kind) else { continue }
            for (key, definition) in devices {
                guard case let .scalar(id, _, idMark) = key, let idLine = line(idMark) else { continue }
                var device = id
                if case let .scalar(newName, _, _)? = value(definition, "set-name") { device = newName }
                let index = plan.interface(device, evidence: idLine)
                if kind == "dummy-devices" { plan.interfaces[index].kind = "dummy"; plan.interfaces[index].noARP = true }
                if kind == "tunnels" { plan.interfaces[index].noARP = true }
                if case let .sequence(items, _)? = value(definition, "addresses") {
                    for item in items {
                        var text: String?
                        var label: String?
                        var mark = item.mark
                        switch item {
                        case let .scalar(s, _, m): text = s; mark = m
                        case let .mapping(pairs, _):
                            if let (k, v) = pairs.first, case let .scalar(s, _, m) = k {
                                text = s
                                mark = m
                                if case let .scalar(l, _, _)? = value(v, "label") { label = l }
                            }
                        default: break
                        }
                        guard let at = line(mark) else { continue }
                        // netplan refuses an address without its prefix length.
                        guard let text, text.contains("/"), let prefix = IPPrefix(text) else {
                            plan.problem(at, "`\(text ?? item.kindName)` is not an address with a prefix length (netplan requires one)")
                            continue
                        }
                        plan.add(prefix, to: device, label: label, evidence: at)
                    }
                }
                for key in ["gateway4", "gateway6"] {
                    guard case let .scalar(text, _, mark)? = value(definition, key), let at = line(mark) else { continue }
                    guard let gateway = IPAddress(text) else {
                        plan.problem(at, "\(key): \(text) is not an address", facet: .routes)
                        continue
                    }
                    plan.routes.append(
                        PlannedRoute(destination: PlannedPrefix.everything(gateway.family), gateway: gateway, device: device, evidence: at))
                }
                if case let .sequence(routes, _)? = value(definition, "routes") {
                    for route in routes {
                        guard let at = line(route.mark) else { continue }
                        guard case let .scalar(to, _, _)? = value(route, "to") else {
                            plan.problem(at, "a route without `to:`", facet: .routes)
                            continue
                        }
                        var via: IPAddress?
                        if case let .scalar(v, _, _)? = value(route, "via") { via = IPAddress(v) }
                        let destination: IPPrefix?
                        if to == "default" || to == "0.0.0.0/0" || to == "::/0" {
                            destination = PlannedPrefix.everything(via?.family ?? (to == "::/0" ? .v6 : .v4))
                        } else {
                            destination = PlannedPrefix.parse(to, classful: false).map(PlannedPrefix.network(of:))
                        }
                        guard let destination else {
                            plan.problem(at, "route to `\(to)`: not a destination lvslint can read", facet: .routes)
                            continue
                        }
                        var metric = 0
                        if case let .scalar(m, _, _)? = value(route, "metric") { metric = Int(m) ?? 0 }
                        plan.routes.append(PlannedRoute(destination: destination, gateway: via, device: device, metric: metric, evidence: at))
                    }
                }
                if case let .scalar(dhcp, _, mark)? = value(definition, "dhcp4"), ["true", "yes", "on"].contains(dhcp.lowercased()),
                    let at = line(mark)
                {
                    plan.problem(at, "\(device) takes its IPv4 address from DHCP: which address it gets is not known before boot", facet: nil)
                }
            }
        }
    }

    static func value(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        guard case let .mapping(pairs, _) = node else { return nil }
        return pairs.last { if case let .scalar(k, _, _) = $0.key { return k == key } else { return false } }?.value
    }
}
