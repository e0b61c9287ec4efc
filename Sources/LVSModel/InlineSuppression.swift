/// `# lvslint: disable=DR004,DR003 -- reason` on a host, service or real-server line of
/// the description (or on a comment line just above one), or on a line of a keepalived.conf
/// or a captured configuration file (`FileSuppressions`).
public struct InlineSuppression: Sendable {
    public enum Target: Sendable, Equatable {
        /// Every finding of the rule for this host.
        case host(String)
        /// Every finding of the rule for this service (by its label).
        case service(String)
        /// Findings located on this real server's line.
        case realServer(line: Int)
        /// Findings located in these lines of a keepalived.conf or configuration file, or
        /// citing one of them as evidence (1-based, inclusive).
        case lines(file: String, first: Int, last: Int)
    }

    /// The names as written: ids, slugs or families.
    public var rules: [String]
    public var reason: String
    /// Where the comment is.
    public var location: SourceLocation
    public var target: Target

    public init(rules: [String], reason: String, location: SourceLocation, target: Target) {
        self.rules = rules
        self.reason = reason
        self.location = location
        self.target = target
    }

    public func covers(_ finding: Finding, ruleIDs: Set<String>) -> Bool {
        guard ruleIDs.contains(finding.rule) else { return false }
        switch target {
        case let .host(name): return finding.host == name
        case let .service(label): return finding.service == label
        case let .realServer(line): return finding.location?.line == line && finding.location?.file == location.file
        case let .lines(file, first, last):
            if let l = finding.location, l.file == file, (first...last).contains(l.line) { return true }
            return finding.evidence.contains { $0.file == file && (first...last).contains($0.line) }
        }
    }
}
