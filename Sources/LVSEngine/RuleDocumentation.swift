import LVSModel
import LVSRules

/// Renders the documentation each rule carries: `lvslint explain`, `lvslint rules`, and
/// the generated docs/rules.md all come from here.
public enum RuleDocumentation {
    public static func explain(_ info: RuleInfo) -> String {
        var out = "\(info.id) \(info.slug): \(info.title)\n"
        out +=
            "severity: \(info.severity.rawValue)    applies to: \(info.scope.label)    reads: \(info.needs.isEmpty ? "the description only" : info.needs.map(\.rawValue).joined(separator: ", "))\n\n"
        if !info.readsSysctls.isEmpty {
            // Each sysctl has its page: the values and what the kernel does with them.
            let pages = info.readsSysctls.map { ExplainTopic.named($0)?.name ?? $0 }
            out += "sysctls: \(info.readsSysctls.joined(separator: ", ")) (lvslint explain \(Array(Set(pages)).sorted().joined(separator: ", ")))\n\n"
        }
        out += section("What it checks", "\(info.summary)\n\(info.checks)")
        out += section("Why it breaks traffic", info.mechanism)
        out += section("What you see in production", info.symptom)
        var fix = info.fix.summary + "\n"
        if !info.fix.runtime.isEmpty {
            fix += "\nNow (lost at reboot):\n" + info.fix.runtime.map { "    \($0)" }.joined(separator: "\n") + "\n"
        }
        if !info.fix.persistentRHEL.isEmpty {
            fix += "\nPersistent, RHEL/CentOS:\n" + info.fix.persistentRHEL.map { indentBlock($0) }.joined(separator: "\n") + "\n"
        }
        if !info.fix.persistentDebian.isEmpty {
            fix += "\nPersistent, Debian/Ubuntu:\n" + info.fix.persistentDebian.map { indentBlock($0) }.joined(separator: "\n") + "\n"
        }
        out += section("Fix", fix)
        let thresholds = Thresholds.of(rule: info.id)
        if !thresholds.isEmpty {
            out += section(
                "Thresholds (set in .lvslint.yaml under `thresholds:`)",
                thresholds.map { "- \($0.key) (default \($0.defaultValue)): \($0.meaning)" }.joined(separator: "\n"))
        }
        if !info.examples.isEmpty {
            // Not wrapped: the input is printed as it would be written.
            out += "Examples\n--------\n" + info.examples.map { RuleExampleRun.rendered($0, rule: info.id) }.joined(separator: "\n") + "\n"
        }
        if !info.references.isEmpty {
            out += section("References", info.references.map { "- \($0)" }.joined(separator: "\n"))
        }
        out += "Refer to this rule as \(info.id) or \(info.slug).\n"
        return out
    }

    static func section(_ title: String, _ body: String) -> String {
        "\(title)\n\(String(repeating: "-", count: title.count))\n\(wrap(body.trimmingTrailingNewlines()))\n\n"
    }

    static func indentBlock(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
    }

    /// Wraps prose paragraphs at 88 columns; indented lines (commands) are kept as they are.
    static func wrap(_ text: String, width: Int = 88) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix(" ") || line.count <= width { return String(line) }
            var out: [String] = []
            var current = ""
            for word in line.split(separator: " ") {
                if current.count + word.count + 1 > width && !current.isEmpty {
                    out.append(current)
                    current = String(word)
                } else {
                    current += current.isEmpty ? String(word) : " " + word
                }
            }
            if !current.isEmpty { out.append(current) }
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    public static func listText(_ rules: [any Rule]) -> String {
        var out = ""
        var family = ""
        for rule in rules {
            let info = rule.info
            if info.family != family {
                family = info.family
                out += (out.isEmpty ? "" : "\n") + "\(family)\n"
            }
            let id = info.id.padding(7), slug = info.slug.padding(32), severity = info.severity.rawValue.padding(8)
            out += "  \(id) \(slug) \(severity) \(info.scope.label.padding(8)) \(info.summary)\n"
        }
        out += "\nlvslint explain ID (or slug) prints a rule's mechanism, symptom and fix.\n"
        return out
    }

    public static func listJSON(_ rules: [any Rule]) -> String {
        JSONValue.array(
            rules.map { rule in
                let i = rule.info
                return .object([
                    ("id", .string(i.id)), ("slug", .string(i.slug)), ("title", .string(i.title)),
                    ("severity", .string(i.severity.rawValue)), ("modes", .string(i.scope.label)),
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
                "| [\(i.id)](#\(i.id.lowercased())-\(i.slug)) | \(i.slug) | \(i.severity.rawValue) | \(i.scope.label) | \(i.summary.replacingPipes()) |\n"
        }
        for rule in rules {
            out += "\n## \(rule.info.id) \(rule.info.slug)\n\n" + markdownSection(rule.info, headingLevel: 3)
        }
        return out
    }

    /// One rule's documentation in Markdown (docs/rules.md, SARIF `help.markdown`).
    public static func markdownSection(_ i: RuleInfo, headingLevel: Int = 2) -> String {
        let h = String(repeating: "#", count: headingLevel)
        var out = "**\(i.title).** Severity \(i.severity.rawValue); applies to \(i.scope.label).\n\n"
        out +=
            "\(h) What it checks\n\n\(i.checks)\n\n\(h) Why it breaks traffic\n\n\(i.mechanism)\n\n\(h) Symptom\n\n\(i.symptom)\n\n\(h) Fix\n\n\(i.fix.summary)\n"
        let blocks: [(String, [String])] = [
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
