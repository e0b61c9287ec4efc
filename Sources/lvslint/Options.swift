import ArgumentParser
import LVSEngine
import LVSModel

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, junit, github, gitlab, html, dot
}

extension FailOn: ExpressibleByArgument {}
