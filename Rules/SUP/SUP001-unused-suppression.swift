import LVSModel

/// SUP001: an inline suppression that suppresses nothing.
public struct UnusedSuppression: Rule {
    public init() {}

    public var runsLast: Bool { true }

    public let info = RuleInfo(
        id: "SUP001", slug: "unused-suppression", title: "Inline suppression suppresses nothing",
        severity: .warning, scope: .all,
        summary: "A `# lvslint: disable=… -- reason` comment matched no finding: the problem it excused is gone, or it names the wrong rule or line.",
        needs: [],
        checks:
            "Each inline suppression in the description must suppress at least one finding in this run (like ruff's RUF100). Not reported with --no-inline-suppressions.",
        mechanism: "A stale suppression silently excuses the next problem of that kind on that host or service, which then never shows up in review.",
        symptom: "A real misconfiguration passes CI because an old comment still hides its rule.",
        fix: RuleFix(
            summary: "Delete the comment, or correct the rule it names or the line it stands on.",
            runtime: ["lvslint check --no-inline-suppressions cluster.yaml   # see what the comment was meant to hide"],
            persistentRHEL: [
                "remove the `# lvslint: disable=…` comment from the description (or move it to the host, service or real-server line it is about)"
            ],
            persistentDebian: [
                "remove the `# lvslint: disable=…` comment from the description (or move it to the host, service or real-server line it is about)"
            ]),
        references: ["ruff RUF100 unused-noqa"],
        examples: [
            RuleExample(
                "A suppression whose finding is gone (the second server was added)", .description,
                ExampleInputs.description(
                    serviceName: "- name: web  # lvslint: disable=DESC001 -- one server until the second is racked",
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}
                              - {host: rs2}

                        """), finds: "DESC001"),
            RuleExample(
                "A suppression that excuses a finding", .description,
                ExampleInputs.description(
                    serviceName: "- name: web  # lvslint: disable=DESC001 -- one server until the second is racked",
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for suppression in context.unusedSuppressions {
            report.add(
                host: nil, service: nil,
                message:
                    "suppression of \(suppression.rules.joined(separator: ", ")) suppresses nothing in this run (reason given: \"\(suppression.reason)\")",
                location: suppression.location, evidence: [])
        }
    }
}
