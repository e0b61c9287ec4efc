import LVSModel

/// PERSIST003: what runs now must start at boot; a firewall that is off now must not.
public struct UnitNotEnabled: Rule {
    public init() {}

    /// Units that filter traffic: inactive now, enabled at boot, they return with rules the
    /// running cluster was never tested with.
    static let firewalls: Set<String> = [
        "firewalld.service", "nftables.service", "iptables.service", "ip6tables.service", "ufw.service",
        "netfilter-persistent.service",
    ]

    public let info = RuleInfo(
        id: "PERSIST003", slug: "unit-not-enabled", title: "A service runs now but not after a reboot (or a firewall comes back)",
        severity: .warning, scope: .all,
        summary:
            "A unit active now but not enabled (the service daemon, ipvsadm, keepalived) is gone after reboot; a firewall unit inactive now but enabled comes back.",
        needs: [.services],
        checks: """
            From `systemctl list-unit-files --type=service` and `systemctl list-units --type=service --all` \
            (a `lvslint collect` bundle has both): every service unit that is active now must be enabled \
            (`disabled` will not start at boot; static, indirect and generated units start through others), \
            and a firewall unit (firewalld, nftables, iptables, ip6tables, ufw, netfilter-persistent) that is \
            inactive now must not be enabled. Judged on hosts whose unit states were captured; when some hosts \
            have them and another does not, that host is listed as not checked.
            """,
        mechanism: """
            `systemctl start` runs a unit now and `systemctl stop` stops it now; whether it runs after a reboot \
            is decided by `enable`/`disable` alone. The tutorial's `systemctl start httpd` leaves the web server \
            disabled, so a rebooted real server comes back without it, and `systemctl stop firewalld` leaves \
            firewalld enabled, so it comes back at boot with its default zone, which blocks port 80.
            """,
        symptom:
            "After a real server reboots the director still sends it clients (the health check may not notice at once): connections are refused or time out on that server; or, after a reboot, the firewall silently drops the service's port.",
        fix: RuleFix(
            summary: "Enable what must run, and disable (or configure) the firewall that is stopped now.",
            runtime: [
                "systemctl enable UNIT",
                "systemctl disable --now firewalld   # or open the port in it: firewall-cmd --permanent --add-port=80/tcp && firewall-cmd --reload",
            ],
            persistentRHEL: ["systemctl enable httpd keepalived ipvsadm   # the units this host runs"],
            persistentDebian: ["systemctl enable nginx keepalived   # the units this host runs; ipvsadm rules load from /etc/default/ipvsadm"]),
        references: ["systemctl(1): start versus enable", "systemd.unit(5): unit file states (enabled, disabled, static, indirect, masked)"],
        comparesRuntimeWithBoot: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let anyCaptured = context.observations.values.contains { $0.has(.services) }
        guard anyCaptured else { return }
        for host in context.cluster.hosts {
            guard let observation = report.require([.services], of: host.name, in: context) else { continue }
            var problems: [Message] = []
            var evidence: [Evidence] = []
            var fix: [Message] = []
            for unit in observation.units.values.sorted(by: { $0.name < $1.name }) {
                if unit.isActive, unit.fileState == "disabled" {
                    problems.append("\(unit.name) runs now but is disabled: it will not start at boot")
                    evidence += [unit.activeEvidence, unit.fileEvidence].compactMap { $0?.evidence }
                    fix.append("systemctl enable \(ShellWord.quote(unit.name))   # on \(host.name)")
                } else if Self.firewalls.contains(unit.name), unit.isEnabled, unit.activeState != nil, !unit.isActive {
                    problems.append("\(unit.name) is stopped now but enabled: it comes back at boot with rules this cluster has not run with")
                    evidence += [unit.activeEvidence, unit.fileEvidence].compactMap { $0?.evidence }
                    fix.append(
                        "systemctl disable \(ShellWord.quote(unit.name))   # on \(host.name), or configure it to let the service through and start it"
                    )
                }
            }
            guard !problems.isEmpty else { continue }
            report.add(
                host: host.name, service: nil, message: "\(host.name) changes at the next reboot: \(problems.joined(separator: "; "))",
                location: host.location, evidence: unique(evidence), fix: fix)
        }
    }
}
