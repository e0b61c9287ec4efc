import LVSModel

/// KA003: outside NAT, keepalived resets a real server's port to the service's.
public struct KeepalivedRealServerPortReset: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA003", slug: "keepalived-real-server-port-reset", title: "keepalived resets a DR/TUN real server's port",
        severity: .warning, scope: .all,
        summary:
            "A DR or TUN `real_server` (or `sorry_server`) with a port other than the virtual server's: keepalived uses the virtual server's port instead.",
        needs: [],
        checks: """
            Every real_server and sorry_server forwarded by DR or TUN (after keepalived's method default) whose port \
            differs from its virtual_server's (or, in a virtual_server_group, from an entry's): keepalived logs \
            "ports don't match - resetting" and programs the service's port.
            """,
        mechanism: """
            In DR and TUN the director does not rewrite the packet: it reaches the real server addressed to \
            VIP:PORT, so a different real-server port cannot be honoured. keepalived silently replaces it with \
            the service port; a health checker that was meant to test the other port still tests it (its own \
            connect_port), so the checks pass while traffic goes to a port nothing may listen on.
            """,
        symptom:
            "Health checks green, connections refused: the application listens on the real-server port written in keepalived.conf, IPVS sends to the VIP's port.",
        fix: RuleFix(
            summary: "Make the application listen on the service port, or use NAT if the port must change.",
            runtime: ["real_server RIP PORT   # with PORT equal to the virtual_server's"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived check/check_data.c validate_check_config: \"ports don't match - resetting\"",
            "keepalived issue 1186", "LVS-HOWTO: LVS-DR cannot remap ports",
        ],
        keepalivedSays: ["ports don't match"],
        examples: [
            RuleExample(
                "A DR real server on another port", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            real_server 192.0.2.21 8080 {
                                weight 1
                            }

                        """), finds: "8080"),
            RuleExample(
                "The real server on the virtual server's port", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(context, [.realServerPortReset, .sorryServerPortReset])
    }
}
