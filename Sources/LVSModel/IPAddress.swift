/// An IPv4 or IPv6 address held as a 128-bit number, so that both families share
/// one comparison, one hash and one prefix test.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Family: String, Sendable, Codable { case v4, v6 }

    public let family: Family
    /// IPv4 uses the low 32 bits.
    public let bits: UInt128

    public init(v4 value: UInt32) {
        family = .v4
        bits = UInt128(value)
    }

    public init(v6 value: UInt128) {
        family = .v6
        bits = value
    }

    public var bitWidth: Int { family == .v4 ? 32 : 128 }

    /// The address `offset` further on, or nil past the end of the family's space.
    public func adding(_ offset: Int) -> IPAddress? {
        let (sum, overflow) = bits.addingReportingOverflow(UInt128(max(offset, 0)))
        switch family {
        case .v4: return overflow || sum > UInt128(UInt32.max) ? nil : IPAddress(v4: UInt32(sum))
        case .v6: return overflow ? nil : IPAddress(v6: sum)
        }
    }

    public var v4Value: UInt32? { family == .v4 ? UInt32(truncatingIfNeeded: bits) : nil }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.family != rhs.family { return lhs.family == .v4 }
        return lhs.bits < rhs.bits
    }

    public var isLoopback: Bool {
        switch family {
        case .v4: return (bits >> 24) == 127
        case .v6: return bits == 1
        }
    }

    public var isLinkLocal: Bool {
        switch family {
        case .v4: return (bits >> 16) == 0xA9FE
        case .v6: return (bits >> 118) == (0xFE80 >> 6)
        }
    }

    public var isUnspecified: Bool { bits == 0 }

    public var description: String {
        switch family {
        case .v4:
            // Written digit by digit: a fleet's reports and a busy director's connection
            // listing print millions, and at most 15 bytes is a string without an allocation.
            let v = UInt32(truncatingIfNeeded: bits)
            return String(unsafeUninitializedCapacity: 15) { buffer in
                var n = 0
                for shift: UInt32 in [24, 16, 8, 0] {
                    let octet = UInt8(truncatingIfNeeded: v >> shift)
                    if octet >= 100 { buffer[n] = 48 + octet / 100; n += 1 }
                    if octet >= 10 { buffer[n] = 48 + octet / 10 % 10; n += 1 }
                    buffer[n] = 48 + octet % 10
                    n += 1
                    if shift > 0 { buffer[n] = 46; n += 1 }
                }
                return n
            }
        case .v6:
            return IPAddress.formatV6(bits)
        }
    }

    /// RFC 5952 text: lower case, the longest run (>1) of zero groups shown as `::`.
    private static func formatV6(_ value: UInt128) -> String {
        // Written into a stack buffer of the longest text (39 bytes): the groups' array and
        // the appended strings cost more than the address, for every IPv6 address shown.
        let group = { (i: Int) in UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * i)) }
        var bestStart = -1, bestLen = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && group(i) == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLen { bestStart = runStart; bestLen = i - runStart }
                runStart = -1
            }
        }
        if bestLen < 2 { bestStart = -1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { out in
            var n = 0
            var i = 0
            while i < 8 {
                if i == bestStart {
                    out[n] = 58
                    out[n + 1] = 58
                    n += 2
                    i += bestLen
                    continue
                }
                if n > 0 && out[n - 1] != 58 {
                    out[n] = 58
                    n += 1
                }
                let g = group(i)
                var shift = 12
                // No leading zeros; a zero group is `0`.
                while shift > 0 && (g >> UInt16(shift)) & 0xF == 0 { shift -= 4 }
                while shift >= 0 {
                    let digit = UInt8((g >> UInt16(shift)) & 0xF)
                    out[n] = digit < 10 ? 48 + digit : 87 + digit
                    n += 1
                    shift -= 4
                }
                i += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 or IPv6 text (with `::`, an embedded IPv4 tail, and an
    /// optional `%zone` which is dropped). Returns nil on anything else.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ IPAddress.parse(bytes: $0[...]) }) else { return nil }
        self = parsed
    }

    // Specialised for the byte slices every parser passes: unspecialised generic code is slow.
    @_specialize(exported:true,where C == ArraySlice<UInt8>)
    public static func parse<C: Collection<UInt8>>(bytes: C) -> IPAddress? where C.Index == Int {
        if bytes.isEmpty { return nil }
        if bytes.contains(UInt8(ascii: ":")) { return parseV6(bytes) }
        return parseV4(bytes).map { IPAddress(v4: $0) }
    }

    // Specialised for the byte slices every parser passes: unspecialised generic code is slow.
    @_specialize(exported:true,where C == ArraySlice<UInt8>)
    static func parseV4<C: Collection<UInt8>>(_ bytes: C) -> UInt32? where C.Index == Int {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for b in bytes {
            if b >= 48 && b <= 57 {
                // A leading zero followed by more digits is ambiguous (octal in inet_aton): refuse it.
                if digits == 1 && octet == 0 { return nil }
                octet = octet * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if b == UInt8(ascii: ".") {
                if digits == 0 { return nil }
                result = result << 8 | octet
                octet = 0; digits = 0; dots += 1
                if dots > 3 { return nil }
            } else {
                return nil
            }
        }
        if dots != 3 || digits == 0 { return nil }
        return result << 8 | octet
    }

    // Specialised for the byte slices every parser passes: unspecialised generic code is slow.
    @_specialize(exported:true,where C == ArraySlice<UInt8>)
    static func parseV6<C: Collection<UInt8>>(_ input: C) -> IPAddress? where C.Index == Int {
        var end = input.endIndex
        if let pct = input.firstIndex(of: UInt8(ascii: "%")) { end = pct }
        let bytes = input[input.startIndex..<end]
        // Groups before and after `::` gathered into integers, not arrays: an address is
        // parsed for every line of `ip addr` and `ip route`.
        var head: UInt128 = 0
        var headCount = 0
        var tail: UInt128 = 0
        var tailCount = 0
        var seenDoubleColon = false
        func add(_ group: UInt16) -> Bool {
            guard headCount + tailCount < 8 else { return false }
            if seenDoubleColon {
                tail = tail << 16 | UInt128(group)
                tailCount += 1
            } else {
                head = head << 16 | UInt128(group)
                headCount += 1
            }
            return true
        }
        var i = bytes.startIndex
        if bytes.count >= 2 && bytes[i] == 58 && bytes[i + 1] == 58 {
            seenDoubleColon = true
            i += 2
            if i == bytes.endIndex { return IPAddress(v6: 0) }
        } else if bytes.first == 58 {
            return nil
        }
        while i < bytes.endIndex {
            // Find the end of this group.
            var j = i
            var value: UInt32 = 0
            var digits = 0
            var sawDot = false
            while j < bytes.endIndex && bytes[j] != 58 {
                let b = bytes[j]
                if b == 46 { sawDot = true }
                j += 1
            }
            if sawDot {
                // Embedded IPv4 must be last.
                guard j == bytes.endIndex, let v4 = parseV4(bytes[i..<j]) else { return nil }
                guard add(UInt16(v4 >> 16)), add(UInt16(v4 & 0xFFFF)) else { return nil }
                i = j
                break
            }
            for k in i..<j {
                guard let d = hexValue(bytes[k]) else { return nil }
                value = value << 4 | UInt32(d)
                digits += 1
                if digits > 4 { return nil }
            }
            if digits == 0 { return nil }
            guard add(UInt16(value)) else { return nil }
            if j == bytes.endIndex { i = j; break }
            // j is a colon.
            if j + 1 < bytes.endIndex && bytes[j + 1] == 58 {
                if seenDoubleColon { return nil }
                seenDoubleColon = true
                i = j + 2
                if i == bytes.endIndex { break }
            } else {
                i = j + 1
                if i == bytes.endIndex { return nil }
            }
        }
        let total = headCount + tailCount
        if seenDoubleColon ? total > 7 : total != 8 { return nil }
        let value = (headCount == 0 ? 0 : head << UInt128(16 * (8 - headCount))) | tail
        return IPAddress(v6: value)
    }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an address: \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
