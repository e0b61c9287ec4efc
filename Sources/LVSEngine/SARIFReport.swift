import Foundation
import LVSDescription
import LVSModel

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: every rule with its
/// documentation in `tool.driver.rules`, results located on the description line with the
/// evidence as related locations, and fingerprints that survive unrelated edits.
public struct SARIFReport {
    public var toolVersion: String
    public var rules: [RuleInfo]
    public var paths: RepositoryPaths
    /// Base of `helpUri`; the rule's anchor in docs/rules.md is appended.
    public var documentationURL: String?

    public init(toolVersion: String, rules: [RuleInfo], paths: RepositoryPaths = RepositoryPaths(), documentationURL: String? = nil) {
        self.toolVersion = toolVersion
        self.rules = rules
        self.paths = paths
        self.documentationURL = documentationURL
    }

    static func level(_ s: Severity) -> String { s.rawValue }

    func helpURI(_ info: RuleInfo) -> String {
        let anchor = "\(info.id.lowercased())-\(info.slug)"
        // Without a published documentation site, a URN still names the rule unambiguously.
        guard let base = documentationURL, !base.isEmpty else { return "urn:lvslint:rule:\(info.id)" }
        return "\(base)#\(anchor)"
    }

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($0.element.id, $0.offset) })
        let driver: JSONValue = .object([
            ("name", .string("lvslint")),
            ("version", .string(toolVersion)),
            ("semanticVersion", .string(toolVersion)),
            ("informationUri", .string(documentationURL.flatMap { $0.isEmpty ? nil : $0 } ?? "urn:lvslint")),
            ("rules", .array(rules.map(rule))),
        ])
        let findings = results.flatMap { r in r.findings.map { (r.verdict, $0) } }
        // Checks not made are the run's own notifications; with --require-complete they fail it.
        let gaps: [JSONValue] = results.flatMap { r in
            r.notChecked.map { n in
                JSONValue.object([
                    ("level", .string(r.verdict.failingGaps(r).contains(n) ? "error" : "note")),
                    ("message", .object([("text", .string("\(n.rule) not checked on \(n.host): \(n.reason)"))])),
                    ("associatedRule", .object([("id", .string(n.rule))] + (index[n.rule].map { [("index", JSONValue.int($0))] } ?? []))),
                ])
            }
        }
        // A run that ended with status 2 says so: not successful, its real exit code, and why.
        let failed = !errors.isEmpty || results.contains(where: \.examinedNothing)
        var invocation: [(String, JSONValue)] = [
            ("executionSuccessful", .bool(!failed)),
            ("exitCode", .int(failed ? 2 : Int(Verdict.exitCode(results)))),
        ]
        let errorNotes: [JSONValue] = errors.map { e in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(e.message))])),
                (
                    "locations",
                    .array([
                        .object([
                            (
                                "physicalLocation",
                                .object([
                                    ("artifactLocation", artifact(e.location.file)),
                                    (
                                        "region",
                                        .object([
                                            ("startLine", .int(max(1, e.location.line))),
                                            ("startColumn", .int(max(1, e.location.column))),
                                        ])
                                    ),
                                ])
                            )
                        ])
                    ])
                ),
            ])
        }
        if !gaps.isEmpty || !errorNotes.isEmpty { invocation.append(("toolExecutionNotifications", .array(errorNotes + gaps))) }
        // The configuration that applied, and each rule it switched off, as SARIF says it.
        let disabled = Array(Set(results.flatMap(\.disabledByConfiguration))).sorted()
        if !disabled.isEmpty {
            invocation.append(
                (
                    "ruleConfigurationOverrides",
                    .array(
                        disabled.map { id in
                            .object([
                                ("descriptor", .object([("id", .string(id))] + (index[id].map { [("index", JSONValue.int($0))] } ?? []))),
                                ("configuration", .object([("enabled", .bool(false))])),
                            ])
                        })
                ))
        }
        let files = Array(Set(results.compactMap(\.configurationFile))).sorted()
        if !files.isEmpty { invocation.append(("properties", .object([("configurationFiles", .array(files.map { .string($0) }))]))) }
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            (
                "originalUriBaseIds",
                .object([("SRCROOT", .object([("uri", .string(URL(fileURLWithPath: paths.root, isDirectory: true).absoluteString))]))])
            ),
            ("invocations", .array([.object(invocation)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(findings.map { result($0.1, verdict: $0.0, ruleIndex: index[$0.1.rule]) })),
        ])
        return JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).serialized() + "\n"
    }

    func rule(_ info: RuleInfo) -> JSONValue {
        .object([
            ("id", .string(info.id)),
            ("name", .string(info.slug)),
            ("shortDescription", .object([("text", .string(info.title))])),
            ("fullDescription", .object([("text", .string(info.summary))])),
            ("help", .object([("text", .string(RuleDocumentation.explain(info))), ("markdown", .string(RuleDocumentation.markdownSection(info)))])),
            ("helpUri", .string(helpURI(info))),
            ("defaultConfiguration", .object([("level", .string(Self.level(info.severity)))])),
            ("properties", .object([("tags", .array([.string(info.family), .string(info.scope.label)]))])),
        ])
    }

    /// A file under the repository root is relative to SRCROOT; one outside it (a
    /// description in /tmp, captures on another mount) is an absolute file:// URI.
    func artifact(_ file: String) -> JSONValue {
        let relative = paths.relative(file)
        if relative.hasPrefix("/") { return .object([("uri", .string("file://" + Self.percentEncoded(relative)))]) }
        return .object([("uri", .string(Self.percentEncoded(relative))), ("uriBaseId", .string("SRCROOT"))])
    }

    /// A path as the path of a URI reference (RFC 3986): every byte but the unreserved
    /// characters and `/` percent-encoded, so that a file named `a b#c%d` stays one valid URI.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    func location(file: String, line: Int, column: Int?) -> JSONValue {
        var region: [(String, JSONValue)] = [("startLine", .int(max(1, line)))]
        if let column { region.append(("startColumn", .int(max(1, column)))) }
        return .object([
            ("artifactLocation", artifact(file)),
            ("region", .object(region)),
        ])
    }

    /// A finding's level says whether it fails the run, as the exit status does: one below
    /// --fail-on is a note (its severity stays in properties), a failing note a warning,
    /// so that code scanning fails exactly when lvslint does.
    static func level(_ f: Finding, _ verdict: Verdict) -> String {
        guard verdict.fails(f) else { return "note" }
        return f.severity == .note ? "warning" : level(f.severity)
    }

    func result(_ f: Finding, verdict: Verdict, ruleIndex: Int?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("ruleId", .string(f.rule))]
        if let ruleIndex { pairs.append(("ruleIndex", .int(ruleIndex))) }
        pairs.append(("level", .string(Self.level(f, verdict))))
        var text = f.statedMessage
        // Evidence at line 0 (a kernel default) is in no file: it stays in the message, not a location.
        for e in f.evidence where e.line == 0 { text += "\n\(e.file): \(e.text.trimmingCharacters(in: .whitespaces))" }
        if let fix = f.fix { text += "\nFix: \(fix)" }
        // Commands to run on hosts are no edit of a file: SARIF carries them in the message.
        if f.fixCommandsAreSpecific { for command in f.fixCommands { text += "\n$ \(command)" } }
        pairs.append(("message", .object([("text", .string(text))])))
        if let l = f.location {
            pairs.append(("locations", .array([.object([("physicalLocation", location(file: l.file, line: l.line, column: l.column))])])))
        }
        let located = f.evidence.filter { $0.line > 0 }
        if !located.isEmpty {
            pairs.append(
                (
                    "relatedLocations",
                    .array(
                        located.enumerated().map { i, e in
                            .object([
                                ("id", .int(i + 1)), ("physicalLocation", location(file: e.file, line: e.line, column: nil)),
                                ("message", .object([("text", .string(e.text.trimmingCharacters(in: .whitespaces)))])),
                            ])
                        })
                ))
        }
        if let edit = f.edit {
            // A real edit: the line inserted at the start of the line after the block's opening,
            // or put in place of the whole line it replaces.
            let start = edit.action == .replace ? edit.line : edit.line + 1
            let deleted: JSONValue = .object([
                ("startLine", .int(start)), ("startColumn", .int(1)),
                ("endLine", .int(edit.action == .replace ? edit.line + 1 : start)), ("endColumn", .int(1)),
            ])
            pairs.append(
                (
                    "fixes",
                    .array([
                        .object([
                            ("description", .object([("text", .string(f.fix ?? edit.text))])),
                            (
                                "artifactChanges",
                                .array([
                                    .object([
                                        ("artifactLocation", artifact(edit.file)),
                                        (
                                            "replacements",
                                            .array([
                                                .object([
                                                    ("deletedRegion", deleted),
                                                    ("insertedContent", .object([("text", .string(edit.indentation + edit.text + "\n"))])),
                                                ])
                                            ])
                                        ),
                                    ])
                                ])
                            ),
                        ])
                    ])
                ))
        }
        pairs.append(("partialFingerprints", .object([("lvslintFinding/v1", .string(f.fingerprint))])))
        var properties: [(String, JSONValue)] = [("severity", .string(f.severity.rawValue))]
        if let h = f.host { properties.append(("host", .string(h))) }
        if let state = f.state { properties.append(("state", .string(state.rawValue))) }
        if let s = f.service { properties.append(("service", .string(s))) }
        if !properties.isEmpty { pairs.append(("properties", .object(properties))) }
        return .object(pairs)
    }
}
