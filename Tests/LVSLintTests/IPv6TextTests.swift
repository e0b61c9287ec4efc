import Foundation
import LVSModel
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// IPv6 text is read and written as the C library reads and writes it (`inet_pton`,
/// `inet_ntop`): the parser and the formatter work on integers and a stack buffer, and must
/// not drift from the library's rules on any text a capture can hold.
@Suite("IPv6 text as the C library reads and writes it")
struct IPv6TextTests {
    static func libraryValue(_ text: String) -> UInt128? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { raw in raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
    }

    static func libraryText(_ value: UInt128) -> String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for i in 0..<16 { raw[i] = UInt8(truncatingIfNeeded: value >> UInt128(120 - 8 * i)) }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Random addresses with runs of zero groups of every length and place.
    static func addresses(_ count: Int, seed: UInt64) -> [UInt128] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var groups = (0..<8).map { _ in UInt16.random(in: 0...0xFFFF, using: &generator) }
            let runStart = Int.random(in: 0..<8, using: &generator)
            let runLength = Int.random(in: 0...(8 - runStart), using: &generator)
            for i in runStart..<(runStart + runLength) { groups[i] = 0 }
            if Bool.random(using: &generator) { groups[Int.random(in: 0..<8, using: &generator)] = UInt16.random(in: 0...0xF, using: &generator) }
            return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
        }
    }

    @Test("addresses are written as inet_ntop writes them (outside the IPv4-mapped and -compatible forms)")
    func writing() {
        var compared = 0
        for value in Self.addresses(20_000, seed: 7) {
            // inet_ntop writes ::ffff:a.b.c.d and ::a.b.c.d with an IPv4 tail; RFC 5952 text is hex.
            if value >> 32 == 0 || value >> 32 == 0xFFFF { continue }
            #expect(IPAddress(v6: value).description == Self.libraryText(value))
            compared += 1
        }
        #expect(compared > 19_000)
    }

    @Test("text is read as inet_pton reads it: every way of writing an address, and broken ones")
    func reading() {
        var generator = SeededGenerator(seed: 11)
        var texts: [String] = []
        for value in Self.addresses(5_000, seed: 3) {
            let text = Self.libraryText(value)
            texts.append(text)
            texts.append(text.uppercased())
            // Every group written in full, then one byte of it changed into something else.
            let full = (0..<8).map { String(format: "%04x", UInt16(truncatingIfNeeded: value >> UInt128(112 - 16 * $0))) }.joined(separator: ":")
            texts.append(full)
            var bytes = Array(text.utf8)
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[position] = Array(":0f.g".utf8)[Int.random(in: 0..<5, using: &generator)]
            texts.append(String(decoding: bytes, as: UTF8.self))
            bytes.insert(Array(":0".utf8)[Int.random(in: 0..<2, using: &generator)], at: Int.random(in: 0...bytes.count, using: &generator))
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        texts += [
            "::", "::1", "1::", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "1::2:3:4:5:6:7", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:192.0.2.1", "64:ff9b::198.51.100.7", "1:2:3:4:5:6:192.0.2.1",
            "1:2:3:4:5:6:7:192.0.2.1", "::192.0.2.1:1", "12345::", "2001:db8::g", "2001:db8:0:0:0:0:0:0:1",
        ]
        var accepted = 0
        for text in texts {
            let library = Self.libraryValue(text)
            #expect(IPAddress(text).flatMap { $0.family == .v6 ? $0.bits : nil } == library, "\(text)")
            if library != nil { accepted += 1 }
        }
        #expect(accepted > 10_000)
    }
}

/// A small deterministic generator (SplitMix64), so that a failure can be run again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
