public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One proven problem: which rule, where in the description, on which host and service,
/// and the capture lines that show it.
public struct Finding: Sendable {
    public var rule: String
    public var slug: String
    public var severity: Severity
    public var host: String?
    public var service: String?
    /// What was found, in English; `text` writes it in any language.
    public var message: String
    public var text: Message
    public var location: SourceLocation?
    public var evidence: [Evidence]
    public var fix: String?
    /// What to type, with this cluster's own hosts, addresses, interfaces and keys where
    /// the rule knows them (else the rule's generic runtime commands).
    public var fixCommands: [String]
    /// `fixCommands` as messages, whose comments (`# on rs1: …`) are translated.
    public var fixTexts: [Message]
    /// True when `fixCommands` were written for this finding (with its values), not the rule's generic ones.
    public var fixCommandsAreSpecific = false
    /// The fix as an edit of a configuration file (keepalived.conf), instead of commands.
    public var edit: FileEdit?
    /// What makes this finding the same one across runs, when its evidence changes on its
    /// own (connection entries expire and are replaced); nil: the evidence's content.
    public var identity: String?
    /// The host state the finding was made in: nil for findings about the description or
    /// configuration alone; `.boot` when the host was checked from its configuration files.
    public var state: ObservedState?
    /// What `statedMessage` puts first for a finding made at boot, in the report's language.
    public var atBoot = "at boot: "

    public init(
        rule: String, slug: String, severity: Severity, host: String?, service: String?, message: Message,
        location: SourceLocation?, evidence: [Evidence], fix: String?, fixCommands: [Message] = []
    ) {
        self.fixTexts = fixCommands
        self.fixCommands = fixCommands.english
        self.rule = rule
        self.slug = slug
        self.severity = severity
        self.host = host
        self.service = service
        self.text = message
        self.message = message.description
        self.location = location
        self.evidence = evidence
        self.fix = fix
    }
}

extension Finding {
    /// The message as people read it: a finding made on a host's boot state says so first,
    /// so that nobody takes a planned state for an observed one.
    public var statedMessage: String { state == .boot ? atBoot + message : message }

    /// Where a merge request's annotation goes: for a finding made at boot, the last
    /// configuration line it cites (the file the change touches: the sysctl.d line, the
    /// ifcfg address, the saved rule); otherwise, and when it cites none, its place in the
    /// description.
    public var annotationLocation: SourceLocation? {
        guard state == .boot, let line = evidence.last(where: { $0.line > 0 && $0.file != location?.file }) else { return location }
        return SourceLocation(file: line.file, line: line.line)
    }
}

/// A check that was not made on a host: a capture it needs is missing or was read only
/// in part, or (`applies` false) the rule does not apply to what the host is.
public struct NotChecked: Sendable, Hashable {
    public var rule: String
    public var host: String
    /// Why, in English; `why` writes it in any language.
    public var reason: String
    public var why: Message
    /// The capture family whose absence stopped the check, when that is the cause.
    public var missing: CaptureFacet?
    /// False when the host was left alone by design (a director that is also a real server
    /// must answer ARP for its VIP): listed so that nothing is skipped silently, but no
    /// capture would change it, so `--require-complete` does not fail on it.
    public var applies: Bool

    public init(rule: String, host: String, reason: Message, missing: CaptureFacet? = nil, applies: Bool = true) {
        self.rule = rule
        self.host = host
        self.why = reason
        self.reason = reason.description
        self.missing = missing
        self.applies = applies
    }
}
