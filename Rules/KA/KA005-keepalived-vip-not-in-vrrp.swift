import LVSModel

/// KA005: a virtual server's address that no VRRP instance brings up.
public struct KeepalivedVIPNotInVRRP: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA005", slug: "keepalived-vip-not-in-vrrp", title: "A keepalived virtual server's address is in no VRRP instance",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary:
            "A `virtual_server` address that no `vrrp_instance` lists in `virtual_ipaddress` (or `virtual_ipaddress_excluded`): nothing brings the VIP up on the director, or moves it on failover.",
        needs: [],
        checks: """
            Every address of a virtual_server (and of the virtual_server_group entries it names) in every keepalived \
            configuration read, against the virtual_ipaddress and virtual_ipaddress_excluded entries of every \
            configuration's vrrp_instances. An address in none is an error when the director's captured addresses \
            lack it too, a warning when the director holds it by other means (then a failover does not move it) \
            or was not captured. fwmark services are judged by the firewall marks, not here.
            """,
        mechanism: """
            keepalived's VRRP side adds the virtual_ipaddress entries on the master and removes them on the backup; \
            its checker side programs IPVS for the virtual_server addresses. Nothing ties the two: a virtual server \
            whose address is in no instance has an IPVS service, but no director answers ARP for its address unless \
            something else configured it.
            """,
        symptom: "The VIP does not answer ARP (clients time out), or it stays on the old master after a failover.",
        fix: RuleFix(
            summary: "List the address in the virtual_ipaddress block of the vrrp_instance that fronts the service.",
            runtime: ["virtual_ipaddress { VIP/32 dev eth0 }   # in the vrrp_instance; then systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf on both directors"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf on both directors"]),
        references: [
            "keepalived.conf(5): vrrp_instance virtual_ipaddress, virtual_ipaddress_excluded; virtual_server",
            "Red Hat Load Balancer Administration, keepalived LVS-DR example: the VIP is in both virtual_ipaddress and virtual_server",
        ],
        examples: [
            RuleExample(
                "A virtual server on an address VRRP does not hold", .keepalived,
                ExampleInputs.keepalived(
                    address: "192.0.2.101",
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: "192.0.2.101"),
            RuleExample(
                "The virtual server on the VRRP address", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    /// The address as a line of the virtual_ipaddress block of the instance that holds addresses of
    /// its family (else the first instance, in a new block); nil when the file has no instance.
    static func edit(adding address: IPAddress, to config: KeepalivedConfig) -> FileEdit? {
        let entry = "\(address)/\(address.bitWidth)"
        let instance =
            config.vrrpInstances.first { $0.addresses.contains { $0.prefix.address.family == address.family } } ?? config.vrrpInstances.first
        guard let instance else { return nil }
        guard let last = instance.addresses.last else { return .insert("virtual_ipaddress { \(entry) }", inBlockAt: instance.line) }
        var edit = FileEdit(
            file: last.line.location.file, line: last.line.location.line, action: .insertAfter, text: entry,
            block: "virtual_ipaddress { (in \(instance.line.text))")
        edit.indentation = "        "
        return edit
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // Brought up by VRRP, or by `static_ipaddress` whatever the VRRP state.
        let managed = Set(
            context.keepalived.flatMap { config in
                config.vrrpInstances.flatMap { ($0.addresses + $0.excludedAddresses).map(\.prefix.address) }
                    + config.staticAddresses.map(\.prefix.address)
            })
        for config in context.keepalived {
            for vs in config.virtualServers {
                for (address, line) in vs.addresses(in: config) where !managed.contains(address) {
                    let observation = config.director.flatMap { context.observations[$0] }
                    let held = observation.map { !$0.addresses(equalTo: address).filter { $0.interface != "lo" }.isEmpty }
                    let how: Message
                    let severity: Severity
                    switch held {
                    case true?:
                        how = "; \(config.director ?? "the director") holds it by other means, so a failover does not move it"
                        severity = .warning
                    case false?:
                        how = "; \(config.director ?? "the director")'s captured addresses lack it too: no director answers ARP for it"
                        severity = .error
                    case nil:
                        how = "; the director's addresses were not captured, so whether something else brings it up is not known"
                        severity = .warning
                    }
                    report.add(
                        host: config.director, service: vs.label,
                        message: "keepalived: \(address) (\(vs.label)) is in no vrrp_instance's virtual_ipaddress\(how)",
                        location: line.location, evidence: [line.evidence], severity: severity, key: "\(config.file)|\(address)",
                        fix: [], edit: Self.edit(adding: address, to: config))
                }
            }
        }
    }
}
