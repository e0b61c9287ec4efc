import LVSModel

/// DESC002: port 0 (all ports) requires persistence.
public struct PortZeroNotPersistent: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DESC002", slug: "port-zero-not-persistent", title: "Port 0 without persistence",
        severity: .error, scope: .all,
        summary: "Port 0 on a service without persistence (ipvsadm refuses it).",
        needs: [],
        checks: "A service with `port: 0` must give `persistence`.",
        mechanism:
            "Port 0 means \"all ports\" and only makes sense for persistent services, where a client's connections to any port go to one server. ipvsadm refuses the service (\"Zero port specified for non-persistent service\"); keepalived silently turns persistence on with 360 s.",
        symptom: "The service cannot be created with ipvsadm, or keepalived creates it with persistence you did not ask for.",
        fix: RuleFix(
            summary: "Add `persistence: SECONDS` to the service, or give it a real port.",
            runtime: ["ipvsadm -A -t VIP:0 -s SCHEDULER -p 300"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules; set AUTO=\"true\" in /etc/default/ipvsadm"]),
        references: [
            "ipvsadm(8) -t: \"A Port of zero is only valid if the service is persistent\"",
            "keepalived check_data.c: \"zero port only valid for persistent services - setting\"",
        ],
        examples: [
            RuleExample(
                "Port 0 without persistence", .description,
                ExampleInputs.description(
                    service: """
                            port: 0
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}
                              - {host: rs2}

                        """), finds: "port 0"),
            RuleExample(
                "Port 0 with persistence", .description,
                ExampleInputs.description(
                    service: """
                            port: 0
                            protocol: tcp
                            method: dr
                            persistence: 300
                            real_servers:
                              - {host: rs1}
                              - {host: rs2}

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for service in context.cluster.services where service.port == 0 && service.persistence == nil {
            report.add(
                host: nil, service: service.label,
                message: "\(service.label) uses port 0 (all ports) without persistence; ipvsadm refuses this",
                location: service.location, evidence: [])
        }
    }
}
