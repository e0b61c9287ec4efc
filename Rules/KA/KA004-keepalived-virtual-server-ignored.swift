import LVSModel

/// KA004: a virtual server without real servers is dropped by keepalived.
public struct KeepalivedVirtualServerIgnored: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA004", slug: "keepalived-virtual-server-ignored", title: "keepalived ignores a virtual server without real servers",
        severity: .warning, scope: .all,
        summary: "A keepalived `virtual_server` with no `real_server` is dropped: no IPVS service is created for it, not even with its sorry_server.",
        needs: [],
        checks:
            "Every virtual_server block of every keepalived configuration read that holds no real_server (keepalived logs \"has no real servers - ignoring\").",
        mechanism: """
            keepalived discards a virtual server at the end of its block when it has no real servers \
            (check_parser.c, vs_end_handler), so the service it describes is never put in the IPVS table. A \
            real_server block that failed to parse (a typo in its address) leaves the same hole.
            """,
        symptom: "The VIP answers (VRRP holds it) but the port is closed: `ipvsadm -Ln` has no such service.",
        fix: RuleFix(
            summary: "Add the real servers, or remove the virtual_server block.",
            runtime: ["real_server RIP PORT { weight 1 }   # inside the virtual_server block"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: ["keepalived check/check_parser.c vs_end_handler: \"has no real servers - ignoring\""],
        keepalivedSays: ["has no real servers - ignoring"],
        examples: [
            RuleExample(
                "A virtual server with no real server", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """), finds: "real_server"),
            RuleExample(
                "One real server", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(context, [.noRealServers])
    }
}
