import LVSModel
import LVSRules

/// What `lvslint config` and `lvslint check --show-settings` print: every setting that applies,
/// its value, and where that value came from (a file:line:column, a command-line option, or
/// the built-in default), in aligned columns that never cut a value.
public enum SettingsReport {
    public static func text(_ configuration: Configuration, rules: [any Rule] = Catalogue.rules) -> String {
        var out = "configuration: \(configuration.file ?? "none found (built-in defaults)")\n\n"
        var settings: [(String, String, String)] = []
        settings.append(("fail_on", configuration.failOn?.value ?? "warning", configuration.failOn.map { "\($0.location)" } ?? "built-in default"))
        settings.append(
            (
                "require_complete", configuration.requireComplete.map { "\($0.value)" } ?? "false",
                configuration.requireComplete.map { "\($0.location)" } ?? "built-in default"
            ))
        for setting in Thresholds.settings {
            let set = configuration.thresholds[setting.key]
            settings.append(
                ("thresholds.\(setting.key)", "\(set?.value ?? setting.defaultValue)", set.map { "\($0.location)" } ?? "built-in default"))
        }
        settings.append(
            (
                "descriptions", (configuration.descriptionPatterns?.value ?? DescriptionDiscovery.defaultPatterns).joined(separator: ", "),
                configuration.descriptionPatterns.map { "\($0.location)" } ?? "built-in default: what `lvslint check DIR` looks for"
            ))
        out += table(settings.map { [$0.0, $0.1, $0.2] }, header: ["setting", "value", "from"])
        out += "\nrules:\n"
        var rows: [[String]] = []
        for rule in rules {
            let info = rule.info
            let state = configuration.state(of: info.id)
            var severity = info.severityLabel
            var sources: [String] = []
            if state.source != "default" { sources.append(state.source) }
            if let override = configuration.severity(of: info.id) {
                severity = override.severity.rawValue
                sources.append("severity: \(override.selector.text) at \(override.selector.location)")
            }
            rows.append([info.id, state.enabled ? "on" : "off", severity, info.slug, sources.isEmpty ? "default" : sources.joined(separator: "; ")])
        }
        out += table(rows, header: ["id", "state", "severity", "slug", "from"])
        if !configuration.exclusions.isEmpty {
            out += "\nexclusions:\n"
            var excluded: [[String]] = []
            for e in configuration.exclusions {
                var what: [String] = []
                if let r = e.rules { what.append("rule \(r.text)") }
                if let h = e.host { what.append("host \(h)") }
                if let s = e.service { what.append("service \(s)") }
                excluded.append([what.joined(separator: ", "), e.reason, "\(e.location)"])
            }
            out += table(excluded, header: ["what", "reason", "from"])
        }
        return out
    }

    /// Rows in columns as wide as their widest cell (the last column is never padded).
    static func table(_ rows: [[String]], header: [String]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { TextWrap.columns($0[column]) }.max() ?? 0 }
        return all.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - TextWrap.columns(cell))
                }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
