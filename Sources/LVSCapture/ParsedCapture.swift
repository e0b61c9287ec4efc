import LVSModel

/// What one parser read from one file. Assembled per host into a `HostObservation`.
public struct ParsedCapture: Sendable {
    public var file: CaptureFile
    public var kind: CaptureKind
    public var interfaces: [ObservedInterface] = []
    public var routes: [ObservedRoute] = []
    public var sysctls: [SysctlEntry] = []
    public var ipvs: IPVSTable?
    public var connections: [IPVSConnection] = []
    /// The entries not kept one by one (`ParseOptions.keepsConnectionEntries`), counted per path.
    public var connectionTally = ConnectionTally()
    public var units: [ServiceUnit] = []
    public var listeners: [Listener] = []
    public var modules: [(name: String, line: CaptureLine)] = []
    public var arpFilter: ARPFilter?
    public var packetFilters: [PacketFilter] = []
    public var unparsed: [UnparsedLine] = []
    /// The tool's own error lines amid its output (`HostObservation.errorLines`).
    public var errorLines: [CaptureLine] = []
    public var redacted: [CaptureLine] = []
    /// How many `key = value` lines a sysctl capture had and from which trees, whether or
    /// not every key was kept: what tells a whole `sysctl -a` from a partial one.
    public var sysctlSummary = SysctlSummary()

    public init(file: CaptureFile, kind: CaptureKind) {
        self.file = file
        self.kind = kind
    }

    /// True when no fact at all was read from it.
    var yieldedNothing: Bool {
        interfaces.isEmpty && routes.isEmpty && sysctls.isEmpty && (ipvs?.services.isEmpty ?? true) && connections.isEmpty
            && connectionTally.entryCount == 0
            && units.isEmpty && listeners.isEmpty && arpFilter == nil && packetFilters.isEmpty && modules.isEmpty
    }

    mutating func markUnparsed(_ line: CaptureLine, _ reason: String) {
        unparsed.append(UnparsedLine(line: line, kind: kind, reason: reason))
    }
}

/// The shape of a sysctl capture, counted on bytes while reading it.
public struct SysctlSummary: Sendable {
    public var keys = 0
    public var kernel = false, net = false, vm = false

    /// A whole `sysctl -a`: hundreds of keys, from the kernel., net. and vm. trees alike.
    public var looksComplete: Bool { keys >= 200 && kernel && net && vm }
}

/// What a parse keeps. `lvslint parse` keeps everything; `check` keeps only the sysctl keys
/// rules read (a `sysctl -a` has about a thousand, the rules read a few per interface), so
/// that a fleet's captures are not held in memory as strings they never need.
public struct ParseOptions: Sendable {
    public var onlySysctlsRulesRead: Bool

    /// How much of one command's output is read (see `OversizedSection`).
    public var maximumSectionBytes: Int
    /// How much of a connection listing is read: a busy director's table is the one output
    /// that is legitimately this large (3 million entries fit).
    public var maximumConnectionListingBytes: Int

    /// Whether every connection entry is kept as a value (`lvslint parse` prints each), or
    /// counted per path as it is read (what the rules judge), keeping only those printed with
    /// names: a busy director's millions of entries are then never held in memory.
    public var keepsConnectionEntries: Bool

    public init(
        onlySysctlsRulesRead: Bool = false, maximumSectionBytes: Int = OversizedSection.maximumBytes,
        maximumConnectionListingBytes: Int = OversizedSection.maximumConnectionListingBytes, keepsConnectionEntries: Bool = true
    ) {
        self.onlySysctlsRulesRead = onlySysctlsRulesRead
        self.keepsConnectionEntries = keepsConnectionEntries
        self.maximumSectionBytes = maximumSectionBytes
        self.maximumConnectionListingBytes = maximumConnectionListingBytes
    }

    /// The most of a section of `kind` that is read.
    func maximumBytes(of kind: CaptureKind?) -> Int {
        kind == .ipvsConnections ? maximumConnectionListingBytes : maximumSectionBytes
    }

    public static let everything = ParseOptions()
    public static let forRules = ParseOptions(onlySysctlsRulesRead: true, keepsConnectionEntries: false)

    /// The per-interface IPv4 parameters rules read (`SysctlTable.effective`, `lookup`,
    /// `forwarding`): a rule that reads another must add it here, or it will find the key
    /// missing (and say so: a missing key is never taken for the kernel's default).
    static let interfaceParameters: [StaticString] = [
        "arp_ignore", "arp_announce", "rp_filter", "forwarding", "send_redirects",
        "accept_local", "arp_filter", "proxy_arp",
    ]

    /// The keys rules read: those interface parameters, ip_forward, IPVS's own sysctls.
    func keeps(sysctlKey key: ArraySlice<UInt8>) -> Bool {
        guard onlySysctlsRulesRead else { return true }
        if ByteFields.hasPrefix(key, "net.ipv4.conf.") {
            return Self.interfaceParameters.contains {
                ByteFields.hasSuffix(key, $0) && key[key.endIndex - $0.utf8CodeUnitCount - 1] == UInt8(ascii: ".")
            }
        }
        if ByteFields.hasPrefix(key, "net.ipv4.vs.") || ByteFields.equals(key, "net.ipv4.ip_forward") { return true }
        if ByteFields.hasPrefix(key, "net.ipv6.conf.") { return ByteFields.hasSuffix(key, ".forwarding") }
        // Dotted keys may also be written with slashes (`net/ipv4/ip_forward`).
        if key.contains(UInt8(ascii: "/")) && !key.contains(UInt8(ascii: ".")) { return true }
        return false
    }
}

extension CaptureFile {
    /// The line holding byte `offset`, found by binary search in `lines` (which must be
    /// this file's lines), for formats (JSON) whose values carry no line.
    func line(atOffset offset: Int, in lines: [CaptureLine]) -> CaptureLine? {
        var low = 0, high = lines.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if offset < lines[mid].start {
                high = mid - 1
            } else if mid + 1 < lines.count && offset >= lines[mid + 1].start {
                low = mid + 1
            } else {
                return lines[mid]
            }
        }
        return nil
    }

    /// First offset at or after `from` where `needle` occurs.
    func offset(of needle: [UInt8], from: Int = 0) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = max(0, from)
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == needle[0] {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// Helpers on fields shared by the text parsers.
enum Field {
    static func address(_ bytes: ArraySlice<UInt8>) -> IPAddress? { IPAddress.parse(bytes: bytes) }

    /// `a.b.c.d/n` or `x::y/n`; a bare address gives a host prefix.
    static func prefix(_ bytes: ArraySlice<UInt8>) -> IPPrefix? {
        if let slash = bytes.firstIndex(of: UInt8(ascii: "/")) {
            guard let address = IPAddress.parse(bytes: bytes[bytes.startIndex..<slash]),
                let length = ByteFields.int(bytes[(slash + 1)...])
            else { return nil }
            return IPPrefix(address: address, length: length)
        }
        guard let address = IPAddress.parse(bytes: bytes) else { return nil }
        return IPPrefix(address: address, length: address.bitWidth)
    }

    /// A masked address such as `XXX.XXX.XXX.XX1` left by someone sharing a capture.
    static func isRedacted(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "X")) || bytes.contains(UInt8(ascii: "x"))
            ? bytes.allSatisfy {
                $0 == 88 || $0 == 120 || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 58 || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70)
                    || $0 == 47
            }
            : false
    }
}
