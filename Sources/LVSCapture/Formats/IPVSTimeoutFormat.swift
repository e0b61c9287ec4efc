import LVSModel

extension CaptureKind {
    /// `ipvsadm -L --timeout`.
    public static let ipvsTimeout = CaptureKind("ipvsadm-timeout", facet: .ipvsTimeouts, rank: 0)
}

/// `ipvsadm -L --timeout` (list_timeout): `Timeout (tcp tcpfin udp): 900 120 300`.
struct IPVSTimeoutFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipvsTimeout]

    func recognise(_ head: CaptureHead) -> CaptureKind? { head.hasPrefix("Timeout (tcp tcpfin udp):") ? .ipvsTimeout : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        ByteFields.hasPrefix(line.bytes, "Timeout (tcp tcpfin udp):") ? .header : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { false }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        IPVSSettingsParser.parse(file, as: kind)
    }
}
