import LVSModel
import LVSRules

/// Renders the documentation each rule carries: `lvslint explain`, `lvslint rules`, and
/// the generated docs/rules.md all come from here.
public enum RuleDocumentation {
    public static func explain(_ english: RuleInfo, _ t: Translations = .english) -> String {
        let info = english.localized(t)
        var out = "\(info.id) \(info.slug): \(info.title)\n"
        let reads = info.needs.isEmpty ? t("the description only") : info.needs.map(\.rawValue).joined(separator: ", ")
        out +=
            t("severity: \(info.severities.map { severityWord($0, t) }.joined(separator: "/"))    applies to: \(info.scope.label)    reads: \(reads)")
            + "\n\n"
        if !info.readsSysctls.isEmpty {
            // Each sysctl has its page: the values and what the kernel does with them.
            let pages = info.readsSysctls.map { ExplainTopic.named($0)?.name ?? $0 }
            out += "sysctls: \(info.readsSysctls.joined(separator: ", ")) (lvslint explain \(Array(Set(pages)).sorted().joined(separator: ", ")))\n\n"
        }
        out += section(t("What it checks"), "\(info.summary)\n\(info.checks)")
        out += section(t("Why it breaks traffic"), info.mechanism)
        out += section(t("What you see in production"), info.symptom)
        var fix = info.fix.summary + "\n"
        if !info.fix.runtime.isEmpty {
            fix += "\n" + t("Now (lost at reboot):") + "\n" + info.fix.runtime.map { "    \($0)" }.joined(separator: "\n") + "\n"
        }
        fix += persistent(info.fix, only: nil, t)
        out += section(t("Fix"), fix)
        let thresholds = Thresholds.of(rule: info.id)
        if !thresholds.isEmpty {
            out += section(
                t("Thresholds (set in .lvslint.yaml under `thresholds:`)"),
                thresholds.map { "- " + t("\($0.key) (default \($0.defaultValue)): \(t[$0.meaning])") }.joined(separator: "\n"))
        }
        if !info.examples.isEmpty {
            // Not wrapped: the input is printed as it would be written.
            let heading = t("Examples")
            out +=
                "\(heading)\n\(String(repeating: "-", count: TextWrap.columns(heading)))\n"
                + info.examples.map { RuleExampleRun.rendered($0, rule: info.id, t) }.joined(separator: "\n") + "\n"
        }
        if !info.references.isEmpty {
            out += section(t("References"), info.references.map { "- \($0)" }.joined(separator: "\n"))
        }
        out += t("Refer to this rule as \(info.id) or \(info.slug).") + "\n"
        return out
    }

    /// The persistent commands, RHEL's then Debian's, or once when they are the same; with
    /// `only`, those of the families named (the hosts' own, where their captures show it).
    static func persistent(
        _ fix: RuleFix, only families: Set<DistributionFamily>?, _ t: Translations, _ transform: (String) -> String = { $0 }
    ) -> String {
        func block(_ lines: [String]) -> String { lines.map { indentBlock(transform($0)) }.joined(separator: "\n") + "\n" }
        var out = ""
        if !fix.persistentRHEL.isEmpty, fix.persistentRHEL == fix.persistentDebian {
            return "\n" + t("Persistent (RHEL/CentOS and Debian/Ubuntu alike):") + "\n" + block(fix.persistentRHEL)
        }
        if !fix.persistentRHEL.isEmpty, families?.contains(.rhel) ?? true {
            out += "\n" + t("Persistent, RHEL/CentOS:") + "\n" + block(fix.persistentRHEL)
        }
        if !fix.persistentDebian.isEmpty, families?.contains(.debian) ?? true {
            out += "\n" + t("Persistent, Debian/Ubuntu:") + "\n" + block(fix.persistentDebian)
        }
        return out
    }

    /// `error`, `warning`, `note` in the language (the report's first lines keep English ones).
    static func severityWord(_ severity: Severity, _ t: Translations) -> String {
        switch severity {
        case .error: return t("error")
        case .warning: return t("warning")
        case .note: return t("note")
        }
    }

    /// A title underlined, as the sections are.
    static func heading(_ title: String) -> String { "\(title)\n\(String(repeating: "-", count: TextWrap.columns(title)))\n" }

    static func section(_ title: String, _ body: String) -> String {
        "\(title)\n\(String(repeating: "-", count: TextWrap.columns(title)))\n\(wrap(body.trimmingTrailingNewlines()))\n\n"
    }

    static func indentBlock(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
    }

    /// Wraps prose paragraphs at 88 columns; indented lines (commands) are kept as they are.
    static func wrap(_ text: String, width: Int = 88) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix(" ") || TextWrap.columns(line) <= width { return String(line) }
            return TextWrap.lines(line.split(separator: " ").joined(separator: " "), width: width).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public static func listText(_ rules: [any Rule], _ t: Translations = .english) -> String {
        var out = ""
        var family = ""
        // Columns as wide as their widest entry, so that no id or slug pushes a row out of line.
        let infos = rules.map(\.info)
        let idWidth = infos.map(\.id.count).max() ?? 7
        let slugWidth = infos.map(\.slug.count).max() ?? 32
        let severityWidth = infos.map(\.severityLabel.count).max() ?? 8
        let scopeWidth = infos.map(\.scope.label.count).max() ?? 8
        for info in infos {
            if info.family != family {
                family = info.family
                out += (out.isEmpty ? "" : "\n") + "\(family)\n"
            }
            let id = info.id.padding(idWidth), slug = info.slug.padding(slugWidth), severity = info.severityLabel.padding(severityWidth)
            out += "  \(id) \(slug) \(severity) \(info.scope.label.padding(scopeWidth)) \(t[info.summary])\n"
        }
        out += "\n" + t("lvslint explain ID (or slug) prints a rule's mechanism, symptom and fix.") + "\n"
        return out
    }

    /// Ids, slugs and fields stay; the title and summary are in the language.
    public static func listJSON(_ rules: [any Rule], _ t: Translations = .english) -> String {
        JSONValue.array(
            rules.map { rule in
                let i = rule.info.localized(t)
                return .object([
                    ("id", .string(i.id)), ("slug", .string(i.slug)), ("title", .string(i.title)),
                    ("severity", .string(i.severity.rawValue)), ("severities", .array(i.severities.map { .string($0.rawValue) })),
                    ("modes", .string(i.scope.label)),
                    ("summary", .string(i.summary)), ("needs", .array(i.needs.map { .string($0.rawValue) })),
                ])
            }
        ).serialized() + "\n"
    }

    /// docs/rules.md: every rule's documentation, generated from the code.
    public static func markdown(_ rules: [any Rule]) -> String {
        var out = "# lvslint rules\n\nGenerated from the rule sources by `lvslint rules --format markdown`; do not edit by hand.\n\n"
        out += "| id | slug | severity | modes | what is proven wrong |\n|---|---|---|---|---|\n"
        for rule in rules {
            let i = rule.info
            out +=
                "| [\(i.id)](#\(i.id.lowercased())-\(i.slug)) | \(i.slug) | \(i.severityLabel) | \(i.scope.label) | \(i.summary.replacingPipes()) |\n"
        }
        for rule in rules {
            out += "\n## \(rule.info.id) \(rule.info.slug)\n\n" + markdownSection(rule.info, headingLevel: 3)
        }
        return out
    }

    /// One rule's documentation in Markdown (docs/rules.md, SARIF `help.markdown`).
    public static func markdownSection(_ i: RuleInfo, headingLevel: Int = 2) -> String {
        let h = String(repeating: "#", count: headingLevel)
        var out = "**\(i.title).** Severity \(i.severityLabel); applies to \(i.scope.label).\n\n"
        out +=
            "\(h) What it checks\n\n\(i.checks)\n\n\(h) Why it breaks traffic\n\n\(i.mechanism)\n\n\(h) Symptom\n\n\(i.symptom)\n\n\(h) Fix\n\n\(i.fix.summary)\n"
        let same = i.fix.persistentRHEL == i.fix.persistentDebian
        let blocks: [(String, [String])] =
            same
            ? [("Now (lost at reboot)", i.fix.runtime), ("Persistent (RHEL/CentOS and Debian/Ubuntu alike)", i.fix.persistentRHEL)]
            : [
                ("Now (lost at reboot)", i.fix.runtime), ("Persistent, RHEL/CentOS", i.fix.persistentRHEL),
                ("Persistent, Debian/Ubuntu", i.fix.persistentDebian),
            ]
        for (title, commands) in blocks where !commands.isEmpty {
            out += "\n\(title):\n\n```sh\n\(commands.joined(separator: "\n"))\n```\n"
        }
        let thresholds = Thresholds.of(rule: i.id)
        if !thresholds.isEmpty {
            out +=
                "\n\(h) Thresholds\n\nSet in `.lvslint.yaml` under `thresholds:`.\n\n"
                + thresholds.map { "- `\($0.key)` (default \($0.defaultValue)): \($0.meaning)" }.joined(separator: "\n") + "\n"
        }
        if !i.examples.isEmpty {
            out += "\n\(h) Examples\n"
            for example in i.examples {
                out += "\n\(example.caption):\n"
                for file in example.files {
                    out += "\n`\(file.name)`:\n\n```\(file.isDescription ? "yaml" : "")\n\(file.text.trimmingTrailingNewlines())\n```\n"
                }
                switch RuleExampleRun.findings(of: example, rule: i.id) {
                case let .success(found) where found.isEmpty: out += "\n\(i.id) reports nothing.\n"
                case let .success(found): out += "\ngives:\n\n```\n" + found.map(RuleExampleRun.line).joined(separator: "\n") + "\n```\n"
                case let .failure(failure): out += "\nnot checked: \(failure.errors.map(\.message).joined(separator: "; "))\n"
                }
            }
        }
        if !i.references.isEmpty {
            out += "\n\(h) References\n\n" + i.references.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
    func replacingPipes() -> String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
