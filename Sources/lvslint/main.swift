import ArgumentParser
import Foundation
import LVSModel

// A closed output pipe is an EPIPE that Terminal handles, never a signal that kills the
// process mid-way (a lab would leave its namespaces behind).
signal(SIGPIPE, SIG_IGN)
// What a run builds is freed by the exit, not object by object after the report is written.
KeptUntilExit.turnOn()
HeapGrowth.widen()

// Help is laid out by HelpLayout at the terminal's width (read before COLUMNS is widened
// below, 80 off a terminal); the parser writes it unwrapped.
let helpWidth = Terminal.columns(fallback: 80)
let asksForHelp = CommandLine.arguments.dropFirst().contains { $0 == "--help" || $0 == "-h" } || CommandLine.arguments.dropFirst().first == "help"
if asksForHelp { setenv("COLUMNS", "100000", 1) }

// `-V`, as ruff and most tools take it, for --version.
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["-V"] { arguments = ["--version"] }
if let unknown = DidYouMean.unknownSubcommand(arguments) {
    Terminal.error(unknown + "\n")
    exit(2)
}
// Argument errors exit with 2 (SPEC: "2 the input could not be checked"), not
// ArgumentParser's EX_USAGE 64; help and version exit 0 on stdout.
do {
    var command = try LVSLint.parseAsRoot(arguments)
    try command.run()
} catch {
    let code = LVSLint.exitCode(for: error)
    let message = LVSLint.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { Terminal.write((asksForHelp ? HelpLayout.wrap(message, width: helpWidth) : message) + "\n") }
        exit(0)
    }
    // The parser says "Did you mean '--select'?" of a mistyped option itself.
    if !message.isEmpty { Terminal.error((asksForHelp ? HelpLayout.wrap(message, width: helpWidth) : message) + "\n") }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
