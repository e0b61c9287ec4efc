/// Which forwarding methods a rule judges; `nil` in a list means every method.
public enum RuleScope: Sendable, Equatable {
    case methods([ForwardingMethod])
    case all
    /// Rules about the captures themselves.
    case captures

    public var label: String {
        switch self {
        case let .methods(m): return m.map(\.rawValue).joined(separator: ", ")
        case .all: return "all"
        case .captures: return "—"
        }
    }
}

/// A rule's identity and its documentation, written beside its check so that
/// `lvslint explain` and `docs` come from the code.
public struct RuleInfo: Sendable {
    public var id: String
    public var slug: String
    public var title: String
    public var severity: Severity
    public var scope: RuleScope
    /// What is proven wrong, one sentence.
    public var summary: String
    /// The capture families the check reads.
    public var needs: [CaptureFacet]
    /// How the check decides, in the terms of the captures.
    public var checks: String
    /// Why it breaks traffic: the mechanism.
    public var mechanism: String
    /// What an operator sees in production.
    public var symptom: String
    public var fix: RuleFix
    public var references: [String]
    /// True for a rule that compares a running host with its configuration files (PERSIST):
    /// a host checked from those files alone, at boot, gives it nothing to compare.
    public var comparesRuntimeWithBoot: Bool

    public init(id: String, slug: String, title: String, severity: Severity, scope: RuleScope, summary: String,
                needs: [CaptureFacet], checks: String, mechanism: String, symptom: String, fix: RuleFix,
                references: [String], comparesRuntimeWithBoot: Bool = false) {
        self.comparesRuntimeWithBoot = comparesRuntimeWithBoot
        self.id = id
        self.slug = slug
        self.title = title
        self.severity = severity
        self.scope = scope
        self.summary = summary
        self.needs = needs
        self.checks = checks
        self.mechanism = mechanism
        self.symptom = symptom
        self.fix = fix
        self.references = references
    }

    public var family: String { String(id.prefix { $0.isLetter }) }
}

/// The fix as commands: what to type now, and how to make it survive a reboot on each
/// family of distributions.
public struct RuleFix: Sendable {
    public var summary: String
    public var runtime: [String]
    public var persistentRHEL: [String]
    public var persistentDebian: [String]

    public init(summary: String, runtime: [String] = [], persistentRHEL: [String] = [], persistentDebian: [String] = []) {
        self.summary = summary
        self.runtime = runtime
        self.persistentRHEL = persistentRHEL
        self.persistentDebian = persistentDebian
    }
}
