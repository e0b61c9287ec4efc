import Foundation
import LVSModel

/// A gettext PO file as `msgfmt` reads it: `msgid "English"` and `msgstr "translation"`,
/// each a C string that may continue on the next lines as further quoted strings; `#`
/// comments; entries flagged `#, fuzzy` or with an empty msgstr are not translations yet.
public struct POFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public var english: String
        public var translation: String
        public var fuzzy: Bool
        public var line: Int
    }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var description: String { "line \(line): \(text)" }
    }

    public private(set) var entries: [Entry] = []

    public init(_ text: String) throws(Problem) {
        enum Field { case none, id, str, context }
        var field = Field.none
        var english = "", translation = "", fuzzy = false, start = 0, seenID = false
        func flush() {
            if seenID { entries.append(Entry(english: english, translation: translation, fuzzy: fuzzy, line: start)) }
            english = ""; translation = ""; fuzzy = false; seenID = false; field = .none
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if field == .str { flush() }
                if line.hasPrefix("#,") && line.contains("fuzzy") { fuzzy = true }
                continue
            }
            if line.hasPrefix("msgctxt ") {
                if field == .str { flush() }
                field = .context
                continue
            }
            if line.hasPrefix("msgid ") {
                if field == .str { flush() }
                guard !seenID else { throw Problem(line: number, text: "msgid without its msgstr") }
                english = try Self.quoted(line.dropFirst(6), line: number)
                seenID = true; start = number; field = .id
            } else if line.hasPrefix("msgstr ") {
                guard field == .id else { throw Problem(line: number, text: "msgstr without a msgid before it") }
                translation = try Self.quoted(line.dropFirst(7), line: number)
                field = .str
            } else if line.hasPrefix("\"") {
                let more = try Self.quoted(line, line: number)
                switch field {
                case .id: english += more
                case .str: translation += more
                case .context: break
                case .none: throw Problem(line: number, text: "a string outside any msgid or msgstr")
                }
            } else {
                throw Problem(line: number, text: "not a PO line (msgid, msgstr, a quoted string or a # comment)")
            }
        }
        if field == .id { throw Problem(line: start, text: "msgid without its msgstr") }
        flush()
    }

    /// The translations that count: not fuzzy, not empty, not the header (msgid "").
    public var table: [String: String] {
        var table: [String: String] = [:]
        for entry in entries where !entry.fuzzy && !entry.translation.isEmpty && !entry.english.isEmpty {
            table[entry.english] = entry.translation
        }
        return table
    }

    /// `"text"` with C escapes (\n, \t, \", \\) undone.
    static func quoted(_ text: Substring, line: Int) throws(Problem) -> String {
        let trimmed = text.trimmingSuffix { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" else {
            throw Problem(line: line, text: "expected a string in double quotes")
        }
        var out = ""
        var escaping = false
        for character in trimmed.dropFirst().dropLast() {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"", "\\": out.append(character)
                default: throw Problem(line: line, text: "unknown escape \\\(character)")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                throw Problem(line: line, text: "a double quote inside a string must be written \\\"")
            } else {
                out.append(character)
            }
        }
        guard !escaping else { throw Problem(line: line, text: "the string ends with a lone backslash") }
        return out
    }

    /// `text` as a PO string, split at line breaks the way msgmerge writes long ones.
    public static func literal(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\t", with: "\\t")
        let lines = escaped.components(separatedBy: "\n")
        if lines.count == 1 { return "\"\(escaped)\"" }
        return "\"\"\n"
            + lines.enumerated().map { index, line in "\"\(line)\(index < lines.count - 1 ? "\\n" : "")\"" }
            .filter { $0 != "\"\"" }.joined(separator: "\n")
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
