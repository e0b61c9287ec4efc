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

                Every error in the file is reported at once, each at its file:line:column. Each setting is printed \
                with where its value came from: a line of the file, or the built-in default.

                Examples:
                  lvslint config                        # what applies in this folder
                  lvslint config cluster.yaml
                  lvslint config --config ci/.lvslint.yaml cluster.yaml
                  lvslint check --show-settings --ignore DR004 cluster.yaml   # with options
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
        let out = SettingsReport.text(configuration)
        Terminal.writeText(out)
    }
}
