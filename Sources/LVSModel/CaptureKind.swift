/// A capture format's name, the facet of a host it shows, and how it ranks among the
/// formats of that facet. The formats themselves (LVSCapture's `CaptureFormat`s) declare
/// their kinds, each in its own file; this is the value observations keep.
public struct CaptureKind: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name `lvslint parse --kind` takes and reports print (`ip-addr`, `sysctl`). A
    /// static string, so that a kind is a plain value: copied with every parsed capture and
    /// unread line, it costs no reference counting.
    public let name: StaticString
    public let facet: CaptureFacet
    /// Among the kinds of one facet, the lower the richer: when a host has several, the
    /// richest supplies the facts and the others are compared with it.
    public let rank: Int
    /// What this format leaves out of its facet, said where an absence may be an omission
    /// (`ifconfig`: "does not show unlabelled secondary addresses"); nil when it shows all.
    public let omits: StaticString?

    public init(_ name: StaticString, facet: CaptureFacet, rank: Int, omits: StaticString? = nil) {
        self.name = name
        self.facet = facet
        self.rank = rank
        self.omits = omits
    }

    public var rawValue: String { name.description }
    public var description: String { rawValue }

    private var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount) }

    public static func == (a: CaptureKind, b: CaptureKind) -> Bool { a.name.utf8Start == b.name.utf8Start || a.bytes.elementsEqual(b.bytes) }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes: bytes) }
    public static func < (a: CaptureKind, b: CaptureKind) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// The address captures of a host that all leave some addresses out (`hiddenAddresses`).
public struct HiddenAddresses: Sendable {
    public var kinds: [CaptureKind]

    /// `ifconfig`, or `ifconfig and …`.
    public var names: String { kinds.map(\.rawValue).joined(separator: " and ") }
    /// `does not show unlabelled secondary addresses`.
    public var omission: Message { kinds.compactMap { $0.omits.map { Message(stringLiteral: $0.description) } }.joined(separator: "; ") }
}
