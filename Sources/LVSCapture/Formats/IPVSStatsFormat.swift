import LVSModel

extension CaptureKind {
    /// /proc/net/ip_vs_stats.
    public static let procIPVSStats = CaptureKind("proc-ip_vs_stats", facet: .ipvsActivity, rank: 1)
}

/// /proc/net/ip_vs_stats, whose header is indented.
struct IPVSStatsFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.procIPVSStats]
    var startsIndented: Bool { true }

    func recognise(_ head: CaptureHead) -> CaptureKind? { head.hasPrefix("Total Incoming Outgoing") ? .procIPVSStats : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        ByteFields.hasPrefix(ByteFields.trimmed(line.bytes), "Total Incoming") ? .header : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { line.bytes.first.map(ByteFields.isSpace) ?? true }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { ProcIPVSStatsParser.parse(file) }
}
