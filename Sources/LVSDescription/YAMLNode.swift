import Foundation
import CYAML
import LVSModel

/// A YAML node as libyaml's document loader built it, with the position where it starts.
/// Aliases stay shared (a node is converted once); a recursive alias is refused.
public indirect enum YAMLNode: Sendable {
    case scalar(String, plain: Bool, mark: YAMLMark)
    case sequence([YAMLNode], mark: YAMLMark)
    case mapping([(key: YAMLNode, value: YAMLNode)], mark: YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case let .scalar(_, _, m), let .sequence(_, m), let .mapping(_, m): return m
        }
    }

    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// 1-based line and column.
public struct YAMLMark: Sendable, Hashable {
    public var line: Int
    public var column: Int
}

public struct YAMLLoadError: Error, Sendable {
    public var mark: YAMLMark
    public var message: String

    init(mark: YAMLMark, message: String) {
        self.mark = mark
        self.message = message
    }

    /// libyaml's complaint, placed. A reader error (bad bytes) carries a byte offset, not a
    /// mark: the line and column are counted here, and the byte is named.
    init(parser: yaml_parser_t, bytes: [UInt8]) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        if parser.error == YAML_READER_ERROR {
            var offset = min(Int(parser.problem_offset), bytes.count)
            // "invalid trailing UTF-8 octet" points past the sequence's first byte: name that one.
            if problem.contains("trailing") {
                var back = offset
                while back > 0, offset - back < 4, back == offset || bytes[back] & 0xC0 == 0x80 { back -= 1 }
                if bytes[back] >= 0x80 { offset = back }
            }
            let before = bytes[..<offset]
            let line = before.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            let column = offset - (before.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
            let byte = offset < bytes.count ? String(format: "0x%02X", bytes[offset]) : "end of file"
            let what =
                problem.contains("control characters")
                ? "a control character (byte \(byte))"
                : problem.contains("UTF-8") || problem.contains("octet")
                    ? "a byte that is not UTF-8 (\(byte)); save the file as UTF-8"
                    : "\(problem) (byte \(byte))"
            self.init(mark: YAMLMark(line: line, column: column), message: what)
            return
        }
        let mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        let opened = Int(parser.context_mark.line) + 1
        let offset = Int(parser.problem_mark.index)
        let atTab = offset < bytes.count && bytes[offset] == 9
        // libyaml's words, said plainly where the cause is known; its own words stay in brackets.
        let plain: String?
        switch (problem, context ?? "") {
        case ("found character that cannot start any token", _) where atTab, ("found a tab character that violates indentation", _):
            plain = "a tab here: YAML indents with spaces only (replace the tab with spaces)"
        case ("found unexpected end of stream", let c) where c.contains("quoted scalar"):
            plain = "a quote opened on line \(opened) is never closed"
        case (let p, let c) where p.contains("did not find expected ',' or ']'") || c.contains("flow sequence"):
            plain = "a '[' opened on line \(opened) is never closed (or a ',' is missing between its items)"
        case (let p, let c) where p.contains("did not find expected ',' or '}'") || c.contains("flow mapping"):
            plain = "a '{' opened on line \(opened) is never closed (or a ',' is missing between its entries)"
        case ("could not find expected ':'", _):
            plain = "a key without ':' on line \(opened): each line of a mapping is `key: value` (or the line above continues without indentation)"
        case (let p, _) where p.contains("mapping values are not allowed"):
            plain = "a ':' where a value was expected: put a value containing ': ' in quotes, or start a nested mapping on its own line"
        default:
            plain = nil
        }
        let said = context.map { "\(problem) (\($0))" } ?? problem
        self.init(mark: mark, message: plain.map { "\($0) [libyaml: \(said)]" } ?? said)
    }
}

public enum YAMLLoader {
    /// The libyaml lvslint runs with (`0.2.5`): the one it was linked with, statically in a release.
    public static var libyamlVersion: String { String(cString: yaml_get_version_string()) }

    /// Loads the first document of `bytes`. An empty stream gives nil.
    public static func load(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLLoadError) -> YAMLNode? {
        // Blank lines and indentation alone are an empty file, not a syntax error.
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return nil }
        return try withParser(bytes, limits: limits) { (parser, builder) throws(YAMLLoadError) in try builder.document(&parser) }
    }

    /// Loads every document of `bytes` (`---` between them, as manifests are written).
    public static func loadAll(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLLoadError) -> [YAMLNode] {
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) { return [] }
        return try withParser(bytes, limits: limits) { (parser, builder) throws(YAMLLoadError) in
            var documents: [YAMLNode] = []
            while let document = try builder.document(&parser) { documents.append(document) }
            return documents
        }
    }

    /// Runs `body` with libyaml's parser reading `bytes` and a builder checking `limits`.
    private static func withParser<T>(
        _ bytes: [UInt8], limits: YAMLLimits, _ body: (inout yaml_parser_t, inout YAMLBuilder) throws(YAMLLoadError) -> T
    ) throws(YAMLLoadError) -> T {
        try limits.checkSize(bytes)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLLoadError(mark: YAMLMark(line: 1, column: 1), message: "could not start the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        var builder = YAMLBuilder(limits: limits, bytes: bytes)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLLoadError) -> T in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return try body(&parser, &builder)
        }
    }
}
