import LVSModel

/// KA010: the other corrections keepalived makes to a virtual server without being asked.
public struct KeepalivedAdjustsConfig: Rule {
    public init() {}

    static let kinds: Set<KeepalivedDefaults.Adjustment.Kind> = [
        .schedulerDefault, .zeroPortMadePersistent, .opsNeedsUDP, .fwmarkProtocolIgnored, .fwmarkPortCleared,
        .duplicateRealServer, .haSuspendCleared, .sorryInhibitDiffers,
    ]

    public let info = RuleInfo(
        id: "KA010", slug: "keepalived-adjusts-config", title: "keepalived changes a virtual server from what is written",
        severity: .note, otherSeverities: [.warning], scope: .all,
        summary:
            "keepalived applies a default or corrects a setting of a virtual server (scheduler wlc, persistence for port 0, ops removed, a fwmark service's protocol and ports dropped, a duplicate real server removed, ha_suspend cleared): the table it makes is not the file.",
        needs: [],
        checks: """
            Every virtual_server of every keepalived configuration read, against keepalived's configuration \
            check: no scheduler (wlc is used), port 0 without persistence (persistence 360 s is set), `ops` on a \
            TCP or SCTP service (removed), `protocol` on a fwmark service (ignored), real-server or sorry-server \
            ports on a fwmark service outside NAT (cleared), the same real server twice (the second removed), \
            `ha_suspend` with fwmarks (cleared), a sorry server that is also a real server with another \
            inhibit_on_failure (the real server's wins). A duplicate real server is a warning, the rest notes.
            """,
        mechanism: """
            keepalived logs each of these once at start-up (`keepalived -t` prints them) and programs IPVS with \
            the corrected values. Nobody reads that log: the table then differs from the file in ways a reader \
            of keepalived.conf does not expect, and a comparison of the file with `ipvsadm -Ln` goes wrong.
            """,
        symptom: "`ipvsadm -Ln` shows a scheduler, persistence or real-server list other than keepalived.conf's.",
        fix: RuleFix(
            summary: "Write the value keepalived would use, or remove the setting it discards.",
            runtime: ["lvs_sched wlc   # for example: state the scheduler"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: ["keepalived check/check_data.c validate_check_config", "keepalived(8): -t, --config-test"],
        keepalivedSays: [
            "no scheduler set", "zero port only valid for persistent services", "protocol specified for fwmark", "has port specified",
            "is duplicated - removing second rs", "one packet scheduling requires UDP", "cannot use ha_suspend with fwmarks",
            "matches sorry server, but inhibit setting differs",
        ],
        examples: [
            RuleExample(
                "No lb_algo", .keepalived,
                ExampleInputs.keepalived(
                    router: "lvs1",
                    virtualServer: """
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: "wlc"),
            RuleExample(
                "lb_algo written out", .keepalived,
                ExampleInputs.keepalived(
                    router: "lvs1",
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(context, Self.kinds, severity: { $0.kind == .duplicateRealServer ? .warning : .note })
    }
}
