import LVSModel

/// One capture format lvslint reads: how a file of it is recognised, where its output
/// begins and ends in a file that holds several commands' output, how it is parsed, and
/// which facet of a host its facts fill (its kinds). Each format is one conformance in one
/// file of this folder, registered in `CaptureFormats.all`; parsers read, they never judge.
///
/// A format may hold several kinds that only the content tells apart (an IPVS table is
/// `ipvsadm -Ln` or /proc/net/ip_vs): its regions are cut alike, and `recognise` decides.
public protocol CaptureFormat: Sendable {
    /// The kinds this format's regions may be; the first is assumed when a region's start
    /// is all that is known (see `recognitionRequired`).
    var kinds: [CaptureKind] { get }

    /// The kind of a file or region from its first lines, or nil when they are not this format.
    func recognise(_ head: CaptureHead) -> CaptureKind?

    /// Whether `line` begins this format's output (`fields` are the line's, split once).
    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart?

    /// Whether `line` can continue a region of this format.
    func accepts(_ line: CaptureLine) -> Bool

    /// A cheap test for the lines that make up most of a region and can begin no other
    /// format. False means "look closer", not "does not continue".
    func continues(_ line: CaptureLine) -> Bool

    /// The shape of the lines that make up most of a region, tested on bytes before a line
    /// value is made (`LineShape.plainlyContinues`): what keeps a 50 MB `sysctl -a` or
    /// connection table fast. Declared, not coded, so the segmenter's loop stays one switch.
    var plainShape: PlainShape { get }

    /// Reads a region (or file) recognised as `kind`, one of `kinds`.
    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture

    /// True when a line may begin this format although indented (/proc/net/ip_vs_stats and
    /// `systemctl list-units` indent their headers); other formats never begin indented.
    var startsIndented: Bool { get }

    /// True when a region whose lines began this format is read only if `recognise` agrees:
    /// `Chain INPUT (policy ACCEPT)` heads arptables and `iptables -L` alike.
    var recognitionRequired: Bool { get }
}

extension CaptureFormat {
    public func continues(_ line: CaptureLine) -> Bool { false }
    public var plainShape: PlainShape { .varied }
    public var recognitionRequired: Bool { false }
    public var startsIndented: Bool { false }
}

/// The shapes of line the segmenter's fast path knows (`LineShape.plainlyContinues`).
public enum PlainShape: Sendable {
    /// No fast path: every line is looked at closely.
    case varied
    /// Indented detail lines under a header line (ip addr, ifconfig, an IPVS table, JSON).
    case indentedBlock
    /// `dotted.key = value`.
    case keyValue
    /// `default …`, `192.0.2.0/24 …`, `local …`, or an indented nexthop.
    case route
    /// An unindented row of at least this many columns.
    case tableRow(columns: Int)
    /// `TCP 14:46  ESTABLISHED …`.
    case connection
}

/// How a line begins a region.
public struct RegionStart: Sendable {
    /// A header: begins a new region even after a region of the same format (a second
    /// `IP Virtual Server version …` is a second table).
    public var isHeader: Bool
    /// Strong starts are checked before the current region may claim the line; weak ones
    /// (a line that could continue another format) only after.
    public var isStrong: Bool

    public init(isHeader: Bool, isStrong: Bool) {
        self.isHeader = isHeader
        self.isStrong = isStrong
    }

    public static let header = RegionStart(isHeader: true, isStrong: true)
    public static let strong = RegionStart(isHeader: false, isStrong: true)
    public static let weak = RegionStart(isHeader: false, isStrong: false)
}

/// The first lines of a file or region, as recognition looks at them.
public struct CaptureHead {
    public var file: CaptureFile
    /// Up to six lines with content.
    public var lines: [CaptureLine]
    /// The first of them, trimmed, and its fields.
    public var head: ArraySlice<UInt8>
    public var firstFields: [ArraySlice<UInt8>]

    init?(_ file: CaptureFile) {
        let lines = file.firstContentLines(6)
        guard let first = lines.first else { return nil }
        self.file = file
        self.lines = lines
        self.head = ByteFields.trimmed(first.bytes)
        self.firstFields = first.fields
    }

    func hasPrefix(_ prefix: StaticString) -> Bool { ByteFields.hasPrefix(head, prefix) }
    func contains(_ text: StaticString) -> Bool { ByteFields.contains(head, text) }
}
