import LVSModel

/// DESC001: a service with one real server has no redundancy.
public struct SingleRealServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DESC001", slug: "single-real-server", title: "Service has a single real server",
        severity: .note, scope: .all,
        summary: "A service has one real server: no redundancy.",
        needs: [],
        checks: "Each service in the description should list at least two real servers.",
        mechanism: "Load balancing with one back end balances nothing: when that server fails or is drained, the service is down.",
        symptom: "Any maintenance or failure of the one server is an outage.",
        fix: RuleFix(
            summary: "Add a second real server, or accept the risk knowingly (suppress this note).",
            runtime: ["ipvsadm -a -t VIP:PORT -r RIP2:PORT -g -w 1   # then add it to the description"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm, or a second real_server block in keepalived.conf"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules, or a second real_server block in keepalived.conf"]),
        references: ["LVS-HOWTO: a virtual service is as available as the real servers behind it", "ipvsadm(8): -a, --add-server"],
        examples: [
            RuleExample(
                "One real server behind the VIP", .description,
                ExampleInputs.description(
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}

                        """), finds: "single real server"),
            RuleExample(
                "Two real servers", .description,
                ExampleInputs.description(
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}
                              - {host: rs2}

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for service in context.cluster.services where service.realServers.count == 1 {
            report.add(
                host: nil, service: service.label,
                message: "\(service.label) has a single real server: when it fails the service is down",
                location: service.location, evidence: [])
        }
    }
}
