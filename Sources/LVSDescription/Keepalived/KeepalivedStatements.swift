import Foundation
import LVSModel

/// One statement of a keepalived configuration: its words (`real_server 192.0.2.21 80`),
/// the line it is on, and, for a block, the statements between its braces.
public struct KAStatement: Sendable {
    public var words: [String]
    public var line: KALine
    /// nil for a plain statement; the block's content otherwise.
    public var children: [KAStatement]?
    /// The line of the closing brace.
    public var end: SourceLocation

    public var keyword: String { words.first ?? "" }
    public var arguments: ArraySlice<String> { words.dropFirst() }
}

/// Reads a configuration file as keepalived's parser does: words split at blanks, a word
/// starting with `#` or `!` begins a comment, `"…"` is one word, `{` and `}` stand alone
/// and may share a line with statements (`TCP_CHECK { connect_timeout 3 }`) or sit on the
/// next line. `include GLOB` is replaced by the files it names, read relative to the
/// including file's folder, in sorted order; a file included twice on one path is a loop.
public struct KeepalivedStatementReader {
    public private(set) var unread: [KAUnreadLine] = []
    public private(set) var files: [String] = []
    /// `@id`, `$NAME` and `~SEQ`, across every file read (definitions carry into includes).
    var conditionals: KeepalivedConditionals
    /// True when a line was dropped, replaced or repeated by them: read again once the id is known.
    public private(set) var usesConditionals = false
    /// `# lvslint: disable=…` comments in the files read, and those that could not be read.
    public private(set) var suppressions: [InlineSuppression] = []
    public private(set) var suppressionProblems: [FileSuppressions.Problem] = []
    /// keepalived allows includes to nest; a bound keeps a hostile set of files finite.
    static let maximumIncludeDepth = 16
    /// Blocks inside blocks: keepalived's deepest is about 5 (virtual_server, real_server,
    /// HTTP_GET, url). Deeper ones are skipped to their closing brace, so that no reader of
    /// the statements recurses without bound.
    static let maximumBlockDepth = 32
    /// Braces opened past the depth limit and not yet closed.
    var skippedDepth = 0
    /// A file larger than this is no keepalived configuration.
    static let maximumFileBytes = 16 * 1024 * 1024
    static let maximumFiles = 1_000

    var stack: [KAStatement] = []
    var roots: [KAStatement] = []
    /// The words of the statement being read, and where it began.
    var pending: [String] = []
    var pendingLine: KALine?
    /// The last statement completed at this level, which a `{` on the next line opens.
    var lastClosedByNewline = false

    /// Whether `include` reads files. Off for text that came from no file (a fuzzer's input
    /// must not make lvslint read the machine's files); an include is then reported, not followed.
    public var followsIncludes = true

    /// The tree includes must stay in: the folder of the file given, or `--root DIR`. Spelled
    /// as given (made absolute) and with its symbolic links resolved; a match must be inside both.
    var root: (lexical: String, canonical: String)?
    /// With `--root DIR`, `include /etc/keepalived/conf.d/*.conf` names DIR/etc/keepalived/conf.d/*.conf:
    /// a configuration rendered into a repository, or copied from a host, is read as it would be there.
    var absoluteIncludesUnderRoot = false
    /// Kernel and device trees, never configuration, whatever the root.
    static let neverRead = ["/proc", "/sys", "/dev"]

    /// `configurationID`: what `keepalived -i` would be given (the host's name), for `@id` lines.
    public init(configurationID: String? = nil) {
        conditionals = KeepalivedConditionals(configurationID: configurationID)
    }

    /// Includes are confined to `folder`, and an absolute include is read inside it.
    public init(root folder: String, configurationID: String? = nil) {
        conditionals = KeepalivedConditionals(configurationID: configurationID)
        root = Self.tree(folder)
        absoluteIncludesUnderRoot = true
    }

    static func tree(_ folder: String) -> (lexical: String, canonical: String) {
        (LexicalPath.absolute(folder.isEmpty ? "." : folder), LexicalPath.canonical(folder.isEmpty ? "." : folder))
    }

    /// The statements of `path` and everything it includes; what could not be read is in `unread`.
    public mutating func read(path: String, displayPath: String? = nil) -> [KAStatement] {
        if root == nil { root = Self.tree((path as NSString).deletingLastPathComponent) }
        include(path: path, displayPath: displayPath ?? path, depth: 0, active: [])
        return finish()
    }

    /// The statements of `text`, as if it were the file `displayPath`; includes are not followed.
    public mutating func read(text: String, displayPath: String) -> [KAStatement] {
        followsIncludes = false
        files.append(displayPath)
        readLines(text, path: displayPath, displayPath: displayPath, depth: 0, active: [])
        return finish()
    }

    mutating func finish() -> [KAStatement] {
        finishPending()
        while let open = stack.popLast() {
            unread.append(KAUnreadLine(line: open.line, reason: "this block is never closed: a `}` is missing before the end of the file"))
            attach(open)
        }
        return roots
    }

    mutating func include(path: String, displayPath: String, depth: Int, active: Set<String>) {
        let canonical = LexicalPath.canonical(path)
        files.append(displayPath)
        // Only regular files are read: a FIFO would block, a device never end.
        guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeRegular else {
            let line = KALine(location: SourceLocation(file: displayPath, line: 0), text: "")
            return unread.append(KAUnreadLine(line: line, reason: "not a regular file: not read"))
        }
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > Self.maximumFileBytes {
            let line = KALine(location: SourceLocation(file: displayPath, line: 0), text: "")
            return unread.append(
                KAUnreadLine(
                    line: line,
                    reason:
                        "\(size / (1024 * 1024)) MB: larger than any keepalived configuration (at most \(Self.maximumFileBytes / (1024 * 1024)) MB are read); not read"
                ))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let line = KALine(location: SourceLocation(file: displayPath, line: 0), text: "")
            return unread.append(KAUnreadLine(line: line, reason: "cannot read the file"))
        }
        readLines(String(decoding: data, as: UTF8.self), path: path, displayPath: displayPath, depth: depth, active: active.union([canonical]))
    }

    mutating func readLines(_ text: String, path: String, displayPath: String, depth: Int, active: Set<String>) {
        // Comments are dropped below: the lvslint directives among them are read from the text.
        let found = FileSuppressions.scan(text, file: displayPath, keepalived: true)
        suppressions += found.suppressions
        suppressionProblems += found.problems
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let original = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            // `@id`, `$NAME=`, `$NAME` and `~SEQ` applied as keepalived applies them: none, one or several lines.
            let known = conditionals.problems.count
            let expanded = conditionals.lines(original, number: number)
            for problem in conditionals.problems.dropFirst(known) {
                unread.append(
                    KAUnreadLine(
                        line: KALine(
                            location: SourceLocation(file: displayPath, line: problem.line), text: original.trimmingCharacters(in: .whitespaces)),
                        reason: problem.reason))
            }
            if expanded.count != 1 || expanded.first != original { usesConditionals = true }
            for lineText in expanded {
                readLine(lineText, number: number, path: path, displayPath: displayPath, depth: depth, active: active)
            }
        }
    }

    /// One line of the configuration, after the conditionals: an include, or words for statements.
    mutating func readLine(_ lineText: String, number: Int, path: String, displayPath: String, depth: Int, active: Set<String>) {
        let line = KALine(location: SourceLocation(file: displayPath, line: number), text: lineText.trimmingCharacters(in: .whitespaces))
        guard let words = Self.words(lineText) else {
            return unread.append(KAUnreadLine(line: line, reason: "a quote that is never closed"))
        }
        if words.first == "include", !words.dropFirst().contains(where: { $0 == "{" || $0 == "}" }) {
            finishPending()
            guard words.count == 2 else {
                return unread.append(KAUnreadLine(line: line, reason: "`include` takes one path or glob"))
            }
            guard followsIncludes else {
                return unread.append(KAUnreadLine(line: line, reason: "`include` not followed: this text was not read from a file"))
            }
            return includeFiles(words[1], from: path, displayFrom: displayPath, line: line, depth: depth, active: active)
        }
        for word in words { take(word, line: line) }
        finishPending()
        lastClosedByNewline = true
    }

    mutating func includeFiles(_ pattern: String, from path: String, displayFrom displayPath: String, line: KALine, depth: Int, active: Set<String>) {
        guard depth < Self.maximumIncludeDepth else {
            return unread.append(KAUnreadLine(line: line, reason: "includes nest deeper than \(Self.maximumIncludeDepth) files: not followed"))
        }
        let folder = LexicalPath.absolute((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
        let displayFolder = (displayPath as NSString).deletingLastPathComponent
        let tree = root ?? Self.tree(folder)
        var absolute: String
        if pattern.hasPrefix("/") {
            absolute = absoluteIncludesUnderRoot ? tree.lexical + pattern : pattern
        } else {
            absolute = (folder as NSString).appendingPathComponent(pattern)
        }
        absolute = LexicalPath.absolute(absolute)
        // Nothing outside the tree of the file given is read, not even to list it: a hostile
        // configuration must not pull /etc/shadow or /proc/self/environ into a report.
        guard LexicalPath.isInside(absolute, tree.lexical) || LexicalPath.isInside(absolute, tree.canonical) else {
            let hint = pattern.hasPrefix("/") && !absoluteIncludesUnderRoot ? "; with --root DIR an absolute include is read inside DIR" : ""
            return unread.append(
                KAUnreadLine(
                    line: line,
                    reason:
                        "`include \(pattern)` names \(absolute), outside \(tree.lexical): not read (lvslint reads includes only inside the folder of the file it was given\(hint))"
                ))
        }
        let (matches, exhausted) = BoundedGlob.expand(absolute)
        if exhausted {
            unread.append(
                KAUnreadLine(
                    line: line, reason: "`include \(pattern)` looked at more than \(BoundedGlob.budget) directory entries: the rest were not read"))
        }
        if matches.isEmpty {
            // keepalived itself carries on when a glob matches nothing; a plain path that is
            // missing is a mistake worth saying.
            let isGlob = pattern.contains(where: { "*?[".contains($0) })
            if !isGlob { unread.append(KAUnreadLine(line: line, reason: "`include \(pattern)`: no such file (looked for \(absolute))")) }
            return
        }
        for match in matches {
            guard files.count < Self.maximumFiles else {
                return unread.append(KAUnreadLine(line: line, reason: "more than \(Self.maximumFiles) files included: the rest were not read"))
            }
            let canonical = LexicalPath.canonical(match)
            guard LexicalPath.isInside(canonical, tree.canonical), !Self.neverRead.contains(where: { LexicalPath.isInside(canonical, $0) }) else {
                unread.append(
                    KAUnreadLine(line: line, reason: "`include \(pattern)`: \(match) leads to \(canonical), outside \(tree.canonical): not read"))
                continue
            }
            if active.contains(canonical) {
                unread.append(
                    KAUnreadLine(
                        line: line, reason: "`include \(pattern)` includes \(match), which is already being read: an include loop, not followed"))
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: match, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isReadableFile(atPath: match)
            else {
                unread.append(KAUnreadLine(line: line, reason: "`include \(pattern)`: \(match) is not a readable file"))
                continue
            }
            let shown: String
            if pattern.hasPrefix("/") {
                shown = absoluteIncludesUnderRoot ? String(match.dropFirst(tree.lexical == "/" ? 0 : tree.lexical.count)) : match
            } else {
                let relative = Self.relativePath(from: folder, to: match)
                shown = displayFolder.isEmpty ? relative : (displayFolder as NSString).appendingPathComponent(relative)
            }
            include(path: match, displayPath: Self.normalized(shown), depth: depth + 1, active: active)
        }
    }

    mutating func take(_ word: String, line: KALine) {
        if skippedDepth > 0 {
            if word == "{" { skippedDepth += 1 } else if word == "}" { skippedDepth -= 1 }
            return
        }
        if word == "{", stack.count >= Self.maximumBlockDepth {
            unread.append(
                KAUnreadLine(
                    line: line, reason: "blocks nest deeper than \(Self.maximumBlockDepth) levels here: this block is skipped to its closing brace"))
            pending = []
            pendingLine = nil
            skippedDepth = 1
            return
        }
        switch word {
        case "{":
            if !pending.isEmpty {
                open(words: pending, line: pendingLine ?? line)
                pending = []
                pendingLine = nil
            } else if lastClosedByNewline, let previous = popLastPlain() {
                // `virtual_server 192.0.2.100 80` then `{` on the next line.
                open(words: previous.words, line: previous.line)
            } else {
                unread.append(KAUnreadLine(line: line, reason: "a `{` that follows no keyword"))
                open(words: [], line: line)
            }
        case "}":
            finishPending()
            guard var block = stack.popLast() else {
                unread.append(KAUnreadLine(line: line, reason: "a `}` that closes no block"))
                return
            }
            block.end = line.location
            attach(block)
        default:
            if pending.isEmpty { pendingLine = line }
            pending.append(word)
            lastClosedByNewline = false
        }
    }

    mutating func open(words: [String], line: KALine) {
        stack.append(KAStatement(words: words, line: line, children: [], end: line.location))
        lastClosedByNewline = false
    }

    mutating func finishPending() {
        guard !pending.isEmpty, let line = pendingLine else { return }
        attach(KAStatement(words: pending, line: line, children: nil, end: line.location))
        pending = []
        pendingLine = nil
    }

    mutating func attach(_ statement: KAStatement) {
        if stack.isEmpty {
            roots.append(statement)
        } else {
            stack[stack.count - 1].children?.append(statement)
        }
    }

    /// The last plain statement at the current level, removed so that a `{` can open it.
    mutating func popLastPlain() -> KAStatement? {
        if stack.isEmpty {
            guard let last = roots.last, last.children == nil else { return nil }
            return roots.removeLast()
        }
        guard let last = stack[stack.count - 1].children?.last, last.children == nil else { return nil }
        return stack[stack.count - 1].children?.removeLast()
    }

    /// `etc/conf.d/../servers/web.inc` → `etc/servers/web.inc`, for relative paths too.
    /// `../servers/web.inc` from `/a/etc/conf.d` to `/a/etc/servers/web.inc` (both absolute, standardized).
    static func relativePath(from folder: String, to path: String) -> String {
        let from = folder.split(separator: "/"), to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// Splits a line into words; nil when a quote is left open.
    static func words(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inQuote = false
        var started = false
        for ch in line {
            if inQuote {
                if ch == "\"" { inQuote = false } else { current.append(ch) }
                continue
            }
            switch ch {
            case "\"":
                inQuote = true
                started = true
            case " ", "\t":
                if started { words.append(current); current = ""; started = false }
            case "{", "}":
                if started { words.append(current); current = ""; started = false }
                words.append(String(ch))
            case "#" where !started, "!" where !started:
                return words
            default:
                current.append(ch)
                started = true
            }
        }
        if inQuote { return nil }
        if started { words.append(current) }
        return words
    }
}
