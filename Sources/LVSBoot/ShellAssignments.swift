import Foundation
import LVSModel

/// `KEY=value` files read by a shell (RHEL's ifcfg and route files, /etc/sysconfig/network,
/// Debian's /etc/default/*): one assignment per line, `#` comments, the value in single
/// or double quotes or bare. A later assignment of a key wins, as in the shell.
struct ShellAssignments {
    struct Value {
        var text: String
        var line: CaptureLine
    }

    private(set) var values: [String: Value] = [:]
    private(set) var order: [String] = []

    init(_ file: CaptureFile) {
        file.forEachLine { line in
            var text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { return }
            if text.hasPrefix("export ") { text = String(text.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let eq = text.firstIndex(of: "="), eq > text.startIndex else { return }
            let key = String(text[..<eq])
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return }
            var value = String(text[text.index(after: eq)...])
            // A comment after an unquoted value: `ONBOOT=yes # at boot`.
            if let first = value.first, first != "\"" && first != "'", let hash = value.range(of: " #") {
                value = String(value[..<hash.lowerBound])
            }
            if values[key] == nil { order.append(key) }
            values[key] = Value(text: PlannedPrefix.unquoted(value), line: line)
        }
    }

    subscript(key: String) -> Value? { values[key] }

    /// True for yes/true/1 (any case), as initscripts' `is_true` reads it.
    func isTrue(_ key: String) -> Bool? {
        guard let value = values[key]?.text.lowercased() else { return nil }
        if ["yes", "true", "1", "y", "t"].contains(value) { return true }
        if ["no", "false", "0", "n", "f"].contains(value) { return false }
        return nil
    }
}
