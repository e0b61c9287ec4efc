import LVSModel

/// HC001: an HTTP, TLS or SMTP checker on a UDP service tests a TCP port the service does not use.
public struct CheckerTCPOnUDPService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "HC001", slug: "checker-tcp-on-udp-service", title: "A TCP checker guards a UDP service",
        severity: .warning, scope: .all,
        summary:
            "An `HTTP_GET`, `SSL_GET` or `SMTP_CHECK` on a real server of a `protocol UDP` virtual_server: it tests a TCP port, so a real server whose UDP service is down stays in the table.",
        needs: [],
        checks: """
            Each real_server of a virtual_server that says `protocol UDP` is looked at for checkers that speak an \
            application protocol over TCP (HTTP_GET, SSL_GET, SMTP_CHECK). A virtual_server with no protocol is \
            KA002's (keepalived makes it UDP too); TCP_CHECK on a UDP port (DNS answers on both) is not reported.
            """,
        mechanism: """
            keepalived's checkers open their own connection to the real server: HTTP_GET and SSL_GET an HTTP(S) \
            request over TCP, SMTP_CHECK an SMTP session over TCP, on connect_port or the real server's port. IPVS \
            forwards the service's UDP datagrams, which no TCP check sees: while something answers HTTP on that \
            TCP port, the real server stays in the table at full weight whatever its UDP service does, and when \
            nothing does (the usual case for a UDP service), every real server is taken out and the service is \
            down although it works.
            """,
        symptom:
            "Either every real server of the UDP service is marked down at once (keepalived logs the HTTP or SMTP check failing), or a real server whose UDP service died keeps receiving clients.",
        fix: RuleFix(
            summary: "Check a UDP service with UDP_CHECK, DNS_CHECK or a MISC_CHECK script that speaks its protocol.",
            runtime: ["UDP_CHECK { connect_timeout 3 }   # in the real_server block, instead of HTTP_GET; then systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived.conf(5): HTTP_GET, SSL_GET, SMTP_CHECK, UDP_CHECK, DNS_CHECK, MISC_CHECK",
            "keepalived check/check_http.c, check_smtp.c: the checks connect over TCP (SOCK_STREAM)",
        ],
        examples: [
            RuleExample(
                "An HTTP check on a UDP service", .keepalived,
                CheckerTCPOnUDPService.example(
                    checker: "HTTP_GET {\n    url {\n        path /\n        status_code 200\n    }\n}"),
                finds: "HTTP_GET"),
            RuleExample(
                "A UDP check on a UDP service", .keepalived, CheckerTCPOnUDPService.example(checker: "UDP_CHECK {\n    connect_timeout 3\n}"),
                finds: nil),
        ])

    /// A keepalived.conf with a UDP service whose one real server is checked by `checker`.
    static func example(checker: String) -> String {
        let indented = checker.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n")
        return ExampleInputs.keepalived(
            virtualServer: """
                    lb_algo rr
                    lb_kind DR
                    protocol UDP
                    real_server 192.0.2.21 80 {
                \(indented)
                    }

                """)
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            for vs in config.virtualServers {
                guard let proto = vs.protocolName, proto.value == .udp else { continue }
                for server in vs.realServers + (vs.sorryServer.map { [$0] } ?? []) {
                    for checker in server.checkers where checker.speaksTCP && checker.kind.value != "TCP_CHECK" {
                        report.add(
                            host: config.director, service: vs.label,
                            message:
                                "keepalived: \(checker.kind.value) guards real server \(server.address) of \(vs.label): it tests a TCP port, so the UDP service's own failures go unseen",
                            location: checker.kind.line.location, evidence: [proto.line.evidence, checker.kind.line.evidence],
                            key: "\(checker.kind.line.location)", fix: [])
                    }
                }
            }
        }
    }
}
