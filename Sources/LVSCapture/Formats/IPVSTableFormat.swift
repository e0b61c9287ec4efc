import LVSModel

extension CaptureKind {
    /// `ipvsadm -Ln` (with or without --stats, --rate, --exact, --persistent-conn).
    public static let ipvsadm = CaptureKind("ipvsadm", facet: .ipvs, rank: 0)
    /// /proc/net/ip_vs: the same table with hexadecimal addresses.
    public static let procIPVS = CaptureKind("proc-ip_vs", facet: .ipvs, rank: 2)
}

/// The IPVS table as `ipvsadm -Ln` or /proc/net/ip_vs list it, headers or not.
struct IPVSTableFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipvsadm, .procIPVS]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if head.hasPrefix("IP Virtual Server version") || head.hasPrefix("Prot LocalAddress:Port") {
            return head.lines.contains(where: Self.isHexServiceLine) ? .procIPVS : .ipvsadm
        }
        // Without its headers: a service line then a destination line.
        if let f0 = head.firstFields.first, LineShape.protocols.contains(ByteFields.string(f0)), head.lines.count > 1,
            ByteFields.hasPrefix(ByteFields.trimmed(head.lines[1].bytes), "->")
        {
            return .ipvsadm
        }
        return nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let bytes = line.bytes
        if ByteFields.hasPrefix(bytes, "IP Virtual Server version") { return .header }
        if ByteFields.hasPrefix(bytes, "Prot LocalAddress") { return .strong }
        if let f0 = fields.first, LineShape.protocols.contains(ByteFields.string(f0)), fields.count >= 2 { return .weak }
        return nil
    }

    func accepts(_ line: CaptureLine) -> Bool {
        let bytes = line.bytes
        if bytes.first.map(ByteFields.isSpace) ?? true { return true }
        return line.fields.first.map { LineShape.protocols.contains(ByteFields.string($0)) } == true
            || ByteFields.hasPrefix(bytes, "Prot ") || ByteFields.hasPrefix(bytes, "IP Virtual Server")
    }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isIndentedContinuation(line) }

    var plainShape: PlainShape { .indentedBlock }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        IPVSAdmParser.parse(file, hex: kind == .procIPVS)
    }

    /// A /proc/net/ip_vs service line: `TCP  C000020A:0050 …` or `FWM  00000064 …`.
    static func isHexServiceLine(_ line: CaptureLine) -> Bool {
        let f = line.fields
        guard f.count >= 2, LineShape.protocols.contains(ByteFields.string(f[0])) else { return false }
        if ByteFields.equals(f[0], "FWM") { return f[1].count == 8 && ByteFields.hex(f[1]) != nil }
        guard let colon = f[1].lastIndex(of: UInt8(ascii: ":")) else { return false }
        let port = f[1][(colon + 1)...]
        return port.count == 4 && ByteFields.hex(port) != nil && !f[1].contains(UInt8(ascii: "."))
            && (f[1].first == UInt8(ascii: "[") || colon - f[1].startIndex == 8)
    }
}
