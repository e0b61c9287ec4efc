import LVSModel

/// PERSIST002: a director's live table must come back at boot.
public struct IPVSRulesNotSaved: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "PERSIST002", slug: "ipvs-rules-not-saved", title: "The IPVS table is not restored at boot",
        severity: .warning, scope: .all,
        summary:
            "The saved IPVS rules file (/etc/sysconfig/ipvsadm, /etc/ipvsadm.rules) is missing or differs from the live table (`ipvsadm-save` only prints to stdout), or is not loaded at boot.",
        needs: [.ipvs],
        checks: """
            On a director whose live table has services and whose persistent configuration was captured (a \
            `lvslint collect` bundle, or files under captures/<host>/etc/): the saved rules \
            (/etc/sysconfig/ipvsadm on RHEL, /etc/ipvsadm.rules on Debian) must exist, hold the same services \
            and real servers (address, port, method, weight) as the live table, and be loaded at boot: on RHEL \
            ipvsadm.service enabled (when the unit states were captured), on Debian `AUTO="true"` in \
            /etc/default/ipvsadm (the package's default is false). When keepalived builds the table \
            (`virtual_server` in its configuration, and keepalived.service enabled or its state unknown), the \
            rule does not apply.
            """,
        mechanism: """
            The IPVS table lives in the kernel's memory. `ipvsadm -A/-a` build it for now only; `ipvsadm-save` \
            prints it to standard output, where the tutorial leaves it. At boot RHEL's ipvsadm.service runs \
            `ipvsadm-restore < /etc/sysconfig/ipvsadm` only if enabled, and Debian's init script loads \
            /etc/ipvsadm.rules only with AUTO="true". Without that, a rebooted director comes back with an \
            empty table: it holds the VIP and answers ARP for it, but has nowhere to send the connections.
            """,
        symptom:
            "After the director reboots, the VIP answers ping but every connection is refused (no IPVS service), or, with a stale saved file, old real servers receive traffic again.",
        fix: RuleFix(
            summary: "Save the live table where the init system loads it, and make it load at boot.",
            runtime: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm   # RHEL; Debian: > /etc/ipvsadm.rules"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules; set AUTO=\"true\" in /etc/default/ipvsadm"]),
        references: [
            "ipvsadm-save(8), ipvsadm-restore(8)",
            "RHEL 7 Load Balancer Administration, C.1 (ipvsadm service and /etc/sysconfig/ipvsadm)",
            "Debian ipvsadm package: /etc/default/ipvsadm (AUTO, default \"false\")",
        ],
        comparesRuntimeWithBoot: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for director in context.cluster.hosts where director.roles.contains(.director) {
            // Judged where the director's persistent configuration was captured at all.
            guard let captured = context.observations[director.name], !captured.configurationFiles.isEmpty,
                let live = captured.ipvs, let first = live.services.first
            else { continue }
            guard let observation = report.require([.ipvs], of: director.name, in: context) else { continue }
            let persistent = observation.persistentIPVS
            if let keepalived = persistent.keepalivedVirtualServer, observation.units["keepalived.service"].map(\.isEnabled) ?? true {
                _ = keepalived
                continue
            }
            let name = director.name
            guard let saved = persistent.saved, let path = persistent.savedPath else {
                report.add(
                    host: name, service: nil,
                    message:
                        "director \(name)'s IPVS table (\(live.services.count) service\(live.services.count == 1 ? "" : "s")) lives in memory only: no saved rules (/etc/sysconfig/ipvsadm or /etc/ipvsadm.rules) were captured, so it is empty after a reboot",
                    location: director.location, evidence: [first.evidence.evidence],
                    fix: [
                        "ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm   # on \(name) (RHEL)",
                        "ipvsadm-save -n > /etc/ipvsadm.rules && sed -i 's/^AUTO=.*/AUTO=\"true\"/' /etc/default/ipvsadm   # on \(name) (Debian)",
                    ])
                continue
            }
            var problems: [Message] = []
            var evidence: [Evidence] = []
            var fix: [Message] = []
            if path == "/etc/sysconfig/ipvsadm", let unit = observation.units["ipvsadm.service"], !unit.isEnabled, let line = unit.fileEvidence {
                problems.append("\(path) is saved but ipvsadm.service is \(unit.fileState ?? "not enabled"): nothing loads it at boot")
                evidence.append(line.evidence)
                fix.append("systemctl enable ipvsadm   # on \(name)")
            }
            if path == "/etc/ipvsadm.rules" && persistent.debianAutoValue != "true" {
                problems.append("\(path) is saved but /etc/default/ipvsadm does not set AUTO=\"true\": the init script does not load it")
                if let line = persistent.debianAuto { evidence.append(line.evidence) }
                fix.append("sed -i 's/^AUTO=.*/AUTO=\"true\"/' /etc/default/ipvsadm   # on \(name)")
            }
            let differences = Self.differences(live: live, saved: saved)
            if !differences.lines.isEmpty {
                problems.append("\(path) differs from the live table (\(differences.summary)): a reboot restores the saved one")
                evidence += differences.lines
                fix.append("ipvsadm-save -n > \(ShellWord.quote(path))   # on \(name), once the live table is the one you want")
            }
            guard !problems.isEmpty else { continue }
            report.add(
                host: name, service: nil, message: "director \(name)'s IPVS table will not come back as it is: \(problems.joined(separator: "; "))",
                location: director.location, evidence: unique(evidence), fix: fix)
        }
    }

    /// Services and real servers in one table but not the other, with their lines.
    static func differences(live: IPVSTable, saved: IPVSTable) -> (summary: Message, lines: [Evidence]) {
        var parts: [Message] = []
        var lines: [Evidence] = []
        for service in live.services where saved.service(service.key) == nil {
            parts.append("\(service.key) only live"); lines.append(service.evidence.evidence)
        }
        for service in saved.services where live.service(service.key) == nil {
            parts.append("\(service.key) only saved"); lines.append(service.evidence.evidence)
        }
        for service in live.services {
            guard let other = saved.service(service.key) else { continue }
            func signature(_ d: IPVSDestination) -> String { "\(d.address):\(d.port) \(d.forwarding?.description ?? "?") \(d.weight ?? 1)" }
            let a = Dictionary(service.destinations.map { (signature($0), $0) }, uniquingKeysWith: { x, _ in x })
            let b = Dictionary(other.destinations.map { (signature($0), $0) }, uniquingKeysWith: { x, _ in x })
            for (key, d) in a.sorted(by: { $0.key < $1.key }) where b[key] == nil { parts.append("live \(key)"); lines.append(d.evidence.evidence) }
            for (key, d) in b.sorted(by: { $0.key < $1.key }) where a[key] == nil { parts.append("saved \(key)"); lines.append(d.evidence.evidence) }
        }
        return (Array(parts.prefix(4)).joined(separator: ", ") + Message(verbatim: parts.count > 4 ? ", …" : ""), lines)
    }
}
