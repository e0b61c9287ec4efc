import LVSDescription
import LVSModel

/// The JSON report: one shape whatever the number of descriptions checked (docs/report.schema.json
/// describes it, and a test holds every fixture's report to it). Its fields only grow; a change
/// that removes or retypes one raises `schemaVersion` and is said in CHANGELOG.md.
///
/// Findings and checks not made are listed flat, each naming its cluster; `clusters` says what
/// was checked, with each one's summary, configuration and what was filtered away; `errors`
/// lists the inputs that could not be checked (the run then exits 2), empty otherwise.
public enum JSONReport {
    public static let schemaVersion = 2

    public static func render(_ results: [CheckResult], toolVersion: String, errors: [DescriptionError] = []) -> String {
        JSONValue.object([
            ("schema_version", .int(schemaVersion)),
            ("tool", tool(toolVersion)),
            ("summary", summaryValue(results.flatMap(\.findings))),
            ("clusters", .array(results.map(clusterValue))),
            ("findings", .array(results.flatMap { result in result.findings.map { finding($0, cluster: result.cluster.name) } })),
            ("not_checked", .array(results.flatMap { result in result.notChecked.map { notChecked($0, cluster: result.cluster.name) } })),
            ("errors", .array(errors.map(errorValue))),
        ]).serialized() + "\n"
    }

    static func errorValue(_ e: DescriptionError) -> JSONValue {
        .object([("message", .string(e.message)), ("location", locationValue(e.location))])
    }

    static func locationValue(_ l: SourceLocation) -> JSONValue {
        .object([("file", .string(l.file)), ("line", .int(max(l.line, 1))), ("column", .int(max(l.column, 1)))])
    }

    /// `applies: false` only for hosts left alone by design (a director that also serves).
    static func notChecked(_ n: NotChecked, cluster: String) -> JSONValue {
        .object(
            [("cluster", .string(cluster)), ("rule", .string(n.rule)), ("host", .string(n.host)), ("reason", .string(n.reason))]
                + (n.applies ? [] : [("applies", JSONValue.bool(false))]))
    }

    static func clusterValue(_ result: CheckResult) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(result.cluster.name)),
            ("file", .string(result.inferredFrom ?? result.cluster.file)),
            ("summary", summaryValue(result.findings)),
        ]
        if let file = result.configurationFile {
            pairs.append(
                ("configuration", .object([("file", .string(file)), ("disabled", .array(result.disabledByConfiguration.map { .string($0) }))])))
        }
        // Only present when configuration, suppressions or a baseline took findings away.
        if !result.baselined.isEmpty || !result.suppressed.isEmpty || !result.excluded.isEmpty {
            pairs.append(
                (
                    "filtered",
                    .object([
                        ("baselined", .int(result.baselined.count)), ("suppressed", .int(result.suppressed.count)),
                        ("excluded", .int(result.excluded.count)),
                    ])
                ))
        }
        return .object(pairs)
    }

    static func tool(_ version: String) -> JSONValue {
        .object([("name", .string("lvslint")), ("version", .string(version))])
    }

    static func summaryValue(_ findings: [Finding]) -> JSONValue {
        .object(Severity.allCases.reversed().map { s in (s.rawValue, .int(findings.filter { $0.severity == s }.count)) })
    }

    static func finding(_ f: Finding, cluster: String) -> JSONValue {
        .object([
            ("cluster", .string(cluster)),
            ("rule", .string(f.rule)),
            ("slug", .string(f.slug)),
            ("severity", .string(f.severity.rawValue)),
            ("host", .optional(f.host)),
            ("service", .optional(f.service)),
            ("message", .string(f.message)),
            ("location", f.location.map(locationValue) ?? .null),
            (
                "evidence",
                .array(
                    f.evidence.map { e in
                        // line null: the file as a whole (a file that is missing, a link, a summary).
                        .object([("file", .string(e.file)), ("line", e.line > 0 ? .int(e.line) : .null), ("text", .string(e.text))])
                    })
            ),
            ("fix", .optional(f.fix)),
            ("fix_commands", .array(f.fixCommands.map { .string($0) })),
            // A fix that is a line of a configuration file (keepalived.conf), not a command.
            (
                "fix_edit",
                f.edit.map { e in
                    .object([
                        ("file", .string(e.file)), ("line", .int(e.line)), ("action", .string(e.action.rawValue)), ("text", .string(e.text)),
                        ("block", .string(e.block)),
                    ])
                } ?? .null
            ),
            // `boot`: found in the state the host's configuration files build, not on a running host.
            ("state", .optional(f.state?.rawValue)),
        ])
    }
}
