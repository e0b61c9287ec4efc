/// A fix written in the language of the file it changes: a keepalived.conf line to add in its
/// block, or to put in place of one. The text report prints it as the line to write, SARIF as a
/// replacement an editor applies, JSON as `fix_edit`; shell fixes stay `fix_commands`.
public struct FileEdit: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        /// `text` becomes a new line after `line` (the block's opening line).
        case insertAfter = "insert_after"
        /// `text` takes the place of `line`.
        case replace
    }

    public var file: String
    public var line: Int
    public var action: Action
    /// The line to write, without its indentation.
    public var text: String
    /// The block it belongs in, as its first line reads (`virtual_server 192.0.2.100 80 {`).
    public var block: String
    /// The indentation of the line written: one level inside a top-level block.
    public var indentation = "    "

    public init(file: String, line: Int, action: Action, text: String, block: String) {
        self.file = file
        self.line = line
        self.action = action
        self.text = text
        self.block = block
    }

    /// Add `text` as the first line inside the block that opens at `opening`.
    public static func insert(_ text: String, inBlockAt opening: KALine) -> FileEdit {
        FileEdit(file: opening.location.file, line: opening.location.line, action: .insertAfter, text: text, block: opening.text)
    }

    /// Put `text` in place of `line`, a line of the block that opens at `opening`.
    public static func replace(_ line: KALine, with text: String, inBlockAt opening: KALine) -> FileEdit {
        FileEdit(file: line.location.file, line: line.location.line, action: .replace, text: text, block: opening.text)
    }
}
