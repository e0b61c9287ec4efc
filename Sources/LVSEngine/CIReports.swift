import Foundation
import LVSDescription
import LVSModel

/// GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message`
/// per finding, shown as annotations on the pull request.
public struct GitHubReport {
    public var paths: RepositoryPaths

    public init(paths: RepositoryPaths = RepositoryPaths()) { self.paths = paths }

    /// Annotations of one rule written at most.
    static let maximumPerRule = 50

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "notice"
        }
    }

    /// Data escaping of the workflow-command syntax.
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        var out = ""
        for e in errors {
            out +=
                "::error file=\(Self.escapeProperty(TextReport.printable(paths.relative(e.location.file)))),line=\(max(1, e.location.line)),col=\(max(1, e.location.column)),title=lvslint could not check::\(Self.escapeData(TextReport.printable(e.message)))\n"
        }
        // GitHub shows a handful of annotations per step: a rule's hundredth is noise, counted instead.
        var perRule: [String: Int] = [:]
        for f in results.flatMap(\.findings) {
            perRule[f.rule, default: 0] += 1
            guard (perRule[f.rule] ?? 0) <= Self.maximumPerRule else { continue }
            var properties: [String] = []
            if let l = f.annotationLocation {
                properties += ["file=\(Self.escapeProperty(TextReport.printable(paths.relative(l.file))))", "line=\(l.line)", "col=\(l.column)"]
            }
            properties.append("title=\(Self.escapeProperty("\(f.rule) \(f.slug)"))")
            // Text from the inputs is made printable first (an escape sequence would reach the
            // job log's terminal emulation), then encoded as the runner documents.
            var message = TextReport.printable(f.statedMessage)
            if let l = f.location, l != f.annotationLocation {
                message += "\n  described at \(TextReport.printable(paths.relative(l.file))):\(l.line)"
            }
            for e in f.evidence {
                message +=
                    "\n  \(TextReport.printable(paths.relative(e.file)))\(e.line > 0 ? ":\(e.line)" : ""): \(TextReport.printable(e.text.trimmingCharacters(in: .whitespaces)))"
            }
            if let fix = f.fix { message += "\nfix: \(fix) (lvslint explain \(f.rule))" }
            out += "::\(Self.command(f.severity)) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
        }
        let e = results.reduce(0) { $0 + $1.count(.error) }, w = results.reduce(0) { $0 + $1.count(.warning) },
            n = results.reduce(0) { $0 + $1.count(.note) }
        for (rule, count) in perRule.sorted(by: { $0.key < $1.key }) where count > Self.maximumPerRule {
            out +=
                "::notice title=lvslint::\(Self.escapeData("\(count - Self.maximumPerRule) more \(rule) findings not annotated (the first \(Self.maximumPerRule) are; --format sarif lists every one)"))\n"
        }
        out +=
            "lvslint: \(e) errors, \(w) warnings, \(n) notes\(errors.isEmpty ? "" : "; \(errors.count) input error\(errors.count == 1 ? "" : "s"): the run failed (exit 2)")\n"
        for result in results {
            guard let file = result.configurationFile else { continue }
            let off = result.disabledByConfiguration
            out +=
                "::notice title=lvslint configuration::\(Self.escapeData(TextReport.printable("\(paths.relative(file)) applied" + (off.isEmpty ? "" : "; disabled: \(off.joined(separator: ", "))"))))\n"
        }
        return out
    }
}

/// GitLab Code Quality (a JSON array of Code Climate issues).
public struct GitLabReport {
    public var paths: RepositoryPaths

    public init(paths: RepositoryPaths = RepositoryPaths()) { self.paths = paths }

    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "critical"
        case .warning: return "major"
        case .note: return "info"
        }
    }

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        // What ended the run with status 2: a blocker each, so that the merge request goes red.
        let failures: [JSONValue] = errors.map { e in
            .object([
                ("type", .string("issue")),
                ("check_name", .string("lvslint input error")),
                ("description", .string(e.message)),
                ("categories", .array([.string("Bug Risk")])),
                ("severity", .string("blocker")),
                (
                    "fingerprint",
                    .string(
                        Finding(
                            rule: "input", slug: "", severity: .error, host: nil, service: nil, message: "\(e.location.file) \(e.message)",
                            location: nil, evidence: [], fix: nil
                        ).fingerprint)
                ),
                (
                    "location",
                    .object([("path", .string(paths.relative(e.location.file))), ("lines", .object([("begin", .int(max(1, e.location.line)))]))])
                ),
            ])
        }
        // Rules a configuration switched off: one info issue says so (Code Quality has no other place).
        let configured: [JSONValue] = results.compactMap { result in
            guard let file = result.configurationFile, !result.disabledByConfiguration.isEmpty else { return nil }
            return .object([
                ("type", .string("issue")),
                ("check_name", .string("lvslint configuration")),
                ("description", .string("\(paths.relative(file)) disabled \(result.disabledByConfiguration.joined(separator: ", "))")),
                ("categories", .array([.string("Style")])),
                ("severity", .string("info")),
                (
                    "fingerprint",
                    .string(
                        Finding(
                            rule: "configuration", slug: "", severity: .note, host: nil, service: nil,
                            message: "\(file) \(result.disabledByConfiguration.joined(separator: ","))",
                            location: nil, evidence: [], fix: nil
                        ).fingerprint)
                ),
                ("location", .object([("path", .string(paths.relative(file))), ("lines", .object([("begin", .int(1))]))])),
            ])
        }
        return JSONValue.array(
            failures + configured
                + results.flatMap(\.findings).map { f in
                    let l = f.annotationLocation ?? SourceLocation(file: results.first?.cluster.file ?? "cluster.yaml", line: 1)
                    return .object([
                        ("type", .string("issue")),
                        ("check_name", .string("\(f.rule) \(f.slug)")),
                        (
                            "description",
                            .string(
                                "\(f.rule): \(f.statedMessage)\(f.location.map { $0 != l ? " (described at \(paths.relative($0.file)):\($0.line))" : "" } ?? "")"
                            )
                        ),
                        ("categories", .array([.string("Bug Risk")])),
                        ("severity", .string(Self.severity(f.severity))),
                        ("fingerprint", .string(f.fingerprint)),
                        ("location", .object([("path", .string(paths.relative(l.file))), ("lines", .object([("begin", .int(l.line))]))])),
                    ])
                }
        ).serialized() + "\n"
    }
}

/// JUnit XML: one testsuite per cluster, one testcase per rule and host it judged; a
/// finding is a failure, a check that could not be made is skipped.
public struct JUnitReport {
    public init() {}

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters, U+FFFE and U+FFFF: each becomes
                // U+FFFD, so that the document stays well-formed and the gap stays visible.
                if (scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                    continue
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        var suites: [String] = []
        var totalTests = 0, totalFailures = 0, totalSkipped = 0, totalErrors = 0
        // What ended the run with status 2: an erroring test case each, in a suite of its own.
        if !errors.isEmpty {
            let cases = errors.enumerated().map { index, e in
                "    <testcase classname=\"lvslint.input\" name=\"\(Self.escape("\(e.location.file):\(e.location.line) (\(index + 1))"))\"><error type=\"input\" message=\"\(Self.escape(e.message))\">\(Self.escape("\(e)"))</error></testcase>"
            }
            suites.append(
                "  <testsuite name=\"lvslint input\" tests=\"\(cases.count)\" failures=\"0\" errors=\"\(cases.count)\" skipped=\"0\">\n\(cases.joined(separator: "\n"))\n  </testsuite>"
            )
            totalTests += cases.count
            totalErrors += cases.count
        }
        for result in results {
            var cases: [String] = []
            var failures = 0, skipped = 0
            for info in result.rulesRun {
                // One case per host the rule examined, found fault with, or could not check;
                // rules about the description (or with nothing to examine) judge the cluster.
                var hosts = result.checkedHosts[info.id] ?? []
                hosts.formUnion(result.findings.filter { $0.rule == info.id }.compactMap(\.host))
                hosts.formUnion(result.notChecked.filter { $0.rule == info.id }.map(\.host))
                let ordered = result.cluster.hosts.map(\.name).filter { hosts.contains($0) }
                let clusterLevel = result.findings.contains { $0.rule == info.id && $0.host == nil }
                let subjects: [String?] = (ordered.isEmpty || clusterLevel ? [nil] : []) + ordered.map { Optional($0) }
                for subject in subjects {
                    let name = subject.map { "\(info.id) \(info.slug) on \($0)" } ?? "\(info.id) \(info.slug)"
                    let all = result.findings.filter { $0.rule == info.id && $0.host == subject }
                    // A failure is what fails the run (--fail-on, --require-complete), as the exit status says.
                    let findings = all.filter(result.verdict.fails)
                    let gaps = result.verdict.failingGaps(result)
                    var body = ""
                    if !findings.isEmpty {
                        failures += 1
                        let text = findings.map { f -> String in
                            var t =
                                "\(f.location?.place ?? SourceLocation.unambiguous(result.cluster.file)): \(f.severity.rawValue): \(f.statedMessage)"
                            for e in f.evidence { t += "\n    \(e.place): \(e.text.trimmingCharacters(in: .whitespaces))" }
                            return t
                        }.joined(separator: "\n")
                        body =
                            "<failure type=\"\(findings.map(\.severity).max()?.rawValue ?? "error")\" message=\"\(Self.escape(findings[0].statedMessage))\">\(Self.escape(text))</failure>"
                    } else if let subject, let gap = gaps.first(where: { $0.rule == info.id && $0.host == subject }) {
                        failures += 1
                        body =
                            "<failure type=\"not-checked\" message=\"\(Self.escape(gap.reason))\">\(Self.escape("not checked on \(subject): \(gap.reason)"))</failure>"
                    } else if let subject, let missing = result.notChecked.first(where: { $0.rule == info.id && $0.host == subject }) {
                        skipped += 1
                        body = "<skipped message=\"\(Self.escape(missing.reason))\"/>"
                    } else if !all.isEmpty {
                        // Below --fail-on: reported, not failed.
                        body =
                            "<system-out>\(Self.escape(all.map { "\($0.severity.rawValue): \($0.statedMessage)" }.joined(separator: "\n")))</system-out>"
                    }
                    cases.append(
                        "    <testcase classname=\"\(Self.escape("lvslint.\(result.cluster.name).\(info.family)"))\" name=\"\(Self.escape(name))\">\(body)</testcase>"
                    )
                }
            }
            totalTests += cases.count
            totalFailures += failures
            totalSkipped += skipped
            var properties = ""
            if let file = result.configurationFile {
                properties =
                    "    <properties>\n      <property name=\"configuration\" value=\"\(Self.escape(file))\"/>\n"
                    + "      <property name=\"disabled\" value=\"\(Self.escape(result.disabledByConfiguration.joined(separator: ",")))\"/>\n    </properties>\n"
            }
            suites.append(
                "  <testsuite name=\"\(Self.escape(result.cluster.name))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" file=\"\(Self.escape(result.cluster.file))\">\n\(properties)\(cases.joined(separator: "\n"))\n  </testsuite>"
            )
        }
        return
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lvslint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\" skipped=\"\(totalSkipped)\">\n\(suites.joined(separator: "\n"))\n</testsuites>\n"
    }
}
