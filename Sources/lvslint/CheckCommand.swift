import ArgumentParser
import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check cluster descriptions against what was captured on their hosts.",
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

            Examples:
              lvslint check Fixtures/seed-centos7-dr/cluster.yaml
              lvslint check                          # every description in this folder
              lvslint check examples/config-repo     # configuration files, at boot
              lvslint check --format json --fail-on error cluster.yaml > report.json
              lvslint check --format sarif clusters/*/cluster.yaml > lvslint.sarif
              lvslint check --write-baseline .lvslint-baseline.json cluster.yaml     # adopt on a messy cluster
              lvslint check --baseline .lvslint-baseline.json cluster.yaml           # then fail only on what is new
              lvslint check --require-complete --format junit cluster.yaml > lvslint.xml   # a missing capture fails CI
              cat cluster.yaml | lvslint check --captures captures -
              lvslint check lvs1/keepalived.conf lvs2/keepalived.conf --captures captures
            """
    )

    @Argument(help: ArgumentHelp("Cluster description files (YAML), keepalived configurations (one per director, read together), or folders: a folder is searched for descriptions (cluster.yaml, *.lvslint.yaml) and keepalived configurations, or checked as a captures folder when it holds none; no argument searches the current folder. `-` reads a description from standard input (give --captures).", valueName: "file"))
    var arguments: [String] = []

    /// The files to check: folders replaced by what they hold (see `DescriptionDiscovery`).
    var files: [String] { expanded.files }

    /// Folders searched and what they gave; computed once per run.
    var expanded: (files: [String], keepalivedGroups: [[String]], notes: [String], empty: [String]) {
        var empty: [String] = []
        var files: [String] = []
        var groups: [[String]] = []
        var notes: [String] = []
        for argument in arguments.isEmpty ? ["."] : arguments {
            var isFolder: ObjCBool = false
            guard argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(argument)
                continue
            }
            // A folder named captures is hosts' captures (their etc/ trees hold keepalived.conf
            // files that are hosts' files, not descriptions): checked as such, not searched.
            if URL(fileURLWithPath: argument).standardizedFileURL.lastPathComponent == "captures" {
                files.append(argument)
                continue
            }
            let patterns = Self.descriptionPatterns(in: argument, explicit: config)
            let found = FoundDescriptions.shared.find(in: argument, patterns: patterns)
            if found.runs.isEmpty {
                // No description here: a folder of hosts' captures, checked with an inferred
                // description; or nothing to check at all, which the run says.
                if Self.isUndescribedCaptures(argument) { files.append(argument) } else { empty.append(argument) }
                continue
            }
            for run in found.runs {
                switch run {
                case let .description(path): files.append(path)
                case let .keepalived(paths): groups.append(paths)
                }
            }
            notes.append("\(argument): \(found.runs.count) to check (descriptions named \(patterns.joined(separator: ", ")), keepalived*.conf outside captures/; listed by \(found.listedBy))\(found.truncated ? "; the search stopped at \(200_000) files" : "")")
        }
        return (files, groups, notes, empty)
    }

    /// The `descriptions:` patterns of the configuration that applies to the folder, else the defaults.
    static func descriptionPatterns(in folder: String, explicit: String?) -> [String] {
        let probe = (folder as NSString).appendingPathComponent("cluster.yaml")
        if case let .success(configuration) = ConfigurationResolution.configuration(for: probe, explicit: explicit),
           let patterns = configuration.descriptionPatterns?.value, !patterns.isEmpty {
            return patterns
        }
        return DescriptionDiscovery.defaultPatterns
    }

    @Option(help: ArgumentHelp("Folder holding <host>/… captures; overrides the description's `captures`.", valueName: "dir"))
    var captures: String?

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default text; github inside GitHub Actions).")
    var format: OutputFormat?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity: error, warning, note, or never (default: the configuration's fail_on, else warning).")
    var failOn: FailOn?

    @Flag(name: .customLong("require-complete"), help: "Fail (exit 1) when any check could not be made for want of a capture, or on a capture read only in part (also `require_complete: true` in .lvslint.yaml).")
    var requireComplete = false

    @Option(help: ArgumentHelp("Configuration file to use instead of the nearest .lvslint.yaml.", valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-inline-suppressions"), help: "Ignore `# lvslint: disable=…` comments (for central CI).")
    var noInlineSuppressions = false

    @Option(help: ArgumentHelp("Do not report findings recorded in this baseline file.", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record every current finding in this file, to pass later as --baseline.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: "Colour: auto (a terminal without NO_COLOR), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .customLong("no-fix"), help: "Leave out the one-line fix under each text finding.")
    var noFix = false

    @Option(name: .customLong("group-by"), help: ArgumentHelp("Order text findings by host, rule or service (default: host for an audit of captures, rule for a description).", valueName: "key"))
    var groupBy: TextReport.GroupBy?

    @Flag(help: "Text: print the findings only, without the summary and the checks not made.")
    var quiet = false

    @Flag(help: "Text: after the summary, count the findings of each rule.")
    var statistics = false

    @Option(help: ArgumentHelp("keepalived: the folder that stands for / (a host's copied /etc, a repository's rendered tree). `include` stays inside it and an absolute include is read inside it; without it, includes stay in the configuration's own folder.", valueName: "dir"))
    var root: String?

    @Option(name: .customLong("max-per-rule"), help: ArgumentHelp("Text: print at most this many findings of one rule, then count the rest (default 100; 0 prints every one).", valueName: "n"))
    var maxPerRule: Int = 100

    @Option(name: .customLong("docs-url"), help: ArgumentHelp("Where docs/rules.md is published, for SARIF helpUri links.", valueName: "url"))
    var docsURL: String?

    /// keepalived configurations among the files: together they describe one cluster.
    var keepalivedFiles: [String] { files.filter { $0 != "-" && KeepalivedReader.looksLikeKeepalived(path: $0) } }

    func validate() throws {
        let keepalived = keepalivedFiles
        if !keepalived.isEmpty && keepalived.count != files.count {
            throw ValidationError("check keepalived configurations (\(keepalived.joined(separator: ", "))) and YAML descriptions in separate runs: the keepalived files together describe one cluster")
        }
        if captures != nil && files.count > 1 && keepalived.isEmpty { throw ValidationError("--captures applies to one description at a time") }
        if files.contains("-") && captures == nil { throw ValidationError("reading the description from standard input (`-`) needs --captures DIR") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be read only once") }
    }

    /// GitHub Actions sets GITHUB_ACTIONS=true; annotate there unless a format was chosen.
    var effectiveFormat: OutputFormat {
        if let format { return format }
        return ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .text
    }

    /// Ends a run that could not be made at all: said on standard error, and in the report, so
    /// that a CI reading only the report goes red too.
    func fail(_ errors: [DescriptionError]) throws -> Never {
        Terminal.inputErrors(errors)
        render([], errors: errors)
        throw ExitCode(2)
    }

    func run() throws {
        if let captures {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: captures, isDirectory: &isFolder)
            if !(exists && isFolder.boolValue) {
                try fail([DescriptionError(location: SourceLocation(file: captures, line: 1),
                                           message: "--captures \(captures): \(exists ? "not a folder" : "no such folder"); nothing was checked")])
            }
        }
        var runErrors: [DescriptionError] = []
        var results: [CheckResult] = []
        var configurations: [Configuration] = []
        let progress = ProgressLine()
        defer { progress.clear() }
        var failedInput = false
        let loadedBaseline: Baseline?
        if let baseline {
            switch Baseline.load(path: baseline) {
            case let .success(b): loadedBaseline = b
            case let .failure(failure):
                try fail(failure.errors)
            }
        } else {
            loadedBaseline = nil
        }
        let expansion = expanded
        for note in expansion.notes where Terminal.isInteractiveError { Terminal.error(note + "\n") }
        let targets = Self.targets(expansion)
        if !expansion.empty.isEmpty {
            try fail(expansion.empty.map { folder in
                DescriptionError(location: SourceLocation(file: folder, line: 1),
                                 message: "no cluster description (\(Self.descriptionPatterns(in: folder, explicit: config).joined(separator: ", "))), keepalived configuration or host captures in this folder; nothing was checked")
            })
        }
        for (index, target) in targets.enumerated() {
            let file = target.first
            if targets.count > 1 && Terminal.isInteractiveError { Terminal.error("checking \(index + 1)/\(targets.count): \(file)\n") }
            let configuration: Configuration
            switch ConfigurationResolution.configuration(for: file, explicit: config) {
            case let .success(c): configuration = c
            case let .failure(errors):
                failedInput = true
                runErrors += errors.errors
                Terminal.inputErrors(errors.errors)
                Terminal.error("\(errors.errors.first?.location.file ?? "configuration"): \(errors.errors.count) configuration error\(errors.errors.count == 1 ? "" : "s"); \(file) was not checked\n")
                continue
            }
            var options = RunOptions(captures: captures, configuration: configuration, inlineSuppressions: !noInlineSuppressions,
                                     baseline: loadedBaseline)
            options.keepalivedRoot = root
            let prefix = targets.count > 1 ? "\(file): " : ""
            options.progress = { [progress] done, total in progress.update("\(prefix)reading captures: \(done) of \(total) hosts") }
            options.rulesStarting = { [progress] hosts in progress.update("\(prefix)read \(hosts) hosts; running the rules", force: true) }
            let outcome: Result<CheckResult, CheckFailure>
            if case let .keepalived(keepalived) = target {
                let folder = captures ?? ((keepalived[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("captures")
                outcome = Checker.check(keepalivedPaths: keepalived, captures: folder, options: options)
            } else if file == "-" {
                let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                outcome = Checker.check(descriptionBytes: bytes, displayPath: "<stdin>", options: options)
            } else if Self.isUndescribedCaptures(file) {
                outcome = Checker.check(inferringFrom: file, options: options)
            } else {
                outcome = Checker.check(descriptionPath: file, options: options)
            }
            switch outcome {
            case var .success(result):
                result.verdict = Verdict(failOn: failOn ?? configuration.failOn.flatMap { FailOn(rawValue: $0.value) } ?? .warning,
                                         requireComplete: requireComplete || configuration.requireComplete?.value == true)
                if result.examinedNothing {
                    // A report with no host examined must not read as a clean cluster.
                    failedInput = true
                    runErrors.append(DescriptionError(location: SourceLocation(file: file, line: 1), message: "nothing was checked: \(nothingCheckedReason(result))"))
                    Terminal.error("\(file): nothing was checked: \(nothingCheckedReason(result))\n")
                }
                results.append(result)
                configurations.append(configuration)
            case let .failure(failure):
                failedInput = true
                runErrors += failure.errors
                Terminal.inputErrors(failure.errors)
                Terminal.error("\(file): \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s") in the input; nothing was checked\n")
            }
        }
        // An exclusion must name a host or service of some description it applies to.
        let unknown = ExclusionCheck.errors(results: results, configurations: configurations)
        if !unknown.isEmpty {
            Terminal.inputErrors(unknown)
            runErrors += unknown
            let files = Set(unknown.map(\.location.file))
            Terminal.error("\(files.sorted().joined(separator: ", ")): \(unknown.count) configuration error\(unknown.count == 1 ? "" : "s"); the descriptions it applies to were not checked\n")
            failedInput = true
            let keep = zip(results, configurations).filter { !files.contains($0.1.file ?? "") }
            results = keep.map(\.0)
        }
        let checked = results
        progress.clear()
        render(checked, errors: runErrors)
        if let writeBaseline {
            do {
                try Baseline.render(checked).write(toFile: writeBaseline, atomically: true, encoding: .utf8)
                let count = checked.reduce(0) { $0 + $1.findings.count + $1.baselined.count }
                Terminal.error("wrote \(count) finding\(count == 1 ? "" : "s") to \(writeBaseline); pass it as --baseline to report only new ones\n")
            } catch {
                Terminal.error("\(writeBaseline): cannot write the baseline: \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        if failedInput { throw ExitCode(2) }
        // Writing a baseline is adopting today's findings: that run succeeds.
        if writeBaseline != nil { return }
        let status = Verdict.exitCode(results)
        if status != 0 { throw ExitCode(status) }
    }

    /// What one run checks: a description (or captures folder, or `-`), or keepalived
    /// configurations read together as one cluster.
    enum Target {
        case file(String)
        case keepalived([String])

        var first: String {
            switch self {
            case let .file(path): return path
            case let .keepalived(paths): return paths.first ?? "keepalived.conf"
            }
        }
    }

    /// keepalived files named on the command line are one cluster (a MASTER/BACKUP pair);
    /// those found in a folder are one cluster per folder.
    static func targets(_ expansion: (files: [String], keepalivedGroups: [[String]], notes: [String], empty: [String])) -> [Target] {
        let named = expansion.files.filter { $0 != "-" && KeepalivedReader.looksLikeKeepalived(path: $0) }
        var out = expansion.files.filter { !named.contains($0) }.map(Target.file)
        if !named.isEmpty { out.append(.keepalived(named)) }
        return out + expansion.keepalivedGroups.map(Target.keepalived)
    }

    /// A folder with host captures but no cluster.yaml: a cluster nobody described.
    static func isUndescribedCaptures(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("cluster.yaml")) else { return false }
        return !Inference.hosts(in: path).isEmpty
    }

    /// Why no rule could examine any host: usually no captures at all.
    func nothingCheckedReason(_ result: CheckResult) -> String {
        let hosts = result.cluster.hosts.map(\.name)
        let captured = hosts.filter { result.observations[$0] != nil }
        if captured.isEmpty {
            return "no host has captures in \(result.cluster.capturesDirectory)/ (expected \(hosts.prefix(3).map { "\($0)/" }.joined(separator: ", "))\(hosts.count > 3 ? ", …" : "") or <host>.txt); `lvslint check --help` lists what to capture"
        }
        let reasons = Set(result.notChecked.map(\.reason)).sorted().prefix(3)
        return "no rule could examine any host (\(reasons.joined(separator: "; ")))"
    }

    func render(_ results: [CheckResult], errors: [DescriptionError] = []) {
        switch effectiveFormat {
        case .text:
            var report = TextReport(color: Terminal.useColor(color), showFix: !noFix, width: Terminal.width, groupBy: groupBy,
                                    quiet: quiet, statistics: statistics)
            report.maximumPerRule = maxPerRule > 0 ? maxPerRule : nil
            for (i, result) in results.enumerated() {
                if i > 0 && !quiet { Terminal.write("\n") }
                Terminal.write(report.render(result))
            }
            if results.count > 1 && !quiet { Terminal.write(report.grandTotal(results)) }
        case .json:
            if !results.isEmpty || !errors.isEmpty { Terminal.write(JSONReport.render(results, toolVersion: LVSLint.version, errors: errors)) }
        case .sarif:
            let documentation = docsURL ?? ProcessInfo.processInfo.environment["LVSLINT_DOCS_URL"]
            Terminal.write(SARIFReport(toolVersion: LVSLint.version, rules: Catalogue.rules.map(\.info), documentationURL: documentation).render(results, errors: errors))
        case .junit:
            Terminal.write(JUnitReport().render(results, errors: errors))
        case .github:
            Terminal.write(GitHubReport().render(results, errors: errors))
        case .gitlab:
            Terminal.write(GitLabReport().render(results, errors: errors))
        case .html:
            Terminal.write(HTMLReport(toolVersion: LVSLint.version).render(results, errors: errors))
        case .dot:
            Terminal.write(ClusterDrawing.failure(errors) + results.map(ClusterDrawing.dot).joined(separator: "\n"))
        }
    }
}

extension TextReport.GroupBy: ExpressibleByArgument {}

/// A folder is searched once per run (validation and the run both ask what it holds).
final class FoundDescriptions: @unchecked Sendable {
    static let shared = FoundDescriptions()
    private let lock = NSLock()
    private var found: [String: DescriptionDiscovery.Found] = [:]

    func find(in folder: String, patterns: [String]) -> DescriptionDiscovery.Found {
        let key = folder + "\u{0}" + patterns.joined(separator: "\u{0}")
        lock.lock()
        defer { lock.unlock() }
        if let known = found[key] { return known }
        let result = DescriptionDiscovery.find(in: folder, patterns: patterns)
        found[key] = result
        return result
    }
}
