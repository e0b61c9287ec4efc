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
        for line in head.lines where Self.isRoute(line) { matches += 1 }
        return matches * 2 > head.lines.count ? .ipRoute : nil
    }

    /// A destination (after a route type, if one is first), and a route type, `dev` or `via`
    /// among its words. Read word by word on the bytes: an array of slices per line cost
    /// more than the rest of recognising the file.
    static func isRoute(_ line: CaptureLine) -> Bool {
        line.file.bytes.withUnsafeBufferPointer { buffer in
            var words = WordCursor(buffer, from: line.start, to: line.end)
            guard var destination = words.next() else { return false }
            let typed = words.isIn(IPRouteParser.typeWords, destination)
            if typed {
                guard let next = words.next() else { return false }
                destination = next
            }
            guard words.equals(destination, "default") || Field.prefix(line.file.bytes[destination]) != nil else { return false }
            if typed { return true }
            // The destination itself is neither `dev` nor `via`: it is a prefix or `default`.
            while let word = words.next() {
                if words.equals(word, "dev") || words.equals(word, "via") { return true }
            }
            return false
        }
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
