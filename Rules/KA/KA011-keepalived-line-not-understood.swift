import LVSModel

/// KA011: a keepalived line lvslint (and probably keepalived) does not understand.
public struct KeepalivedLineNotUnderstood: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA011", slug: "keepalived-line-not-understood", title: "A keepalived line is not understood",
        severity: .warning, scope: .all,
        summary:
            "A line of keepalived.conf (or a file it includes) that is no keepalived keyword where it stands, a value that cannot be read, a brace that opens or closes nothing, or an include that finds no file.",
        needs: [],
        checks: """
            Every line of every keepalived configuration read, with its includes, against the keywords keepalived \
            2.x knows in each part of the file (global_defs, vrrp_*, virtual_server and its real_server and \
            checkers). What the checks that follow read is only what was understood: the line is reported so that \
            nothing is skipped silently.
            """,
        mechanism: """
            keepalived logs "Unknown keyword" and carries on without the line: a misspelt `persistance_timeout` \
            or `lb_kind` typo leaves the default in force, and a broken real_server block drops that real server.
            """,
        symptom: "keepalived runs with a default where a setting was written; `keepalived -t` shows the same line.",
        fix: RuleFix(
            summary: "Correct the keyword or value (the message suggests the nearest keyword), or remove the line.",
            runtime: ["keepalived -t -f /etc/keepalived/keepalived.conf   # keepalived's own check of the file"],
            persistentRHEL: ["edit /etc/keepalived/keepalived.conf"],
            persistentDebian: ["edit /etc/keepalived/keepalived.conf"]),
        references: ["keepalived.conf(5)", "keepalived(8): -t, --config-test"],
        examples: [
            RuleExample(
                "A misspelt keyword", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algorithm rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: "lb_algorithm"),
            RuleExample(
                "The keyword spelt right", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            for line in config.unread {
                report.add(
                    host: config.director, service: nil, message: "keepalived: \(line.reason)",
                    location: line.line.location, evidence: line.line.text.isEmpty ? [] : [line.line.evidence],
                    key: "\(line.line.location)|\(line.reason)")
            }
        }
    }
}
