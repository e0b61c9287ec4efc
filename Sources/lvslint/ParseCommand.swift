import ArgumentParser
import Foundation
import LVSCapture
import LVSDescription
import LVSEngine
import LVSModel

struct ParseCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "parse",
            abstract: tr("Show what lvslint reads from capture files, as JSON (kind, interfaces, routes, tables, lines not understood)."),
            discussion: """
                The kind is recognised from the content; --kind forces one. Kinds: \(CaptureFormats.kinds.map(\.rawValue).joined(separator: ", ")).

                Examples:
                  lvslint parse captures/rs1/sysctl-a.txt
                  lvslint parse --kind ipvsadm captures/lvs1/ipvsadm.txt
                  ip -d addr | lvslint parse /dev/stdin
                """
        )
    }

    @Option(help: "Read the files as this kind instead of recognising it.")
    var kind: String?

    @Argument(help: ArgumentHelp("Capture files.", valueName: "file"))
    var files: [String]

    /// Every fact read is printed, all sysctl keys included (not only those rules read), so
    /// that lvslint's reading can be compared with another tool's.
    static let options = ParseOptions.listing

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one capture file") }
        if let kind, CaptureFormats.kind(named: kind) == nil {
            throw ValidationError("unknown kind '\(kind)'; kinds are \(CaptureFormats.kinds.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var parsed: [ParsedCapture] = []
        var failed = false
        for path in files {
            guard let bytes = FileBytes.contents(of: path) else {
                Terminal.error("\(path): cannot read the file\n")
                failed = true
                continue
            }
            let whole = CaptureFile(path: path, bytes: bytes)
            if let forced = kind.flatMap(CaptureFormats.kind(named:)) {
                parsed.append(CaptureRecognizer.parse(whole, as: forced, options: Self.options))
                continue
            }
            // A Kubernetes document is read whole, as `check` reads it.
            if KubernetesDocument.looksLike(whole) {
                var document = ParsedCapture(file: whole, kind: .kubernetes)
                let facts = KubernetesDocumentReader.read([whole])
                for problem in facts.problems {
                    Terminal.error("\(path):\(problem.line.number): \(problem.reason.description)\n")
                    failed = true
                }
                document.kubernetes = facts
                parsed.append(document)
                continue
            }
            // Read exactly as `check` reads a capture file: region by region, a failing command's
            // output when it is in a format lvslint reads, an oversized section up to its limit.
            var observation = HostObservation(host: "")
            var read: [ParsedCapture] = []
            CaptureLoader.read(whole, into: &read, observation: &observation, options: Self.options)
            parsed += read
            for line in read.flatMap(\.errorLines) {
                Terminal.error("\(path):\(line.number): an error the command printed amid its output (the rest was read): \(line.text)\n")
            }
            for file in observation.configurationFiles {
                Terminal.error(
                    "\(path):\(file.capture.lineOffset): copied file \(file.path): configuration for the next boot, not runtime state; skipped\n")
            }
            for command in observation.failedCommands {
                let outcome = command.outputRead ? "its output was read" : "skipped"
                Terminal.error("\(path):\(command.file.lineOffset): `\(command.command)` exited \(command.status); \(outcome)\n")
            }
            for section in observation.sectionsNotRead {
                Terminal.error("\(path):\(section.lineOffset): `\(section.command ?? "")`: not read by any check yet; skipped\n")
            }
            for region in observation.unreadRegions {
                let what =
                    region.reason
                    ?? "\(region.lineCount) line\(region.lineCount == 1 ? "" : "s") in no capture format lvslint reads\(region.command.map { " (the output of `\($0)`)" } ?? ""); use --kind to force one"
                Terminal.error("\(path):\(region.first.number): \(what)\n")
                failed = true
            }
            for file in observation.unrecognisedFiles {
                Terminal.error("\(path): \(file.reason)\n")
                failed = true
            }
        }
        ParseReport.stream(parsed) { bytes in Terminal.write(bytes: bytes) }
        if failed { throw ExitCode(2) }
    }
}
