/// A place in a text file, 1-based, as editors and `file:line:column` expect.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { place }

    /// `file:line:column` as a reader and an editor take it: a file name holding `:` (`ifcfg-lo:0`)
    /// is quoted, so that its colon is not read as the line's.
    public var place: String { "\(Self.unambiguous(file)):\(line):\(column)" }

    /// A file name, in double quotes when a `:` in it (or a quote, or white space at an end) would
    /// make `name:line` ambiguous; `"` and `\` inside are escaped.
    public static func unambiguous(_ file: String) -> String {
        guard file.contains(":") || file.contains("\"") || file.first?.isWhitespace == true || file.last?.isWhitespace == true else { return file }
        return "\"" + file.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
