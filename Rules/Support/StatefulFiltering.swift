import LVSModel

/// Where a packet filter lets packets through by their conntrack state: the rules of a hook
/// (its entry chain and the chains it jumps to) that accept ESTABLISHED or RELATED packets,
/// and what stops the packets those rules do not match (a DROP/REJECT rule or policy).
struct StatefulFiltering {
    var stateful: CaptureLine
    var stopper: CaptureLine

    /// The stateful accept and the drop after it at `hook`, or nil when the hook has none.
    static func find(in filter: PacketFilter, at hook: PacketFilter.Hook) -> StatefulFiltering? {
        guard let entry = filter.entryChains[hook], let chain = filter.chain(entry) else { return nil }
        var stateful: CaptureLine?
        var stopper: CaptureLine?
        var visited: Set<String> = []
        func walk(_ chain: FilterChain, depth: Int) {
            // iptables refuses loops; the bound keeps a hostile capture finite.
            guard depth < 16, visited.insert(chain.name).inserted else { return }
            for rule in chain.rules {
                if rule.target == "ACCEPT", let states = rule.states, !states.isDisjoint(with: ["ESTABLISHED", "RELATED"]) {
                    stateful = stateful ?? rule.evidence
                } else if stateful != nil, ["DROP", "REJECT"].contains(rule.target) {
                    stopper = stopper ?? rule.evidence
                } else if let next = filter.chain(rule.target), next.policy == nil {
                    walk(next, depth: depth + 1)
                }
            }
        }
        walk(chain, depth: 0)
        guard let stateful else { return nil }
        if stopper == nil, chain.policy == "DROP" { stopper = chain.evidence }
        guard let stopper else { return nil }
        return StatefulFiltering(stateful: stateful, stopper: stopper)
    }
}
