import Foundation
import LVSDescription
import LVSModel

/// One `lvslint check`, as the command line asked for it: the inputs classified, and how to
/// judge and filter what is found. The command builds it; `CheckRun.run` does the rest.
public struct CheckRequest: Sendable {
    public var inputs: CheckInputs
    /// `--captures`: the hosts' captures folder for every target.
    public var captures: String?
    /// `--config`: the configuration file instead of the nearest `.lvslint.yaml`.
    public var configurationPath: String?
    /// `--fail-on`, over the configuration's `fail_on`.
    public var failOn: FailOn?
    /// `--require-complete`, or the configuration's `require_complete`.
    public var requireComplete = false
    public var inlineSuppressions = true
    /// `--baseline`: findings recorded there are not reported.
    public var baselinePath: String?
    /// keepalived: the folder that stands for /.
    public var keepalivedRoot: String?
    /// `--select`, `--extend-select`, `--ignore`: applied over every target's configuration.
    public var selection = RuleSelection()
    /// `--host`: the host whose capture bundle standard input holds (`check -` without `--captures`).
    public var standardInputHost: String?
    /// `--jobs`: hosts read and rules run at once (nil: one per core; 1: one after another).
    public var jobs: Int?
    /// The description on standard input, read when a target is `-`.
    public var standardInput: @Sendable () -> [UInt8] = { [] }

    public init(inputs: CheckInputs) {
        self.inputs = inputs
    }
}

/// What a run tells the person watching it, as it happens (the command writes these to
/// standard error; a test collects them).
public enum CheckRunEvent: Sendable {
    /// Errors in an input, each located.
    case inputErrors([DescriptionError])
    /// A sentence about the run: a configuration ignored, a target not checked, nothing checked.
    case message(String)
    /// Only for a person at a terminal: which target is being checked, what folders gave.
    case progressNote(String)
    /// Hosts' captures being read (done, total) for the target, and the rules starting.
    case reading(target: String, done: Int, total: Int)
    case rulesStarting(target: String, hosts: Int)
}

/// What a run found, with the exit status it calls for.
public struct CheckRunOutcome: Sendable {
    public var results: [CheckResult] = []
    /// Errors in the inputs, said in the report too, so that a CI reading only the report goes red.
    public var errors: [DescriptionError] = []
    /// True when some input could not be checked at all (exit 2).
    public var failedInput = false

    /// 2 when an input could not be checked, else the verdict of the results.
    public var exitStatus: Int32 { failedInput ? 2 : Verdict.exitCode(results) }
}

/// The one way into the checker for a command line: configuration lookup per target, the
/// checker that suits each target, the verdict, "nothing checked", exclusions and the baseline.
public enum CheckRun {
    public static func run(_ request: CheckRequest, events: @escaping @Sendable (CheckRunEvent) -> Void = { _ in }) -> CheckRunOutcome {
        var outcome = CheckRunOutcome()
        if let captures = request.captures, let problem = CapturesFolder.problem(captures, needsHosts: false) {
            return failed(
                [
                    DescriptionError(
                        location: SourceLocation(file: captures, line: 1), message: "--captures \(captures): \(problem); nothing was checked")
                ],
                events)
        }
        var baseline: Baseline?
        if let path = request.baselinePath {
            switch Baseline.load(path: path) {
            case let .success(loaded): baseline = loaded
            case let .failure(failure): return failed(failure.errors, events)
            }
        }
        for note in request.inputs.notes { events(.progressNote(note)) }
        if !request.inputs.emptyFolders.isEmpty {
            return failed(
                request.inputs.emptyFolders.map { folder in
                    DescriptionError(
                        location: SourceLocation(file: folder, line: 1),
                        message:
                            "no cluster description (\(CheckInputs.descriptionPatterns(in: folder, explicit: request.configurationPath).joined(separator: ", "))), keepalived configuration or host captures in this folder; nothing was checked"
                    )
                }, events)
        }
        var configurations: [Configuration] = []
        // What made each result, for a second pass with the other clusters' VRRP advertisers.
        var optionsByResult: [RunOptions] = []
        var targetsByResult: [CheckInputs.Target] = []
        var resultIndex: [Int] = []
        let targets = request.inputs.targets
        for (index, target) in targets.enumerated() {
            let file = target.path
            if targets.count > 1 { events(.progressNote("checking \(index + 1)/\(targets.count): \(file)")) }
            let configuration: Configuration
            switch ConfigurationResolution.configuration(for: file, explicit: request.configurationPath, warn: { events(.message($0)) }) {
            case var .success(c):
                c.commandLine = request.selection
                configuration = c
            case let .failure(errors):
                outcome.failedInput = true
                outcome.errors += errors.errors
                events(.inputErrors(errors.errors))
                events(
                    .message(
                        "\(errors.errors.first?.location.file ?? "configuration"): \(errors.errors.count) configuration error\(errors.errors.count == 1 ? "" : "s"); \(file) was not checked"
                    ))
                continue
            }
            var options = RunOptions(
                captures: request.captures, configuration: configuration, inlineSuppressions: request.inlineSuppressions, baseline: baseline)
            options.keepalivedRoot = request.keepalivedRoot
            options.jobs = request.jobs
            let label = targets.count > 1 ? file : ""
            options.progress = { done, total in events(.reading(target: label, done: done, total: total)) }
            options.rulesStarting = { hosts in events(.rulesStarting(target: label, hosts: hosts)) }
            optionsByResult.append(options)
            targetsByResult.append(target)
            switch check(target, request: request, options: options) {
            case var .success(result):
                result.verdict = Verdict(
                    failOn: request.failOn ?? configuration.failOn.flatMap { FailOn(rawValue: $0.value) } ?? .warning,
                    requireComplete: request.requireComplete || configuration.requireComplete?.value == true)
                if result.examinedNothing {
                    // A report with no host examined must not read as a clean cluster.
                    outcome.failedInput = true
                    let reason = nothingCheckedReason(result)
                    outcome.errors.append(DescriptionError(location: SourceLocation(file: file, line: 1), message: "nothing was checked: \(reason)"))
                    events(.message("\(file): nothing was checked: \(reason)"))
                }
                // Paths under the working directory are shown relative to it, in every format.
                outcome.results.append(result.renamingFiles { DisplayPath.relative($0) })
                configurations.append(configuration)
                resultIndex.append(optionsByResult.count - 1)
            case let .failure(failure):
                outcome.failedInput = true
                outcome.errors += failure.errors
                events(.inputErrors(failure.errors))
                events(.message("\(file): \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s") in the input; nothing was checked"))
            }
        }
        recheckSharedRouterIDs(
            &outcome, request: request, runs: resultIndex.map { (targetsByResult[$0], optionsByResult[$0]) })
        // An exclusion must name a host or service of some description it applies to.
        let unknown = ExclusionCheck.errors(results: outcome.results, configurations: configurations)
        if !unknown.isEmpty {
            events(.inputErrors(unknown))
            outcome.errors += unknown
            let files = Set(unknown.map(\.location.file))
            events(
                .message(
                    "\(files.sorted().joined(separator: ", ")): \(unknown.count) configuration error\(unknown.count == 1 ? "" : "s"); the descriptions it applies to were not checked"
                ))
            outcome.failedInput = true
            outcome.results = zip(outcome.results, configurations).filter { !files.contains($0.1.file ?? "") }.map(\.0)
        }
        return outcome
    }

    /// Descriptions checked together may put VRRP instances of two clusters on one segment:
    /// each cluster whose router ids collide with another's is checked again, told of the
    /// other's advertisers (VRRP005). Nothing is done again where nothing collides.
    static func recheckSharedRouterIDs(
        _ outcome: inout CheckRunOutcome, request: CheckRequest, runs: [(target: CheckInputs.Target, options: RunOptions)]
    ) {
        guard outcome.results.count > 1, runs.count == outcome.results.count else { return }
        let advertisers = outcome.results.map { result in
            VRRPAdvertiser.all(cluster: result.cluster.name, keepalived: result.keepalived, observations: result.observations)
        }
        for index in outcome.results.indices {
            var neighbours: [VRRPAdvertiser] = []
            for (other, theirs) in advertisers.enumerated() where other != index {
                neighbours += theirs.filter { their in advertisers[index].contains { $0.collides(with: their) } }
            }
            guard !neighbours.isEmpty else { continue }
            var options = runs[index].options
            options.vrrpNeighbours = neighbours
            options.progress = nil
            options.rulesStarting = nil
            guard case var .success(again) = check(runs[index].target, request: request, options: options) else { continue }
            again.verdict = outcome.results[index].verdict
            outcome.results[index] = again.renamingFiles { DisplayPath.relative($0) }
        }
    }

    /// The checker that suits the target.
    static func check(_ target: CheckInputs.Target, request: CheckRequest, options: RunOptions) -> Result<CheckResult, CheckFailure> {
        // Paths under the working directory are read (and so shown, messages included) relative to it.
        var request = request
        request.captures = request.captures.map { DisplayPath.relative($0) }
        var options = options
        options.captures = options.captures.map { DisplayPath.relative($0) }
        switch target.relativeToWorkingDirectory {
        case let .keepalived(paths):
            let folder =
                request.captures
                ?? ((paths.first.map { ($0 as NSString).deletingLastPathComponent } ?? ".") as NSString).appendingPathComponent("captures")
            return Checker.run(.keepalived(paths, captures: folder), options: options)
        case .standardInput:
            // With --captures, standard input holds the description; without, one host's captures.
            if request.captures == nil {
                return StandardInputBundle.check(request.standardInput(), host: request.standardInputHost, options: options)
            }
            return Checker.run(.descriptionBytes(request.standardInput(), displayPath: "<stdin>"), options: options)
        case let .undescribedCaptures(folder):
            return Checker.run(.undescribedCaptures(folder), options: options)
        case let .description(path):
            return Checker.run(.description(path), options: options)
        }
    }

    /// A run that could not be made at all.
    static func failed(_ errors: [DescriptionError], _ events: (CheckRunEvent) -> Void) -> CheckRunOutcome {
        events(.inputErrors(errors))
        var outcome = CheckRunOutcome()
        outcome.errors = errors
        outcome.failedInput = true
        return outcome
    }

    /// Why no rule could examine any host: usually no captures at all.
    static func nothingCheckedReason(_ result: CheckResult) -> String {
        let hosts = result.cluster.hosts.map(\.name)
        let captured = hosts.filter { result.observations[$0] != nil }
        if captured.isEmpty {
            return
                "no host has captures in \(result.cluster.capturesDirectory)/ (expected \(hosts.prefix(3).map { "\($0)/" }.joined(separator: ", "))\(hosts.count > 3 ? ", …" : "") or <host>.txt); `lvslint check --help` lists what to capture"
        }
        let reasons = Set(result.notChecked.map(\.reason)).sorted().prefix(3)
        guard !reasons.isEmpty else {
            // Every host was read, but the rules selected examine none (`--select CAP002`).
            let selected = result.rulesRun.map(\.id).sorted()
            return
                "the \(selected.count == 1 ? "rule" : "rules") selected (\(selected.prefix(5).joined(separator: ", "))\(selected.count > 5 ? ", …" : "")) \(selected.count == 1 ? "examines" : "examine") no host's captures; `lvslint rules` lists what each rule reads"
        }
        return "no rule could examine any host (\(reasons.joined(separator: "; ")))"
    }
}
