import ArgumentParser
import Foundation

// Argument errors exit with 2 (SPEC: "2 the input could not be checked"), not
// ArgumentParser's EX_USAGE 64; help and version exit 0 on stdout.
do {
    var command = try LVSLint.parseAsRoot()
    try command.run()
} catch {
    let code = LVSLint.exitCode(for: error)
    let message = LVSLint.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { print(message) }
        exit(0)
    }
    if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
