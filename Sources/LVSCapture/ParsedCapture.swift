#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LVSModel

/// What one parser read from one file. Assembled per host into a `HostObservation`.
public struct ParsedCapture: Sendable {
    public var file: CaptureFile
    public var kind: CaptureKind
    public var interfaces: [ObservedInterface] = []
    public var routes: [ObservedRoute] = []
    public var sysctls: [SysctlEntry] = []
    /// A whole `sysctl -a` read for `lvslint parse` (`ParseOptions.listsSysctls`): its entries
    /// as offsets into the file, in place of `sysctls`.
    public var sysctlListing: SysctlListing?
    public var ipvs: IPVSTable?
    public var connections: [IPVSConnection] = []
    /// The entries not kept one by one (`ParseOptions.keepsConnectionEntries`), counted per path.
    public var connectionTally = ConnectionTally()
    public var units: [ServiceUnit] = []
    public var listeners: [Listener] = []
    public var modules: [(name: String, line: CaptureLine)] = []
    public var arpFilter: ARPFilter?
    public var packetFilters: [PacketFilter] = []
    public var kernel: KernelRelease?
    public var ipvsTimeouts: IPVSTimeouts?
    public var syncDaemons: [SyncDaemon] = []
    public var moduleParameters: [ModuleParameter] = []
    public var ipsets: [IPSet] = []
    /// What a Kubernetes document says (filled by `lvslint parse` through LVSDescription's reader).
    public var kubernetes: KubernetesFacts?
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
        interfaces.isEmpty && routes.isEmpty && sysctls.isEmpty && (sysctlListing?.rowCount ?? 0) == 0 && (ipvs?.services.isEmpty ?? true)
            && connections.isEmpty
            && connectionTally.entryCount == 0
            && units.isEmpty && listeners.isEmpty && arpFilter == nil && packetFilters.isEmpty && modules.isEmpty
            && kernel == nil && ipvsTimeouts == nil && syncDaemons.isEmpty && moduleParameters.isEmpty && ipsets.isEmpty
    }

    mutating func markUnparsed(_ line: CaptureLine, _ reason: Message) {
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
    /// The sysctls kept; nil keeps every one.
    public var keptSysctls: KeptSysctls?

    /// How much of one command's output is read (see `OversizedSection`).
    public var maximumSectionBytes: Int
    /// How much of a connection listing is read: a busy director's table is the one output
    /// that is legitimately this large (3 million entries fit).
    public var maximumConnectionListingBytes: Int

    /// Whether every connection entry is kept as a value (`lvslint parse` prints each), or
    /// counted per path as it is read (what the rules judge), keeping only those printed with
    /// names: a busy director's millions of entries are then never held in memory.
    public var keepsConnectionEntries: Bool

    /// Whether a whole `sysctl -a` is read as a `SysctlListing` (offsets, not values): what
    /// `lvslint parse` prints from, never what the rules read.
    public var listsSysctls: Bool

    public init(
        keptSysctls: KeptSysctls? = nil, maximumSectionBytes: Int = OversizedSection.maximumBytes,
        maximumConnectionListingBytes: Int = OversizedSection.maximumConnectionListingBytes, keepsConnectionEntries: Bool = true,
        listsSysctls: Bool = false
    ) {
        self.keptSysctls = keptSysctls
        self.listsSysctls = listsSysctls
        self.keepsConnectionEntries = keepsConnectionEntries
        self.maximumSectionBytes = maximumSectionBytes
        self.maximumConnectionListingBytes = maximumConnectionListingBytes
    }

    /// The most of a section of `kind` that is read.
    func maximumBytes(of kind: CaptureKind?) -> Int {
        kind == .ipvsConnections ? maximumConnectionListingBytes : maximumSectionBytes
    }

    public static let everything = ParseOptions()

    /// What `lvslint parse` reads: everything, a whole `sysctl -a` as a listing.
    public static let listing = ParseOptions(listsSysctls: true)

    /// What `check` reads: the sysctls named (the rules' `readsSysctls`, gathered by the
    /// engine), connection entries counted rather than kept.
    public static func forRules(keeping sysctls: [String]) -> ParseOptions {
        ParseOptions(keptSysctls: KeptSysctls(sysctls), keepsConnectionEntries: false)
    }

    /// Configuration files read for the next boot (a saved IPVS table, firewall rules): no
    /// sysctl is read this way, and connection entries are never in them.
    public static let boot = ParseOptions(keepsConnectionEntries: false)

    @inline(__always)
    func keeps(sysctlKey key: UnsafePointer<UInt8>, count: Int, dotted: Bool) -> Bool {
        guard let kept = keptSysctls else { return true }
        // Most keys are refused by their last four bytes alone (`KeptSysctls.mayEnd`), here in
        // the reader's loop, without the call: nine in ten lines of a `sysctl -a`.
        if dotted && count >= 4 && !kept.mayEnd(key + count - 4) { return false }
        return kept.keeps(key, count: count, dotted: dotted)
    }
}

/// The sysctls a parse keeps of a `sysctl -a` (about a thousand keys, of which the rules read
/// a few per interface), so that a fleet's captures are not held as strings never read.
/// A class: an optional reference is tested with one comparison on every line of every file.
public final class KeptSysctls: Sendable {
    /// Per-interface parameters (`arp_ignore`): kept under net.ipv4.conf.* and net.ipv6.conf.*.
    let parameters: ByteStringSet
    /// Whole keys (`net.ipv4.ip_forward`).
    let keys: ByteStringSet

    /// The kept keys' copies (one per stripe a reading thread uses), shared by every host read
    /// with these options.
    let keyPool = StripedStringPool()

    /// The last four bytes of every key kept, as bits of a 4,096-bit table (`tailSlot`): a
    /// dotted key whose last four bytes' bit is clear is not kept. A parameter's keys end with
    /// it (with its dot, for a parameter of three bytes), a whole key's with itself; when some
    /// name is shorter, every bit is set. Written once here, read by every reading thread.
    nonisolated(unsafe) private let tails: UnsafeMutablePointer<UInt64>

    /// `names`: a parameter without dots, or a whole key.
    public init(_ names: [String]) {
        parameters = ByteStringSet(names.filter { !$0.contains(".") }.map { Array($0.utf8) })
        keys = ByteStringSet(names.filter { $0.contains(".") }.map { Array($0.utf8) })
        tails = .allocate(capacity: 64)
        tails.initialize(repeating: 0, count: 64)
        for name in names {
            let bytes = name.contains(".") ? Array(name.utf8) : [UInt8(ascii: ".")] + Array(name.utf8)
            guard bytes.count >= 4 else {
                tails.update(repeating: ~0, count: 64)
                break
            }
            let slot = bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { Self.tailSlot($0 + buffer.count - 4) } ?? 0 }
            tails[slot >> 6] |= 1 << UInt64(slot & 63)
        }
    }

    deinit { tails.deallocate() }

    /// Where the four bytes at `tail` fall in the table of last four bytes: twelve bits of
    /// their product with a large odd number.
    @inline(__always)
    static func tailSlot(_ tail: UnsafePointer<UInt8>) -> Int {
        let word = UInt32(littleEndian: UnsafeRawPointer(tail).loadUnaligned(as: UInt32.self))
        return Int((word &* 0x9E37_79B1) >> 20)
    }

    /// Whether a dotted key whose last four bytes are at `tail` may be kept: false is certain.
    @inline(__always)
    func mayEnd(_ tail: UnsafePointer<UInt8>) -> Bool {
        let slot = Self.tailSlot(tail)
        return tails[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// Whether the key of `count` bytes at `key` is kept. This runs on every line of every
    /// `sysctl -a` of a fleet: a key is compared only with the kept ones of its length.
    /// `dotted`: the key is known to hold a dot, so it is no slashed path.
    func keeps(_ key: UnsafePointer<UInt8>, count: Int, dotted: Bool = false) -> Bool {
        if Self.isInterfaceKey(key, count: count) {
            // The parameter is what follows the last dot (an interface name may hold dots:
            // `eth0.100`); the parameters hold none, so it is looked for from the end.
            return parameters.containsLastPart(of: key, count: count, after: UInt8(ascii: "."))
        }
        if keys.contains(key, count: count) { return true }
        if dotted { return false }
        // Dotted keys may also be written with slashes (`net/ipv4/ip_forward`): kept, rare.
        var slash = false
        for index in 0..<count {
            if key[index] == UInt8(ascii: ".") { return false }
            if key[index] == UInt8(ascii: "/") { slash = true }
        }
        return slash
    }

    func keeps(_ key: ArraySlice<UInt8>) -> Bool {
        key.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return keeps(base, count: buffer.count)
        }
    }

    /// `net.ipv4.conf.` or `net.ipv6.conf.` and more.
    @inline(__always)
    static func isInterfaceKey(_ key: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count > 14 else { return false }
        // Two overlapping words, compared whole: `net.ipv4` (or 6) and `v4.conf.` (or 6); they
        // share the version's byte. Every line of every `sysctl -a` asks this.
        let head = UInt64(littleEndian: ByteWords.load(key))
        let tail = UInt64(littleEndian: ByteWords.load(key + 6))
        return (head == Self.ipv4Head || head == Self.ipv6Head) && (tail == Self.ipv4Tail || tail == Self.ipv6Tail)
    }

    /// `net.ipv4`, `net.ipv6`, `v4.conf.` and `v6.conf.` as the little-endian words `ByteWords.load`
    /// reads (written out: constants, not computed at run time; a test holds them to the text).
    static let ipv4Head: UInt64 = 0x3476_7069_2E74_656E
    static let ipv6Head: UInt64 = 0x3676_7069_2E74_656E
    static let ipv4Tail: UInt64 = 0x2E66_6E6F_632E_3476
    static let ipv6Tail: UInt64 = 0x2E66_6E6F_632E_3676
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
