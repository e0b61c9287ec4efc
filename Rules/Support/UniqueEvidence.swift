import LVSModel

/// The evidence lines in order, each once: several facts a rule cites often come from one line.
func unique(_ evidence: [Evidence]) -> [Evidence] {
    var seen: Set<Evidence> = []
    return evidence.filter { seen.insert($0).inserted }
}
