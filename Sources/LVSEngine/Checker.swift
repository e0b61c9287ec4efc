import Foundation
import LVSBoot
import LVSCapture
import LVSDescription
import LVSModel
import LVSRules

/// The result of checking one cluster: findings, the checks that could not be made, and
/// what configuration, suppressions and a baseline took away.
public struct CheckResult: Sendable {
    public var cluster: ClusterDescription
    public var findings: [Finding]
    public var notChecked: [NotChecked]
    public var observations: [String: HostObservation]
    /// Rules that ran (after configuration).
    public var rulesRun: [RuleInfo] = []
    /// For each rule, the hosts whose captures it examined.
    public var checkedHosts: [String: Set<String>] = [:]
    public var suppressed: [Finding] = []
    public var excluded: [Finding] = []
    public var baselined: [Finding] = []
    /// The `.lvslint.yaml` (or --config file) that applied, and the rules it switched off:
    /// every report names them, so that a configuration cannot hide a finding unseen.
    public var configurationFile: String?
    public var disabledByConfiguration: [String] = []
    /// What makes this result fail; set from --fail-on, --require-complete and the configuration.
    public var verdict = Verdict()
    /// The captures folder the description was inferred from, when nobody wrote one.
    public var inferredFrom: String?
    /// The keepalived configurations read for this cluster.
    public var keepalived: [KeepalivedConfig] = []
    /// True when the services came from keepalived.conf, not from a YAML description.
    public var describedByKeepalived = false

    /// True when no rule examined any host's captures: nothing about the hosts was checked.
    public var examinedNoHost: Bool { !cluster.hosts.isEmpty && checkedHosts.values.allSatisfy(\.isEmpty) }

    /// True when no rule could look at anything: no host's captures or configuration, and no
    /// description or keepalived rule had a service to judge. Only then is a run "nothing
    /// checked" (exit 2); otherwise it ends by its findings, the hosts without input listed
    /// as not checked (failing under --require-complete).
    public var examinedNothing: Bool {
        guard examinedNoHost else { return false }
        let judgesDescription = rulesRun.contains { $0.needs.isEmpty && $0.scope != .captures && $0.family != "SUP" }
        return !(judgesDescription && (!cluster.services.isEmpty || !keepalived.isEmpty))
    }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

/// Why an input could not be checked at all (exit status 2).
public struct CheckFailure: Error, Sendable {
    public var errors: [DescriptionError]

    public init(errors: [DescriptionError]) { self.errors = errors }
}

/// How a run treats findings beyond the rules themselves.
public struct RunOptions: Sendable {
    public var captures: String?
    public var configuration: Configuration
    public var inlineSuppressions: Bool
    public var baseline: Baseline?
    /// Called with the number of hosts whose captures were read so far and the total (from any thread).
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// Called once the captures are read, with the number of hosts that had some, before the rules run.
    public var rulesStarting: (@Sendable (Int) -> Void)?
    /// keepalived configurations to hand to the rules.
    public var keepalived: [KeepalivedConfig] = []
    public var describedByKeepalived = false
    /// Directors inferred by their signs alone, whose services are not known (`CheckContext.servicesUnknown`).
    public var servicesUnknown: [String: [IPAddress]] = [:]
    /// `--root DIR`: keepalived includes stay inside DIR, and an absolute one is read inside it.
    public var keepalivedRoot: String?
    /// Other clusters' VRRP advertisers that share a router id with this one's (`CheckContext.vrrpNeighbours`).
    public var vrrpNeighbours: [VRRPAdvertiser] = []
    /// `--jobs`: how many hosts are read and rules run at once; nil for every core, 1 for one
    /// after another. The report is the same either way.
    public var jobs: Int?
    /// Whether hosts' captures are read while the description is parsed (`CapturePrefetch`),
    /// where the folder is known beforehand and more than one job may run. The report is the
    /// same either way.
    public var prefetchesCaptures = true

    public init(
        captures: String? = nil, configuration: Configuration = Configuration(), inlineSuppressions: Bool = true,
        baseline: Baseline? = nil
    ) {
        self.captures = captures
        self.configuration = configuration
        self.inlineSuppressions = inlineSuppressions
        self.baseline = baseline
    }
}

/// What the checker is asked to check: the one way into it is `Checker.run`.
public enum CheckInput: Sendable {
    /// A cluster description file and the captures it names (or `RunOptions.captures`).
    case description(String)
    /// A description read from standard input (or any bytes); `displayPath` names it in messages.
    case descriptionBytes([UInt8], displayPath: String)
    /// A captures folder with no description: the description is inferred from the captures.
    case undescribedCaptures(String)
    /// keepalived configurations as the description (one per director; a MASTER/BACKUP pair
    /// together), checked against the captures in the folder.
    case keepalived([String], captures: String)
    /// A cluster and its hosts already read: the rules alone (tests, rule examples).
    case observed(ClusterDescription, [String: HostObservation], strayCaptures: [String])
}

public enum Checker {
    /// Loads what `input` names, runs the rules, applies configuration, suppressions,
    /// exclusions and the baseline, and orders the findings.
    public static func run(_ input: CheckInput, options: RunOptions = RunOptions(), rules: [any Rule] = Catalogue.rules) -> Result<
        CheckResult, CheckFailure
    > {
        switch input {
        case let .description(path):
            // The description is parsed on this core while the others read the captures it will
            // most likely name.
            var prefetch: CapturePrefetch?
            if options.prefetchesCaptures && options.jobs != 1, let folder = CapturePrefetch.folder(forDescription: path, captures: options.captures)
            {
                prefetch = CapturePrefetch.start(directory: folder, options: .forChecks, jobs: options.jobs, progress: options.progress)
            }
            return load(DescriptionLoader.load(path: path), options: options, rules: rules, prefetch: prefetch)
        case let .descriptionBytes(bytes, displayPath):
            return load(
                DescriptionLoader.load(bytes: bytes, displayPath: displayPath, baseDirectory: FileManager.default.currentDirectoryPath),
                options: options, rules: rules)
        case let .undescribedCaptures(folder): return inferring(from: folder, options: options, rules: rules)
        case let .keepalived(paths, captures): return keepalived(paths: paths, captures: captures, options: options, rules: rules)
        case let .observed(cluster, observations, stray):
            return check(cluster: cluster, observations: observations, strayCaptures: stray, options: options, rules: rules)
        }
    }

    /// The rules alone on hosts already read, without inline suppressions: only a suppression
    /// naming an unknown rule can fail, so with none this cannot.
    public static func rules(
        on cluster: ClusterDescription, observations: [String: HostObservation], rules: [any Rule] = Catalogue.rules
    ) -> CheckResult {
        switch run(.observed(cluster, observations, strayCaptures: []), options: RunOptions(inlineSuppressions: false), rules: rules) {
        case let .success(result): return result
        case .failure: return CheckResult(cluster: cluster, findings: [], notChecked: [], observations: observations)
        }
    }

    /// The captures folder, when `captures:` leads out of the description's own folder tree.
    static func outsideDescription(_ cluster: ClusterDescription) -> String? {
        let base = URL(
            fileURLWithPath: (cluster.file as NSString).deletingLastPathComponent.isEmpty ? "." : (cluster.file as NSString).deletingLastPathComponent
        ).standardizedFileURL.path
        let folder = URL(fileURLWithPath: cluster.capturesDirectory).standardizedFileURL.path
        if folder == base || folder.hasPrefix(base.hasSuffix("/") ? base : base + "/") { return nil }
        return folder
    }

    /// Rules that compare the IPVS tables with the description: meaningless when the
    /// description was inferred from those very tables.
    public static let tableRules = Catalogue.rules.map(\.info).filter(\.comparesTableWithServices).map(\.id)

    /// A captures folder with no description: the description is inferred from the captures
    /// (as `lvslint infer` writes it) and checked, without the table-versus-description rules,
    /// which are listed as not checked on each director.
    static func inferring(from captures: String, options: RunOptions, rules: [any Rule]) -> Result<CheckResult, CheckFailure> {
        let absolute = URL(fileURLWithPath: captures).standardizedFileURL.path
        // Evidence paths are written as the user wrote the folder, not made absolute.
        let draft = Inference.draft(ofCaptures: absolute, capturesKey: captures)
        if let problem = draft.problem {
            return .failure(
                CheckFailure(errors: [
                    DescriptionError(
                        location: SourceLocation(file: captures, line: 1),
                        message: "no description, and \(problem): write one (`lvslint infer \(captures)` drafts it)")
                ]))
        }
        let text = draft.text
        var runOptions = options
        // A table the draft was drawn from proves nothing compared with it; a live table whose
        // services were drawn from the saved rules (emptied by a reboot) is what an audit needs.
        let fromTables = draft.fromSavedRules.isEmpty && draft.servicesUnknown.isEmpty
        runOptions.servicesUnknown = draft.servicesUnknown.mapValues(\.vips)
        if fromTables {
            runOptions.configuration.disable.append(
                Configuration.Selector(
                    text: "inferred", ruleIDs: tableRules,
                    location: SourceLocation(file: captures, line: 1)))
        }
        let outcome = DescriptionLoader.load(
            bytes: Array(text.utf8), displayPath: "\(captures) (inferred description)", baseDirectory: captures.hasPrefix("/") ? absolute : "",
            allowingNoServices: !draft.servicesUnknown.isEmpty)
        let drafted = "\(captures) (inferred description)"
        return load(outcome, options: runOptions, rules: rules).map { result in
            var inferred = result
            inferred.inferredFrom = captures
            // Nobody can open the drafted description: a finding located there points at its first capture line.
            inferred.findings = result.findings.map { finding in
                guard finding.location?.file == drafted else { return finding }
                var moved = finding
                // Else the first file of the host's captures, as a whole (line 1).
                let hostFile = finding.host.flatMap { host in
                    result.observations[host].flatMap { o in
                        o.captures.values.flatMap { $0.map(\.path) }.sorted().first ?? o.configurationFiles.map(\.capture.path).sorted().first
                    }
                }
                moved.location =
                    finding.evidence.first.map { SourceLocation(file: $0.file, line: max($0.line, 1)) }
                    ?? hostFile.map { SourceLocation(file: $0, line: 1) }
                return moved
            }
            for director in result.cluster.hosts where director.roles.contains(.director) && fromTables {
                for rule in tableRules {
                    inferred.notChecked.append(
                        NotChecked(
                            rule: rule, host: director.name,
                            reason: "the description was inferred from this director's table, so comparing the two proves nothing",
                            applies: false))
                }
            }
            // Without a service the real servers' checks of a VIP and port cannot be made: say so.
            if !draft.servicesUnknown.isEmpty {
                let serviceRules = rules.map(\.info).filter { ["DR", "NAT", "TUN", "FW", "CONN"].contains($0.family) }.map(\.id)
                for host in result.cluster.hosts where host.roles.contains(.realServer) {
                    for rule in serviceRules {
                        inferred.notChecked.append(
                            NotChecked(
                                rule: rule, host: host.name,
                                reason:
                                    "no service is known (the director's table is empty and nothing captured names one): describe the cluster to check it"
                            ))
                    }
                }
            }
            return inferred
        }
    }

    /// The configurations hosts name with `keepalived:`, read relative to the description's folder.
    static func keepalivedConfigs(of cluster: ClusterDescription) -> [KeepalivedConfig] {
        let folder = (cluster.file as NSString).deletingLastPathComponent
        let tree = LexicalPath.canonical(folder.isEmpty ? "." : folder)
        return cluster.hosts.compactMap { host in
            guard let setting = host.keepalived else { return nil }
            let path = setting.value.hasPrefix("/") || folder.isEmpty ? setting.value : (folder as NSString).appendingPathComponent(setting.value)
            // A description names files in its own tree only: `keepalived: ../../etc/shadow`
            // in a pull request must not put another file's lines into the report.
            guard LexicalPath.canonical(path).hasPrefix(tree + "/") else {
                var config = KeepalivedConfig(file: path)
                config.director = host.name
                config.unread = [
                    KAUnreadLine(
                        line: setting.line,
                        reason: "the file that `keepalived:` names, \(path), is outside \(tree), the description's folder: not read")
                ]
                return config
            }
            var config = KeepalivedReader.read(path: path, configurationID: host.name)
            config.director = host.name
            if !FileManager.default.fileExists(atPath: path) {
                config.unread = [KAUnreadLine(line: setting.line, reason: "keepalived: \(path) does not exist")]
            }
            return config
        }
    }

    /// The keepalived.conf in a director's configuration tree (`captures/<host>/etc/keepalived/`),
    /// when that host is checked at boot and the description names no `keepalived:` for it: the
    /// KA rules check it as they check a named one, its includes read inside the host's folder
    /// as if it were /.
    static func bootKeepalivedConfigs(
        of cluster: ClusterDescription, observations: [String: HostObservation],
        named: [KeepalivedConfig]
    ) -> [KeepalivedConfig] {
        cluster.hosts.compactMap { host in
            guard host.roles.contains(.director), !named.contains(where: { $0.director == host.name }),
                let observation = observations[host.name], observation.state == .boot
            else { return nil }
            return copiedKeepalivedConfig(of: host.name, observation: observation, capturesDirectory: cluster.capturesDirectory)
        }
    }

    /// The keepalived.conf a host's captures folder copied (`<host>/etc/keepalived/keepalived.conf`),
    /// read with its includes confined to that folder.
    static func copiedKeepalivedConfig(of host: String, observation: HostObservation, capturesDirectory: String) -> KeepalivedConfig? {
        guard
            let file = observation.configurationFiles.first(where: {
                $0.path == "/etc/keepalived/keepalived.conf" && $0.linkTarget == nil && $0.readable
            })
        else { return nil }
        let root = (capturesDirectory as NSString).appendingPathComponent(host)
        let path = root + file.path
        guard FileManager.default.fileExists(atPath: path) else { return nil }  // from a bundle, not a tree
        var config = KeepalivedReader.read(path: path, displayPath: file.capture.path, root: root, configurationID: host)
        config.director = host
        return config
    }

    /// keepalived configurations as the description (one per director; a MASTER/BACKUP pair
    /// together), checked against the captures in `captures`.
    static func keepalived(paths: [String], captures: String, options: RunOptions, rules: [any Rule]) -> Result<CheckResult, CheckFailure> {
        // keepalived.conf alone is checked without captures (KA rules need none); the hosts'
        // checks are then listed as not made.
        for path in paths where !FileManager.default.isReadableFile(atPath: path) {
            return .failure(
                CheckFailure(errors: [
                    DescriptionError(
                        location: SourceLocation(file: path, line: 1),
                        message: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
                ]))
        }
        let built = KeepalivedCluster.build(paths: paths, captures: captures, root: options.keepalivedRoot, progress: options.progress)
        var runOptions = options
        runOptions.keepalived = built.configs
        runOptions.describedByKeepalived = true
        options.rulesStarting?(built.observations.count)
        return check(
            cluster: built.cluster, observations: built.observations, strayCaptures: built.strayCaptures,
            options: runOptions, rules: rules)
    }

    static func load(
        _ outcome: DescriptionLoader.Outcome, options: RunOptions, rules: [any Rule], prefetch: CapturePrefetch? = nil
    ) -> Result<CheckResult, CheckFailure> {
        // Whatever was read ahead and not taken (the description failed, or named another
        // folder) is stopped and dropped before the run returns.
        defer { prefetch?.discard() }
        switch outcome {
        case let .failed(errors):
            return .failure(CheckFailure(errors: errors))
        case let .loaded(description):
            var cluster = description
            if let captures = options.captures {
                cluster.capturesDirectory = captures
            } else if let location = cluster.capturesLocation, let outside = outsideDescription(cluster) {
                // A description names folders below its own; reading elsewhere is the user's call.
                return .failure(
                    CheckFailure(errors: [
                        DescriptionError(
                            location: location,
                            message:
                                "captures: \(outside) is outside the folder of this description; lvslint reads captures elsewhere only when the command line names them: --captures \(outside)"
                        )
                    ]))
            }
            // A captures folder that was named but is not there is a mistake in the input,
            // not a cluster with nothing to report.
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: cluster.capturesDirectory, isDirectory: &isFolder)
            if !(exists && isFolder.boolValue), options.captures == nil {
                let what = exists ? "is not a folder" : "does not exist"
                if let location = cluster.capturesLocation {
                    return .failure(
                        CheckFailure(errors: [
                            DescriptionError(
                                location: location,
                                message: "captures: the folder \(cluster.capturesDirectory) \(what)")
                        ]))
                }
            }
            let loaded = CaptureLoader.load(
                directory: cluster.capturesDirectory, hosts: cluster.hosts.map(\.name), options: .forChecks,
                progress: options.progress, jobs: options.jobs, prefetched: prefetch)
            // `ipvsadm -L` prints names: resolve those the description names, keep the rest pending.
            let resolver = IPVSNameResolver(cluster: cluster)
            // A host with configuration files and no runtime captures is checked as it will boot.
            var observations = KubernetesDocumentReader.fill(BootState.derive(loaded.observations))
            for host in Array(observations.keys) {
                guard var observation = observations[host] else { continue }
                resolver.resolve(&observation)
                // The connection rules read the entries summed per path: summed once, here.
                if observation.connectionCount > 0 { observation.connectionPaths = observation.pathSummaries }
                observations[host] = observation
            }
            options.rulesStarting?(observations.count)
            var runOptions = options
            runOptions.keepalived += keepalivedConfigs(of: cluster)
            let bootKeepalived = bootKeepalivedConfigs(of: cluster, observations: observations, named: runOptions.keepalived)
            runOptions.keepalived += bootKeepalived
            // Directors checked at boot whose keepalived starts: the VIPs VRRP gives the master,
            // and the table keepalived builds from each keepalived.conf.
            let starting = bootKeepalived.filter { config in
                guard let host = config.director, let observation = observations[host] else { return false }
                return !observation.has(.services) || observation.units["keepalived.service"]?.isEnabled == true
            }
            KeepalivedBootTable.keepalivedAddresses(starting, into: &observations)
            for config in bootKeepalived {
                guard let host = config.director, var observation = observations[host], observation.ipvs == nil else { continue }
                if observation.has(.services), observation.units["keepalived.service"]?.isEnabled != true {
                    observation.bootGaps[.ipvs] =
                        "keepalived.service is not enabled (no link in /etc/systemd/system/*.wants/): nothing builds this host's IPVS table at boot from \(config.file)"
                } else {
                    observation.ipvs = KeepalivedBootTable.table(from: config)
                    observation.derivedFacets.insert(.ipvs)
                    observation.bootGaps[.ipvs] = nil
                }
                observations[host] = observation
            }
            return check(
                cluster: cluster, observations: observations, strayCaptures: loaded.strayEntries,
                options: runOptions, rules: rules)
        }
    }

    /// Runs the enabled rules, then applies severity overrides, inline suppressions,
    /// exclusions and the baseline. Rules that sum up the others run last.
    static func check(
        cluster: ClusterDescription, observations: [String: HostObservation], strayCaptures: [String],
        options: RunOptions, rules: [any Rule]
    ) -> Result<CheckResult, CheckFailure> {
        let names = RuleNames(rules: rules.map { ($0.info.id, $0.info.slug) })
        var suppressions: [(InlineSuppression, Set<String>)] = []
        if options.inlineSuppressions {
            var errors: [DescriptionError] = []
            // The description's, then keepalived.conf's and the captured configuration files' own
            // (a copied keepalived.conf is both: each comment counts once).
            var written = cluster.suppressions
            var problems = options.keepalived.flatMap(\.suppressionProblems)
            for config in options.keepalived { written += config.suppressions }
            for host in observations.keys.sorted() {
                for file in observations[host]?.configurationFiles ?? [] where file.readable && file.linkTarget == nil {
                    let found = FileSuppressions.scan(
                        String(decoding: file.capture.bytes, as: UTF8.self), file: file.capture.path, keepalived: file.path.contains("keepalived"))
                    written += found.suppressions
                    problems += found.problems
                }
            }
            var seen = Set<SourceLocation>()
            written = written.filter { seen.insert($0.location).inserted }
            var seenProblems = Set<SourceLocation>()
            for problem in problems where seenProblems.insert(problem.location).inserted {
                errors.append(DescriptionError(location: problem.location, message: problem.message))
            }
            for suppression in written {
                var ids: Set<String> = []
                for name in suppression.rules {
                    if let resolved = names.resolve(name) {
                        ids.formUnion(resolved)
                    } else {
                        errors.append(
                            DescriptionError(
                                location: suppression.location,
                                message: "unknown rule '\(name)' in a suppression\(NearestName.hint(for: name, among: names.allNames))"))
                    }
                }
                suppressions.append((suppression, ids))
            }
            if !errors.isEmpty { return .failure(CheckFailure(errors: errors)) }
        }

        let configuration = options.configuration
        let enabled = rules.filter { configuration.isEnabled($0.info.id) }
        var context = CheckContext(cluster: cluster, observations: observations, strayCaptures: strayCaptures, jobs: options.jobs)
        context.keepalived = options.keepalived
        context.describedByKeepalived = options.describedByKeepalived
        context.servicesUnknown = options.servicesUnknown
        context.thresholds = Thresholds(overrides: configuration.thresholds.mapValues(\.value))
        context.vrrpNeighbours = options.vrrpNeighbours
        var raw: [Finding] = []
        var notChecked: [NotChecked] = []
        var checkedHosts: [String: Set<String>] = [:]
        let bootHosts = observations.filter { $0.value.state == .boot }.keys.sorted()
        // The same hosts' observations, their facts already derived. Read only where some host
        // is known at boot alone: otherwise it would be `context` again, built twice for nothing.
        var runtimeContext = context
        // The hosts' facts die with the process (`KeptUntilExit`), not here, one by one.
        defer { KeptUntilExit.keep((context, runtimeContext)) }
        if !bootHosts.isEmpty {
            runtimeContext = CheckContext(
                cluster: cluster, observations: context.observations.filter { $0.value.state == .runtime },
                strayCaptures: strayCaptures, jobs: options.jobs)
        }
        runtimeContext.keepalived = context.keepalived
        runtimeContext.describedByKeepalived = context.describedByKeepalived
        runtimeContext.servicesUnknown = context.servicesUnknown
        runtimeContext.thresholds = context.thresholds
        runtimeContext.vrrpNeighbours = context.vrrpNeighbours
        // Each rule reads the same context and writes its own report: the rules run on every
        // core, and their reports are merged in catalogue order, as a serial run gives them.
        let ordinary = enabled.filter { !$0.runsLast }
        let reports = Parallel.map(ordinary.count, jobs: options.jobs) { [context, runtimeContext] index in
            let rule = ordinary[index]
            var report = RuleReport(info: rule.info)
            if rule.info.comparesRuntimeWithBoot && !bootHosts.isEmpty {
                // Nothing to compare on a host known only from its configuration files.
                for host in bootHosts where cluster.host(named: host) != nil {
                    report.notChecked(
                        host: host, reason: "checked at boot, from its configuration files alone: nothing running to compare them with",
                        applies: false)
                }
                rule.check(runtimeContext, &report)
            } else {
                rule.check(context, &report)
            }
            return report
        }
        for report in reports {
            raw += report.findings
            notChecked += report.notChecked
            checkedHosts[report.info.id] = report.checkedHosts
        }

        var result = CheckResult(
            cluster: cluster, findings: [], notChecked: notChecked, observations: observations,
            rulesRun: enabled.map(\.info), checkedHosts: checkedHosts)
        result.keepalived = options.keepalived
        result.describedByKeepalived = options.describedByKeepalived
        result.configurationFile = configuration.file
        // lvslint's own "inferred" selector (tables compared with a description drawn from them) is no one's configuration.
        result.disabledByConfiguration = rules.map(\.info.id).filter { id in
            let state = configuration.state(of: id)
            return !state.enabled && state.source != "inferred"
        }
        var used = Set<Int>()
        func settle(_ findings: [Finding], suppressible: Bool) -> [Finding] {
            var kept: [Finding] = []
            for var finding in findings {
                if let override = configuration.severity(of: finding.rule) { finding.severity = override.severity }
                if suppressible, let index = suppressions.firstIndex(where: { $0.0.covers(finding, ruleIDs: $0.1) }) {
                    used.insert(index)
                    result.suppressed.append(finding)
                    continue
                }
                if configuration.exclusions.contains(where: { $0.matches(finding) }) {
                    result.excluded.append(finding)
                    continue
                }
                kept.append(finding)
            }
            return kept
        }
        var findings = settle(raw, suppressible: true)

        context.notChecked = notChecked
        context.unusedSuppressions = suppressions.indices.filter { !used.contains($0) }.map { suppressions[$0].0 }
        var summaries: [Finding] = []
        for rule in enabled where rule.runsLast {
            var report = RuleReport(info: rule.info)
            rule.check(context, &report)
            summaries += report.findings
        }
        findings += settle(summaries, suppressible: false)

        if let baseline = options.baseline {
            let split = baseline.filter(findings, cluster: cluster.name)
            findings = split.kept
            result.baselined = split.baselined
        }
        // Every finding on a host says which state it was found in: running, or at boot.
        for index in findings.indices {
            guard let host = findings[index].host, let observation = observations[host] else { continue }
            findings[index].state = observation.state
            BootOverrides.explain(&findings[index], in: observation)
        }
        // A place a tool can open: a file-level finding (line 0 in a reader) points at the file's first line.
        for index in findings.indices {
            if let location = findings[index].location, location.line < 1 {
                findings[index].location = SourceLocation(file: location.file, line: 1)
            }
        }
        result.findings = sorted(findings)
        return .success(result)
    }

    /// Errors first, then by place in the description, then rule id: the order a reader fixes things in.
    static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if x.severity != y.severity { return x.severity > y.severity }
            let lx = x.location ?? SourceLocation(file: "~", line: 0), ly = y.location ?? SourceLocation(file: "~", line: 0)
            if lx != ly { return lx < ly }
            if x.rule != y.rule { return x.rule < y.rule }
            return a.offset < b.offset
        }.map(\.element)
    }
}
