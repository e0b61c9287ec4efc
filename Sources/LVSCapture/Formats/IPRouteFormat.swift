import LVSModel

extension CaptureKind {
    /// `ip route`, `ip route show table all`, `ip -6 route`.
    public static let ipRoute = CaptureKind("ip-route", facet: .routes, rank: 1)
}

/// iproute2's route listing: a destination (or `default`, or a route type and then it), then
/// `via`, `dev`, `proto` and the rest; multipath legs on indented `nexthop` lines.
struct IPRouteFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipRoute]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        var matches = 0
        for line in head.lines {
            var fields = line.fields[...]
            guard let f = fields.first else { continue }
            // Told on the bytes (`typeWords`): a String and a Set lookup per line cost more.
            let typed = IPRouteParser.typeWords.contains(f)
            if typed { fields = fields.dropFirst() }
            guard let dest = fields.first else { continue }
            let isDest = ByteFields.equals(dest, "default") || Field.prefix(dest) != nil
            let hasKey = fields.contains { ByteFields.equals($0, "dev") || ByteFields.equals($0, "via") } || typed
            if isDest && hasKey { matches += 1 }
        }
        return matches * 2 > head.lines.count ? .ipRoute : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? { LineShape.isRouteLine(fields) ? .weak : nil }

    func accepts(_ line: CaptureLine) -> Bool {
        (line.bytes.first.map(ByteFields.isSpace) ?? true) || LineShape.isRouteLine(line.fields) || LineShape.isRouteDestination(line.fields)
            || IPRoute2Message.kind(of: line.bytes) != nil
    }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isIndentedContinuation(line) }

    var plainShape: PlainShape { .route }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { IPRouteParser.parse(file) }
}
