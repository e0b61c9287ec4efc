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

    /// The report prints each sysctl capture's key count and its interface settings, not
    /// every key: only those are kept (a 50 MB `sysctl -a` is not turned into strings).
    static let options = ParseOptions.forRules

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
            if let forced = kind.flatMap(CaptureKind.init(rawValue:)) {
                parsed.append(CaptureRecognizer.parse(whole, as: forced, options: Self.options))
                continue
            }
            // A bundle or terminal session is read region by region, as `check` reads it.
            for region in CaptureSegmenter.regions(of: whole) {
                // A bundle's copied files, failed commands and sections no check reads yet are not captures to parse.
                let section = BundleSection(marker: region.command)
                if section.file != nil || section.exitStatus.map({ $0 != 0 }) == true || (region.kind == nil && section.isCollectedButNotRead) {
                    let command = "`\(section.command ?? "")`"
                    let what = section.file.map { "copied file \($0): configuration for the next boot, not runtime state" }
                        ?? (section.exitStatus.map { $0 != 0 } == true ? "\(command) exited \(section.exitStatus ?? 0)" : "\(command): not read by any check yet")
                    Terminal.error("\(path):\(region.file.lineOffset): \(what); skipped\n")
                    continue
                }
                guard let kind = region.kind else {
                    let what = region.command.map { " (the output of `\($0)`)" } ?? ""
                    let place = region.firstLine.map { "\($0.number)" } ?? "\(region.file.lineOffset + 1)"
                    Terminal.error("\(path):\(place): \(region.contentLines) line\(region.contentLines == 1 ? "" : "s") in no capture format lvslint reads\(what); use --kind to force one\n")
                    failed = true
                    continue
                }
                parsed.append(CaptureRecognizer.parse(region.file, as: kind, options: Self.options))
            }
        }
        ParseReport.stream(parsed) { bytes in Terminal.write(bytes: bytes) }
        if failed { throw ExitCode(2) }
    }
}
