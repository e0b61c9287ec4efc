import ArgumentParser
import Foundation

// A closed output pipe is an EPIPE that Terminal handles, never a signal that kills the
// process mid-way (a lab would leave its namespaces behind).
signal(SIGPIPE, SIG_IGN)

// Argument errors exit with 2 (SPEC: "2 the input could not be checked"), not
// ArgumentParser's EX_USAGE 64; help and version exit 0 on stdout.
do {
    var command = try LVSLint.parseAsRoot()
    try command.run()
} catch {
    let code = LVSLint.exitCode(for: error)
    let message = LVSLint.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { Terminal.write(message + "\n") }
        exit(0)
    }
    if !message.isEmpty { Terminal.error(message + "\n") }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
