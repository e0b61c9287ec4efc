import Foundation

/// A rule is a value: its documentation (`info`) and a pure check over the cluster.
/// It never reads files; it reads the description and the observations in `context`.
public protocol Rule: Sendable {
    var info: RuleInfo { get }
    /// Rules that sum up what the others did (checks not made, suppressions not used)
    /// run after them.
    var runsLast: Bool { get }
    func check(_ context: CheckContext, _ report: inout RuleReport)
}

extension Rule {
    public var runsLast: Bool { false }
}

/// Where a rule puts what it found. It fills in the rule's id, slug, severity and fix
/// so that a check says only what is particular to the finding.
public struct RuleReport: Sendable {
    public let info: RuleInfo
    public private(set) var findings: [Finding] = []
    public private(set) var notChecked: [NotChecked] = []
    /// Hosts whose captures the rule examined (through `require`).
    public private(set) var checkedHosts: Set<String> = []
    private var seen: Set<String> = []
    private var notCheckedHosts: Set<String> = []
    /// The hosts recorded in `checkedHosts` by `require(_:ofHostAt:in:)`, by their index in
    /// the description: a host is hashed into the set once, not once per real-server pair.
    private var checkedHostIndices: [Bool] = []

    public init(info: RuleInfo) { self.info = info }

    /// Adds a finding. `key` deduplicates: a second finding with the same key is dropped,
    /// so a host serving one VIP in several services is reported once.
    /// `fix` gives the commands for this finding, written with the cluster's own values;
    /// without it the rule's generic runtime commands are used.
    public mutating func add(
        host: String?, service: String?, message: Message, location: SourceLocation?,
        evidence: [Evidence], severity: Severity? = nil, key: String? = nil, fix: [Message]? = nil,
        edit: FileEdit? = nil, identity: String? = nil
    ) {
        if let key {
            guard seen.insert(key).inserted else { return }
        }
        var finding = Finding(
            rule: info.id, slug: info.slug, severity: severity ?? info.severity, host: host,
            service: service, message: Self.bounded(message), location: location, evidence: evidence,
            fix: info.fix.summary, fixCommands: fix ?? info.fix.runtime.map { Message(stringLiteral: $0) })
        finding.fixCommandsAreSpecific = fix != nil
        finding.identity = identity
        if let edit {
            // A line of the file, not a command: nothing to type at a shell.
            finding.edit = edit
            finding.fixCommands = []
            finding.fixTexts = []
            finding.fixCommandsAreSpecific = false
        }
        findings.append(finding)
    }

    /// Messages quote values from the inputs; one of 4 MB (a keyword, a name) is quoted, not copied.
    static let maximumMessageCharacters = 2_000

    /// Every value quoted from the input, at any depth, cut to the maximum.
    static func bounded(_ message: Message) -> Message {
        Message(
            parts: message.parts.map { part in
                Message.Part(
                    template: part.template,
                    arguments: part.arguments.map { argument in
                        switch argument {
                        case .message(let inner): return .message(bounded(inner))
                        case .value(let value):
                            guard value.utf8.count > maximumMessageCharacters else { return argument }
                            let kept = String(value.prefix(maximumMessageCharacters))
                            return .value(kept + "… (\(value.utf8.count - kept.utf8.count) more bytes not shown)")
                        }
                    })
            })
    }

    /// Records that the check could not be made on `host`; recorded once per host.
    public mutating func notChecked(host: String, reason: @autoclosure () -> Message, missing: CaptureFacet? = nil, applies: Bool = true) {
        // One entry per host, the first: a set, and the reason written only then, since a fleet
        // without captures asks this for every real server of every service.
        guard notCheckedHosts.insert(host).inserted else { return }
        notChecked.append(NotChecked(rule: info.id, host: host, reason: reason(), missing: missing, applies: applies))
    }

    /// The observation of `host` if it has every capture family in `facets`; otherwise
    /// records the check as not done there and returns nil.
    public mutating func require(_ facets: [CaptureFacet], of host: String, in context: CheckContext) -> HostObservation? {
        guard let observation = context.observations[host] else {
            // One reason for the whole host, so the summary groups every check it stopped.
            notChecked(
                host: host,
                reason:
                    "no captures or configuration files for this host (expected in \(context.cluster.capturesDirectory)/\(host)/, its configuration under \(host)/etc/)"
            )
            return nil
        }
        guard admits(facets, observation, host: host) else { return nil }
        checkedHosts.insert(host)
        return observation
    }

    /// `require` for the host at `index` among the description's hosts (a real-server pair's
    /// host): its observation found by position, and the host added to `checkedHosts` once.
    /// A rule asks this of every pair of every service, 160,000 times on a large fleet.
    public mutating func require(_ facets: [CaptureFacet], ofHostAt index: Int, in context: CheckContext) -> HostObservation? {
        let host = context.cluster.hosts[index].name
        guard let observation = context.observationsByHost[index] else { return require(facets, of: host, in: context) }
        guard admits(facets, observation, host: host) else { return nil }
        if checkedHostIndices.isEmpty { checkedHostIndices = Array(repeating: false, count: context.observationsByHost.count) }
        if !checkedHostIndices[index] {
            checkedHostIndices[index] = true
            checkedHosts.insert(host)
        }
        return observation
    }

    /// Whether `observation` has every capture family in `facets`, read in whole; otherwise
    /// records the check as not done on `host`.
    private mutating func admits(_ facets: [CaptureFacet], _ observation: HostObservation, host: String) -> Bool {
        for facet in facets where !observation.has(facet) {
            if let reason = observation.bootGaps[facet] {
                notChecked(host: host, reason: reason, missing: facet)
                return false
            }
            // An unreadable region that probably held it says more than "missing".
            if let gap = observation.gapSummary(of: facet, whole: true) {
                notChecked(host: host, reason: gap, missing: facet)
            } else {
                notChecked(host: host, reason: "no \(facet.nounText)", missing: facet)
            }
            return false
        }
        // Absence cannot be proven from a capture read in part. Sysctls are judged key by
        // key instead (`SysctlTable.lookup`), since a key that was read is still proof.
        for facet in facets where facet != .sysctls {
            if let gap = observation.gapSummary(of: facet) {
                notChecked(host: host, reason: gap, missing: facet)
                return false
            }
        }
        return true
    }
}

/// Everything a rule may read: the description, each host's observation, and indexes
/// built once for the whole cluster.
public struct CheckContext: Sendable {
    public let cluster: ClusterDescription
    public let observations: [String: HostObservation]
    public let addressIndex: AddressIndex
    /// Checks other rules could not make; read by the capture-missing rule.
    public var notChecked: [NotChecked]
    /// Entries of the captures folder that name no described host.
    public var strayCaptures: [String]
    /// Inline suppressions that matched no finding; read by the unused-suppression rule.
    public var unusedSuppressions: [InlineSuppression] = []
    /// The keepalived configurations of the directors: the source of the description when it
    /// was read from them, or named by hosts' `keepalived:` to be compared with it.
    public var keepalived: [KeepalivedConfig] = []
    /// True when the services were taken from `keepalived` rather than written in YAML.
    public var describedByKeepalived = false
    /// Directors of a description inferred from captures whose table is empty and whose
    /// services nothing captured names (no saved rules, no keepalived.conf), with the
    /// addresses that look like their VIPs: the table rules audit them as hosts.
    public var servicesUnknown: [String: [IPAddress]] = [:]
    /// The numbers the connection rules judge by: defaults, or `.lvslint.yaml`'s `thresholds:`.
    public var thresholds = Thresholds()
    /// The VRRP advertisers of the other clusters checked in the same run whose router ids
    /// collide with this cluster's (set on a second pass; empty with one description).
    public var vrrpNeighbours: [VRRPAdvertiser] = []
    /// Services that Kubernetes generated on the nodes directing them (kube-proxy's ClusterIPs,
    /// NodePorts, load-balancer addresses): their real servers are pods reached through
    /// kube-proxy's masquerading and the CNI's routes, so the KUBE rules judge them, not the
    /// LVS-NAT and ARP rules written for hand-built directors.
    public let kubernetesServices: Set<ServiceKey>
    /// What Kubernetes owns on each host whose captures show a Kubernetes generator of its
    /// IPVS table: gathered once, so that rules ask per service without rebuilding it.
    public let kubernetesOwnership: [String: KubernetesOwnership]
    /// Those hosts, by name.
    public var kubernetesHosts: [String] { kubernetesOwnership.keys.sorted() }
    /// The real servers of every service but Kubernetes' own, with their hosts, resolved once.
    public let realServerPairs: RealServerPairs
    /// Each host's observation by its index in `cluster.hosts` (nil: no captures), for rules
    /// that know a host by position (`RuleReport.require(_:ofHostAt:in:)`).
    public let observationsByHost: [HostObservation?]
    /// What rules derive from this context and share (`DerivedValues`).
    public let derived = DerivedValues()

    public init(
        cluster: ClusterDescription, observations: [String: HostObservation], notChecked: [NotChecked] = [],
        strayCaptures: [String] = [], jobs: Int? = nil
    ) {
        self.cluster = cluster
        // One pass on every core: each host's facts derived once for all the rules to read, and
        // beside them the address index and what Kubernetes owns with the pairs, two walks of
        // the whole fleet that need no facts (the address index reads interfaces only). The
        // two long walks are handed out first, so that the hosts' facts fill the other core.
        let hosts = Array(observations.keys)
        let pieces = Parallel.map(hosts.count + 2, jobs: jobs) { unit -> ContextPiece in
            switch unit {
            case 0: return .index(AddressIndex(observations: observations))
            case 1: return .join(Self.kubernetesJoin(cluster: cluster, observations: observations))
            default:
                guard let observation = observations[hosts[unit - 2]] else { return .facts(nil) }
                return .facts(observation.facts == nil ? observation.withFacts() : observation)
            }
        }
        var prepared: [String: HostObservation] = [:]
        prepared.reserveCapacity(hosts.count)
        var index = AddressIndex()
        var join: ([String: KubernetesOwnership], Set<ServiceKey>, RealServerPairs)?
        for (unit, piece) in pieces.enumerated() {
            switch piece {
            case let .index(built): index = built
            case let .join(joined): join = joined
            case let .facts(observation): if let observation { prepared[hosts[unit - 2]] = observation }
            }
        }
        self.observations = prepared
        self.observationsByHost = cluster.hosts.map { prepared[$0.name] }
        self.notChecked = notChecked
        self.strayCaptures = strayCaptures
        let (ownership, generated, pairs) = join ?? Self.kubernetesJoin(cluster: cluster, observations: observations)
        self.addressIndex = index
        self.kubernetesOwnership = ownership
        self.kubernetesServices = generated
        self.realServerPairs = pairs
    }

    /// What one unit of `init`'s pass makes.
    private enum ContextPiece: Sendable {
        case facts(HostObservation?)
        case index(AddressIndex)
        case join(([String: KubernetesOwnership], Set<ServiceKey>, RealServerPairs))
    }

    /// What Kubernetes owns on each host, the services it generated, and the pairs of the others.
    private static func kubernetesJoin(
        cluster: ClusterDescription, observations: [String: HostObservation]
    ) -> ([String: KubernetesOwnership], Set<ServiceKey>, RealServerPairs) {
        var ownership: [String: KubernetesOwnership] = [:]
        for (host, observation) in observations {
            if let owned = observation.kubernetesOwnership { ownership[host] = owned }
        }
        var generated: Set<ServiceKey> = []
        if !ownership.isEmpty {
            let directors = cluster.hosts.filter { $0.roles.contains(.director) }.map(\.name)
            for service in cluster.services where (service.directors ?? directors).contains(where: { ownership[$0]?.owns(service.key) == true }) {
                generated.insert(service.key)
            }
        }
        return (ownership, generated, RealServerPairs(cluster: cluster, skipping: generated))
    }

    /// Each (service, real server) pair whose own forwarding method is in `methods`, made as
    /// it is walked: a fleet's 160,000 pairs are never copied into an array.
    public func realServers(using methods: Set<ForwardingMethod>) -> some Sequence<(service: ServiceDescription, server: RealServerDescription)> {
        let generated = kubernetesServices
        return cluster.services.lazy.filter { !generated.contains($0.key) }.flatMap { service in
            service.realServers.lazy.filter { methods.contains($0.method) }.map { (service: service, server: $0) }
        }
    }

    /// The description's host for a real server: by name, else by address.
    public func host(of server: RealServerDescription) -> HostDescription? {
        if let name = server.host { return cluster.host(named: name) }
        return cluster.hosts.first { $0.address == server.address }
    }
}

/// Who holds an address: built once per run, so cross-host rules look up instead of
/// comparing every host with every other.
public struct AddressIndex: Sendable {
    /// A host holding an address, on one of its interfaces. It keeps the host's observation
    /// (shared, not copied) and positions in it: a fleet's VIPs are held by every real server,
    /// and a copy of the address and interface per owner was tens of megabytes.
    public struct Owner: Sendable {
        public let host: String
        private let observation: HostObservation
        private let interfacePosition: Int32
        private let addressPosition: Int32

        init(host: String, observation: HostObservation, interface: Int, address: Int) {
            self.host = host
            self.observation = observation
            self.interfacePosition = Int32(interface)
            self.addressPosition = Int32(address)
        }

        public var interface: ObservedInterface { observation.interfaces[Int(interfacePosition)] }
        /// Whether the interface answers ARP, read in place: a VIP held on every real server's
        /// lo is asked this once per owner, and copying each interface out cost more.
        public var interfaceDoesARP: Bool { observation.interfaces[Int(interfacePosition)].doesARP }
        public var address: ObservedAddress { observation.interfaces[Int(interfacePosition)].addresses[Int(addressPosition)] }
    }

    public private(set) var owners: [IPAddress: [Owner]] = [:]

    /// No address held by anyone.
    init() {}

    public init(observations: [String: HostObservation]) {
        // Sized once for every address of every host (a fleet's grew a dozen times).
        owners.reserveCapacity(
            observations.values.reduce(0) { total, observation in
                observation.interfaces.reduce(total) { $0 + $1.addresses.count }
            })
        // By position: copying each interface and address out of the observation cost more
        // than indexing them. Hosts are walked in the order of their names, so that each list
        // of owners is made in that order (a host's own in its interface order, as a stable
        // sort left them): sorting each list afterwards compared names a million times on a
        // fleet whose every real server holds every VIP.
        for host in observations.keys.sorted() {
            guard let observation = observations[host] else { continue }
            let interfaces = observation.interfaces
            for i in interfaces.indices {
                for a in interfaces[i].addresses.indices {
                    owners[interfaces[i].addresses[a].prefix.address, default: []].append(
                        Owner(host: host, observation: observation, interface: i, address: a))
                }
            }
        }
    }

    public subscript(address: IPAddress) -> [Owner] { owners[address] ?? [] }
}
