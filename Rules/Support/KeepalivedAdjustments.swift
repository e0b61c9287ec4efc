import LVSModel

extension RuleReport {
    /// Reports each adjustment of `kinds` keepalived makes to the virtual servers of every
    /// configuration, on the line it applies to, with `explain` adding what it means here.
    mutating func keepalivedAdjustments(
        _ context: CheckContext, _ kinds: Set<KeepalivedDefaults.Adjustment.Kind>,
        severity: ((KeepalivedDefaults.Adjustment) -> Severity)? = nil,
        explain: (KeepalivedDefaults.Adjustment, KAVirtualServer) -> Message = { _, _ in "" },
        fix: (KeepalivedDefaults.Adjustment, KAVirtualServer) -> [Message]? = { _, _ in nil },
        edit: (KeepalivedDefaults.Adjustment, KAVirtualServer) -> FileEdit? = { _, _ in nil }
    ) {
        for config in context.keepalived {
            for vs in config.virtualServers {
                for adjustment in KeepalivedDefaults.apply(vs, in: config).1 where kinds.contains(adjustment.kind) {
                    add(
                        host: config.director, service: vs.label,
                        message: "keepalived: \(vs.label) (\(config.file):\(vs.line.location.line)): \(adjustment.message)\(explain(adjustment, vs))",
                        location: adjustment.line.location, evidence: [adjustment.line.evidence], severity: severity?(adjustment),
                        key: "\(adjustment.line.location)|\(adjustment.kind.rawValue)", fix: fix(adjustment, vs), edit: edit(adjustment, vs))
                }
            }
        }
    }
}
