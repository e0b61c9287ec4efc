import LVSModel

/// keepalived's conditional configuration, applied to each line before it is split into words,
/// as keepalived's own parser (lib/parser.c) does:
/// - `@ID text` keeps `text` only when ID is the configuration id (`keepalived -i ID`, by default
///   the host name up to its first dot); `@^ID text` only when it is not. With no id known, `@ID`
///   lines are dropped and `@^ID` lines kept.
/// - `$NAME=value` defines NAME (a value ending in `\` goes on over the next lines); `$NAME` and
///   `${NAME}` in later lines are replaced by it (a definition of several lines gives several).
/// - `~SEQ(VAR, [START, [STEP,]] END) text` repeats `text` with `$VAR` from START to END
///   (`~SEQx`: in hexadecimal).
/// Every line it yields keeps the number of the line it came from.
struct KeepalivedConditionals {
    struct Problem {
        var line: Int
        var reason: Message
    }

    /// `-i`: the configuration id; nil when not known.
    var configurationID: String?
    var definitions: [String: [String]] = [:]
    /// A definition whose value goes on over the next lines (it ended in `\`).
    var pendingDefinition: (name: String, lines: [String])?
    var problems: [Problem] = []
    /// Expansion is bounded: a definition that grows without end must not exhaust memory.
    static let maximumExpandedLines = 100_000
    static let maximumExpandedBytes = 1 << 20
    var expanded = 0

    init(configurationID: String?) {
        self.configurationID = configurationID
    }

    /// The lines `raw` (line `number` of a file) stands for: none, itself, or several.
    mutating func lines(_ raw: String, number: Int) -> [String] {
        if var pending = pendingDefinition {
            let (text, continues) = Self.continuation(raw)
            pending.lines.append(text)
            if continues {
                pendingDefinition = pending
            } else {
                definitions[pending.name] = pending.lines
                pendingDefinition = nil
            }
            return []
        }
        var line = Substring(raw.drop { $0 == " " || $0 == "\t" })
        var prefixed = false
        if line.hasPrefix("@") {
            prefixed = true
            let reversed = line.dropFirst().hasPrefix("^")
            let idStart = line.index(line.startIndex, offsetBy: reversed ? 2 : 1)
            guard let space = line[idStart...].firstIndex(where: { $0 == " " || $0 == "\t" }) else { return [] }
            let id = String(line[idStart..<space])
            let matches = configurationID.map { $0 == id } ?? false
            guard matches != reversed else { return [] }
            line = line[space...].drop { $0 == " " || $0 == "\t" }
        }
        if line.hasPrefix("$"), let (name, value) = Self.definition(line) {
            let (text, continues) = Self.continuation(value)
            if continues {
                pendingDefinition = (name, [text])
            } else {
                definitions[name] = [text]
            }
            return []
        }
        if line.hasPrefix("~SEQ") {
            return sequence(String(line), number: number)
        }
        // A line with no prefix keeps its indentation: only what changes is changed.
        return substituted(prefixed ? String(line) : raw, number: number)
    }

    /// `$NAME=value` (NAME: a letter or `_`, then letters, digits, `_`).
    static func definition(_ line: Substring) -> (String, String)? {
        let body = line.dropFirst()
        guard let first = body.first, first.isLetter || first == "_" else { return nil }
        let name = body.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let rest = body.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        return (String(name), String(rest.dropFirst().drop { $0 == " " || $0 == "\t" }))
    }

    /// A value without its trailing `\`, and whether one was there.
    static func continuation(_ text: String) -> (String, Bool) {
        var trimmed = Substring(text)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        guard trimmed.last == "\\" else { return (text, false) }
        return (String(trimmed.dropLast()), true)
    }

    /// Definitions that use definitions are expanded again, this many times at most: `$A=$A`
    /// must not recurse without end.
    static let maximumNesting = 16

    /// `$NAME` and `${NAME}` replaced; a definition of several lines makes as many lines.
    mutating func substituted(_ line: String, number: Int, depth: Int = 0) -> [String] {
        guard line.contains("$") else { return [line] }
        var out = [""]
        var index = line.startIndex
        var replacements = 0
        while index < line.endIndex {
            let character = line[index]
            guard character == "$" else {
                out[out.count - 1].append(character)
                index = line.index(after: index)
                continue
            }
            var nameStart = line.index(after: index)
            let braced = nameStart < line.endIndex && line[nameStart] == "{"
            if braced { nameStart = line.index(after: nameStart) }
            let name = line[nameStart...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            var end = name.endIndex
            if braced {
                guard end < line.endIndex, line[end] == "}" else {
                    out[out.count - 1].append(character)
                    index = line.index(after: index)
                    continue
                }
                end = line.index(after: end)
            }
            guard !name.isEmpty, let value = definitions[String(name)] else {
                // keepalived leaves an unknown `$WORD` as it is.
                out[out.count - 1].append(character)
                index = line.index(after: index)
                continue
            }
            replacements += 1
            guard replacements <= 1_000, expanded < Self.maximumExpandedLines else {
                problems.append(Problem(line: number, reason: "definitions expand without end here: the rest of the line is not read"))
                return out
            }
            for (position, valueLine) in value.enumerated() {
                if position > 0 { out.append("") }
                out[out.count - 1] += valueLine
            }
            // No configuration line is this long: a definition that doubles at each use is cut here.
            guard out.reduce(0, { $0 + $1.utf8.count }) <= Self.maximumExpandedBytes else {
                problems.append(
                    Problem(line: number, reason: "definitions expand to more than \(Self.maximumExpandedBytes / 1024) KB here: not read"))
                return []
            }
            expanded += value.count
            index = end
        }
        // A replaced value may use other definitions (keepalived expands them again), to a bounded depth.
        if replacements > 0, out.contains(where: { $0.contains("$") }), expanded < Self.maximumExpandedLines {
            guard depth < Self.maximumNesting else {
                problems.append(
                    Problem(line: number, reason: "definitions use each other more than \(Self.maximumNesting) levels deep: not expanded further"))
                return out
            }
            return out.flatMap { substituted($0, number: number, depth: depth + 1) }
        }
        return out
    }

    /// `~SEQ(VAR, END)`, `~SEQ(VAR, START, END)`, `~SEQ(VAR, START, STEP, END)`, then the text.
    mutating func sequence(_ line: String, number: Int) -> [String] {
        var rest = Substring(line.dropFirst(4))
        let hex = rest.first == "x"
        if hex { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
            problems.append(Problem(line: number, reason: "`~SEQ` needs `(VAR, START, STEP, END)`: not read"))
            return []
        }
        let inside = substituted(String(rest[rest.index(after: rest.startIndex)..<close]), number: number).joined()
        let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
        let numbers = parts.dropFirst().map { Int($0) }
        guard let variable = parts.first, !variable.isEmpty, (1...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else {
            problems.append(Problem(line: number, reason: "`~SEQ(\(inside))` is not `(VAR, START, STEP, END)`: not read"))
            return []
        }
        let values = numbers.compactMap { $0 }
        var start = 1, step = 1, end = values[0]
        switch values.count {
        case 1:
            end = values[0]
            step = end < 1 ? -1 : 1
            start = end < 0 ? -1 : 1
        case 2:
            start = values[0]
            end = values[1]
            step = start <= end ? 1 : -1
        default:
            start = values[0]
            step = values[1]
            end = values[2]
        }
        guard step != 0, (start <= end) == (step > 0) || start == end, (end - start) / step < Self.maximumExpandedLines else {
            problems.append(Problem(line: number, reason: "`~SEQ(\(inside))` counts the wrong way or too far: not read"))
            return []
        }
        let text = String(rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" })
        var out: [String] = []
        let saved = definitions[variable]
        var value = start
        while step > 0 ? value <= end : value >= end {
            definitions[variable] = [hex ? String(value, radix: 16) : String(value)]
            out += substituted(text, number: number)
            value += step
        }
        definitions[variable] = saved
        return out
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
