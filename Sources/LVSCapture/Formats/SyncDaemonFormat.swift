import LVSModel

extension CaptureKind {
    /// `ipvsadm -L --daemon`.
    public static let ipvsDaemon = CaptureKind("ipvsadm-daemon", facet: .syncDaemons, rank: 0)
}

/// `ipvsadm -L --daemon` (list_daemon): `master sync daemon (mcast=eth1, syncid=51)` and
/// `backup sync daemon (…)`; ipvsadm 1.29 and later may add `, maxlen=…, group=…, port=…,
/// ttl=…`. No sync daemon prints nothing: the loader reads an empty `--daemon` section.
struct SyncDaemonFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipvsDaemon]

    func recognise(_ head: CaptureHead) -> CaptureKind? { IPVSSettingsParser.isDaemonLine(head.head) ? .ipvsDaemon : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        IPVSSettingsParser.isDaemonLine(ByteFields.trimmed(line.bytes)) ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { IPVSSettingsParser.isDaemonLine(ByteFields.trimmed(line.bytes)) }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        IPVSSettingsParser.parse(file, as: kind)
    }
}
