import LVSModel
import LVSRules

/// Compiler-style text: `path:line:col: severity[ID]: message`, the evidence beneath,
/// then a summary and what could not be checked.
public struct TextReport {
    public var color: Bool
    public var showFix: Bool
    /// Columns for a finding's first line; the rest of its message is wrapped beneath it.
    public var width: Int
    /// How findings are ordered, and headed when by host or service.
    public var groupBy: GroupBy?
    /// Findings only: no summary, no list of checks not made.
    public var quiet: Bool
    /// A count of findings per rule after the summary.
    public var statistics: Bool

    public enum GroupBy: String, CaseIterable, Sendable { case host, rule, service }

    /// Findings of one rule printed at most; nil prints them all.
    public var maximumPerRule: Int? = 100
    /// The language of everything but paths, ids and the severity word of a finding's first
    /// line (which editors and CI problem matchers read).
    public var translations = Translations.english

    func t(_ message: Message) -> String { translations(message) }

    /// `1 error, 2 warnings, 0 notes`.
    func counts(_ e: Int, _ w: Int, _ n: Int) -> String {
        t("\(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(n) note\(n == 1 ? "" : "s")")
    }

    public init(color: Bool, showFix: Bool = true, width: Int = 100, groupBy: GroupBy? = nil, quiet: Bool = false, statistics: Bool = false) {
        self.color = color
        self.showFix = showFix
        self.width = max(width, 40)
        self.groupBy = groupBy
        self.quiet = quiet
        self.statistics = statistics
    }

    /// By host for an audit of captures (a description inferred from them, or keepalived's):
    /// the reader is fixing machines one at a time. By rule otherwise: a description's author
    /// fixes one kind of mistake everywhere at once.
    public static func defaultGrouping(for result: CheckResult) -> GroupBy {
        result.inferredFrom != nil || result.describedByKeepalived ? .host : .rule
    }

    /// `text` cut into lines of at most `width` columns (`TextWrap`).
    static func wrap(_ text: String, width: Int) -> [String] { TextWrap.lines(text, width: width) }

    func ordered(_ result: CheckResult) -> [(heading: String?, findings: [Finding])] {
        let grouping = groupBy ?? Self.defaultGrouping(for: result)
        switch grouping {
        case .rule:
            // Rules in order of their worst finding (errors first), then by id; within a rule, in place order.
            var worst: [String: Severity] = [:]
            for finding in result.findings { worst[finding.rule] = max(worst[finding.rule] ?? .note, finding.severity) }
            let sorted = result.findings.enumerated().sorted { a, b in
                let x = a.element, y = b.element
                if x.rule != y.rule {
                    let wx = worst[x.rule] ?? .note, wy = worst[y.rule] ?? .note
                    return wx != wy ? wx > wy : x.rule < y.rule
                }
                return a.offset < b.offset
            }.map(\.element)
            return [(nil, sorted)]
        case .host, .service:
            var groups: [String: [Finding]] = [:]
            var order: [String] = []
            for finding in result.findings {
                let key = (grouping == .host ? finding.host : finding.service) ?? (grouping == .host ? t("(no host)") : t("(no service)"))
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(finding)
            }
            // Within a host, an audit reads the cause before its consequences: the lost table
            // first, then what persists, addresses, ARP and routes, and connections last.
            return order.sorted().map { key in
                let findings = (groups[key] ?? []).enumerated().sorted { a, b in
                    let x = a.element, y = b.element
                    if x.severity != y.severity { return x.severity > y.severity }
                    let rx = Self.auditRank(x.rule), ry = Self.auditRank(y.rule)
                    return rx != ry ? rx < ry : a.offset < b.offset
                }.map(\.element)
                return (grouping == .host ? t("host \(key)") : t("service \(key)"), grouping == .host ? findings : groups[key] ?? [])
            }
        }
    }

    /// Where a rule's findings stand among a host's when causes come first.
    /// Rules about the captures themselves (`RuleScope.captures`): their notes print no fix line.
    static let captureRules = Set(Catalogue.rules.map(\.info).filter { $0.scope == .captures }.map(\.id))

    static let auditOrder = ["IPVS001", "PERSIST", "KA", "NET", "DR", "NAT", "TUN", "FW", "IPVS", "CONN", "DESC", "CAP", "SUP"]

    static func auditRank(_ rule: String) -> Int {
        if let exact = auditOrder.firstIndex(of: rule) { return exact }
        let family = String(rule.prefix { $0.isLetter })
        return auditOrder.firstIndex(of: family) ?? auditOrder.count
    }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func severityWord(_ s: Severity) -> String {
        switch s {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .note: return paint("note", "1;36")
        }
    }

    /// Text from the inputs as a terminal may show it: control characters (an escape sequence
    /// pasted into a capture could move the cursor or change colours) are written as `\u{1B}`.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 32 && $0 != "\t") || $0.value == 127 || (0x80..<0xA0).contains($0.value) }) else {
            return text
        }
        var out = ""
        for scalar in text.unicodeScalars {
            if (scalar.value < 32 && scalar != "\t") || scalar.value == 127 || (0x80..<0xA0).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for a log that a CI runner reads: a line that would start (after blanks) with `::`
    /// is a GitHub workflow command (`::add-mask::`, `::stop-commands::`), so its first `:` is
    /// written `\u{3A}`. Only `--format github` writes commands, on purpose.
    /// Text of several lines from the inputs, for a terminal or a CI log: each line printable,
    /// the line breaks kept, and no line a workflow command.
    public static func printableLines(_ text: String) -> String {
        withoutWorkflowCommands(text.split(separator: "\n", omittingEmptySubsequences: false).map { printable(String($0)) }.joined(separator: "\n"))
    }

    public static func withoutWorkflowCommands(_ text: String) -> String {
        guard text.contains("::") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let blanks = line.prefix { $0 == " " || $0 == "\t" }
            guard line.dropFirst(blanks.count).hasPrefix("::") else { return String(line) }
            return blanks + "\\u{3A}" + line.dropFirst(blanks.count + 1)
        }.joined(separator: "\n")
    }

    public func render(_ result: CheckResult) -> String {
        Self.withoutWorkflowCommands(renderLines(result))
    }

    func renderLines(_ result: CheckResult) -> String {
        var out = ""
        if let captures = result.inferredFrom { out += auditHeader(result, captures: captures) }
        // A repeated finding is counted, not copied: past this many of one rule, the rest are
        // summed up after the findings (JSON, SARIF and the rest list every one).
        var shown: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        for group in ordered(result) {
            if let heading = group.heading { out += paint("== \(Self.printable(heading)) ==", "1") + "\n" }
            for finding in group.findings {
                shown[finding.rule, default: 0] += 1
                if let cap = maximumPerRule, (shown[finding.rule] ?? 0) > cap {
                    hidden[finding.rule, default: 0] += 1
                    continue
                }
                let place = finding.location?.place ?? SourceLocation.unambiguous(result.cluster.file)
                // The first line fits the terminal; the rest of the message is wrapped beneath it.
                let lead = "\(Self.printable(place)): \(finding.severity.rawValue)[\(finding.rule)]: "
                let message = Self.printable(finding.statedMessage)
                let first = Self.wrap(message, width: max(width - TextWrap.columns(lead), 20))
                let head = first.first ?? ""
                out += "\(paint(Self.printable(place), "1")): \(severityWord(finding.severity))[\(finding.rule)]: \(head)\n"
                let rest = String(message.dropFirst(head.count)).trimmingLeadingSpaces()
                if !rest.isEmpty {
                    for line in Self.wrap(rest, width: width - 4) { out += "    \(line)\n" }
                }
                for e in finding.evidence {
                    out += paint("    \(Self.printable(e.place)): ", "2") + Self.printable(e.text.trimmingLeadingSpaces()) + "\n"
                }
                if showFix, let fix = finding.fix, finding.severity != .note || !Self.captureRules.contains(finding.rule) {
                    // A label ending in a full-width colon (修复：) takes no space after it.
                    let label = t("fix:")
                    out += "    " + paint(label, "32") + (label.hasSuffix("：") ? "" : " ") + fix + t(" (lvslint explain \(finding.rule))") + "\n"
                    if finding.fixCommandsAreSpecific {
                        for command in finding.fixCommands { out += "      $ \(Self.printable(command))\n" }
                    }
                    if let edit = finding.edit {
                        // A line of the file to write, in its block: not a command to type.
                        let place = SourceLocation.unambiguous(edit.file) + ":\(edit.line)"
                        let where_ =
                            edit.action == .replace
                            ? t("\(place), in `\(edit.block)`, write instead:") : t("\(place), in `\(edit.block)`, add:")
                        out += "      \(Self.printable(where_))\n"
                        out += "        \(Self.printable(edit.text))\n"
                    }
                }
            }
        }
        for (rule, count) in hidden.sorted(by: { $0.key < $1.key }) {
            out +=
                t(
                    "… and \(count) more \(rule) finding\(count == 1 ? "" : "s") not shown (the first \(maximumPerRule ?? 0) are; --max-per-rule 0 or --format json shows every one)"
                ) + "\n"
        }
        if quiet { return out }
        out += summary(result)
        if statistics { out += statistics(result.findings) }
        return out
    }

    /// `  3  DR003  rs-arp-ignore (error)`: findings per rule, most first.
    func statistics(_ findings: [Finding]) -> String {
        var counts: [String: (count: Int, slug: String, severity: Severity)] = [:]
        for finding in findings {
            let entry = counts[finding.rule] ?? (0, finding.slug, finding.severity)
            counts[finding.rule] = (entry.count + 1, entry.slug, max(entry.severity, finding.severity))
        }
        guard !counts.isEmpty else { return t("statistics: no findings") + "\n" }
        let rows = counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        let digits = String(rows.first?.value.count ?? 0).count
        return t("statistics:") + "\n"
            + rows.map {
                "  " + String(repeating: " ", count: digits - String($0.value.count).count)
                    + "\($0.value.count)  \($0.key)  \($0.value.slug) (\($0.value.severity.rawValue))"
            }.joined(separator: "\n") + "\n"
    }

    /// After several descriptions: the sum of their findings.
    public func grandTotal(_ results: [CheckResult]) -> String {
        let e = results.reduce(0) { $0 + $1.count(.error) }, w = results.reduce(0) { $0 + $1.count(.warning) },
            n = results.reduce(0) { $0 + $1.count(.note) }
        let hosts = results.reduce(0) { $0 + $1.cluster.hosts.count }, d = results.count
        return "\n" + paint(t("total:"), "1") + " "
            + t("\(counts(e, w, n)) in \(d) description\(d == 1 ? "" : "s") (\(hosts) host\(hosts == 1 ? "" : "s"))") + "\n"
    }

    /// An audit of captures nobody described opens with what was found: how the description
    /// came about, then one line per host with what was captured and what could not be checked.
    func auditHeader(_ result: CheckResult, captures: String) -> String {
        // Say which table checks the inference left out, only when it left some out.
        let skipped = Set(result.notChecked.filter { !$0.applies && Checker.tableRules.contains($0.rule) }.map(\.rule)).sorted()
        let left: Message =
            skipped.isEmpty
            ? ""
            : " \(skipped.count > 2 ? "\(skipped[0])-\(skipped[skipped.count - 1])" : skipped.joined(separator: ", ")) compare the tables with that description, so they were not made."
        var out =
            paint(
                t(
                    "\(Self.printable(result.cluster.name)): no description; inferred from \(Self.printable(captures)) (write it with `lvslint infer \(Self.printable(captures)) > cluster.yaml`, review it, keep it).\(left)"
                ),
                "1") + "\n"
        for host in result.cluster.hosts {
            let observation = result.observations[host.name]
            let facets = CaptureFacet.allCases.filter { observation?.has($0) == true }.map(\.rawValue)
            let missing = Set(result.notChecked.filter { $0.host == host.name && $0.applies }.map(\.rule)).sorted()
            let roles = host.roles.map(\.rawValue).sorted().joined(separator: "+")
            var line = "  " + t("\(host.name) (\(roles)): captured \(facets.isEmpty ? t("nothing") : facets.joined(separator: ", "))")
            if !missing.isEmpty { line += t("; not checked: \(missing.joined(separator: ", "))") }
            out += line + "\n"
        }
        return out + "\n"
    }

    public func summary(_ result: CheckResult) -> String {
        let e = result.count(.error), w = result.count(.warning), n = result.count(.note)
        let h = result.cluster.hosts.count, s = result.cluster.services.count
        var out =
            "\n\(paint(Self.printable("\(result.cluster.name) (\(result.inferredFrom ?? result.cluster.file)):"), "1")) "
            + t("\(counts(e, w, n)) in \(h) host\(h == 1 ? "" : "s") and \(s) service\(s == 1 ? "" : "s")") + "\n"
        var filtered: [Message] = []
        if !result.baselined.isEmpty { filtered.append("\(result.baselined.count) in the baseline") }
        if !result.suppressed.isEmpty { filtered.append("\(result.suppressed.count) suppressed inline") }
        if !result.excluded.isEmpty { filtered.append("\(result.excluded.count) excluded by configuration") }
        if !filtered.isEmpty { out += t("not shown: \(filtered.joined(separator: ", "))") + "\n" }
        if let file = result.configurationFile {
            let off = result.disabledByConfiguration
            let disabled: Message = off.isEmpty ? "" : "; disabled: \(off.joined(separator: ", "))"
            out += t("configuration: \(Self.printable(file))\(disabled)") + "\n"
        }
        if result.examinedNoHost && !result.examinedNothing {
            // Hosts were captured, but no rule that ran reads them (a selection of description rules).
            out +=
                (result.observations.isEmpty
                    ? t(
                        "only the description was checked: no host has captures or configuration files in \(Self.printable(result.cluster.capturesDirectory))/"
                    )
                    : t("only the description was checked: none of the rules that ran reads the hosts' captures")) + "\n"
        }
        let boot = result.cluster.hosts.filter { result.observations[$0.name]?.state == .boot }.map(\.name)
        if !boot.isEmpty {
            out +=
                t(
                    "checked at boot, from configuration files (no runtime captures; the PERSIST rules, which compare the two, do not apply): \(boot.joined(separator: ", "))"
                ) + "\n"
        }
        // Said once above for the hosts checked at boot, not per rule and host.
        let comparing = Set(result.rulesRun.filter(\.comparesRuntimeWithBoot).map(\.id))
        let listed = result.notChecked.filter { entry in !(!entry.applies && boot.contains(entry.host) && comparing.contains(entry.rule)) }
        if !listed.isEmpty {
            var byHost: [String: [NotChecked]] = [:]
            for entry in listed { byHost[entry.host, default: []].append(entry) }
            out += t("not checked:") + "\n"
            for host in byHost.keys.sorted() {
                let entries = byHost[host] ?? []
                var byReason: [String: [String]] = [:]
                for e in entries { byReason[e.reason, default: []].append(e.rule) }
                for (reason, rules) in byReason.sorted(by: { $0.key < $1.key }) {
                    out += "  \(Self.printable(host)): \(rules.sorted().joined(separator: ", ")) — \(Self.printable(reason))\n"
                }
            }
            let failing = result.verdict.failingGaps(result).count
            if failing > 0 {
                out +=
                    "\(paint("--require-complete:", "1")) "
                    + t("\(failing) check\(failing == 1 ? "" : "s") not made fail\(failing == 1 ? "s" : "") this run") + "\n"
            }
        }
        return out
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
