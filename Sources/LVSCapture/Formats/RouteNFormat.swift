import LVSModel

extension CaptureKind {
    /// net-tools `route -n`, `route -n -A inet6` and `netstat -rn`.
    public static let routeN = CaptureKind("route-n", facet: .routes, rank: 3)
}

/// net-tools' route table: `Kernel IP routing table`, then `Destination  Gateway  Genmask …` rows.
struct RouteNFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.routeN]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if head.hasPrefix("Kernel IP routing table") || head.hasPrefix("Kernel IPv6 routing table") { return .routeN }
        return head.hasPrefix("Destination") && head.contains("Gateway") || head.contains("Next Hop") ? .routeN : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let bytes = line.bytes
        if ByteFields.hasPrefix(bytes, "Kernel IP routing table") || ByteFields.hasPrefix(bytes, "Kernel IPv6 routing table") { return .header }
        guard let f0 = fields.first, ByteFields.equals(f0, "Destination") else { return nil }
        return ByteFields.contains(bytes, "Gateway") || ByteFields.contains(bytes, "Next Hop") ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { line.fields.count >= 6 || ByteFields.hasPrefix(line.bytes, "Kernel ") }

    var plainShape: PlainShape { .tableRow(columns: 6) }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { RouteNParser.parse(file) }
}
