import LVSDescription
import LVSModel

/// The stable JSON report of SPEC ("JSON output"): other tools read it, so its shape only grows.
public enum JSONReport {
    public static let formatVersion = 1

    /// `errors`: what ends the run with status 2 (an input error, nothing checked): carried as a
    /// top-level `error` object, so that a reader of the report alone sees the run failed.
    public static func render(_ results: [CheckResult], toolVersion: String, errors: [DescriptionError] = []) -> String {
        let failure: [(String, JSONValue)] = errors.isEmpty ? [] : [("error", errorValue(errors))]
        if results.count == 1, let only = results.first, case let .object(pairs) = document(only, toolVersion: toolVersion) {
            return JSONValue.object(pairs + failure).serialized() + "\n"
        }
        if results.isEmpty {
            return JSONValue.object(
                [
                    ("version", .int(formatVersion)), ("tool", tool(toolVersion)), ("summary", summaryValue([])),
                    ("findings", .array([])), ("not_checked", .array([])),
                ] + failure
            ).serialized() + "\n"
        }
        // Several descriptions: one document, each cluster's report in `clusters`.
        let summary = summaryValue(results.flatMap(\.findings))
        return JSONValue.object(
            [
                ("version", .int(formatVersion)),
                ("tool", tool(toolVersion)),
                ("summary", summary),
                ("clusters", .array(results.map { document($0, toolVersion: toolVersion) })),
            ] + failure
        ).serialized() + "\n"
    }

    static func errorValue(_ errors: [DescriptionError]) -> JSONValue {
        .object([
            ("exit_code", .int(2)),
            ("message", .string(errors.first?.message ?? "")),
            (
                "errors",
                .array(
                    errors.map { e in
                        .object([
                            ("message", .string(e.message)),
                            (
                                "location",
                                .object([("file", .string(e.location.file)), ("line", .int(e.location.line)), ("column", .int(e.location.column))])
                            ),
                        ])
                    })
            ),
        ])
    }

    static func tool(_ version: String) -> JSONValue {
        .object([("name", .string("lvslint")), ("version", .string(version))])
    }

    static func summaryValue(_ findings: [Finding]) -> JSONValue {
        .object(Severity.allCases.reversed().map { s in (s.rawValue, .int(findings.filter { $0.severity == s }.count)) })
    }

    public static func document(_ result: CheckResult, toolVersion: String) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("version", .int(formatVersion)),
            ("tool", tool(toolVersion)),
            ("cluster", .string(result.cluster.name)),
            ("summary", summaryValue(result.findings)),
            ("findings", .array(result.findings.map(finding))),
            (
                "not_checked",
                .array(
                    result.notChecked.map { n in
                        // `applies: false` only for hosts left alone by design (a director that also serves).
                        .object(
                            [("rule", .string(n.rule)), ("host", .string(n.host)), ("reason", .string(n.reason))]
                                + (n.applies ? [] : [("applies", JSONValue.bool(false))]))
                    })
            ),
        ]
        if let file = result.configurationFile {
            pairs.append(
                ("configuration", .object([("file", .string(file)), ("disabled", .array(result.disabledByConfiguration.map { .string($0) }))])))
        }
        // Only present when configuration, suppressions or a baseline took findings away,
        // so the default shape stays exactly SPEC's.
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

    static func finding(_ f: Finding) -> JSONValue {
        .object([
            ("rule", .string(f.rule)),
            ("slug", .string(f.slug)),
            ("severity", .string(f.severity.rawValue)),
            ("host", .optional(f.host)),
            ("service", .optional(f.service)),
            ("message", .string(f.message)),
            (
                "location",
                f.location.map { l in
                    .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
                } ?? .null
            ),
            (
                "evidence",
                .array(
                    f.evidence.map { e in
                        .object([("file", .string(e.file)), ("line", .int(e.line)), ("text", .string(e.text))])
                    })
            ),
            ("fix", .optional(f.fix)),
            ("fix_commands", .array(f.fixCommands.map { .string($0) })),
            // `boot`: found in the state the host's configuration files build, not on a running host.
            ("state", .optional(f.state?.rawValue)),
        ])
    }
}
