import LVSModel

extension CaptureKind {
    /// `ip addr`, `ip -d addr`, `ip link`, `ip -o addr`.
    public static let ipAddr = CaptureKind("ip-addr", facet: .addresses, rank: 1)
}

/// iproute2's address and link listings: `2: eth0: <BROADCAST,…>` then indented details.
struct IPAddrFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipAddr]

    func recognise(_ head: CaptureHead) -> CaptureKind? { LineShape.isInterfaceLine(head.firstFields) ? .ipAddr : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? { LineShape.isInterfaceLine(fields) ? .strong : nil }

    func accepts(_ line: CaptureLine) -> Bool {
        (line.bytes.first.map(ByteFields.isSpace) ?? true) || LineShape.isInterfaceLine(line.fields) || IPRoute2Message.kind(of: line.bytes) != nil
    }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isIndentedContinuation(line) }

    var plainShape: PlainShape { .indentedBlock }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { IPAddrParser.parse(file) }
}
