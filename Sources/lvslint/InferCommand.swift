import ArgumentParser
import Foundation
import LVSEngine

struct InferCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "infer",
            abstract: tr("Draft a cluster description from captures alone."),
            discussion: """
                Directors are the hosts with an IPVS table; services (VIP or fwmark, port, protocol, scheduler, \
                persistence) and each real server's method and weight come from the tables; real servers are the \
                hosts whose captures hold the tables' addresses. Comments mark every guess and every host it could \
                not place. Review it, then keep it beside the captures:

                  lvslint infer captures > cluster.yaml
                  lvslint check cluster.yaml

                `lvslint check captures` (a folder with no cluster.yaml) infers the same description in memory and \
                checks at once.

                Examples:
                  lvslint infer captures > cluster.yaml
                  lvslint check captures                  # infer in memory and check
                """
        )
    }

    @Argument(help: ArgumentHelp("The captures folder: <host>/ folders or <host>.txt bundles.", valueName: "captures"))
    var captures: String

    func run() throws {
        if let problem = CapturesFolder.problem(captures, needsHosts: true) {
            Terminal.error("lvslint: error: \(captures): \(problem)\n")
            throw ExitCode(2)
        }
        // The description is written beside the captures folder: `captures:` names it from there.
        let key = (captures as NSString).lastPathComponent
        let draft = Inference.draft(ofCaptures: captures, capturesKey: key.isEmpty ? captures : key)
        if draft.unreadable {
            Terminal.error("lvslint: \(TextReport.printable(captures)): \(draft.problem ?? "the draft does not read back")\n")
            throw ExitCode(2)
        }
        Terminal.write(draft.text)
        if let problem = draft.problem {
            Terminal.error("lvslint: \(captures): \(problem); complete the services by hand\n")
            throw ExitCode(2)
        }
    }
}
