import LVSModel

/// KA002: a virtual server without `protocol` is UDP in keepalived.
public struct KeepalivedProtocolDefaultsUDP: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA002", slug: "keepalived-protocol-defaults-udp", title: "keepalived makes a UDP service when no protocol is given",
        severity: .error, scope: .all,
        summary:
            "A keepalived `virtual_server ADDRESS PORT` with no `protocol` becomes a UDP service: the TCP service the port suggests does not exist.",
        needs: [],
        checks: """
            Every virtual_server given by address (or by a virtual_server_group with addresses) in every keepalived \
            configuration read: without a `protocol` line keepalived logs "no protocol set - defaulting to UDP".
            """,
        mechanism: """
            IPVS needs a protocol for an address service. When keepalived's configuration leaves it out, \
            keepalived sets UDP explicitly (check_data.c: "If the protocol is 0, the kernel defaults to UDP"). \
            A web or database service then has no TCP entry in the IPVS table: the director's kernel answers the \
            clients' SYNs itself (RST) or, with the VIP on a real server too, they never reach a real server.
            """,
        symptom: "`ipvsadm -Ln` lists `UDP  VIP:80`; TCP connections to the VIP are refused or hang.",
        fix: RuleFix(
            summary: "Add `protocol TCP` (or UDP, SCTP) to the virtual_server block.",
            runtime: ["protocol TCP   # in the virtual_server block; then systemctl reload keepalived"],
            persistentRHEL: ["the same line in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same line in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived check/check_data.c validate_check_config: \"no protocol set - defaulting to UDP\"",
            "keepalived.conf(5): protocol TCP|UDP|SCTP",
        ],
        keepalivedSays: ["no protocol set - defaulting to UDP"],
        examples: [
            RuleExample(
                "No protocol", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR

                        """ + ExampleInputs.realServer), finds: "UDP"),
            RuleExample(
                "protocol TCP written out", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(context, [.protocolDefaultsToUDP], edit: { _, vs in .insert("protocol TCP", inBlockAt: vs.line) })
    }
}
