import LVSModel

extension CaptureKind {
    /// `ipvsadm -Lnc` and /proc/net/ip_vs_conn.
    public static let ipvsConnections = CaptureKind("ipvs-connections", facet: .ipvsActivity, rank: 0)
}

/// The IPVS connection table: `ipvsadm -Lnc` (also cut by `grep`, without its header) or
/// /proc/net/ip_vs_conn. The one output that is legitimately hundreds of megabytes.
struct IPVSConnectionsFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipvsConnections]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        head.hasPrefix("IPVS connection entries") || head.hasPrefix("pro expire state") || head.hasPrefix("Pro FromIP") ? .ipvsConnections : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let bytes = line.bytes
        if ByteFields.hasPrefix(bytes, "IPVS connection entries") { return .header }
        if ByteFields.hasPrefix(bytes, "Pro FromIP") || ByteFields.hasPrefix(bytes, "pro expire state") { return .strong }
        // `ipvsadm -Lnc | grep VIP` keeps no header: its lines are connections, never services.
        return LineShape.isConnectionLine(fields) ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { line.fields.count >= 5 }

    var plainShape: PlainShape { .connection }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        IPVSConnectionsParser.parse(file, keepingEntries: options.keepsConnectionEntries)
    }
}
