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
    /// True for a rule that holds a director's IPVS table against the described services: with
    /// no service described (a cluster inferred from its captures) it has nothing to compare.
    public var comparesTableWithServices: Bool
    /// What the lab (`lvslint lab`) can prove of this rule's findings by what the kernel does.
    public var labProof: LabProof?
    /// True for a rule whose finding is an absence across every capture (no director holds the
    /// VIP): it cites no capture line, where every other rule that reads captures cites one.
    public var findsAbsence: Bool
    /// For a rule that reads no capture: its smallest triggering input, and a cousin.
    public var examples: [RuleExample]
    /// The sysctls it reads: a per-interface IPv4 parameter (`arp_ignore`, which the kernel
    /// combines from net.ipv4.conf.all, default and the interface) or a whole key
    /// (`net.ipv4.vs.expire_nodest_conn`). `check` keeps only the sysctls some rule reads
    /// (`Catalogue.sysctlsRead`); a test holds each rule's code to what it declares here.
    public var readsSysctls: [String]
    /// What keepalived itself logs (`keepalived -t`) on meeting what this rule finds: the
    /// oracle test holds the rule to keepalived's word on every sample configuration.
    public var keepalivedSays: [String]

    /// The other severities its findings may have, by case (a weaker one when the evidence is
    /// partial, a stronger one when the consequence is certain): `rules` and `explain` list
    /// them, and a test holds every finding to them.
    public var otherSeverities: [Severity]

    /// Every severity a finding of this rule may have, strongest first.
    public var severities: [Severity] { ([severity] + otherSeverities).sorted(by: >) }

    /// `error`, or `error/warning` when it varies by case.
    public var severityLabel: String { severities.map(\.rawValue).joined(separator: "/") }

    public init(
        id: String, slug: String, title: String, severity: Severity, otherSeverities: [Severity] = [], scope: RuleScope, summary: String,
        needs: [CaptureFacet], checks: String, mechanism: String, symptom: String, fix: RuleFix,
        references: [String], comparesRuntimeWithBoot: Bool = false, comparesTableWithServices: Bool = false,
        labProof: LabProof? = nil, findsAbsence: Bool = false, readsSysctls: [String] = [], keepalivedSays: [String] = [],
        examples: [RuleExample] = []
    ) {
        self.examples = examples
        self.readsSysctls = readsSysctls
        self.keepalivedSays = keepalivedSays
        self.comparesRuntimeWithBoot = comparesRuntimeWithBoot
        self.comparesTableWithServices = comparesTableWithServices
        self.labProof = labProof
        self.findsAbsence = findsAbsence
        self.id = id
        self.slug = slug
        self.title = title
        self.severity = severity
        self.otherSeverities = otherSeverities
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

/// What a rebuilt cluster's kernel shows that proves (or refutes) a rule's finding on a host.
public enum LabProof: String, Sendable, CaseIterable {
    /// The real server answers ARP for the VIP.
    case realServerAnswersARP
    /// The real server announces the VIP as the source of its own ARP requests.
    case realServerAnnouncesVIP
    /// No director answers ARP for the VIP.
    case noDirectorAnswers
    /// The host that should hold an address does not answer ARP for it.
    case ownerSilent

    /// The sysctls the lab sets in its namespaces from a host's captures, to reproduce what
    /// the host does: per-interface parameters, and ip_forward.
    public static let sysctlsReproduced = [
        "arp_ignore", "arp_announce", "arp_filter", "rp_filter", "forwarding", "send_redirects", "accept_local", "net.ipv4.ip_forward",
    ]
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
