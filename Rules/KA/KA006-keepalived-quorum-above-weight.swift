import LVSModel

/// KA006: a quorum above the real servers' total weight is lowered by keepalived.
public struct KeepalivedQuorumAboveWeight: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA006", slug: "keepalived-quorum-above-weight", title: "keepalived lowers a quorum the real servers cannot reach",
        severity: .warning, scope: .all,
        summary:
            "A `quorum` above the sum of the real servers' weights (or a `hysteresis` not below the quorum): keepalived lowers it, so the sorry_server and quorum scripts behave otherwise than written.",
        needs: [],
        checks: """
            Every virtual_server: the sum of its real servers' weights (each `weight`, else the virtual server's \
            `weight`, else 1) against `quorum` (default 1), and `hysteresis` (default 0) against the quorum, as \
            keepalived's configuration check compares them.
            """,
        mechanism: """
            The quorum is the total weight of healthy real servers the service needs; with a quorum no weight \
            sum can reach, the service could never be up, so keepalived reduces it to the total and logs it. \
            The hysteresis must stay below the quorum or the service would flap; keepalived lowers that too. \
            The `quorum_up`/`quorum_down` actions and the sorry server then fire at other points than intended.
            """,
        symptom: "The sorry server never takes over (or takes over early); quorum notifications come at unexpected moments.",
        fix: RuleFix(
            summary: "Set the quorum at most the total weight of the real servers, and the hysteresis below it.",
            runtime: ["quorum N   # at most the sum of the real servers' weights"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived check/check_data.c validate_check_config: \"quorum … exceeds total weight of real servers\", \"hysteresis … >= quorum\"",
            "keepalived.conf(5): quorum, hysteresis, quorum_up, quorum_down",
        ],
        keepalivedSays: ["exceeds total weight of real servers", ">= quorum"],
        examples: [
            RuleExample(
                "A quorum above the real servers' weights", .keepalived,
                ExampleInputs.keepalived(
                    router: "lvs1",
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            quorum 3

                        """ + ExampleInputs.realServer), finds: "quorum"),
            RuleExample(
                "A quorum the real servers can reach", .keepalived,
                ExampleInputs.keepalived(
                    router: "lvs1",
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            quorum 1

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(context, [.quorumReduced, .hysteresisReduced])
    }
}
