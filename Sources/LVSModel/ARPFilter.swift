/// ARP filter rules (`arptables -L -n`), the Red Hat guides' way to keep a DR real server
/// from answering ARP for the VIP (`-A INPUT -d VIP -j DROP`) and from naming it as the
/// sender of its own requests (`-A OUTPUT -s VIP -j mangle --mangle-ip-s RIP`).
public struct ARPFilter: Sendable {
    public var chains: [ARPChain] = []

    public init() {}

    public func chain(_ name: String) -> ARPChain? {
        // arptables_jf (RHEL 5/6) names the built-in chains IN and OUT.
        chains.first { $0.name == name || ($0.name == "IN" && name == "INPUT") || ($0.name == "OUT" && name == "OUTPUT") }
    }

    /// The line that drops an ARP request for `address` arriving on `interface`, walking
    /// INPUT as the kernel does: the first rule that surely matches decides (a jump to a user
    /// chain is followed; RETURN or the end of that chain comes back); a rule that may match
    /// and does not drop (an ACCEPT, a negation or option lvslint does not model) ends the
    /// walk unproven; then the chain's policy.
    public func dropsRequest(for address: IPAddress, arrivingOn interface: String) -> CaptureLine? {
        guard let input = chain("INPUT") else { return nil }
        switch walk(input, depth: 0, { $0.matchesRequest(target: address, interface: interface) }) {
        case .dropped(let line): return line
        case .passed: return nil
        case .fellThrough: return input.policy == "DROP" ? input.evidence : nil
        }
    }

    enum Verdict { case dropped(CaptureLine), passed, fellThrough }

    func walk(_ chain: ARPChain, depth: Int, _ match: (ARPRule) -> ARPRule.Match) -> Verdict {
        // A loop of jumps is refused by arptables itself; the bound keeps hostile input finite.
        guard depth < 16 else { return .passed }
        for rule in chain.rules {
            let how = match(rule)
            if how == .no { continue }
            if rule.target == "DROP" {
                if how == .surely { return .dropped(rule.evidence) }
                continue
            }
            if rule.target == "RETURN" { return how == .surely ? .fellThrough : .passed }
            if let user = chains.first(where: { $0.name == rule.target && $0.policy == nil }) {
                switch walk(user, depth: depth + 1, match) {
                case .dropped(let line) where how == .surely: return .dropped(line)
                case .fellThrough: continue
                default: return .passed
                }
            }
            return .passed
        }
        return .fellThrough
    }

    /// The line that rewrites the sender address of an ARP request that names `address` as
    /// its sender, leaving on `interface`, to another address (`mangle --mangle-ip-s`).
    /// A DROP there is not a rewrite: the request is lost and the neighbour never learnt.
    public func rewritesSender(_ address: IPAddress, leavingOn interface: String) -> CaptureLine? {
        guard let output = chain("OUTPUT") else { return nil }
        for rule in output.rules {
            switch rule.matchesSender(address, interface: interface) {
            case .surely:
                guard rule.target == "mangle", let new = rule.mangleSource, new != address else { return nil }
                return rule.evidence
            case .maybe: return nil
            case .no: continue
            }
        }
        return nil
    }
}

public struct ARPChain: Sendable {
    public var name: String
    /// ACCEPT or DROP for a built-in chain; nil for a user chain.
    public var policy: String?
    public var evidence: CaptureLine
    public var rules: [ARPRule] = []

    public init(name: String, policy: String?, evidence: CaptureLine) {
        self.name = name
        self.policy = policy
        self.evidence = evidence
    }
}

/// One rule as arptables lists it: `-j DROP -i eth0 -d 192.0.2.100`.
public struct ARPRule: Sendable {
    public var target: String
    /// Nil: any address. Negated matches and options lvslint does not model are kept in
    /// `otherMatches`, which makes the rule's reach uncertain.
    public var destination: IPPrefix?
    public var source: IPPrefix?
    public var inInterface: String?
    public var outInterface: String?
    /// `--opcode`: 1 or Request is a request; nil matches every opcode.
    public var opcode: String?
    public var mangleSource: IPAddress?
    public var otherMatches: [String] = []
    public var evidence: CaptureLine

    public init(target: String, evidence: CaptureLine) {
        self.target = target
        self.evidence = evidence
    }

    public enum Match: Sendable { case surely, maybe, no }

    func matchesRequest(target address: IPAddress, interface: String) -> Match {
        if let destination, !destination.contains(address) { return .no }
        if let inInterface, !InterfacePattern.matches(inInterface, interface) { return .no }
        if let opcode, !(opcode == "1" || opcode.lowercased() == "request") { return .no }
        // Any sender: a rule on the sender address catches some requests only.
        if let source, source.length != 0 { return .maybe }
        return otherMatches.isEmpty ? .surely : .maybe
    }

    func matchesSender(_ address: IPAddress, interface: String) -> Match {
        if let source, !source.contains(address) { return .no }
        if let outInterface, !InterfacePattern.matches(outInterface, interface) { return .no }
        if let opcode, !(opcode == "1" || opcode.lowercased() == "request") { return .no }
        if let destination, destination.length != 0 { return .maybe }
        return otherMatches.isEmpty ? .surely : .maybe
    }
}
