import LVSModel

/// The registry of capture formats: adding a format is one line here, plus its own file in
/// this folder (its kinds, recognition, segmentation and parser) and its fixtures.
public enum CaptureFormats {
    /// Every format lvslint reads, in the order recognition tries them: a format whose first
    /// lines could be taken for a later one's comes first (`ipvsadm-save` lines before route
    /// tables, sysctl's `key = value` before `ip route`).
    public static let all: [any CaptureFormat] = [
        JSONFormat(), IPSetFormat(), IPVSTimeoutFormat(), SyncDaemonFormat(), ModuleParametersFormat(), IPVSTableFormat(), IPVSConnectionsFormat(),
        IPVSStatsFormat(), SystemctlFormat(), ListenersFormat(),
        IPTablesSaveFormat(), NFTRulesetFormat(), ChainListingFormat(), ModuleListFormat(), ProcNetRouteFormat(),
        IPVSSaveFormat(), RouteNFormat(), IPAddrFormat(), IfconfigFormat(), SysctlFormat(), IPRouteFormat(),
        KernelReleaseFormat(),
    ]

    /// Every kind, in the registry's order.
    public static let kinds: [CaptureKind] = all.flatMap(\.kinds)

    /// The kind `lvslint parse --kind NAME` names.
    public static func kind(named name: String) -> CaptureKind? { kinds.first { $0.rawValue == name } }

    /// The format that reads `kind`.
    static func format(of kind: CaptureKind) -> (any CaptureFormat)? { all.first { $0.kinds.contains(kind) } }

    /// The kind of a file or region from its content, never from its name.
    public static func recognise(_ file: CaptureFile) -> CaptureKind? {
        guard let head = CaptureHead(file) else { return nil }
        for format in all {
            if let kind = format.recognise(head) { return kind }
        }
        return nil
    }

    /// The format `line` begins, if any: the first strong start in the registry's order,
    /// else the first weak one.
    static func start(_ line: CaptureLine) -> (format: FormatID, start: RegionStart)? {
        let indented = line.bytes.first.map(ByteFields.isSpace) ?? true
        let fields = line.fields
        var weak: (FormatID, RegionStart)?
        for (index, format) in all.enumerated() where !indented || format.startsIndented {
            guard let start = format.start(line, fields: fields) else { continue }
            if start.isStrong { return (FormatID(index: index, format: format), start) }
            if weak == nil { weak = (FormatID(index: index, format: format), start) }
        }
        return weak
    }
}

/// A format of the registry, as the segmenter keeps it for the region it is cutting.
struct FormatID: Equatable {
    let index: Int
    let format: any CaptureFormat
    /// The kind a region of this format is read as when only its start is known.
    let kind: CaptureKind?
    let plainShape: PlainShape
    /// `ip addr`: a second listing begins at `1: lo:` (`CaptureSegmenter.isFirstInterface`).
    let listsInterfaces: Bool

    init(index: Int, format: any CaptureFormat) {
        self.index = index
        self.format = format
        self.kind = format.kinds.first
        self.plainShape = format.plainShape
        self.listsInterfaces = format.kinds.first == .ipAddr
    }

    static func == (a: FormatID, b: FormatID) -> Bool { a.index == b.index }
}
