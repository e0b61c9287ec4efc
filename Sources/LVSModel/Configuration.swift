/// `.lvslint.yaml`: which rules run, at what severity, what is excluded, and when the
/// run fails. Every value remembers where it was set, for `lvslint config`.
public struct Configuration: Sendable {
    /// A rule named by id (`DR004`), slug (`rs-arp-announce`) or family (`NAT`), resolved to ids.
    public struct Selector: Sendable {
        public var text: String
        public var ruleIDs: [String]
        public var location: SourceLocation

        public init(text: String, ruleIDs: [String], location: SourceLocation) {
            self.text = text
            self.ruleIDs = ruleIDs
            self.location = location
        }
    }

    public struct SeverityOverride: Sendable {
        public var selector: Selector
        public var severity: Severity

        public init(selector: Selector, severity: Severity) {
            self.selector = selector
            self.severity = severity
        }
    }

    /// Findings matching every field given are dropped.
    public struct Exclusion: Sendable {
        public var rules: Selector?
        public var host: String?
        public var service: String?
        public var reason: String
        public var location: SourceLocation

        public init(rules: Selector?, host: String?, service: String?, reason: String, location: SourceLocation) {
            self.rules = rules
            self.host = host
            self.service = service
            self.reason = reason
            self.location = location
        }

        public func matches(_ finding: Finding) -> Bool {
            if let rules, !rules.ruleIDs.contains(finding.rule) { return false }
            if let host, finding.host != host { return false }
            if let service, finding.service != service { return false }
            return true
        }
    }

    /// The file it was read from; nil for the built-in defaults.
    public var file: String?
    public var disable: [Selector] = []
    public var enable: [Selector] = []
    public var severities: [SeverityOverride] = []
    public var exclusions: [Exclusion] = []
    public var failOn: (value: String, location: SourceLocation)?
    /// `require_complete: true`: a check listed as not made fails the run.
    public var requireComplete: (value: Bool, location: SourceLocation)?
    /// `thresholds:` — numbers the connection rules judge by (`Thresholds.settings`).
    public var thresholds: [String: (value: Int, location: SourceLocation)] = [:]
    /// The file names `lvslint check DIR` takes for descriptions (default `cluster.yaml`,
    /// `cluster.yml`, `*.lvslint.yaml`).
    public var descriptionPatterns: (value: [String], location: SourceLocation)?
    /// `--select`, `--extend-select`, `--ignore`: applied over `disable`/`enable`.
    public var commandLine = RuleSelection()

    public init(file: String? = nil) { self.file = file }

    /// The last override naming the rule wins.
    public func severity(of id: String) -> SeverityOverride? {
        severities.last { $0.selector.ruleIDs.contains(id) }
    }
}

/// Rule names a configuration or a suppression may use, resolved to ids.
public struct RuleNames: Sendable {
    public var rules: [(id: String, slug: String)]

    public init(rules: [(id: String, slug: String)]) { self.rules = rules }

    public var families: [String] {
        var seen: [String] = []
        for r in rules {
            let family = String(r.id.prefix { $0.isLetter })
            if !seen.contains(family) { seen.append(family) }
        }
        return seen
    }

    /// The ids a name stands for: one rule by id or slug, a whole family, or `all`.
    public func resolve(_ name: String) -> [String]? {
        let lower = name.lowercased()
        if lower == "all" { return rules.map(\.id) }
        if let rule = rules.first(where: { $0.id.lowercased() == lower || $0.slug == lower }) { return [rule.id] }
        if families.contains(name.uppercased()) {
            return rules.filter { String($0.id.prefix { $0.isLetter }) == name.uppercased() }.map(\.id)
        }
        return nil
    }

    /// "did you mean" candidates.
    public var allNames: [String] { rules.map(\.id) + rules.map(\.slug) + families }
}
