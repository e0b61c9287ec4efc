import LVSModel

/// How many findings of each severity, said as a person would: "2 errors, 1 warning".
struct SeverityCounts {
    var errors = 0
    var warnings = 0
    var notes = 0

    init(_ findings: some Sequence<Finding>) {
        for finding in findings {
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .note: notes += 1
            }
        }
    }

    var total: Int { errors + warnings + notes }

    /// The worst first, then by how many: the order hosts are listed in.
    static func moreSevere(_ a: SeverityCounts, _ b: SeverityCounts) -> Bool? {
        if a.errors != b.errors { return a.errors > b.errors }
        if a.warnings != b.warnings { return a.warnings > b.warnings }
        if a.notes != b.notes { return a.notes > b.notes }
        return nil
    }

    /// "2 errors, 1 warning" (severities with none left out); "no findings" when there are none.
    func phrase(_ translations: Translations) -> String {
        var parts: [Message] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return parts.isEmpty ? translations("no findings") : translations(parts.joined(separator: ", "))
    }
}
