import Foundation
import LVSEngine
import LVSModel

enum Terminal {
    /// Writes to standard output. A reader that went away (`lvslint … | head`) ends the run as
    /// SIGPIPE would (status 141), but through `exit`, after whatever clean-up was already due:
    /// SIGPIPE itself is ignored (main.swift), so that it can never cut a lab's removal short.
    static func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    static func write(bytes: [UInt8]) {
        if !FileDescriptorWriter.write(STDOUT_FILENO, bytes: bytes), errno == EPIPE { exit(141) }
    }

    /// Plain text for a person (no colour of its own) that quotes values from the inputs: each
    /// line made printable, and none a workflow command.
    static func writeText(_ text: String) {
        write(TextReport.printableLines(text))
    }

    /// Messages to standard error quote paths and values from the inputs: control characters
    /// (an escape sequence, a carriage return that hides a line) are shown as `\u{…}`, and no
    /// line can become a CI runner's workflow command. Line breaks of the message itself stay.
    static func error(_ text: String) {
        FileDescriptorWriter.write(STDERR_FILENO, TextReport.printableLines(text))
    }

    /// Errors in an input, one per line; a file with thousands is said in a bounded number of
    /// lines (the first ones, then how many more).
    static func inputErrors(_ errors: [some CustomStringConvertible], shown: Int = 100) {
        for error in errors.prefix(shown) { Terminal.error("\(error)\n") }
        if errors.count > shown { Terminal.error("… and \(errors.count - shown) more errors in the input\n") }
    }

    /// Standard error as it is: the progress line's own carriage returns and erasures.
    static func errorControl(_ text: String) {
        FileDescriptorWriter.write(STDERR_FILENO, text)
    }

    /// Progress goes to standard error only when a person is watching it.
    static var isInteractiveError: Bool { isatty(STDERR_FILENO) == 1 }

    /// The columns of the terminal standard output goes to (or `COLUMNS`, as shells export
    /// it); 100 when it is no terminal.
    static var width: Int { columns(fallback: 100) }

    /// `COLUMNS`, else the terminal's width, else `fallback` (standard output is no terminal).
    static func columns(fallback: Int) -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns >= 40 { return columns }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return fallback
    }

    /// Colour only on a terminal, never with NO_COLOR (https://no-color.org), always when forced.
    static func useColor(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
            if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }
}
