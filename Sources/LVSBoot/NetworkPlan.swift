import Foundation
import LVSModel

/// What one host's network configuration files bring up at boot, before it is turned into
/// the observation the rules read: interfaces with their addresses, and routes. Every part
/// cites the configuration line that creates it.
struct NetworkPlan {
    var interfaces: [PlannedInterface] = []
    var routes: [PlannedRoute] = []
    /// Sysctls that boot scripts set after systemd-sysctl (`post-up sysctl -w …` in
    /// /etc/network/interfaces, `echo 1 > /proc/sys/…` in rc.local), in the order they run.
    var lateSysctls: [SysctlEntry] = []
    var problems: [ConfigurationProblem] = []

    /// The interface named `name`, created (with `evidence`) when it was not planned yet.
    mutating func interface(_ name: String, evidence: CaptureLine) -> Int {
        if let index = interfaces.firstIndex(where: { $0.name == name }) { return index }
        interfaces.append(PlannedInterface(name: name, evidence: evidence))
        return interfaces.count - 1
    }

    mutating func add(_ prefix: IPPrefix, to device: String, label: String? = nil, evidence: CaptureLine) {
        let index = interface(device, evidence: evidence)
        guard !interfaces[index].addresses.contains(where: { $0.prefix == prefix }) else { return }
        interfaces[index].addresses.append(PlannedAddress(prefix: prefix, label: label, evidence: evidence))
    }

    mutating func problem(_ line: CaptureLine, _ reason: Message, facet: CaptureFacet? = .addresses) {
        problems.append(ConfigurationProblem(line: line, reason: reason, facet: facet))
    }

    mutating func merge(_ other: NetworkPlan) {
        for planned in other.interfaces {
            let index = interface(planned.name, evidence: planned.evidence)
            if planned.kind != nil { interfaces[index].kind = planned.kind }
            if planned.noARP { interfaces[index].noARP = true }
            if !planned.up { interfaces[index].up = false }
            for address in planned.addresses where !interfaces[index].addresses.contains(where: { $0.prefix == address.prefix }) {
                interfaces[index].addresses.append(address)
            }
        }
        routes += other.routes
        lateSysctls += other.lateSysctls
        problems += other.problems
    }
}

struct PlannedInterface {
    var name: String
    /// `dummy`, `vlan`, `bond`, … when the configuration says; nil for a plain device.
    var kind: String?
    var noARP = false
    /// False when the configuration leaves it down at boot (`ONBOOT=no`, no `auto` stanza).
    var up = true
    var addresses: [PlannedAddress] = []
    var evidence: CaptureLine

    init(name: String, evidence: CaptureLine) {
        self.name = name
        self.evidence = evidence
    }
}

struct PlannedAddress {
    var prefix: IPPrefix
    var label: String?
    var evidence: CaptureLine
}

struct PlannedRoute {
    var destination: IPPrefix
    var gateway: IPAddress?
    var device: String?
    var metric: Int = 0
    var evidence: CaptureLine
}

/// A configuration line lvslint could not read, or that leaves a fact unknown before boot
/// (an address from DHCP). `facet` names what it leaves unknown.
struct ConfigurationProblem {
    var line: CaptureLine
    var reason: Message
    var facet: CaptureFacet?
}

/// Address helpers shared by the formats.
enum PlannedPrefix {
    /// `192.0.2.1/24`, or an address with a separate netmask (`255.255.255.0` or `24`).
    /// Without either, IPv4 takes its class's length, as initscripts' and NetworkManager's
    /// ifcfg readers and ifupdown all do (`ifup -n` prints 192.0.2.100/255.255.255.0 for a
    /// bare `address 192.0.2.100`): a VIP written without a mask on lo is a /24.
    static func parse(_ text: String, netmask: String? = nil, classful: Bool = true) -> IPPrefix? {
        let trimmed = unquoted(text)
        if trimmed.contains("/") { return IPPrefix(trimmed) }
        guard let address = IPAddress(trimmed) else { return nil }
        if let netmask = netmask.map(unquoted), !netmask.isEmpty {
            if let length = Int(netmask) { return IPPrefix(address: address, length: length) }
            guard let mask = IPAddress(netmask)?.v4Value, let length = IPPrefix.length(ofNetmask: mask) else { return nil }
            return IPPrefix(address: address, length: length)
        }
        guard classful, let value = address.v4Value else { return IPPrefix(address: address, length: address.bitWidth) }
        return IPPrefix(address: address, length: classLength(value))
    }

    /// `0.0.0.0/0` or `::/0`: the default route's destination.
    static func everything(_ family: IPAddress.Family) -> IPPrefix {
        // A length of 0 is valid for either family, so the initialiser cannot fail here.
        let zero = family == .v4 ? IPAddress(v4: 0) : IPAddress(v6: 0)
        guard let prefix = IPPrefix(address: zero, length: 0) else { preconditionFailure("a /0 prefix is always valid") }
        return prefix
    }

    /// The prefix with its host bits cleared, as a route's destination.
    static func network(of prefix: IPPrefix) -> IPPrefix {
        IPPrefix(address: prefix.network, length: prefix.length) ?? prefix
    }

    static func classLength(_ value: UInt32) -> Int {
        switch value >> 24 {
        case 0..<128: return 8
        case 128..<192: return 16
        case 192..<224: return 24
        default: return 32
        }
    }

    static func unquoted(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }
}
