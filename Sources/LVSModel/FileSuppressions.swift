/// `# lvslint: disable=RULE -- reason` in a keepalived.conf or a captured configuration file
/// (ifcfg, sysctl.d, interfaces, a unit; `;` too at the start of a line): a comment on a line of
/// its own covers the next line that is not a comment; in keepalived.conf a comment at the end
/// of a line covers that line (elsewhere a `#` after a value may be part of it, so there the
/// comment must stand alone). When the covered line opens a keepalived block
/// (`virtual_server 192.0.2.100 80 {`), the whole block up to its closing brace is covered.
public enum FileSuppressions {
    public struct Problem: Sendable, Equatable {
        public var location: SourceLocation
        public var message: String
    }

    /// `keepalived`: `!` begins a comment too, and blocks are followed to their closing brace.
    public static func scan(_ text: String, file: String, keepalived: Bool) -> (suppressions: [InlineSuppression], problems: [Problem]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var suppressions: [InlineSuppression] = []
        var problems: [Problem] = []
        for (index, line) in lines.enumerated() {
            guard let (column, comment, alone) = Self.comment(in: line, keepalived: keepalived),
                let parsed = SuppressionDirective.parse(comment)
            else { continue }
            let location = SourceLocation(file: file, line: index + 1, column: column)
            switch parsed {
            case let .failure(error):
                problems.append(Problem(location: location, message: error.message))
            case .success where !keepalived && !alone:
                // sysctl.d, networkd and NetworkManager read a `#` after a value as part of it.
                problems.append(
                    Problem(location: location, message: "in this file a suppression stands on a line of its own, above the line it covers"))
            case let .success(directive):
                var first = index
                if alone {
                    first = index + 1
                    while first < lines.count, Self.isBlankOrComment(lines[first], keepalived: keepalived) { first += 1 }
                    guard first < lines.count else {
                        problems.append(Problem(location: location, message: "a suppression on a line of its own needs a line after it to cover"))
                        continue
                    }
                }
                let last = keepalived ? blockEnd(lines, from: first) : first
                suppressions.append(
                    InlineSuppression(
                        rules: directive.rules, reason: directive.reason, location: location,
                        target: .lines(file: file, first: first + 1, last: last + 1)))
            }
        }
        return (suppressions, problems)
    }

    /// The comment on a line: its column, its text after the marker, and whether it stands alone.
    /// A marker counts at the start of the line or after white space, outside double quotes.
    static func comment(in line: String, keepalived: Bool) -> (Int, String, Bool)? {
        var inQuote = false
        var previous: Character = " "
        var column = 0
        for character in line {
            column += 1
            if character == "\"" { inQuote.toggle() }
            let marker = character == "#" || (keepalived && character == "!") || (!keepalived && character == ";" && column == 1)
            if !inQuote && marker && (previous == " " || previous == "\t" || column == 1) {
                let before = line.prefix(column - 1).allSatisfy { $0 == " " || $0 == "\t" }
                return (column, String(line.dropFirst(column)), before)
            }
            previous = character
        }
        return nil
    }

    static func isBlankOrComment(_ line: String, keepalived: Bool) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.first == "#" || trimmed.first == ";" || (keepalived && trimmed.first == "!")
    }

    /// The line (0-based) that closes the block `start` opens, or `start` when it opens none.
    static func blockEnd(_ lines: [String], from start: Int) -> Int {
        var depth = 0
        var opened = false
        for index in start..<lines.count {
            let code = comment(in: lines[index], keepalived: true).map { String(lines[index].prefix($0.0 - 1)) } ?? lines[index]
            for character in code {
                if character == "{" {
                    depth += 1
                    opened = true
                } else if character == "}" {
                    depth -= 1
                }
            }
            if !opened { return start }
            if depth <= 0 { return index }
        }
        return lines.count - 1
    }
}
