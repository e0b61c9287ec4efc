import ArgumentParser
import LVSModel

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github, gitlab
}

/// The lowest severity that makes the run fail, or never.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, note, never

    func fails(_ severity: Severity) -> Bool {
        switch self {
        case .never: return false
        case .error: return severity >= .error
        case .warning: return severity >= .warning
        case .note: return true
        }
    }
}
