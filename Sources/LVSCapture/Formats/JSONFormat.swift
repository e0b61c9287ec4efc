import LVSModel

extension CaptureKind {
    /// `ip -j addr`, `ip -j -p addr`.
    public static let ipAddrJSON = CaptureKind("ip-addr-json", facet: .addresses, rank: 0)
    /// `ip -j route`, `ip -j route show table all`.
    public static let ipRouteJSON = CaptureKind("ip-route-json", facet: .routes, rank: 0)
}

/// iproute2's JSON output, on one line or pretty-printed: addresses or routes, told apart
/// by the keys the objects carry.
struct JSONFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipAddrJSON, .ipRouteJSON]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        guard head.head.first == UInt8(ascii: "[") || head.head.first == UInt8(ascii: "{") else { return nil }
        if head.file.offset(of: Array("\"ifname\"".utf8)) != nil { return .ipAddrJSON }
        if head.file.offset(of: Array("\"dst\"".utf8)) != nil { return .ipRouteJSON }
        return nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let b0 = line.bytes.first
        return b0 == UInt8(ascii: "[") || b0 == UInt8(ascii: "{") ? .header : nil
    }

    func accepts(_ line: CaptureLine) -> Bool {
        // Pretty-printed JSON indents all but its brackets; `ip -j` prints one line.
        guard let b0 = line.bytes.first else { return true }
        return ByteFields.isSpace(b0)
            || [UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ",")].contains(b0)
    }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isIndentedContinuation(line) }

    var plainShape: PlainShape { .indentedBlock }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        kind == .ipRouteJSON ? IPJSONParser.parseRoutes(file) : IPJSONParser.parseAddresses(file)
    }
}
