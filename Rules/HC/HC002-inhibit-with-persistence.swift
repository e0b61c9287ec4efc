import LVSModel

/// HC002: `inhibit_on_failure` on a persistent service keeps clients pinned to a dead server.
public struct InhibitWithPersistence: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "HC002", slug: "inhibit-with-persistence", title: "A failed real server of a persistent service is only quiesced",
        severity: .warning, scope: .all,
        summary:
            "`inhibit_on_failure` on a real server of a virtual_server with persistence, and `net.ipv4.vs.expire_quiescent_template` not 1 on the director: clients already pinned to the server keep going to it after its check fails.",
        needs: [],
        checks: """
            Each virtual_server with `persistence_timeout` is looked at for real servers with inhibit_on_failure \
            (on the real_server, or on the virtual_server for all of them). When the director's sysctls are \
            captured and net.ipv4.vs.expire_quiescent_template is 1, nothing is reported; when they are not, the \
            finding says that it depends on that setting.
            """,
        mechanism: """
            On a failed check keepalived normally removes the real server from the IPVS table; with \
            inhibit_on_failure it sets the server's weight to 0 instead (quiesces it), so that established \
            connections finish. A persistent service keeps a template per client that sends every new connection \
            of that client to the same real server until the template expires (persistence_timeout after the \
            client's last connection). The kernel only drops a template to a weight-0 server when \
            net.ipv4.vs.expire_quiescent_template is 1 (the default is 0): otherwise each pinned client's new \
            connections still go to the dead server, and every one it makes renews the template.
            """,
        symptom:
            "After a real server dies, the clients that were using it keep failing (for as long as they keep retrying) while the other clients are fine.",
        fix: .sysctl(
            "Set net.ipv4.vs.expire_quiescent_template = 1 on the directors (or drop inhibit_on_failure, so that a failed server is removed).",
            "net.ipv4.vs.expire_quiescent_template", 1),
        references: [
            "keepalived.conf(5): inhibit_on_failure (\"set weight to 0 on healthchecker failure\"), persistence_timeout",
            "Linux Documentation/networking/ipvs-sysctl.rst: expire_quiescent_template",
            "Linux net/netfilter/ipvs/ip_vs_conn.c: ip_vs_check_template()",
        ],
        readsSysctls: ["net.ipv4.vs.expire_quiescent_template"],
        examples: [
            RuleExample(
                "inhibit_on_failure in a persistent service", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            persistence_timeout 300
                            real_server 192.0.2.21 80 {
                                inhibit_on_failure
                                TCP_CHECK {
                                    connect_timeout 3
                                }
                            }

                        """), finds: "inhibit_on_failure"),
            RuleExample(
                "inhibit_on_failure without persistence", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP
                            real_server 192.0.2.21 80 {
                                inhibit_on_failure
                                TCP_CHECK {
                                    connect_timeout 3
                                }
                            }

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            let observation = config.director.flatMap { context.observations[$0] }
            let setting = observation?.sysctls["net.ipv4.vs.expire_quiescent_template"]
            if let setting, setting.intValue == 1 { continue }
            for vs in config.virtualServers {
                guard let persistence = vs.persistence else { continue }
                for server in vs.realServers {
                    guard let inhibit = server.inhibitOnFailure ?? vs.inhibitOnFailure else { continue }
                    let director = config.director ?? "the director"
                    let why: Message
                    if let setting {
                        why = "net.ipv4.vs.expire_quiescent_template = \(setting.intValue.map(String.init) ?? setting.value)"
                    } else if observation?.has(.sysctls) == true {
                        why = "unless net.ipv4.vs.expire_quiescent_template is 1 on \(director): its captured sysctls lack it (ip_vs was not loaded)"
                    } else {
                        why = "unless net.ipv4.vs.expire_quiescent_template is 1 on \(director): its sysctls were not captured"
                    }
                    var evidence = [persistence.line.evidence, inhibit.evidence]
                    if let setting { evidence.append(setting.evidence.evidence) }
                    report.add(
                        host: config.director, service: vs.label,
                        message:
                            "keepalived: real server \(server.address) of persistent \(vs.label) is only quiesced when its check fails (inhibit_on_failure), and its clients' templates keep sending them to it (\(why))",
                        location: inhibit.location, evidence: evidence, key: "\(inhibit.location)")
                }
            }
        }
    }
}
