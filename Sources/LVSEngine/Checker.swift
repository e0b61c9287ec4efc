import Foundation
import LVSCapture
import LVSDescription
import LVSModel
import LVSRules

/// The result of checking one cluster: findings and the checks that could not be made.
public struct CheckResult: Sendable {
    public var cluster: ClusterDescription
    public var findings: [Finding]
    public var notChecked: [NotChecked]
    public var observations: [String: HostObservation]

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

/// Why a description could not be checked at all (exit status 2).
public struct CheckFailure: Error, Sendable {
    public var errors: [DescriptionError]
}

public enum Checker {
    /// Loads a description and its captures, runs every rule, and orders the findings.
    /// - Parameter captures: overrides the description's `captures` folder.
    public static func check(descriptionPath: String, captures: String? = nil,
                             rules: [any Rule] = Catalogue.rules) -> Result<CheckResult, CheckFailure> {
        switch DescriptionLoader.load(path: descriptionPath) {
        case let .failed(errors):
            return .failure(CheckFailure(errors: errors))
        case let .loaded(description):
            var cluster = description
            if let captures { cluster.capturesDirectory = captures }
            return .success(check(cluster: cluster, rules: rules))
        }
    }

    public static func check(cluster: ClusterDescription, rules: [any Rule] = Catalogue.rules) -> CheckResult {
        let loaded = CaptureLoader.load(directory: cluster.capturesDirectory, hosts: cluster.hosts.map(\.name))
        return check(cluster: cluster, observations: loaded.observations, strayCaptures: loaded.strayEntries, rules: rules)
    }

    /// Runs the rules over already-assembled observations. The capture-missing rule runs
    /// last, over what the others could not check.
    public static func check(cluster: ClusterDescription, observations: [String: HostObservation], strayCaptures: [String] = [],
                             rules: [any Rule] = Catalogue.rules) -> CheckResult {
        var context = CheckContext(cluster: cluster, observations: observations, strayCaptures: strayCaptures)
        var findings: [Finding] = []
        var notChecked: [NotChecked] = []
        let summarising = rules.filter { $0.info.id == "CAP003" }
        for rule in rules where rule.info.id != "CAP003" {
            var report = RuleReport(info: rule.info)
            rule.check(context, &report)
            findings += report.findings
            notChecked += report.notChecked
        }
        context.notChecked = notChecked
        for rule in summarising {
            var report = RuleReport(info: rule.info)
            rule.check(context, &report)
            findings += report.findings
        }
        return CheckResult(cluster: cluster, findings: sorted(findings), notChecked: notChecked, observations: observations)
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
