#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LVSModel

/// Tests of what one line of output looks like on its own, shared by the capture formats
/// (`Formats/`): enough to tell where one command's output ends and the next one's begins
/// in a file that holds several, with no marker between them
/// (`{ ip -d addr; ip route; sysctl -a; } > rs2.txt`). Cheap byte tests; the parsers still
/// read every line.
enum LineShape {
    static let neighbourStates: Set<String> = ["REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "INCOMPLETE", "NOARP", "PERMANENT", "NONE"]
    static let protocols: Set<String> = ["TCP", "UDP", "SCTP", "FWM"]
    static let saveServiceOptions: Set<String> = ["-t", "-u", "-f", "--tcp-service", "--udp-service", "--sctp-service", "--fwmark-service"]

    /// The same question as `continues`, asked of raw bytes [start, end) without making a
    /// line: true only for lines of `shape` that continue a region and can be no marker
    /// and no other format's start (no `#` or `$`, no `=` in a route, no `N:` interface
    /// line). False means "look closer".
    static func plainlyContinues(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ shape: PlainShape) -> Bool {
        guard start < end else { return false }
        let b0 = buffer[start]
        let indented = b0 == 32 || b0 == 9
        var equals = -1
        var i = start
        // Eight bytes at a time: every line of a fleet's `ip addr` and `ip route` passes here.
        if let base = buffer.baseAddress {
            while i + 8 <= end {
                let word = ByteWords.load(base + i)
                if ByteWords.has(word, 35) || ByteWords.has(word, 36) { return false }  // '#', '$': a marker may hide here
                if equals < 0 && ByteWords.has(word, 61) { equals = i + ByteWords.firstIndex(at: base + i, of: 61) }  // '='
                i += 8
            }
        }
        while i < end {
            let b = buffer[i]
            if b == 35 || b == 36 { return false }
            if b == 61 && equals < 0 { equals = i }
            i += 1
        }
        switch shape {
        case .keyValue:
            guard !indented, equals > start + 1, buffer[equals - 1] == 32, equals + 1 == end || buffer[equals + 1] == 32 else { return false }
            var keyEnd = equals - 1
            while keyEnd > start && buffer[keyEnd - 1] == 32 { keyEnd -= 1 }
            var dot = false
            for k in start..<keyEnd {
                let b = buffer[k]
                if b == 32 || b == 9 { return false }
                if b == 46 { dot = true }
            }
            return dot
        case .indentedBlock:
            guard indented else { return false }
            var k = start
            while k < end && (buffer[k] == 32 || buffer[k] == 9) { k += 1 }
            if k == end { return false }  // blank: the slow path skips it
            return !(buffer[k] == 84 && end - k >= 14 && buffer[k + 1] == 111 && buffer[k + 6] == 73)  // not "Total Incoming"
        case .route:
            if indented { return equals < 0 }
            guard equals < 0 else { return false }
            var tokenEnd = start
            while tokenEnd < end && buffer[tokenEnd] != 32 && buffer[tokenEnd] != 9 { tokenEnd += 1 }
            let token = UnsafeBufferPointer(rebasing: buffer[start..<tokenEnd])
            // An address first (most lines of a route table): no type word holds a `.` or a `:`.
            let hexDigit = (b0 >= 48 && b0 <= 57) || (b0 >= 97 && b0 <= 102)
            if hexDigit, let last = token.last, last != 58, token.contains(where: { $0 == 46 || $0 == 58 }) { return true }
            if Self.equals(token, "default") { return true }
            // The route types the parser knows (`IPRouteParser.typeWords`), compared on the bytes.
            guard let base = token.baseAddress else { return false }
            return IPRouteParser.typeWords.contains(base, count: token.count)
        case let .tableRow(columns):
            // A table row: no indent, six or more columns, not an `N:` interface line.
            guard !indented, equals < 0 else { return false }
            var fields = 0
            var inField = false
            var firstEnd = -1
            for k in start..<end {
                let space = buffer[k] == 32 || buffer[k] == 9
                if !space && !inField { fields += 1; inField = true }
                if space && inField { inField = false; if firstEnd < 0 { firstEnd = k } }
            }
            if firstEnd < 0 { firstEnd = end }
            return fields >= columns && buffer[firstEnd - 1] != 58
        case .connection:
            // `TCP 14:46  ESTABLISHED 203.0.113.7:40000 …`: a protocol word, then an mm:ss expiry.
            guard !indented, equals < 0 else { return false }
            var k = start
            while k < end && buffer[k] >= 65 && buffer[k] <= 90 { k += 1 }
            let word = UnsafeBufferPointer(rebasing: buffer[start..<k])
            guard word.elementsEqual("TCP".utf8) || word.elementsEqual("UDP".utf8) || word.elementsEqual("SCTP".utf8) else { return false }
            while k < end && buffer[k] == 32 { k += 1 }
            guard end - k > 5 else { return false }
            let isDigit = { (b: UInt8) in b >= 48 && b <= 57 }
            return isDigit(buffer[k]) && isDigit(buffer[k + 1]) && buffer[k + 2] == 58 && isDigit(buffer[k + 3]) && isDigit(buffer[k + 4])
                && buffer[k + 5] == 32
        case .varied:
            return false
        }
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    /// `2: eth0: <BROADCAST,…>` on raw bytes: an `ip addr` interface line (the first form
    /// `isInterfaceLine` knows), numbered other than `1:` (which begins a second listing),
    /// with no `#` or `$` (no marker hides in it). In an `ip addr` region such a line
    /// continues it, as the slow path finds after asking every format: a test holds the
    /// two to agree on the corpus. False means "look closer".
    static func isLaterInterfaceHeader(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end && buffer[i] >= 48 && buffer[i] <= 57 { i += 1 }
        // At most 18 digits: a number `ByteFields.int` reads; `1:` is left to the slow path.
        guard i > start, i - start <= 18, i < end, buffer[i] == 58, !(i - start == 1 && buffer[start] == 49) else { return false }
        i += 1
        guard i < end, buffer[i] == 32 || buffer[i] == 9 else { return false }
        while i < end && (buffer[i] == 32 || buffer[i] == 9) { i += 1 }
        // The name: blanks end it, and it ends with `:`.
        let name = i
        while i < end && buffer[i] != 32 && buffer[i] != 9 { i += 1 }
        guard i > name, buffer[i - 1] == 58 else { return false }
        while i < end && (buffer[i] == 32 || buffer[i] == 9) { i += 1 }
        guard i < end, buffer[i] == 60 else { return false }
        for k in start..<end where buffer[k] == 35 || buffer[k] == 36 { return false }
        return true
    }

    /// The slow path's `continues` for block formats: an indented line, not a stats header.
    static func isIndentedContinuation(_ line: CaptureLine) -> Bool {
        let bytes = line.bytes
        guard let b0 = bytes.first, ByteFields.isSpace(b0) else { return false }
        return !ByteFields.hasPrefix(ByteFields.trimmed(bytes), "Total Incoming")
    }

    /// A connection entry without its header: `TCP 14:46  ESTABLISHED 203.0.113.7:40000
    /// 192.0.2.100:80 192.0.2.21:80` (`ipvsadm -Lnc`: protocol, mm:ss expiry, a state in
    /// capitals, three host:port), or /proc/net/ip_vs_conn's `TCP C0A80001 9C40 …` (hex).
    static func isConnectionLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 6, let f0 = fields.first, ["TCP", "UDP", "SCTP"].contains(ByteFields.string(f0)) else { return false }
        let expire = fields[1]
        let isExpire =
            expire.count == 5 && expire[expire.startIndex + 2] == UInt8(ascii: ":")
            && expire.enumerated().allSatisfy { $0.offset == 2 || ($0.element >= 48 && $0.element <= 57) }
        if isExpire {
            let state = fields[2]
            let isState = state.allSatisfy { ($0 >= 65 && $0 <= 90) || $0 == UInt8(ascii: "_") }
            return isState && fields[3...5].allSatisfy { $0.contains(UInt8(ascii: ":")) }
        }
        // /proc/net/ip_vs_conn: Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires (PEName PEData)
        guard fields.count >= 9 else { return false }
        return [1, 3, 5].allSatisfy { ByteFields.hex(fields[$0]) != nil && (fields[$0].count == 8 || fields[$0].count == 32) }
            && [2, 4, 6].allSatisfy { fields[$0].count == 4 && ByteFields.hex(fields[$0]) != nil }
    }

    /// `Module                  Size  Used by`: lsmod's header.
    static func isModuleListHeader(_ fields: [ArraySlice<UInt8>]) -> Bool {
        fields.count == 4 && ByteFields.equals(fields[0], "Module") && ByteFields.equals(fields[1], "Size")
            && ByteFields.equals(fields[2], "Used") && ByteFields.equals(fields[3], "by")
    }

    /// `ip_vs 172032 3 ip_vs_rr,nf_conntrack, Live 0x0000000000000000`: a /proc/modules line.
    static func isProcModulesLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        fields.count >= 6 && ByteFields.int(fields[1]) != nil && ByteFields.int(fields[2]) != nil
            && ["Live", "Loading", "Unloading"].contains(ByteFields.string(fields[4])) && ByteFields.hasPrefix(fields[5], "0x")
    }

    /// `2: eth0: <BROADCAST,…>` (ip addr, ip link) or `2: eth0    inet 192.0.2.1/24 …` (ip -o).
    static func isInterfaceLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 3, ByteFields.hasSuffix(fields[0], ":"), ByteFields.int(fields[0].dropLast()) != nil else { return false }
        if ByteFields.hasSuffix(fields[1], ":") { return fields[2].first == UInt8(ascii: "<") }
        return ByteFields.equals(fields[2], "inet") || ByteFields.equals(fields[2], "inet6") || ByteFields.hasPrefix(fields[2], "link/")
    }

    /// `eth0: flags=4163<UP,…>` (net-tools 2) or `eth0      Link encap:Ethernet` (older and busybox,
    /// in any language its catalogues translate `Link encap` into: `IfconfigWords.encapsulation`).
    static func isIfconfigHeader(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 2 else { return false }
        if ByteFields.hasSuffix(fields[0], ":") && ByteFields.hasPrefix(fields[1], "flags=") { return true }
        return IfconfigWords.isOldHeader(fields)
    }

    /// `net.ipv4.conf.all.arp_ignore = 1`: a dotted key without spaces, then ` = `.
    static func isSysctlLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")), eq > bytes.startIndex, bytes[eq - 1] == 32,
            eq + 1 == bytes.endIndex || bytes[eq + 1] == 32
        else { return false }
        let key = ByteFields.trimmed(bytes[bytes.startIndex..<eq])
        return key.contains(UInt8(ascii: ".")) && !key.contains(32) && !key.contains(9) && key.first != UInt8(ascii: "#")
    }

    /// `default via 192.0.2.1 dev eth0`, `192.0.2.0/24 dev eth0 …`, `local 192.0.2.100 dev lo table local …`.
    static func isRouteLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        var rest = fields[...]
        guard let f = rest.first else { return false }
        let typed = IPRouteParser.types.contains(ByteFields.string(f))
        if typed { rest = rest.dropFirst() }
        guard let dest = rest.first, ByteFields.equals(dest, "default") || Field.prefix(dest) != nil else { return false }
        // `ip neigh` prints `192.0.2.1 dev eth0 lladdr … REACHABLE`: a neighbour, not a route.
        if rest.contains(where: { ByteFields.equals($0, "lladdr") }) { return false }
        if let state = rest.last, neighbourStates.contains(ByteFields.string(state)) { return false }
        return typed || rest.contains { ByteFields.equals($0, "dev") || ByteFields.equals($0, "via") || ByteFields.equals($0, "proto") }
    }

    /// A route whose next hops follow on indented lines: `default proto static metric 100`.
    static func isRouteDestination(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard let dest = fields.first else { return false }
        return ByteFields.equals(dest, "default") || Field.prefix(dest) != nil
    }

    /// `-A -t 192.0.2.100:80 -s rr`, `-a -t … -r … -g -w 1`, `-C` (ipvsadm-save), optionally after `ipvsadm`.
    static func isSaveLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        var rest = fields[...]
        if let w = rest.first, ByteFields.equals(w, "ipvsadm") || ByteFields.hasSuffix(w, "/ipvsadm") { rest = rest.dropFirst() }
        guard let command = rest.first, IPVSAdmSaveParser.commands[ByteFields.string(command)] != nil else { return false }
        guard let option = rest.dropFirst().first else { return rest.count == 1 }
        return saveServiceOptions.contains(ByteFields.string(option))
    }
}
