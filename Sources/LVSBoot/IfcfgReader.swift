import Foundation
import LVSModel

/// RHEL's `/etc/sysconfig/network-scripts/ifcfg-<name>` and `route-<name>` (read by
/// initscripts and by NetworkManager's ifcfg-rh plugin), and `/etc/sysconfig/network`.
/// An alias file (`ifcfg-lo:0`, `DEVICE=lo:0`) adds its addresses to the parent device
/// with the alias as label. `IPADDR`/`PREFIX`/`NETMASK` and their numbered forms
/// (`IPADDR1`, `PREFIX1`), `IPV6ADDR` and `IPV6ADDR_SECONDARIES`, `GATEWAY`, `ONBOOT`
/// and `ONPARENT`, `ARP=no`, `TYPE`.
enum IfcfgReader {
    static let folder = "/etc/sysconfig/network-scripts/"

    static func read(_ files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        var gateways: [(ShellAssignments.Value, device: String?)] = []
        for file in files where file.path.hasPrefix(folder + "ifcfg-") {
            let name = String(file.path.dropFirst(folder.count + "ifcfg-".count))
            // initscripts skips backups and package leftovers.
            guard !name.isEmpty, !name.contains("/"), ![".bak", ".orig", ".rpmnew", ".rpmsave", "~"].contains(where: { name.hasSuffix($0) }) else {
                continue
            }
            read(file, name: name, into: &plan, gateways: &gateways)
        }
        for file in files where file.path == "/etc/sysconfig/network" {
            let values = ShellAssignments(file.capture)
            if let gateway = values["GATEWAY"] { gateways.append((gateway, values["GATEWAYDEV"]?.text)) }
        }
        // A GATEWAY in an interface file wins over /etc/sysconfig/network's.
        var seenDefault = false
        for (gateway, device) in gateways {
            guard !seenDefault else { break }
            guard let address = IPAddress(gateway.text) else {
                plan.problem(gateway.line, "GATEWAY is not an address", facet: .routes)
                continue
            }
            plan.routes.append(
                PlannedRoute(destination: PlannedPrefix.everything(address.family), gateway: address, device: device, evidence: gateway.line))
            seenDefault = true
        }
        for file in files where file.path.hasPrefix(folder + "route-") {
            let device = String(file.path.dropFirst(folder.count + "route-".count))
            readRoutes(file, device: device, into: &plan)
        }
        return plan
    }

    static func read(
        _ file: ConfigurationFile, name: String, into plan: inout NetworkPlan,
        gateways: inout [(ShellAssignments.Value, device: String?)]
    ) {
        let values = ShellAssignments(file.capture)
        guard let first = file.capture.firstContentLines(1).first else { return }
        let deviceName = values["DEVICE"]?.text ?? name
        let parts = deviceName.split(separator: ":", maxSplits: 1).map(String.init)
        guard let device = parts.first, !device.isEmpty else {
            plan.problem(first, "no device name (DEVICE=) in \(file.path)")
            return
        }
        let label: String? = parts.count == 2 ? deviceName : nil
        let index = plan.interface(device, evidence: values["DEVICE"]?.line ?? first)
        let onBoot = values.isTrue("ONBOOT") ?? true
        let onParent = values.isTrue("ONPARENT") ?? true
        let upsAtBoot = label == nil ? onBoot : (onBoot && onParent)
        if label == nil {
            plan.interfaces[index].up = onBoot
            if values.isTrue("ARP") == false { plan.interfaces[index].noARP = true }
            if let type = values["TYPE"]?.text.lowercased(), type != "ethernet" { plan.interfaces[index].kind = type }
        }
        guard upsAtBoot else { return }
        if let proto = values["BOOTPROTO"], ["dhcp", "bootp"].contains(proto.text.lowercased()) {
            plan.problem(proto.line, "\(device) takes its IPv4 address from DHCP: which address it gets is not known before boot", facet: nil)
        }
        // IPADDR, IPADDR0, IPADDR1, …: each with its own PREFIXn or NETMASKn.
        for key in values.order where key.hasPrefix("IPADDR") {
            let suffix = String(key.dropFirst("IPADDR".count))
            guard suffix.isEmpty || Int(suffix) != nil, let value = values[key], !value.text.isEmpty else { continue }
            let mask = values["PREFIX" + suffix]?.text ?? values["NETMASK" + suffix]?.text
            guard let prefix = PlannedPrefix.parse(value.text, netmask: mask) else {
                plan.problem(value.line, "\(key) is not an IPv4 address with a valid PREFIX\(suffix) or NETMASK\(suffix)")
                continue
            }
            plan.add(prefix, to: device, label: label, evidence: value.line)
        }
        for key in ["IPV6ADDR", "IPV6ADDR_SECONDARIES"] {
            guard let value = values[key] else { continue }
            for word in value.text.split(separator: " ") {
                guard let prefix = PlannedPrefix.parse(String(word), classful: false) else {
                    plan.problem(value.line, "\(key): \(word) is not an IPv6 address")
                    continue
                }
                plan.add(prefix, to: device, label: label, evidence: value.line)
            }
        }
        if let gateway = values["GATEWAY"] { gateways.insert((gateway, device), at: 0) }
    }

    /// `route-eth0`: `ip route` arguments one per line (`198.51.100.0/24 via 192.0.2.1`,
    /// `default via 192.0.2.1 dev eth0`), or ADDRESSn/NETMASKn/GATEWAYn assignments.
    static func readRoutes(_ file: ConfigurationFile, device: String, into plan: inout NetworkPlan) {
        let values = ShellAssignments(file.capture)
        if values.order.contains(where: { $0.hasPrefix("ADDRESS") }) {
            for key in values.order where key.hasPrefix("ADDRESS") {
                let n = String(key.dropFirst("ADDRESS".count))
                guard let address = values[key], let prefix = PlannedPrefix.parse(address.text, netmask: values["NETMASK" + n]?.text ?? "32") else {
                    if let address = values[key] { plan.problem(address.line, "\(key) is not a route destination", facet: .routes) }
                    continue
                }
                let gateway = values["GATEWAY" + n].flatMap { IPAddress($0.text) }
                plan.routes.append(
                    PlannedRoute(
                        destination: PlannedPrefix.network(of: prefix),
                        gateway: gateway, device: device, evidence: address.line))
            }
            return
        }
        file.capture.forEachLine { line in
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { return }
            switch BootCommands.route(words: text.split(separator: " ").map(String.init), defaultDevice: device, line: line) {
            case let .route(route): plan.routes.append(route)
            case let .problem(reason): plan.problem(line, reason, facet: .routes)
            case .none: plan.problem(line, "not a route lvslint reads", facet: .routes)
            }
        }
    }
}
