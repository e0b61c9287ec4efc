import LVSModel

/// PERSIST005: IPVS timeouts changed at runtime that nothing sets again at boot.
public struct IPVSTimeoutsNotPersisted: Rule {
    public init() {}

    /// The kernel's timeouts when ip_vs is loaded (ip_vs_proto_tcp.c, ip_vs_proto_udp.c).
    static let kernelDefaults = (tcp: 900, tcpFin: 120, udp: 300)

    public let info = RuleInfo(
        id: "PERSIST005", slug: "ipvs-timeouts-not-persisted", title: "IPVS timeouts set at runtime only",
        severity: .warning, scope: .all,
        summary:
            "The director's IPVS timeouts (`ipvsadm -L --timeout`) are not the kernel's defaults, and none of its captured boot configuration sets them (keepalived's `lvs_timeouts`, `ipvsadm --set` in rc.local), or it sets others: after a reboot the timeouts are back to 900 120 300.",
        needs: [.ipvsTimeouts],
        checks: """
            On each director whose IPVS timeouts and configuration files were both captured, timeouts other than \
            the kernel's (tcp 900, tcpfin 120, udp 300) must be set again at boot: by keepalived's global_defs \
            `lvs_timeouts` or by `ipvsadm --set` in rc.local, to the same values. ipvsadm-save does not save \
            timeouts, so saved rules do not restore them.
            """,
        mechanism: """
            `ipvsadm --set TCP TCPFIN UDP` changes the ip_vs module's timeouts in memory. They are not part of the \
            table: ipvsadm-save writes services and real servers only, and the module starts from its defaults \
            each time it is loaded (900 s for established TCP, 120 s for FIN_WAIT, 300 s for UDP). Unless \
            something runs ipvsadm --set again at boot (keepalived applies `lvs_timeouts` from global_defs when \
            its checker process starts), a reboot silently brings back the defaults and with them the problems \
            the change fixed: idle connections cut after 15 minutes, or UDP entries kept 5 minutes.
            """,
        symptom:
            "After a reboot, long-lived idle connections through the director start failing again (or the connection table grows again), though nothing in the configuration changed.",
        fix: RuleFix(
            summary:
                "Set the timeouts at boot: `lvs_timeouts tcp T tcpfin F udp U` in keepalived.conf's global_defs, or `ipvsadm --set T F U` in a unit or rc.local that runs after ip_vs is loaded.",
            runtime: ["ipvsadm -L --timeout   # the values to keep; then add them to keepalived.conf's global_defs as lvs_timeouts"],
            persistentRHEL: ["global_defs { lvs_timeouts tcp 7200 tcpfin 120 udp 300 }   # in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["global_defs { lvs_timeouts tcp 7200 tcpfin 120 udp 300 }   # in /etc/keepalived/keepalived.conf"]),
        references: [
            "ipvsadm(8): --set tcp tcpfin udp; ipvsadm-save(8)",
            "keepalived.conf(5): lvs_timeouts; keepalived check/check_daemon.c: ipvs_set_timeouts() at start",
            "Linux net/netfilter/ipvs/ip_vs_proto_tcp.c, ip_vs_proto_udp.c: default timeouts",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let defaults = Self.kernelDefaults
        for director in context.cluster.hosts where director.roles.contains(.director) {
            // Judged where the director's boot configuration was captured at all.
            guard let observation = context.observations[director.name], !observation.configurationFiles.isEmpty,
                let live = observation.ipvsTimeouts, (live.tcp, live.tcpFin, live.udp) != (defaults.tcp, defaults.tcpFin, defaults.udp)
            else { continue }
            let shown = "\(live.tcp) \(live.tcpFin) \(live.udp)"
            guard let boot = observation.persistentIPVS.timeouts else {
                report.add(
                    host: director.name, service: nil,
                    message:
                        "director \(director.name)'s IPVS timeouts are \(shown) now, and nothing in its captured configuration sets them at boot (no lvs_timeouts, no ipvsadm --set): after a reboot they are \(defaults.tcp) \(defaults.tcpFin) \(defaults.udp)",
                    location: director.location, evidence: [live.evidence.evidence], key: director.name)
                continue
            }
            let atBoot = (boot.tcp ?? defaults.tcp, boot.tcpFin ?? defaults.tcpFin, boot.udp ?? defaults.udp)
            guard atBoot != (live.tcp, live.tcpFin, live.udp) else { continue }
            report.add(
                host: director.name, service: nil,
                message:
                    "director \(director.name)'s IPVS timeouts are \(shown) now, but its boot configuration sets \(atBoot.0) \(atBoot.1) \(atBoot.2): a reboot changes them",
                location: director.location, evidence: [live.evidence.evidence, boot.line.evidence], key: director.name)
        }
    }
}
