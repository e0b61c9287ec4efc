import ArgumentParser
import Foundation
import LVSEngine
import LVSModel

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check cluster descriptions against what was captured on their hosts.",
        discussion: """
            Reads each description (schema version 1) and the captures beside it (captures/<host>/ by default, \
            or the folder named by `captures:` in the description, or --captures), runs every rule, and prints \
            the findings. A rule whose captures are missing is listed under "not checked" for that host.

            Examples:
              lvslint check Fixtures/seed-centos7-dr/cluster.yaml
              lvslint check --format json --fail-on error cluster.yaml > report.json
            """
    )

    @Argument(help: ArgumentHelp("Cluster description files (YAML).", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Folder holding captures/<host>/…; overrides the description's `captures`.", valueName: "dir"))
    var captures: String?

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity: error, warning, note, or never.")
    var failOn: FailOn = .warning

    @Option(help: "Colour: auto (a terminal without NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .customLong("no-fix"), help: "Leave out the one-line fix under each text finding.")
    var noFix = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one cluster description, e.g. `lvslint check cluster.yaml`") }
        if captures != nil && files.count > 1 { throw ValidationError("--captures applies to one description at a time") }
    }

    func run() throws {
        var results: [CheckResult] = []
        var failedInput = false
        for file in files {
            switch Checker.check(descriptionPath: file, captures: captures) {
            case let .success(result):
                results.append(result)
            case let .failure(failure):
                failedInput = true
                for error in failure.errors { Terminal.error("\(error)\n") }
                Terminal.error("\(file): \(failure.errors.count) description error\(failure.errors.count == 1 ? "" : "s"); nothing was checked\n")
            }
        }
        switch format {
        case .text:
            let report = TextReport(color: Terminal.useColor(color), showFix: !noFix)
            for (i, result) in results.enumerated() {
                if i > 0 { Terminal.write("\n") }
                Terminal.write(report.render(result))
            }
        case .json:
            if !results.isEmpty { Terminal.write(JSONReport.render(results, toolVersion: LVSLint.version)) }
        }
        if failedInput { throw ExitCode(2) }
        if results.contains(where: { $0.findings.contains { failOn.fails($0.severity) } }) { throw ExitCode(1) }
    }
}
