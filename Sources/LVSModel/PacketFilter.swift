/// One table of a packet filter, enough to tell whether a new connection to a service reaches
/// its socket (the input hook) and whether a NAT director passes the replies on (forward):
/// iptables' filter table (`iptables-save`; the legacy and nf_tables back ends print the same
/// format), or one nftables base chain of type filter with the user chains of its table (`nft
/// list ruleset`). A packet must pass every such chain on its hook: an accept in one only hands
/// it to the next.
public struct PacketFilter: Sendable {
    public var chains: [FilterChain] = []
    /// iptables-save filters IPv4, ip6tables-save IPv6, an nftables `inet` table both.
    public var families: Set<IPAddress.Family> = [.v4]
    /// The chain a packet enters at each hook: iptables' `INPUT` and `FORWARD`, or one
    /// nftables base chain.
    public var entryChains: [Hook: String] = [.input: "INPUT", .forward: "FORWARD"]
    /// `iptables` or `ip6tables`, for iptables-save; nil for nftables.
    public var program: String? = "iptables"
    /// `inet filter`: the nftables table (family and name) of the base chain; nil for iptables.
    public var nftTable: String?

    /// The netfilter hooks the checks follow: packets for this host, and packets it routes.
    public enum Hook: String, Sendable, CaseIterable { case input, forward }

    /// How a report names the chain a packet enters: `iptables' INPUT chain`,
    /// `chain input of nft table inet filter`.
    public func name(at hook: Hook) -> Message {
        let chain = entryChains[hook] ?? hook.rawValue
        if let nftTable { return "chain \(chain) of nft table \(nftTable)" }
        return "\(program ?? "iptables")' \(chain) chain"
    }

    public init() {}

    public func chain(_ name: String) -> FilterChain? { chains.first { $0.name == name } }

    /// A packet as the filter sees it. A nil address or port is one lvslint does not know
    /// (a client's): a rule that tests it may or may not match.
    public struct Packet: Sendable {
        public var protocolName: String
        public var family: IPAddress.Family
        public var destination: IPAddress?
        /// The destination port.
        public var port: Int?
        public var source: IPAddress?
        public var sourcePort: Int?
        /// The interface it arrives on, when known.
        public var interface: String?
        /// The interface it leaves by (FORWARD), when known.
        public var outInterface: String?
        /// The first packet of a new connection (conntrack state NEW). Otherwise its state is
        /// not known: a reply IPVS forwards need not be tracked as ESTABLISHED.
        public var isNew = true
        /// The conntrack state the packet is known to have (`NEW`, `INVALID`), which decides a
        /// state match outright: what a packet of a connection conntrack does not follow has.
        public var conntrackState: String?

        /// The first packet of a new connection to `destination:port` on this host (no port: a
        /// protocol without ports, such as IPIP).
        public init(protocolName: String, destination: IPAddress, port: Int?, interface: String?) {
            self.protocolName = protocolName
            self.family = destination.family
            self.destination = destination
            self.port = port
            self.interface = interface
        }

        /// A real server's reply to a client, from `source:sourcePort`, passing through a NAT
        /// director (FORWARD) on its way to a client lvslint does not know.
        public init(replyFrom source: IPAddress, port sourcePort: Int, protocolName: String, arrivingOn interface: String?) {
            self.protocolName = protocolName
            self.family = source.family
            self.source = source
            self.sourcePort = sourcePort
            self.interface = interface
            self.isNew = false
        }
    }

    /// Where a packet is stopped.
    public struct Drop: Sendable {
        /// The rule, or the line that sets the chain's policy.
        public var line: CaptureLine
        public var byPolicy: Bool
        /// REJECT answers (the client sees a refusal); DROP is silent (the client waits).
        public var rejects: Bool
    }

    public enum Fate: Sendable {
        case dropped(Drop)
        case accepted
        /// A rule that may or may not match decides: lvslint does not guess.
        case unproven
    }

    /// Walks `chainName` as netfilter does: the first rule that surely matches with a verdict
    /// decides (a jump is followed, RETURN and LOG-like targets go on); a rule that may match
    /// and would accept ends the walk unproven; a drop that may match is passed over; at the
    /// end, the policy.
    /// The packet's fate in the chain it enters at `hook`; accepted when this filter has none there.
    public func fate(of packet: Packet, at hook: Hook) -> Fate {
        guard let entry = entryChains[hook] else { return .accepted }
        return fate(of: packet, in: entry)
    }

    public func fate(of packet: Packet, in chainName: String) -> Fate {
        guard families.contains(packet.family), let chain = chain(chainName) else { return .accepted }
        switch walk(chain, packet, depth: 0) {
        case .decided(let fate): return fate
        case .fellThrough:
            return chain.policy == "DROP" ? .dropped(Drop(line: chain.evidence, byPolicy: true, rejects: false)) : .accepted
        }
    }

    enum Step { case decided(Fate), fellThrough }

    static let dropping: Set<String> = ["DROP", "REJECT"]
    /// Targets that do something and let the packet go on through the chain.
    static let continuing: Set<String> = [
        "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "TRACE", "AUDIT", "CLASSIFY", "DSCP", "TOS", "TCPMSS", "SET",
    ]

    func walk(_ chain: FilterChain, _ packet: Packet, depth: Int) -> Step {
        // iptables refuses loops; the bound keeps a hostile capture finite.
        guard depth < 16 else { return .decided(.unproven) }
        for rule in chain.rules {
            let how = rule.matches(packet)
            if how == .no || Self.continuing.contains(rule.target) || rule.target.isEmpty { continue }
            if Self.dropping.contains(rule.target) {
                if how == .surely { return .decided(.dropped(Drop(line: rule.evidence, byPolicy: false, rejects: rule.target == "REJECT"))) }
                continue
            }
            if rule.target == "ACCEPT" { return .decided(how == .surely ? .accepted : .unproven) }
            if rule.target == "RETURN" { return how == .surely ? .fellThrough : .decided(.unproven) }
            if let user = self.chain(rule.target), user.policy == nil {
                switch walk(user, packet, depth: depth + 1) {
                case .fellThrough where rule.isGoto:
                    // The goto replaced this chain: its end is this chain's end.
                    return how == .surely ? .fellThrough : .decided(.unproven)
                case .fellThrough: continue
                case .decided(.dropped(let line)) where how == .surely: return .decided(.dropped(line))
                case .decided(.dropped): continue  // a drop that may not apply is passed over, as above
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
    /// `-g` / `goto`: the end of the target chain returns to the base chain's policy.
    public var isGoto = false
    /// The packets' family a rule names (`ip daddr`, `ip6 nexthdr` in an nftables inet table).
    public var family: IPAddress.Family?
    /// `-p`, `meta l4proto`: tcp, udp, all; nil for any.
    public var protocolName: String?
    /// `meta l4proto { tcp, udp }`: any of these, when more than one.
    public var protocolNames: Set<String>?
    /// `--dport`, `--dports`: nil for any port.
    public var ports: [ClosedRange<Int>]?
    /// `--sport`, `--sports`, `tcp sport`: nil for any port.
    public var sourcePorts: [ClosedRange<Int>]?
    /// `-d`, `ip daddr`: any of these; nil for any destination.
    public var destinations: [IPPrefix]?
    public var source: IPPrefix?
    public var inInterface: String?
    /// `-o`, `oifname`.
    public var outInterface: String?
    /// `-m state --state` / `-m conntrack --ctstate`: nil for any state.
    public var states: Set<String>?
    /// Matches lvslint does not model, and negations: they make the rule's reach uncertain.
    public var otherMatches: [String] = []
    public var evidence: CaptureLine

    public init(evidence: CaptureLine) { self.evidence = evidence }

    public enum Match: Sendable { case surely, maybe, no }

    /// Whether any of `allowed` admits `value`: `.maybe` when the value is not known, unless
    /// the test admits everything (`0.0.0.0/0`, `0:65535`).
    static func test<T, V>(_ allowed: [T]?, _ value: V?, everything: (T) -> Bool, _ admits: (T, V) -> Bool) -> Match {
        guard let allowed else { return .surely }
        guard let value else { return allowed.contains(where: everything) ? .surely : .maybe }
        return allowed.contains { admits($0, value) } ? .surely : .no
    }

    static func allPorts(_ range: ClosedRange<Int>) -> Bool { range.lowerBound <= 1 && range.upperBound >= 65535 }

    func matches(_ packet: PacketFilter.Packet) -> Match {
        if let family, family != packet.family { return .no }
        if let protocolName, protocolName != "all", protocolName != packet.protocolName { return .no }
        if let protocolNames, !protocolNames.contains(packet.protocolName) { return .no }
        var uncertain = !otherMatches.isEmpty
        switch Self.test(ports, packet.port, everything: Self.allPorts, { $0.contains($1) }) {
        case .no: return .no
        case .maybe: uncertain = true
        case .surely: break
        }
        switch Self.test(sourcePorts, packet.sourcePort, everything: Self.allPorts, { $0.contains($1) }) {
        case .no: return .no
        case .maybe: uncertain = true
        case .surely: break
        }
        switch Self.test(destinations, packet.destination, everything: { $0.length == 0 }, { $0.contains($1) }) {
        case .no: return .no
        case .maybe: uncertain = true
        case .surely: break
        }
        switch Self.test(source.map { [$0] }, packet.source, everything: { $0.length == 0 }, { $0.contains($1) }) {
        case .no: return .no
        case .maybe: uncertain = true
        case .surely: break
        }
        if let states {
            // A new connection's first packet is NEW; ESTABLISHED,RELATED rules are for the rest.
            if let known = packet.conntrackState {
                if !states.contains(known) { return .no }
            } else if packet.isNew {
                if !states.contains("NEW") { return .no }
            } else {
                uncertain = true
            }
        }
        for (pattern, name) in [(inInterface, packet.interface), (outInterface, packet.outInterface)] {
            guard let pattern else { continue }
            if let name {
                if !InterfacePattern.matches(pattern, name) { return .no }
            } else if pattern == "lo" {
                return .no  // a client's packet never arrives on, or leaves by, lo
            } else {
                uncertain = true
            }
        }
        return uncertain ? .maybe : .surely
    }
}
