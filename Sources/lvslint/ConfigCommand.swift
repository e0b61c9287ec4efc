import ArgumentParser
import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules

struct ConfigCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "config",
            abstract: tr("Show the configuration that applies to a description, and where each value comes from."),
            discussion: """
                Without --config, the nearest .lvslint.yaml from the description's folder up to the repository root \
                applies (or, without a description, from the current folder). Example .lvslint.yaml:

                    disable: [DESC001, NAT]          # rule ids, slugs, families, or all
                    enable: [NAT001]                 # back on, although its family is disabled
                    severity: {DR004: error}
                    exclude:
                      - {rule: DR004, host: lvs3, reason: "old kernel, replaced in Q3"}
                    fail_on: error                   # error | warning | note | never
                """
        )
    }

    @Option(help: ArgumentHelp("Configuration file to show instead of the nearest .lvslint.yaml.", valueName: "file"))
    var config: String?

    @Argument(help: ArgumentHelp("A cluster description; its folder is where the search starts.", valueName: "file"))
    var description: String?

    func run() throws {
        let start = description ?? FileManager.default.currentDirectoryPath + "/cluster.yaml"
        let configuration: Configuration
        switch ConfigurationResolution.configuration(for: start, explicit: config) {
        case let .success(c): configuration = c
        case let .failure(errors):
            Terminal.inputErrors(errors.errors)
            throw ExitCode(2)
        }
        // As `check` does: an exclusion must name a host or service of the description it applies to.
        if let description, case let .loaded(cluster) = DescriptionLoader.load(path: description) {
            let unknown = ExclusionCheck.errors(clusters: [cluster], configurations: [configuration])
            if !unknown.isEmpty {
                Terminal.inputErrors(unknown)
                throw ExitCode(2)
            }
        }
        var out = "configuration: \(configuration.file ?? "none found (built-in defaults)")\n"
        if let failOn = configuration.failOn {
            out += "fail_on: \(failOn.value)    (\(failOn.location))\n"
        } else {
            out += "fail_on: warning    (built-in default)\n"
        }
        if let requireComplete = configuration.requireComplete {
            out += "require_complete: \(requireComplete.value)    (\(requireComplete.location))\n"
        } else {
            out += "require_complete: false    (built-in default)\n"
        }
        for setting in Thresholds.settings {
            if let set = configuration.thresholds[setting.key] {
                out += "thresholds.\(setting.key): \(set.value)    (\(set.location))\n"
            } else {
                out += "thresholds.\(setting.key): \(setting.defaultValue)    (built-in default)\n"
            }
        }
        if let patterns = configuration.descriptionPatterns {
            out += "descriptions: \(patterns.value.joined(separator: ", "))    (\(patterns.location))\n"
        } else {
            out +=
                "descriptions: \(DescriptionDiscovery.defaultPatterns.joined(separator: ", "))    (built-in default: what `lvslint check DIR` looks for)\n"
        }
        out += "\nrules:\n"
        let idWidth = (Catalogue.rules.map(\.info.id.count).max() ?? 7) + 1
        for rule in Catalogue.rules {
            let id = rule.info.id
            var state = "on"
            var source = "default"
            if let e = configuration.enable.last(where: { $0.ruleIDs.contains(id) }) {
                source = "enable: \(e.text) at \(e.location)"
            } else if let d = configuration.disable.last(where: { $0.ruleIDs.contains(id) }) {
                state = "off"
                source = "disable: \(d.text) at \(d.location)"
            }
            var severity = rule.info.severity.rawValue
            var severitySource = "default"
            if let o = configuration.severity(of: id) {
                severity = o.severity.rawValue
                severitySource = "\(o.selector.location)"
            }
            out +=
                "  \(id.padding(toLength: idWidth, withPad: " ", startingAt: 0))\(state.padding(toLength: 4, withPad: " ", startingAt: 0))\(severity.padding(toLength: 8, withPad: " ", startingAt: 0)) \(rule.info.slug)"
            var sources: [String] = []
            if source != "default" { sources.append(source) }
            if severitySource != "default" { sources.append("severity at \(severitySource)") }
            if !sources.isEmpty { out += "    (\(sources.joined(separator: "; ")))" }
            out += "\n"
        }
        if !configuration.exclusions.isEmpty {
            out += "\nexclusions:\n"
            for e in configuration.exclusions {
                var what: [String] = []
                if let r = e.rules { what.append("rule \(r.text)") }
                if let h = e.host { what.append("host \(h)") }
                if let s = e.service { what.append("service \(s)") }
                out += "  \(what.joined(separator: ", ")): \(e.reason)    (\(e.location))\n"
            }
        }
        Terminal.writeText(out)
    }
}
