import Foundation
import LVSModel

/// The `[Section]` / `Key=Value` files of systemd (`.network`, `.netdev`) and NetworkManager
/// (`.nmconnection`): `#` and `;` comments, a section may repeat (`[Address]` twice) and so
/// may a key (`Address=` twice); every value keeps its line.
struct INIFile {
    struct Entry {
        var key: String
        var value: String
        var line: CaptureLine
    }

    struct Section {
        var name: String
        var line: CaptureLine
        var entries: [Entry] = []

        func values(_ key: String) -> [Entry] { entries.filter { $0.key == key } }
        func last(_ key: String) -> Entry? { entries.last { $0.key == key } }
    }

    var sections: [Section] = []
    /// Lines that are neither a section, a comment nor `key=value`.
    var unread: [CaptureLine] = []

    init(_ file: CaptureFile) {
        file.forEachLine { line in
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix(";") else { return }
            if text.hasPrefix("["), text.hasSuffix("]") {
                sections.append(Section(name: String(text.dropFirst().dropLast()), line: line))
                return
            }
            guard let eq = text.firstIndex(of: "="), !sections.isEmpty else {
                unread.append(line)
                return
            }
            let key = text[..<eq].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[sections.count - 1].entries.append(Entry(key: key, value: value, line: line))
        }
    }

    func sections(_ name: String) -> [Section] { sections.filter { $0.name == name } }
    func first(_ name: String) -> Section? { sections.first { $0.name == name } }
}
