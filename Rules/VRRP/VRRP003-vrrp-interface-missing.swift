import LVSModel

/// VRRP003: a vrrp_instance names an interface the director does not have.
public struct VRRPInterfaceMissing: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP003", slug: "vrrp-interface-missing", title: "A VRRP instance names an interface the director lacks",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary:
            "A vrrp_instance's `interface` (or a `dev` of its virtual_ipaddress) is not among the director's interfaces: without `dynamic_interfaces`, keepalived's VRRP process stops at start, and no VIP comes up.",
        needs: [.addresses],
        checks: """
            For each director whose keepalived.conf is read and whose interfaces are captured (`ip addr`, \
            `ifconfig`, or its configuration files at boot), each vrrp_instance's `interface` and each \
            virtual_ipaddress `dev` must name one of them. With `dynamic_interfaces` in global_defs the finding is a \
            warning: keepalived then waits for the interface, and the instance stays in FAULT (no VIP) until it \
            appears.
            """,
        mechanism: """
            keepalived looks each interface up when it reads its configuration. One that does not exist is logged \
            ("WARNING - interface eth1 for vrrp_instance VI_1 doesn't exist") and, unless global_defs says \
            dynamic_interfaces, the VRRP process reports "Non-existent interface specified in configuration" and \
            exits (vrrp_daemon.c). keepalived's checker process may go on programming the IPVS table, but nothing \
            brings up the VIPs or answers ARP for them: the service is unreachable, and the peer director, if it \
            has the same configuration, fails the same way. A renamed interface (eth0 → ens192 after an OS upgrade, \
            a VLAN or bond added) is the usual cause.
            """,
        symptom:
            "After a reboot or an upgrade no director holds the VIP; `systemctl status keepalived` shows the VRRP child exited with a configuration error.",
        fix: RuleFix(
            summary: "Name the director's real interface in the vrrp_instance (and in each `dev`), as `ip -br link` lists it.",
            runtime: ["ip -br link   # the interface names; then correct `interface` in keepalived.conf and systemctl restart keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived vrrp/vrrp_if.c if_get_by_ifname() and vrrp/vrrp_daemon.c: \"Non-existent interface specified in configuration\"",
            "keepalived.conf(5): interface, dynamic_interfaces",
        ],
        examples: [])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            guard let director = config.director, !config.vrrpInstances.isEmpty,
                let observation = report.require([.addresses], of: director, in: context)
            else { continue }
            let names = Set(observation.interfaces.map(\.name))
            var named: [(name: String, line: KALine, instance: String)] = []
            for instance in config.vrrpInstances {
                if let interface = instance.interface { named.append((interface.value, interface.line, instance.name)) }
                for address in instance.addresses + instance.excludedAddresses {
                    if let device = address.device { named.append((device, address.line, instance.name)) }
                }
            }
            for entry in named where !names.contains(entry.name) {
                let known = names.sorted().prefix(8).joined(separator: ", ")
                let waits = config.dynamicInterfaces != nil
                let consequence: Message =
                    waits
                    ? "with dynamic_interfaces, keepalived waits for it, and the instance stays in FAULT (no VIP) until it appears"
                    : "keepalived's VRRP process stops at start (\"Non-existent interface specified in configuration\"), and no VIP comes up"
                report.add(
                    host: director, service: nil,
                    message:
                        "keepalived: vrrp_instance \(entry.instance) names interface \(entry.name), which \(director) does not have (it has \(known)): \(consequence)",
                    // The director's own interfaces, as its capture lists them.
                    location: entry.line.location,
                    evidence: [entry.line.evidence] + observation.interfaces.filter { !$0.isLoopback }.prefix(4).map(\.evidence.evidence),
                    severity: waits ? .warning : nil, key: "\(entry.line.location)|\(entry.name)", fix: [])
            }
        }
    }
}
