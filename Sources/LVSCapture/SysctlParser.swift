import LVSModel

/// `sysctl -a`: `key = value` per line (values may hold tabs or be empty).
enum SysctlParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture { parse(file, options: .everything) }

    static func parse(_ file: CaptureFile, options: ParseOptions) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .sysctl)
        out.sysctls.reserveCapacity(options.keptSysctls != nil ? 256 : 1200)
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
                defer { start = next }
                var s = start
                while s < end && (buffer[s] == 32 || buffer[s] == 9) { s += 1 }
                if s == end { continue }
                let first = buffer[s]
                // Comments, as in sysctl.conf or notes pasted between commands.
                if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") { continue }
                // stderr of sysctl mixed in: "sysctl: permission denied on key '…'" carries no value.
                if Self.startsWith(buffer, s, end, "sysctl: ") { continue }
                var eq = s
                while eq < end && buffer[eq] != UInt8(ascii: "=") { eq += 1 }
                var keyEnd = eq
                while keyEnd > s && (buffer[keyEnd - 1] == 32 || buffer[keyEnd - 1] == 9) { keyEnd -= 1 }
                var spaceInKey = false
                for k in s..<keyEnd where buffer[k] == 32 || buffer[k] == 9 { spaceInKey = true; break }
                guard eq < end, keyEnd > s, !spaceInKey else {
                    out.markUnparsed(CaptureLine(file: file, number: number, start: start, end: end), "expected `key = value`")
                    continue
                }
                out.sysctlSummary.keys += 1
                if Self.startsWith(buffer, s, keyEnd, "kernel.") {
                    out.sysctlSummary.kernel = true
                } else if Self.startsWith(buffer, s, keyEnd, "net.") {
                    out.sysctlSummary.net = true
                } else if Self.startsWith(buffer, s, keyEnd, "vm.") {
                    out.sysctlSummary.vm = true
                }
                let key = file.bytes[s..<keyEnd]
                guard options.keeps(sysctlKey: key) else { continue }
                let value = ByteFields.trimmed(file.bytes[(eq + 1)..<end])
                // The keys the checks compare as numbers must hold one; anything else was garbled
                // on the way (a paste, an edit), and is reported rather than read as 0.
                if Self.isNumericKey(key), ByteFields.int(value.first == UInt8(ascii: "-") ? value.dropFirst() : value) == nil {
                    out.markUnparsed(
                        CaptureLine(file: file, number: number, start: start, end: end),
                        "\(ByteFields.string(key)) holds '\(ByteFields.string(value.prefix(40)))', not a number")
                    continue
                }
                out.sysctls.append(
                    SysctlEntry(
                        key: ByteFields.string(key), value: ByteFields.string(value),
                        evidence: CaptureLine(file: file, number: number, start: start, end: end)))
            }
        }
        if options.keptSysctls != nil { compact(&out) }
        return out
    }

    /// The last parts of the keys lvslint reads as numbers (the kernel keeps them as integers).
    static let numericNames: Set<String> = [
        "arp_ignore", "arp_announce", "arp_filter", "arp_accept", "rp_filter", "forwarding",
        "send_redirects", "accept_redirects", "secure_redirects", "accept_local", "ip_forward",
        "route_localnet", "proxy_arp", "conntrack", "expire_nodest_conn", "expire_quiescent_template",
        "ip_nonlocal_bind", "disable_ipv6", "arp_notify",
    ]

    static func isNumericKey(_ key: ArraySlice<UInt8>) -> Bool {
        guard let dot = key.lastIndex(of: UInt8(ascii: ".")) else { return false }
        return numericNames.contains(ByteFields.string(key[(dot + 1)...]))
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(out.sysctls.reduce(0) { $0 + $1.evidence.end - $1.evidence.start + 1 })
        var spans: [(start: Int, end: Int)] = []
        for entry in out.sysctls {
            let start = bytes.count
            bytes += entry.evidence.bytes
            spans.append((start, bytes.count))
            bytes.append(10)
        }
        let file = CaptureFile(path: out.file.path, bytes: bytes, lineOffset: out.file.lineOffset, command: out.file.command)
        for i in out.sysctls.indices {
            let old = out.sysctls[i].evidence
            out.sysctls[i].evidence = CaptureLine(file: file, number: old.number, start: spans[i].start, end: spans[i].end)
        }
        if out.unparsed.isEmpty { out.file = file }
    }
}
