#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LVSModel

/// `sysctl -a`: `key = value` per line (values may hold tabs or be empty).
enum SysctlParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture { parse(file, options: .everything) }

    /// The entries a check's reading makes room for at first: a host with six interfaces keeps
    /// about fifty. The array is the host's table for the whole run (`SysctlTable.setAll`), so
    /// room for 256 held 12 KB a host empty, 120 MB on a fleet of 10,000.
    static let keptRoom = 64

    static func parse(_ file: CaptureFile, options: ParseOptions) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .sysctl)
        out.sysctls.reserveCapacity(options.keptSysctls != nil ? keptRoom : 1200)
        // Read on the raw bytes: a fleet's captures hold millions of these lines, and only the
        // kept ones become values. The walk is written out here and in the segmenter rather
        // than shared through a closure: measured, the closure made both 10-20% slower.
        file.bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var start = 0
            var number = file.lineOffset
            while start < count {
                number += 1
                var end = start
                while end < count && buffer[end] != 10 { end += 1 }
                let next = end + 1
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                read(buffer, start, end, number, file, options, &out)
                start = next
            }
        }
        if options.keptSysctls != nil { compact(&out) }
        return out
    }

    /// A file that is a `sysctl -a` and nothing else, read in one pass over its bytes; nil
    /// (read it the general way: segmented, then parsed) at the first line that is not
    /// plainly `key = value` (`scanPlain`). Read for `lvslint parse`, it is a
    /// `SysctlListing`, its entries not made into values.
    static func parseWhole(_ file: CaptureFile, options: ParseOptions) -> ParsedCapture? {
        if options.listsSysctls, let listing = SysctlListing.read(file) { return listing }
        var out = ParsedCapture(file: file, kind: .sysctl)
        out.sysctls.reserveCapacity(options.keptSysctls != nil ? keptRoom : 1200)
        let lines = file.bytes.withUnsafeBufferPointer { buffer in
            scanPlain(buffer, from: 0, to: buffer.count) { start, keyEnd, equals, end, index in
                value(buffer, start, keyEnd, equals, end, file.lineOffset + index, file, options, &out, dotted: true)
            }
        }
        guard lines != nil else { return nil }
        if options.keptSysctls != nil { compact(&out) }
        return out
    }

    /// Walks the lines of `buffer[from..<to]` (`from` starts a line), handing `line` each
    /// plain `key = value` one: where it starts, where its key ends, its `=`, its end without
    /// the line end, and its index (1 for the first line walked). Blank lines are passed
    /// over. The number of lines walked; nil at the first line not plainly `key = value`,
    /// as `LineShape.plainlyContinues` decides it for the segmenter. Each line is scanned
    /// once, for both questions: the segmenter's (may it belong to another command's
    /// output?) and the parser's (where are its key and value?).
    @inline(__always)
    static func scanPlain(
        _ buffer: UnsafeBufferPointer<UInt8>, from: Int, to count: Int,
        _ line: (_ start: Int, _ keyEnd: Int, _ equals: Int, _ end: Int, _ index: Int) -> Void
    ) -> Int? {
        guard let base = buffer.baseAddress else { return 0 }
        // A `#` or `$` (a marker may hide behind either) anywhere in a line with content refuses
        // the whole walk, and a blank line holds neither: so the walk is refused when either
        // byte is anywhere at all, which two passes at memory speed tell before any line is
        // walked; no key or value is then searched for them.
        if from < count, memchr(base + from, 35, count - from) != nil || memchr(base + from, 36, count - from) != nil { return nil }
        var start = from
        var index = 0
        while start < count {
            index += 1
            // memchr finds the line's end at memory speed; only the key is then walked.
            var end = CaptureFile.lineEnd(in: buffer, from: start, to: count)
            let next = end + 1
            if end > start && buffer[end - 1] == 13 { end -= 1 }
            defer { start = next }
            // A blank line: the segmenter passes over it.
            var s = start
            while s < end && (buffer[s] == 32 || buffer[s] == 9) { s += 1 }
            if s == end { continue }
            // Not indented; a dotted key without blanks, then ` = `: the first `=` with a
            // space before it and a space or the end after it.
            guard s == start else { return nil }
            var i = start
            var dot = false
            // Eight bytes at a time while none can end the key (blank, tab and the other
            // bytes below 0x21, then `=`); the rest byte by byte.
            while i + 8 <= end {
                guard let first = ByteWords.firstIndex(at: base + i, below: 0x21, orEqualTo: 61) else {
                    if !dot && ByteWords.has(ByteWords.load(base + i), 46) { dot = true }
                    i += 8
                    continue
                }
                // The first byte that may end the key, found in place: a dot only counts before it.
                if !dot && ByteWords.firstIndex(at: base + i, of: 46) < first { dot = true }
                i += first
                let b = buffer[i]
                if b == 61 || b == 32 || b == 9 { break }
                // Another byte below 0x21 (a control byte) is part of the key.
                i += 1
            }
            while i < end {
                let b = buffer[i]
                if b == 61 || b == 32 || b == 9 { break }
                if b == 46 { dot = true }
                i += 1
            }
            let keyEnd = i
            while i < end && buffer[i] == 32 { i += 1 }
            guard dot, keyEnd > start, i < end, buffer[i] == 61, i > keyEnd, i + 1 == end || buffer[i + 1] == 32 else { return nil }
            let equals = i
            line(start, keyEnd, equals, end, index)
        }
        return index
    }

    /// One line, `start..<end` without its line end: a kept `key = value` becomes an entry.
    @inline(__always)
    static func read(
        _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ number: Int, _ file: CaptureFile, _ options: ParseOptions,
        _ out: inout ParsedCapture
    ) {
        var s = start
        while s < end && (buffer[s] == 32 || buffer[s] == 9) { s += 1 }
        if s == end { return }
        let first = buffer[s]
        // Comments, as in sysctl.conf or notes pasted between commands.
        if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") { return }
        // stderr of sysctl mixed in: "sysctl: permission denied on key '…'" carries no value.
        if Self.startsWith(buffer, s, end, "sysctl: ") { return }
        var eq = s
        while eq < end && buffer[eq] != UInt8(ascii: "=") { eq += 1 }
        var keyEnd = eq
        while keyEnd > s && (buffer[keyEnd - 1] == 32 || buffer[keyEnd - 1] == 9) { keyEnd -= 1 }
        var spaceInKey = false
        for k in s..<keyEnd where buffer[k] == 32 || buffer[k] == 9 { spaceInKey = true; break }
        guard eq < end, keyEnd > s, !spaceInKey else {
            out.markUnparsed(CaptureLine(file: file, number: number, start: start, end: end), "expected `key = value`")
            return
        }
        value(buffer, s, keyEnd, eq, end, number, file, options, &out, lineStart: start)
    }

    /// A line known to be `key = value`: its key is `s..<keyEnd`, its `=` at `eq`; kept, it becomes an entry.
    @inline(__always)
    static func value(
        _ buffer: UnsafeBufferPointer<UInt8>, _ s: Int, _ keyEnd: Int, _ eq: Int, _ end: Int, _ number: Int, _ file: CaptureFile,
        _ options: ParseOptions, _ out: inout ParsedCapture, lineStart: Int? = nil, dotted: Bool = false
    ) {
        let start = lineStart ?? s
        // A `;` first is a comment (sysctl.conf's), as the general reading has it.
        if buffer[s] == UInt8(ascii: ";") || buffer[s] == UInt8(ascii: "#") { return }
        out.sysctlSummary.keys += 1
        switch buffer[s] {
        // Each tree is looked for only until it is found.
        case UInt8(ascii: "k"): if !out.sysctlSummary.kernel && Self.startsWith(buffer, s, keyEnd, "kernel.") { out.sysctlSummary.kernel = true }
        case UInt8(ascii: "n"): if !out.sysctlSummary.net && Self.startsWith(buffer, s, keyEnd, "net.") { out.sysctlSummary.net = true }
        case UInt8(ascii: "v"): if !out.sysctlSummary.vm && Self.startsWith(buffer, s, keyEnd, "vm.") { out.sysctlSummary.vm = true }
        default: break
        }
        guard let base = buffer.baseAddress, options.keeps(sysctlKey: base + s, count: keyEnd - s, dotted: dotted) else { return }
        let key = file.bytes[s..<keyEnd]
        let value = ByteFields.trimmed(file.bytes[(eq + 1)..<end])
        if let garbled = notANumber(key: key, value: value) {
            out.markUnparsed(CaptureLine(file: file, number: number, start: start, end: end), garbled)
            return
        }
        out.sysctls.append(
            SysctlEntry(
                key: options.keptSysctls?.keyPool.intern(UnsafeRawBufferPointer(start: base + s, count: keyEnd - s)) ?? ByteFields.string(key),
                value: ByteFields.string(value),
                evidence: CaptureLine(file: file, number: number, start: start, end: end)))
    }

    /// Why a key the checks compare as a number cannot be read: it holds no number. The
    /// kernel keeps these as integers, so anything else was garbled on the way (a paste, an
    /// edit), and is reported rather than read as 0. Nil when the value is fine.
    static func notANumber(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>) -> Message? {
        // Most kept values are a digit or two: a number, whatever the key.
        if value.count == 1, let digit = value.first, digit >= 48 && digit <= 57 { return nil }
        guard isNumericKey(key), ByteFields.int(value.first == UInt8(ascii: "-") ? value.dropFirst() : value) == nil else { return nil }
        return "\(ByteFields.string(key)) holds '\(ByteFields.string(value.prefix(40)))', not a number"
    }

    /// The last parts of the keys lvslint reads as numbers (the kernel keeps them as integers).
    static let numericNames = ByteStringSet(numericNameList.map { Array($0.utf8) })

    static let numericNameList = [
        "arp_ignore", "arp_announce", "arp_filter", "arp_accept", "rp_filter", "forwarding",
        "send_redirects", "accept_redirects", "secure_redirects", "accept_local", "ip_forward",
        "route_localnet", "proxy_arp", "conntrack", "expire_nodest_conn", "expire_quiescent_template",
        "ip_nonlocal_bind", "disable_ipv6", "arp_notify",
    ]

    static func isNumericKey(_ key: ArraySlice<UInt8>) -> Bool {
        guard let dot = key.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return numericNames.contains(key[(dot + 1)...])
    }

    @inline(__always)
    static func startsWith(_ buffer: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard to - from >= n else { return false }
        return literal.withUTF8Buffer { lit in
            for j in 0..<n where buffer[from + j] != lit[j] { return false }
            return true
        }
    }

    /// Keeps only the bytes of the kept lines, with their line numbers: a fleet's thousand-line
    /// `sysctl -a` files are not held in memory for the few lines that can be evidence.
    static func compact(_ out: inout ParsedCapture) {
        // On the bytes, entry by entry in place: no slice or entry copied per kept line.
        var total = 0
        for index in out.sysctls.indices { total += out.sysctls[index].evidence.end - out.sysctls[index].evidence.start + 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        var spans: [(start: Int, end: Int)] = []
        spans.reserveCapacity(out.sysctls.count)
        for index in out.sysctls.indices {
            let start = bytes.count
            let line = out.sysctls[index].evidence
            line.file.bytes.withUnsafeBufferPointer { source in
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[line.start..<line.end]))
            }
            spans.append((start, bytes.count))
            bytes.append(10)
        }
        let file = CaptureFile(path: out.file.path, bytes: bytes, lineOffset: out.file.lineOffset, command: out.file.command)
        for index in out.sysctls.indices {
            let number = out.sysctls[index].evidence.number
            out.sysctls[index].evidence = CaptureLine(file: file, number: number, start: spans[index].start, end: spans[index].end)
        }
        if out.unparsed.isEmpty { out.file = file }
    }
}
