import ArgumentParser
import Foundation
import LVSCapture
import LVSEngine
import LVSModel

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what lvslint reads from capture files, as JSON (kind, interfaces, routes, tables, lines not understood).",
        discussion: "The kind is recognised from the content; --kind forces one. Kinds: \(CaptureKind.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @Option(help: "Read the files as this kind instead of recognising it.")
    var kind: String?

    @Argument(help: ArgumentHelp("Capture files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one capture file") }
        if let kind, CaptureKind(rawValue: kind) == nil {
            throw ValidationError("unknown kind '\(kind)'; kinds are \(CaptureKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var parsed: [ParsedCapture] = []
        var failed = false
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                Terminal.error("\(path): cannot read the file\n")
                failed = true
                continue
            }
            let whole = CaptureFile(path: path, bytes: [UInt8](data))
            // A terminal session is read section by section, as `check` reads it.
            let sections = kind == nil ? SessionSplitter.sections(of: whole) ?? [whole] : [whole]
            for file in sections {
                guard let kind = kind.flatMap(CaptureKind.init(rawValue:)) ?? CaptureRecognizer.kind(of: file) else {
                    let what = file.command.map { " (the output of `\($0)`)" } ?? ""
                    Terminal.error("\(path):\(file.lineOffset + 1): not a capture format lvslint reads\(what); use --kind to force one\n")
                    failed = true
                    continue
                }
                parsed.append(CaptureRecognizer.parse(file, as: kind))
            }
        }
        Terminal.write(ParseReport.render(parsed))
        if failed { throw ExitCode(2) }
    }
}
