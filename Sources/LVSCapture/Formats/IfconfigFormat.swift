import LVSModel

extension CaptureKind {
    /// net-tools `ifconfig -a`, both generations, and busybox's.
    public static let ifconfig = CaptureKind(
        "ifconfig", facet: .addresses, rank: 2, omits: "does not show unlabelled secondary addresses")
}

/// `eth0: flags=4163<UP,…>` (net-tools 2) or `eth0      Link encap:Ethernet` (older, busybox).
struct IfconfigFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ifconfig]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        let f = head.firstFields
        guard f.count >= 2 else { return nil }
        if ByteFields.hasSuffix(f[0], ":") && ByteFields.hasPrefix(f[1], "flags=") { return .ifconfig }
        return IfconfigWords.isOldHeader(f) && head.lines.count > 1 ? .ifconfig : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? { LineShape.isIfconfigHeader(fields) ? .strong : nil }

    func accepts(_ line: CaptureLine) -> Bool { (line.bytes.first.map(ByteFields.isSpace) ?? true) || LineShape.isIfconfigHeader(line.fields) }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isIndentedContinuation(line) }

    var plainShape: PlainShape { .indentedBlock }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { IfconfigParser.parse(file) }
}
