import LVSModel

/// HC004: a sorry_server in a virtual_server whose real servers nothing checks.
public struct SorryServerNeverUsed: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "HC004", slug: "sorry-server-never-used", title: "A sorry_server that can never take over",
        severity: .warning, scope: .all,
        summary:
            "A virtual_server has a `sorry_server` but none of its real servers has a health checker: keepalived never removes them, the quorum is never lost, and the sorry server never receives traffic, however dead the real servers are.",
        needs: [],
        checks: """
            Each virtual_server with a sorry_server is looked at: at least one of its real servers must have a \
            checker (TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, MISC_CHECK, BFD_CHECK, …), or keepalived \
            has nothing that can take a server out.
            """,
        mechanism: """
            keepalived adds the sorry_server to the IPVS table only when the service loses its quorum: when the \
            summed weight of the real servers it considers alive falls below quorum (1 by default). A real server \
            is considered alive from the start and stays so until one of its checkers fails; a real server \
            without a checker is never taken out. With no checker at all, every real server stays alive in \
            keepalived's eyes, the quorum holds for ever, and the sorry server is never used: when the \
            application dies, IPVS keeps sending clients to it.
            """,
        symptom:
            "The maintenance page (the sorry server) never appears during an outage: clients get connection errors from the dead real servers instead.",
        fix: RuleFix(
            summary: "Give each real server a checker that tests the service (TCP_CHECK at least), or drop the sorry_server.",
            runtime: ["add a TCP_CHECK { connect_timeout 3 } block to each real_server, then systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived.conf(5): sorry_server, quorum, real_server checkers",
            "keepalived check/ipwrapper.c update_quorum_state(): the sorry server is added when the quorum is lost",
        ],
        examples: [
            RuleExample(
                "a sorry_server with real servers nothing checks", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            sorry_server 192.0.2.30 80
                            real_server 192.0.2.21 80 {
                                weight 1
                            }

                        """), finds: "sorry_server"),
            RuleExample(
                "a sorry_server with checked real servers", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            sorry_server 192.0.2.30 80
                            real_server 192.0.2.21 80 {
                                weight 1
                                TCP_CHECK {
                                    connect_timeout 3
                                }
                            }

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            for vs in config.virtualServers {
                guard let sorry = vs.sorryServer, !vs.realServers.isEmpty, vs.realServers.allSatisfy({ $0.checkers.isEmpty }) else { continue }
                report.add(
                    host: config.director, service: vs.label,
                    message:
                        "keepalived: \(vs.label) has sorry_server \(sorry.address), but none of its \(vs.realServers.count) real server\(vs.realServers.count == 1 ? "" : "s") has a health checker: none is ever taken out, so the sorry server never receives traffic",
                    location: sorry.line.location, evidence: [sorry.line.evidence] + vs.realServers.prefix(3).map(\.line.evidence),
                    key: "\(sorry.line.location)", fix: [])
            }
        }
    }
}
