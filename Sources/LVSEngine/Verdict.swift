import LVSModel

/// The lowest severity that makes the run fail, or never.
public enum FailOn: String, CaseIterable, Sendable {
    case error, warning, note, never

    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .never: return false
        case .error: return severity >= .error
        case .warning: return severity >= .warning
        case .note: return true
        }
    }
}

/// What makes a checked cluster fail: findings at or above `failOn`, and, with
/// `requireComplete`, any check that could not be made for want of a capture. The exit
/// status and every report that carries a verdict (JUnit failures, SARIF's invocation)
/// are computed from this one value, so they cannot disagree.
public struct Verdict: Sendable {
    public var failOn: FailOn
    public var requireComplete: Bool

    public init(failOn: FailOn = .warning, requireComplete: Bool = false) {
        self.failOn = failOn
        self.requireComplete = requireComplete
    }

    public func fails(_ finding: Finding) -> Bool { failOn.fails(finding.severity) }

    /// Checks not made that fail the run: none unless `requireComplete`; a host left alone
    /// by design (`applies` false) never does.
    public func failingGaps(_ result: CheckResult) -> [NotChecked] {
        requireComplete ? result.notChecked.filter(\.applies) : []
    }

    public func fails(_ result: CheckResult) -> Bool {
        result.findings.contains(where: fails) || !failingGaps(result).isEmpty
    }

    /// The exit status these results call for: 2 when some cluster had no host examined,
    /// 1 when some result fails its verdict, else 0.
    public static func exitCode(_ results: [CheckResult]) -> Int32 {
        if results.contains(where: \.examinedNothing) { return 2 }
        return results.contains { $0.verdict.fails($0) } ? 1 : 0
    }
}
