import ArgumentParser
import LVSEngine
import LVSModel

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension ReportFormat: ExpressibleByArgument {}

extension FailOn: ExpressibleByArgument {}
