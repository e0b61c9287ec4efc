import LVSModel

extension CaptureKind {
    /// /proc/net/route and /proc/net/ipv6_route.
    public static let procNetRoute = CaptureKind("proc-net-route", facet: .routes, rank: 4)
}

/// The kernel's route tables in hexadecimal: /proc/net/route (headed by `Iface Destination
/// Gateway`) and /proc/net/ipv6_route (ten columns, no header).
struct ProcNetRouteFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.procNetRoute]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if head.hasPrefix("Iface") && head.contains("Destination") && head.contains("Gateway") { return .procNetRoute }
        let f = head.firstFields
        return f.count == 10 && f[0].count == 32 && ByteFields.hex(f[0]) != nil ? .procNetRoute : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        guard let f0 = fields.first else { return nil }
        if ByteFields.equals(f0, "Iface"), fields.count > 2, ByteFields.equals(fields[1], "Destination") { return .header }
        return fields.count == 10 && f0.count == 32 && ByteFields.hex(f0) != nil ? .weak : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { line.fields.count >= 8 }

    var plainShape: PlainShape { .tableRow(columns: 8) }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { ProcNetRouteParser.parse(file) }
}
