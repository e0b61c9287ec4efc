import ArgumentParser
import LVSEngine
import LVSModel

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension ReportFormat: ExpressibleByArgument {}

extension FailOn: ExpressibleByArgument {}

/// `--captures DIR`, as `check` and `lab` take it.
struct CapturesFolderOption: ParsableArguments {
    @Option(help: ArgumentHelp("Folder holding <host>/… captures; overrides the description's `captures`.", valueName: "dir"))
    var captures: String?
}
