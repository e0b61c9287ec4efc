import Foundation
import LVSModel

/// Builds a plan in namespaces: the switch (one bridge per segment), each host with its
/// veth links named as captured, addresses with their labels and prefixes, routes and
/// sysctls, and the client. Each step that fails is recorded and the rest still built:
/// a probe that needs what failed says so.
public struct LabBuilder {
    public let plan: LabPlan
    public let network: LabNetwork

    /// A host's namespace, and the MAC address of each of its interfaces.
    public struct Built: Sendable {
        public var namespaces: [String: String] = [:]
        public var macs: [String: String] = [:]  // MAC → host
        public var client: String?
        public var clientInterface = "eth0"
        public var problems: [String] = []
    }

    public init(plan: LabPlan, network: LabNetwork) {
        self.plan = plan
        self.network = network
    }

    public func build() throws -> Built {
        var built = Built()
        let switchName = network.name("sw")
        try network.add(switchName)
        for index in plan.segments.indices {
            try network.ip(["-n", switchName, "link", "add", "br\(index)", "type", "bridge"])
            try network.ip(["-n", switchName, "link", "set", "br\(index)", "up"])
        }
        var port = 0
        func plug(_ namespace: String, _ interface: String, segment: Int) throws {
            port += 1
            try network.ip(["-n", namespace, "link", "add", interface, "type", "veth", "peer", "name", "p\(port)", "netns", switchName])
            try network.ip(["-n", switchName, "link", "set", "p\(port)", "master", "br\(segment)", "up"])
        }
        for (index, host) in plan.hosts.enumerated() {
            let namespace = network.name("h\(index)")
            try network.add(namespace)
            built.namespaces[host.name] = namespace
            try network.ip(["-n", namespace, "link", "set", "lo", "up"])
            for interface in host.interfaces {
                if let segment = interface.segment {
                    do { try plug(namespace, interface.name, segment: segment) } catch {
                        built.problems.append("\(host.name): \(interface.name) not built: \(error)")
                        continue
                    }
                }
            }
            // Addresses, then sysctls, then links up, then routes: each an argument vector of
            // its own, so that no name read from a capture is ever parsed as a command.
            var addresses: [[String]] = []
            for interface in host.interfaces where interface.segment != nil || interface.name == "lo" {
                for (prefix, label) in interface.addresses {
                    var command = ["addr", "add", "\(prefix)", "dev", interface.name]
                    // ip accepts a label only for IPv4, and only one that starts with the device's name.
                    if let label, prefix.address.family == .v4, InterfaceName.labelProblem(label, device: interface.name) == nil {
                        command += ["label", label]
                    }
                    if prefix.address.family == .v6 { command.append("nodad") }
                    addresses.append(command)
                }
            }
            built.problems += network.run(in: namespace, addresses).map { "\(host.name): \($0)" }
            // Sysctls before the links come up, so that none answers before it is set.
            if !host.sysctls.isEmpty {
                let result = network.exec(namespace, ["sysctl", "-q", "-w"] + host.sysctls.map { "\($0.key)=\($0.value)" })
                if result.status != 0 {
                    built.problems.append("\(host.name): sysctl: \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
                }
            }
            let links = host.interfaces.filter { $0.segment != nil }.flatMap { interface -> [[String]] in
                (interface.noARP ? [["link", "set", interface.name, "arp", "off"]] : [])
                    + (interface.up ? [["link", "set", interface.name, "up"]] : [])
            }
            built.problems += network.run(in: namespace, links).map { "\(host.name): \($0)" }
            built.problems += network.run(in: namespace, host.routes.map { ["route", "add"] + $0 }).map { "\(host.name): \($0)" }
            for line in ((try? network.ip(["-n", namespace, "-o", "link", "show"])) ?? "").split(separator: "\n") {
                if let mac = line.split(separator: " ").drop(while: { $0 != "link/ether" }).dropFirst().first {
                    built.macs[mac.lowercased()] = host.name
                }
            }
        }
        if let segment = plan.clientSegment, let address = plan.clientAddress {
            let client = network.name("client")
            try network.add(client)
            try plug(client, "eth0", segment: segment)
            try network.ip(["-n", client, "addr", "add", "\(address)", "dev", "eth0"])
            for extra in plan.clientExtraAddresses {
                _ = try? network.ip(["-n", client, "addr", "add", "\(extra)/\(address.length)", "dev", "eth0"])
            }
            try network.ip(["-n", client, "link", "set", "lo", "up"])
            try network.ip(["-n", client, "link", "set", "eth0", "up"])
            built.client = client
        }
        // Links take a moment to come up (the bridge ports learn, DAD settles).
        Thread.sleep(forTimeInterval: 0.3)
        return built
    }
}
