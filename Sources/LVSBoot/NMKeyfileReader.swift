import Foundation
import LVSModel

/// NetworkManager keyfiles (`/etc/NetworkManager/system-connections/*.nmconnection`, and
/// /run's): `[connection] interface-name=`, `type=` (`dummy` is NOARP), `autoconnect=false`;
/// `[ipv4]`/`[ipv6]` `method=manual` with `addressN=ADDR/LEN[,GATEWAY]` or `addresses=`,
/// `gateway=`, `routeN=DEST/LEN[,NEXT-HOP[,METRIC]]`. A bare address gets /24 (IPv4) or /64
/// (IPv6), as NetworkManager's keyfile reader assumes.
enum NMKeyfileReader {
    static let directories = ["/etc/NetworkManager/system-connections/", "/run/NetworkManager/system-connections/"]

    static func read(_ files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        for file in files where directories.contains(where: { file.path.hasPrefix($0) }) {
            let ini = INIFile(file.capture)
            guard let connection = ini.first("connection") else { continue }
            guard let name = connection.last("interface-name") else {
                plan.problem(
                    connection.line, "\(file.path) names no interface-name: which interface it configures is not known from the files", facet: nil)
                continue
            }
            let index = plan.interface(name.value, evidence: name.line)
            if let type = connection.last("type")?.value {
                if type == "dummy" { plan.interfaces[index].kind = "dummy"; plan.interfaces[index].noARP = true }
                if ["ip-tunnel", "wireguard"].contains(type) { plan.interfaces[index].noARP = true }
            }
            if let auto = connection.last("autoconnect"), ["false", "no", "0"].contains(auto.value.lowercased()) {
                plan.interfaces[index].up = false
                continue
            }
            for (sectionName, family) in [("ipv4", IPAddress.Family.v4), ("ipv6", .v6)] {
                guard let section = ini.first(sectionName) else { continue }
                let method = section.last("method")?.value ?? "auto"
                if method == "auto" || method == "dhcp", family == .v4 {
                    plan.problem(
                        section.line, "\(name.value) takes its IPv4 address from DHCP: which address it gets is not known before boot", facet: nil)
                }
                var gateway = section.last("gateway").flatMap { IPAddress($0.value) }
                var gatewayLine = section.last("gateway")?.line
                for entry in section.entries
                where entry.key == "addresses" || entry.key.hasPrefix("address") && Int(entry.key.dropFirst("address".count)) != nil
                    || entry.key == "address"
                {
                    for item in entry.value.split(separator: ";") {
                        let parts = item.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        guard let text = parts.first, let prefix = parse(text, family: family) else {
                            plan.problem(entry.line, "\(entry.key)=\(entry.value) is not an address lvslint can read")
                            continue
                        }
                        plan.add(prefix, to: name.value, evidence: entry.line)
                        if parts.count > 1, gateway == nil, let g = IPAddress(parts[1]) { gateway = g; gatewayLine = entry.line }
                    }
                }
                if let gateway, let line = gatewayLine {
                    plan.routes.append(
                        PlannedRoute(destination: PlannedPrefix.everything(gateway.family), gateway: gateway, device: name.value, evidence: line))
                }
                for entry in section.entries where entry.key.hasPrefix("route") && Int(entry.key.dropFirst("route".count)) != nil {
                    let parts = entry.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard let text = parts.first, let prefix = PlannedPrefix.parse(text, classful: false) else {
                        plan.problem(entry.line, "\(entry.key)=\(entry.value) is not a route lvslint can read", facet: .routes)
                        continue
                    }
                    let hop = parts.count > 1 ? IPAddress(parts[1]) : nil
                    let metric = parts.count > 2 ? Int(parts[2]) ?? 0 : 0
                    plan.routes.append(
                        PlannedRoute(
                            destination: PlannedPrefix.network(of: prefix), gateway: hop, device: name.value, metric: metric, evidence: entry.line))
                }
            }
        }
        return plan
    }

    static func parse(_ text: String, family: IPAddress.Family) -> IPPrefix? {
        if text.contains("/") { return IPPrefix(text).flatMap { $0.address.family == family ? $0 : nil } }
        guard let address = IPAddress(text), address.family == family else { return nil }
        return IPPrefix(address: address, length: family == .v4 ? 24 : 64)
    }
}
