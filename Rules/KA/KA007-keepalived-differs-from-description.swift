import LVSModel

/// KA007: a director's keepalived.conf says something else than the description.
public struct KeepalivedDiffersFromDescription: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA007", slug: "keepalived-differs-from-description", title: "keepalived.conf differs from the description",
        severity: .warning, scope: .all,
        summary:
            "A director's keepalived configuration (named by `keepalived:` on the host) and the description disagree: a service one has and the other lacks, or a different scheduler, method, persistence or set of real servers.",
        needs: [],
        checks: """
            For every host of the YAML description with `keepalived: PATH`, each service the description gives \
            that director is looked up among the configuration's virtual servers as keepalived runs them \
            (defaults applied), and each virtual server among the services: missing on either side, scheduler, \
            forwarding method, persistence, real servers (address, port, weight). Not made when the description \
            was itself read from keepalived.
            """,
        mechanism: """
            On a keepalived director the IPVS table is keepalived's work: after the next restart or reload it is \
            whatever keepalived.conf says, whatever was typed with ipvsadm or written in the description. A \
            description that drifted from the file checks a cluster that will not exist after the next reload.
            """,
        symptom: "Checks pass against the description while keepalived programs another table; after a reload, services or real servers change.",
        fix: RuleFix(
            summary: "Bring keepalived.conf and the description together (the file is what runs).",
            runtime: ["keepalived -t -f /etc/keepalived/keepalived.conf   # then edit the side that is wrong"],
            persistentRHEL: ["/etc/keepalived/keepalived.conf"],
            persistentDebian: ["/etc/keepalived/keepalived.conf"]),
        references: ["keepalived.conf(5): virtual_server, real_server"],
        examples: [
            RuleExample(
                "A director's keepalived.conf with another scheduler than the description's",
                files: [
                    RuleExample.File(
                        "cluster.yaml",
                        ExampleInputs.description(
                            director: "lvs1: {role: director, address: 192.0.2.11, keepalived: lvs1-keepalived.conf}",
                            service: """
                                    port: 80
                                    protocol: tcp
                                    scheduler: rr
                                    method: dr
                                    real_servers:
                                      - {host: rs1}

                                """)),
                    RuleExample.File(
                        "lvs1-keepalived.conf",
                        ExampleInputs.keepalived(
                            router: "lvs1",
                            virtualServer: """
                                    lb_algo wlc
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                ], finds: "wlc"),
            RuleExample(
                "The description and keepalived.conf agree",
                files: [
                    RuleExample.File(
                        "cluster.yaml",
                        ExampleInputs.description(
                            director: "lvs1: {role: director, address: 192.0.2.11, keepalived: lvs1-keepalived.conf}",
                            service: """
                                    port: 80
                                    protocol: tcp
                                    scheduler: rr
                                    method: dr
                                    real_servers:
                                      - {host: rs1}

                                """)),
                    RuleExample.File(
                        "lvs1-keepalived.conf",
                        ExampleInputs.keepalived(
                            router: "lvs1",
                            virtualServer: """
                                    lb_algo rr
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                ], finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        guard !context.describedByKeepalived else { return }
        for config in context.keepalived {
            guard let director = config.director else { continue }
            var effective: [ServiceKey: (KAVirtualServer, KeepalivedDefaults.Effective)] = [:]
            for vs in config.virtualServers {
                let run = KeepalivedDefaults.apply(vs, in: config).0
                guard !run.ignored else { continue }
                for key in vs.serviceKeys(run, in: config) { effective[key] = (vs, run) }
            }
            let services = context.cluster.services.filter { context.cluster.directors(of: $0).contains { $0.name == director } }
            for service in services {
                guard let (vs, run) = effective[service.key] else {
                    report.add(
                        host: director, service: service.label,
                        message: "\(service.label) is in the description but in no virtual_server of \(director)'s \(config.file)",
                        location: service.location, evidence: [], key: "missing|\(director)|\(service.key)")
                    continue
                }
                var differences: [Message] = []
                if run.scheduler != service.scheduler { differences.append("scheduler \(run.scheduler) (description: \(service.scheduler))") }
                if run.persistence != service.persistence {
                    differences.append(
                        "persistence \(run.persistence.map { "\($0) s" as Message } ?? "none") (description: \(service.persistence.map { "\($0) s" as Message } ?? "none"))"
                            as Message
                    )
                }
                let described = Set(service.realServers.map { "\($0.address):\($0.port ?? service.port ?? 0) \($0.method.rawValue) w\($0.weight)" })
                let configured = Set(run.realServers.map { "\($0.source.address):\($0.port ?? 0) \($0.method.rawValue) w\($0.weight)" })
                if described != configured {
                    let only = configured.subtracting(described).sorted(), missing = described.subtracting(configured).sorted()
                    let inKeepalived = only.joined(separator: ", "), inDescription = missing.joined(separator: ", ")
                    switch (only.isEmpty, missing.isEmpty) {
                    case (false, false):
                        differences.append("real servers only in keepalived: \(inKeepalived); only in the description: \(inDescription)")
                    case (false, true): differences.append("real servers only in keepalived: \(inKeepalived)")
                    default: differences.append("real servers only in the description: \(inDescription)")
                    }
                }
                guard !differences.isEmpty else { continue }
                report.add(
                    host: director, service: service.label,
                    message: "\(service.label): \(director)'s \(config.file) differs from the description: \(differences.joined(separator: "; "))",
                    location: service.location, evidence: [vs.line.evidence], key: "differs|\(director)|\(service.key)")
            }
            for (key, entry) in effective.sorted(by: { $0.value.0.line.location < $1.value.0.line.location })
            where !services.contains(where: { $0.key == key }) {
                report.add(
                    host: director, service: entry.0.label,
                    message: "keepalived: \(key) (\(config.file):\(entry.0.line.location.line)) is served by \(director) but not in the description",
                    location: entry.0.line.location, evidence: [entry.0.line.evidence], key: "extra|\(director)|\(key)")
            }
        }
    }
}
