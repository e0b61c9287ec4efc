import ArgumentParser
import Foundation
import LVSEngine
import LVSModel

/// "did you mean" for a mistyped subcommand, as git says it (the argument parser says it of a
/// mistyped option itself).
enum DidYouMean {
    static var subcommands: [any ParsableCommand.Type] { LVSLint.configuration.subcommands }

    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? "\(command)".lowercased()
    }

    /// An error for `lvslint chek …`: the first word names no subcommand and is not an option.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = subcommands.map(name(of:)) + ["help"]
        guard !names.contains(first) else { return nil }
        let shown = TextReport.printable(first)
        if FileManager.default.fileExists(atPath: first) {
            return "Error: '\(shown)' is a file, not a command: did you mean 'lvslint check \(shown)'?\n  See 'lvslint --help' for more information."
        }
        return
            "Error: unknown command '\(shown)'\(NearestName.hint(for: first, among: names)); the commands are \(names.dropLast().joined(separator: ", "))\n"
            + "  See 'lvslint --help' for more information."
    }
}
