import ArgumentParser
import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules

struct CheckCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "check",
            abstract: tr("Check cluster descriptions against what was captured on their hosts."),
            discussion: """
                Reads each description (schema version 1) and the captures beside it (captures/<host>/ by default, \
                or the folder named by `captures:` in the description, or --captures), runs every rule, and prints \
                the findings. Capture files are recognised by content: a file may hold one command's output, or \
                several (`{ ip -d addr; ip route show table all; sysctl -a; ipvsadm -Ln; } > captures/HOST.txt`), \
                with or without marker lines between them (prompts, `+ cmd`, `### cmd`, `--- cmd ---`, `==== cmd ====`).

                A check whose captures are missing, or were read only in part (a line or a region not understood, a \
                grep'd `sysctl -a` lacking a key the kernel combines, `ip -o addr` without link flags), is listed under \
                "not checked" for that host and never passes; --require-complete makes such a gap fail the run. \
                Exit status: 0 clean, 1 findings at or above --fail-on (or gaps with --require-complete), 2 when the \
                input could not be checked: description errors, a captures folder that does not exist, or nothing any \
                rule could look at. A host with no input at all is listed as not checked; the run still ends by its \
                findings.

                Before deployment: a host with no runtime captures but its configuration files under \
                captures/<host>/etc/… (ifcfg, /etc/network/interfaces, netplan, NetworkManager keyfiles, networkd, \
                sysctl.d, saved ipvsadm rules, unit links, rc.local) is checked in the state those files build at \
                boot, by the same rules; its findings say `at boot:`, and cite the files' own lines. A folder argument \
                (or none: the current folder) is searched for descriptions (cluster.yaml, cluster.yml, \
                *.lvslint.yaml, or `descriptions:` in .lvslint.yaml) and keepalived*.conf folders, skipping hidden \
                and captures/ folders and what .gitignore ignores; a folder holding none is read as a captures folder.

                keepalived configurations may stand in for the description: `lvslint check keepalived.conf --captures \
                DIR` (several files, one per director, are read together as one cluster). Services come from the \
                virtual_server blocks with keepalived's defaults applied; the KA rules report each default and trap, \
                on its keepalived.conf line.

                A `.lvslint.yaml` beside the description or in a parent folder (up to the repository root), or the \
                file given with --config, enables and disables rules, overrides severities, excludes hosts or \
                services, and sets the default --fail-on (`lvslint config` shows what applies). A comment \
                `# lvslint: disable=DR004 -- reason` on a host, service or real-server line suppresses that rule there.

                Selection and output work as in ruff: --select replaces the configuration's choice of rules, \
                --extend-select adds to it, --ignore takes away last (ids, slugs, families or all). Each --format may \
                be followed by its --output-file (-o), so one run writes SARIF and JUnit for CI and prints text once. \
                `-` reads one host's capture bundle (`lvslint collect`'s output) from standard input, the host named \
                by its header or --host; with --captures, `-` reads a description instead.

                Examples:
                  lvslint check Fixtures/seed-centos7-dr/cluster.yaml
                  lvslint check                             # every description in this folder
                  lvslint check examples/config-repo        # configuration files, at boot
                  lvslint check --select DR,NAT --ignore DR004 cluster.yaml
                  lvslint check -q --exit-zero cluster.yaml # findings only, never fail
                  lvslint check --show-settings cluster.yaml   # which rules run, and why
                  lvslint check --format json -o report.json cluster.yaml
                  lvslint check --format sarif -o lvslint.sarif --format junit \\
                      -o lvslint.xml --format text cluster.yaml
                  lvslint check --write-baseline .lvslint-baseline.json cluster.yaml
                  lvslint check --baseline .lvslint-baseline.json cluster.yaml
                  lvslint check --require-complete cluster.yaml   # a missing capture fails
                  ssh root@rs1 sh -s < lvslint-collect.sh | lvslint check -
                  lvslint check --captures captures - < cluster.yaml
                  lvslint check lvs1/keepalived.conf lvs2/keepalived.conf --captures captures
                """
        )
    }

    @Argument(
        help: ArgumentHelp(
            "Cluster description files (YAML), keepalived configurations (one per director, read together), or folders: a folder is searched for descriptions (cluster.yaml, *.lvslint.yaml) and keepalived configurations, or checked as a captures folder when it holds none; no argument searches the current folder. `-` reads one host's capture bundle from standard input (or, with --captures, a description).",
            valueName: "file"))
    var arguments: [String] = []

    /// The arguments classified into what to check (folders searched once per run).
    var inputs: CheckInputs { CheckInputs.classify(arguments, explicitConfiguration: config) }

    @OptionGroup var capturesFolder: CapturesFolderOption

    @OptionGroup var language: LanguageOption
    var captures: String? { capturesFolder.captures }

    @Option(
        help: ArgumentHelp(
            "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default text; github inside GitHub Actions). Give several, each followed by its --output-file, to write several reports in one run.",
            valueName: "format"))
    var format: [ReportFormat] = []

    @Option(
        name: [.customShort("o"), .customLong("output-file")],
        help: ArgumentHelp(
            "Write the report of the --format before it to this file instead of standard output (`--format sarif -o lvslint.sarif --format junit -o lvslint.xml` prints nothing else).",
            valueName: "file"))
    var outputFile: [String] = []

    @Option(
        help: ArgumentHelp(
            "Run only these rules (ids, slugs, families or all; comma-separated or repeated), instead of what .lvslint.yaml enables.",
            valueName: "rules"))
    var select: [String] = []

    @Option(
        name: .customLong("extend-select"),
        help: ArgumentHelp("Run these rules too, over what --select or .lvslint.yaml chose.", valueName: "rules"))
    var extendSelect: [String] = []

    @Option(help: ArgumentHelp("Do not run these rules (applied last, over --select and --extend-select).", valueName: "rules"))
    var ignore: [String] = []

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings are at or above --fail-on (2 still means the input could not be checked).")
    var exitZero = false

    @Flag(
        name: .customLong("show-settings"),
        help: "Print the settings that apply to the first input (as `lvslint config` does, with the command line's selection) and exit.")
    var showSettings = false

    @Option(
        help: ArgumentHelp(
            "With `-` and no --captures: the host whose capture bundle standard input holds (default: the one its `# lvslint bundle` header names).",
            valueName: "name"))
    var host: String?

    @Option(
        name: .customLong("fail-on"),
        help:
            "Exit 1 when a finding is at or above this severity: error, warning, note, or never (default: the configuration's fail_on, else warning)."
    )
    var failOn: FailOn?

    @Flag(
        name: .customLong("require-complete"),
        help:
            "Fail (exit 1) when any check could not be made for want of a capture, or on a capture read only in part (also `require_complete: true` in .lvslint.yaml)."
    )
    var requireComplete = false

    @Option(help: ArgumentHelp("Configuration file to use instead of the nearest .lvslint.yaml.", valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-inline-suppressions"), help: "Ignore `# lvslint: disable=…` comments (for central CI).")
    var noInlineSuppressions = false

    @Option(help: ArgumentHelp("Do not report findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(
        name: .customLong("write-baseline"),
        help: ArgumentHelp("Record every current finding in this file, to pass later as --baseline.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: "Colour: auto (a terminal without NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .customLong("no-fix"), help: "Leave out the one-line fix under each text finding.")
    var noFix = false

    @Option(
        name: .customLong("group-by"),
        help: ArgumentHelp(
            "Order text findings by host, rule or service (default: host for an audit of captures, rule for a description).", valueName: "key"))
    var groupBy: TextReport.GroupBy?

    @Flag(name: [.customShort("q"), .long], help: "Text: print the findings only, without the summary and the checks not made.")
    var quiet = false

    @Flag(help: "Text: after the summary, count the findings of each rule.")
    var statistics = false

    @Flag(
        help:
            "Text: after the report, explain each rule that found something with this cluster's hosts, values and distribution (as `lvslint explain RULE --for` does)."
    )
    var explain = false

    @Option(
        help: ArgumentHelp(
            "keepalived: the folder that stands for / (a host's copied /etc, a repository's rendered tree). `include` stays inside it and an absolute include is read inside it; without it, includes stay in the configuration's own folder.",
            valueName: "dir"))
    var root: String?

    @Option(
        name: .customLong("max-per-rule"),
        help: ArgumentHelp(
            "Text: print at most this many findings of one rule, then count the rest (default 100; 0 prints every one).", valueName: "n"))
    var maxPerRule: Int = 100

    @Option(name: .customLong("docs-url"), help: ArgumentHelp("Where docs/rules.md is published, for SARIF helpUri links.", valueName: "url"))
    var docsURL: String?

    @Option(
        name: [.customShort("j"), .long],
        help: ArgumentHelp(
            "Read hosts and run rules on this many cores at once (default: every core; 1: one after another, for a machine shared with other work). The report is the same either way.",
            valueName: "n"))
    var jobs: Int?

    /// The files named, folders replaced by the descriptions they hold.
    var files: [String] { inputs.files }

    /// keepalived configurations among the files: together they describe one cluster.
    var keepalivedFiles: [String] { files.filter(CheckInputs.isKeepalived) }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs): give 1 or more (1 runs one thing at a time)") }
        let keepalived = keepalivedFiles
        if !keepalived.isEmpty && keepalived.count != files.count {
            throw ValidationError(
                "check keepalived configurations (\(keepalived.joined(separator: ", "))) and YAML descriptions in separate runs: the keepalived files together describe one cluster"
            )
        }
        if captures != nil && files.count > 1 && keepalived.isEmpty { throw ValidationError("--captures applies to one description at a time") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
        if files.contains("-") && files.count > 1 && captures == nil {
            throw ValidationError("a capture bundle on standard input (`-`) is checked alone")
        }
        if host != nil && !files.contains("-") { throw ValidationError("--host names the host of a capture bundle on standard input: give `-`") }
        if host != nil && captures != nil {
            throw ValidationError("--host is for a capture bundle on standard input; with --captures, standard input holds a description")
        }
        if explain, let other = outputPlan.destinations.first(where: { $0.file == nil })?.format, other != .text {
            throw ValidationError("--explain adds rule pages to the text report, not to --format \(other.rawValue)")
        }
        if case let .failure(error) = OutputPlan.plan(arguments: CommandLine.arguments, formats: format, files: outputFile) {
            throw ValidationError(error.message)
        }
        if case let .failure(error) = selection { throw ValidationError(error.message) }
    }

    /// Where each report goes: `--format X --output-file Y` pairs, the rest to standard output.
    var outputPlan: OutputPlan {
        (try? OutputPlan.plan(arguments: CommandLine.arguments, formats: format, files: outputFile).get())
            ?? OutputPlan(destinations: [OutputPlan.Destination(format: format.last, file: nil)])
    }

    /// `--select`, `--extend-select`, `--ignore`, resolved to rule ids.
    var selection: Result<RuleSelection, SelectionError> {
        let names = Catalogue.names
        return Result {
            RuleSelection(
                select: select.isEmpty ? nil : try RuleSelection.selectors(select, option: "--select", rules: names).get(),
                extendSelect: try RuleSelection.selectors(extendSelect, option: "--extend-select", rules: names).get(),
                ignore: try RuleSelection.selectors(ignore, option: "--ignore", rules: names).get())
        }.mapError { $0 as? SelectionError ?? SelectionError(message: "\($0)") }
    }

    /// GitHub Actions sets GITHUB_ACTIONS=true; annotate there unless a format was chosen.
    /// A report written to a file takes text, whatever the environment.
    func effectiveFormat(_ destination: OutputPlan.Destination) -> ReportFormat {
        if let format = destination.format { return format }
        if destination.file != nil { return .text }
        return ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .text
    }

    func run() throws {
        let selection = (try? selection.get()) ?? RuleSelection()
        if showSettings {
            let first = files.first ?? FileManager.default.currentDirectoryPath + "/cluster.yaml"
            switch ConfigurationResolution.configuration(for: first, explicit: config) {
            case var .success(configuration):
                configuration.commandLine = selection
                Terminal.writeText(SettingsReport.text(configuration))
                return
            case let .failure(errors):
                Terminal.inputErrors(errors.errors)
                throw ExitCode(2)
            }
        }
        var request = CheckRequest(inputs: inputs)
        request.selection = selection
        request.standardInputHost = host
        request.captures = captures
        request.configurationPath = config
        request.failOn = failOn
        request.requireComplete = requireComplete
        request.inlineSuppressions = !noInlineSuppressions
        request.baselinePath = baseline
        request.keepalivedRoot = root
        request.jobs = jobs
        request.standardInput = { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        let progress = ProgressLine()
        defer { progress.clear() }
        let outcome = CheckRun.run(request) { [progress] event in
            switch event {
            case let .inputErrors(errors): Terminal.inputErrors(errors)
            case let .message(text): Terminal.error(text + "\n")
            case let .progressNote(text): if Terminal.isInteractiveError { Terminal.error(text + "\n") }
            case let .reading(target, done, total):
                progress.update("\(target.isEmpty ? "" : target + ": ")reading captures: \(done) of \(total) hosts")
            case let .rulesStarting(target, hosts):
                progress.update("\(target.isEmpty ? "" : target + ": ")read \(hosts) hosts; running the rules", force: true)
            }
        }
        progress.clear()
        let shown = outcome.results.map { $0.localized(language.translations) }
        defer { KeptUntilExit.keep((outcome, shown)) }
        var unwritable = false
        for destination in outputPlan.destinations {
            let format = effectiveFormat(destination)
            var settings = reportSettings
            if destination.file != nil {
                // A file is read later, by a tool or in an editor: no colour, no terminal width.
                settings.color = false
                settings.width = 100
            }
            var report = format.reporter(settings).render(shown, errors: outcome.errors)
            if explain && format == .text {
                for result in shown {
                    let ids = Set(result.findings.map(\.rule))
                    for rule in Catalogue.rules where ids.contains(rule.info.id) {
                        // Quoting names and capture lines, as the text report does: made printable the same way.
                        report += "\n" + TextReport.printableLines(ClusterExplanation.page(rule.info, in: result, language.translations))
                    }
                }
            }
            guard let file = destination.file else {
                Terminal.write(report)
                continue
            }
            do {
                try report.write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                Terminal.error("\(TextReport.printable(file)): cannot write the \(format.rawValue) report: \(error.localizedDescription)\n")
                unwritable = true
            }
        }
        if let writeBaseline, !outcome.results.isEmpty || !outcome.failedInput {
            do {
                try Baseline.render(outcome.results).write(toFile: writeBaseline, atomically: true, encoding: .utf8)
                let count = outcome.results.reduce(0) { $0 + $1.findings.count + $1.baselined.count }
                Terminal.error("wrote \(count) finding\(count == 1 ? "" : "s") to \(writeBaseline); pass it as --baseline to report only new ones\n")
            } catch {
                Terminal.error("\(writeBaseline): cannot write the baseline: \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        if outcome.failedInput || unwritable { throw ExitCode(2) }
        // Writing a baseline is adopting today's findings: that run succeeds; so does --exit-zero.
        if writeBaseline != nil || exitZero { return }
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }

    /// How the report is written, from the command line and the terminal.
    var reportSettings: ReportSettings {
        var settings = ReportSettings(toolVersion: LVSLint.version)
        settings.color = Terminal.useColor(color)
        settings.showFix = !noFix
        settings.width = Terminal.width
        settings.groupBy = groupBy
        settings.quiet = quiet
        settings.statistics = statistics
        settings.maximumPerRule = maxPerRule > 0 ? maxPerRule : nil
        settings.documentationURL = docsURL ?? ProcessInfo.processInfo.environment["LVSLINT_DOCS_URL"]
        settings.translations = language.translations
        return settings
    }
}

extension TextReport.GroupBy: ExpressibleByArgument {}
