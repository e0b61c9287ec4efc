import LVSEngine

/// `--help` laid out for the terminal by lvslint rather than by the argument parser, which
/// breaks every long line, commands included. The parser is asked for its text unwrapped
/// (COLUMNS set very wide before parsing), then: prose is wrapped to the width; an option's
/// or argument's description is wrapped beside its name; an indented line of a discussion
/// (an example command) is never broken, so that it can be pasted whole.
enum HelpLayout {
    /// Where the parser's layout puts descriptions beside option names.
    static let descriptionColumn = 26

    static func wrap(_ text: String, width: Int) -> String {
        var out: [String] = []
        var inTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let first = line.first, first != " " {
                // A section header (OPTIONS:, ARGUMENTS:, SUBCOMMANDS:) starts a table of names.
                inTable = ["OPTIONS:", "ARGUMENTS:", "SUBCOMMANDS:", "OPTION GROUPS:"].contains(line) || line.hasSuffix(" OPTIONS:")
                if line.hasPrefix("USAGE: ") {
                    out += usage(line, width: width)
                } else {
                    out += TextWrap.lines(line, width: width)
                }
                continue
            }
            guard inTable, TextWrap.columns(line) > width else {
                out.append(line)
                continue
            }
            out += tableRow(line, width: width)
        }
        return out.joined(separator: "\n")
    }

    /// `  --name <value>        Description…`: the description wrapped at its column.
    static func tableRow(_ line: String, width: Int) -> [String] {
        let column = descriptionColumn
        let indent = String(repeating: " ", count: column)
        guard width - column >= 20, line.count > column else { return [line] }
        let label = String(line.prefix(column))
        let description = String(line.dropFirst(column)).trimmingLeadingSpaces()
        guard label.last == " " else { return [line] }
        let wrapped = TextWrap.lines(description, width: width - column)
        return wrapped.enumerated().map { index, text in (index == 0 ? label : indent) + text }
    }

    /// The usage line broken only between options, never inside `[--root <dir>]`.
    static func usage(_ line: String, width: Int) -> [String] {
        guard TextWrap.columns(line) > width else { return [line] }
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for character in line {
            if character == "[" || character == "<" { depth += 1 }
            if character == "]" || character == ">" { depth -= 1 }
            if character == " " && depth == 0 {
                tokens.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        tokens.append(current)
        var lines: [String] = []
        var row = ""
        for token in tokens where !token.isEmpty {
            if !row.isEmpty && TextWrap.columns(row) + 1 + TextWrap.columns(token) > width {
                lines.append(row)
                row = "        " + token
            } else {
                row += row.isEmpty ? token : " " + token
            }
        }
        if !row.isEmpty { lines.append(row) }
        return lines
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
