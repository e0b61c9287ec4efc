import LVSModel

extension CaptureKind {
    /// `sysctl -a`, `sysctl net.ipv4.conf`, and `key = value` lines however obtained.
    public static let sysctl = CaptureKind("sysctl", facet: .sysctls, rank: 0)
}

/// `net.ipv4.conf.all.arp_ignore = 1` lines; sysctl's own error lines may be mixed in.
struct SysctlFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.sysctl]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        let matches = head.lines.reduce(0) { $0 + (LineShape.isSysctlLine($1.bytes) ? 1 : 0) }
        return matches * 2 > head.lines.count ? .sysctl : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? { LineShape.isSysctlLine(line.bytes) ? .strong : nil }

    func accepts(_ line: CaptureLine) -> Bool {
        let bytes = line.bytes
        let indented = bytes.first.map(ByteFields.isSpace) ?? true
        let first = ByteFields.trimmed(bytes).first
        return LineShape.isSysctlLine(bytes) || ByteFields.hasPrefix(bytes, "sysctl: ") || (indented && bytes.contains(UInt8(ascii: "=")))
            || first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
    }

    func continues(_ line: CaptureLine) -> Bool { LineShape.isSysctlLine(line.bytes) }

    var plainShape: PlainShape { .keyValue }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { SysctlParser.parse(file, options: options) }
}
