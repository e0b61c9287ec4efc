/// The filter table of iptables (`iptables-save`; the legacy and nf_tables back ends print the
/// same format), enough to tell whether a new connection to a service reaches its socket.
public struct PacketFilter: Sendable {
    public var chains: [FilterChain] = []
    /// iptables-save filters IPv4, ip6tables-save IPv6.
    public var family: IPAddress.Family = .v4

    public init() {}

    public func chain(_ name: String) -> FilterChain? { chains.first { $0.name == name } }

    /// A new connection's first packet as the filter sees it.
    public struct Packet: Sendable {
        public var protocolName: String
        public var destination: IPAddress
        public var port: Int
        /// The interface it arrives on, when known.
        public var interface: String?

        public init(protocolName: String, destination: IPAddress, port: Int, interface: String?) {
            self.protocolName = protocolName
            self.destination = destination
            self.port = port
            self.interface = interface
        }
    }

    public enum Fate: Sendable {
        /// The line that drops or rejects it: a rule, or the chain's policy.
        case dropped(CaptureLine)
        case accepted
        /// A rule that may or may not match decides: lvslint does not guess.
        case unproven
    }

    /// Walks `chainName` as netfilter does: the first rule that surely matches with a verdict
    /// decides (a jump is followed, RETURN and LOG-like targets go on); a rule that may match
    /// and would accept ends the walk unproven; a drop that may match is passed over; at the
    /// end, the policy.
    public func fate(of packet: Packet, in chainName: String) -> Fate {
        guard packet.destination.family == family, let chain = chain(chainName) else { return .accepted }
        switch walk(chain, packet, depth: 0) {
        case .decided(let fate): return fate
        case .fellThrough: return chain.policy == "DROP" ? .dropped(chain.evidence) : .accepted
        }
    }

    enum Step { case decided(Fate), fellThrough }

    static let dropping: Set<String> = ["DROP", "REJECT"]
    /// Targets that do something and let the packet go on through the chain.
    static let continuing: Set<String> = ["LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "TRACE", "AUDIT", "CLASSIFY", "DSCP", "TOS", "TCPMSS", "SET"]

    func walk(_ chain: FilterChain, _ packet: Packet, depth: Int) -> Step {
        // iptables refuses loops; the bound keeps a hostile capture finite.
        guard depth < 16 else { return .decided(.unproven) }
        for rule in chain.rules {
            let how = rule.matches(packet)
            if how == .no || Self.continuing.contains(rule.target) || rule.target.isEmpty { continue }
            if Self.dropping.contains(rule.target) {
                if how == .surely { return .decided(.dropped(rule.evidence)) }
                continue
            }
            if rule.target == "ACCEPT" { return .decided(how == .surely ? .accepted : .unproven) }
            if rule.target == "RETURN" { return how == .surely ? .fellThrough : .decided(.unproven) }
            if let user = self.chain(rule.target), user.policy == nil {
                switch walk(user, packet, depth: depth + 1) {
                case .fellThrough: continue
                case .decided(.dropped(let line)) where how == .surely: return .decided(.dropped(line))
                case .decided(.accepted) where how == .surely: return .decided(.accepted)
                default: return .decided(.unproven)
                }
            }
            return .decided(.unproven)
        }
        return .fellThrough
    }
}

public struct FilterChain: Sendable {
    public var name: String
    /// ACCEPT or DROP for a built-in chain, nil for a user chain (`:name - [0:0]`).
    public var policy: String?
    public var evidence: CaptureLine
    public var rules: [FilterRule] = []

    public init(name: String, policy: String?, evidence: CaptureLine) {
        self.name = name
        self.policy = policy
        self.evidence = evidence
    }
}

/// One `-A CHAIN …` line of iptables-save.
public struct FilterRule: Sendable {
    public var target = ""
    /// `-p`: tcp, udp, all; nil for any.
    public var protocolName: String?
    /// `--dport`, `--dports`: nil for any port.
    public var ports: [ClosedRange<Int>]?
    public var destination: IPPrefix?
    public var source: IPPrefix?
    public var inInterface: String?
    /// `-m state --state` / `-m conntrack --ctstate`: nil for any state.
    public var states: Set<String>?
    /// Matches lvslint does not model, and negations: they make the rule's reach uncertain.
    public var otherMatches: [String] = []
    public var evidence: CaptureLine

    public init(evidence: CaptureLine) { self.evidence = evidence }

    public enum Match: Sendable { case surely, maybe, no }

    func matches(_ packet: PacketFilter.Packet) -> Match {
        if let protocolName, protocolName != "all", protocolName != "0", protocolName != packet.protocolName { return .no }
        if let ports, !ports.contains(where: { $0.contains(packet.port) }) { return .no }
        if let destination, !destination.contains(packet.destination) { return .no }
        // A new connection's first packet is NEW; ESTABLISHED,RELATED rules are for the rest.
        if let states, !states.contains("NEW") { return .no }
        var uncertain = !otherMatches.isEmpty
        if let source, source.length != 0 { uncertain = true }
        if let inInterface {
            if let name = packet.interface {
                if !InterfacePattern.matches(inInterface, name) { return .no }
            } else if inInterface == "lo" {
                return .no   // a client's packet never arrives on lo
            } else {
                uncertain = true
            }
        }
        return uncertain ? .maybe : .surely
    }
}
