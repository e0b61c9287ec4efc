import Foundation
@testable import LVSCapture
@testable import LVSEngine
@testable import LVSModel
import Testing

/// Issue 29: `lvslint parse` reads a whole `sysctl -a` as a listing (offsets, read in pieces
/// on every core, grouped by key in two passes) instead of as values. What it prints must be
/// what the values print, byte for byte.
@Suite("lvslint parse of a sysctl listing: the same report as the values give")
struct SysctlListingTests {
    /// What `lvslint parse` prints for `bytes`, read with `options`.
    func report(_ bytes: [UInt8], options: ParseOptions) -> String {
        var parsed: [ParsedCapture] = []
        var observation = HostObservation(host: "")
        CaptureLoader.read(CaptureFile(path: "sysctl-a.txt", bytes: bytes), into: &parsed, observation: &observation, options: options)
        return ParseReport.render(parsed)
    }

    /// A listing of `repeats` copies of a few keys and interface keys: values repeated and
    /// changed, a garbled number, a `;` line, blank and CRLF lines, a value with a quote,
    /// a backslash, a tab and a control byte, an empty value, a key with a slash.
    static func listing(repeats: Int) -> [UInt8] {
        var text = ""
        for n in 0..<repeats {
            text += "kernel.hostname = host-\(n % 7)\n"
            text += "net.ipv4.conf.all.arp_ignore = \(n % 3)\n"
            text += "net.ipv4.conf.eth0/100.arp_announce = 2\r\n"
            text += "net.ipv4.conf.lo.rp_filter = \(n % 2)  \n"
            text += "\n"
            text += "vm.swappiness = \(n % 100)\n"
            text += "dev.cdrom.info = drive # \(n % 5)\n".replacingOccurrences(of: "#", with: "no")
            text += "fs.quoted = a \"quote\" \\ back\tslash \u{1f}\n"
            text += "kernel.empty = \n"
            if n % 1000 == 999 { text += "net.ipv4.ip_forward = yes\n" }
            text += "net.ipv4.key_\(n % 50_000).x = \(n)\n"
        }
        return Array(text.utf8)
    }

    @Test("a listing read in pieces prints what its values print", arguments: [1, 40, 3_000])
    func sameReport(repeats: Int) throws {
        let bytes = Self.listing(repeats: repeats)
        let valued = report(bytes, options: .everything)
        #expect(report(bytes, options: .listing) == valued)
        let file = CaptureFile(path: "sysctl-a.txt", bytes: bytes)
        for pieces in [1, 2, 3, 7] {
            let listed = try #require(SysctlListing.read(file, pieces: pieces))
            #expect(listed.sysctlListing?.pieces.count == min(pieces, bytes.count), "\(pieces) pieces")
            #expect(ParseReport.render([listed]) == valued, "read in \(pieces) pieces")
        }
    }

    @Test("a garbled number is said at its line, whichever piece it was in")
    func garbledLine() throws {
        let bytes = Self.listing(repeats: 3_000)
        let file = CaptureFile(path: "sysctl-a.txt", bytes: bytes)
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        for pieces in [1, 2, 5] {
            let listed = try #require(SysctlListing.read(file, pieces: pieces))
            #expect(listed.unparsed.count == 3)
            for garbled in listed.unparsed {
                #expect(String(decoding: lines[garbled.line.number - 1], as: UTF8.self) == "net.ipv4.ip_forward = yes")
            }
        }
    }

    @Test("a file with a line not plainly key = value is no listing: it is read the general way")
    func notPlain() {
        for text in ["a.b = 1\n; c.d = 2\n", "a.b = 1\n# comment\n", "a.b = 1\n  c.d = 2\n", "a.b = $x\n"] {
            #expect(SysctlListing.read(CaptureFile(path: "s", bytes: Array(text.utf8)), pieces: 2) == nil, "\(text)")
        }
    }

    @Test("the interface keys the checks read are shown once, with the last value read")
    func interfaceKeysOnce() {
        let text = "net.ipv4.conf.all.arp_ignore = 1\nkernel.a = 1\nnet.ipv4.conf.all.arp_ignore = 2\n"
        let listed = report(Array(text.utf8), options: .listing)
        #expect(listed.components(separatedBy: "\"net.ipv4.conf.all.arp_ignore\": \"2\"").count == 2)
        #expect(listed.contains("\"net.ipv4.conf.all.arp_ignore\": \"1\\n2\""))
    }

    @Test("pieces begin at lines' starts, and none is empty")
    func pieceBounds() {
        let bytes = Array("a.b = 1\nc.d = 22\n\ne.f = 333\ng.h = 4".utf8)
        #expect(SysctlListing.pieceBounds(of: bytes, pieces: 0) == [0, bytes.count])
        #expect(SysctlListing.pieceBounds(of: [], pieces: 3) == [0, 0])
        for pieces in 1...12 {
            let bounds = SysctlListing.pieceBounds(of: bytes, pieces: pieces)
            #expect(bounds.first == 0 && bounds.last == bytes.count)
            #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "\(bounds)")
            #expect(bounds.dropFirst().dropLast().allSatisfy { bytes[$0 - 1] == 10 }, "\(bounds)")
        }
    }

    @Test("a key's table numbers keys in the order first seen, however many, and after it turns to the seeded hasher", arguments: [64, 0])
    func keyTable(longestProbe: Int) {
        var text = ""
        for n in 0..<20_000 { text += "k\(n % 5_000).\(n % 5_000)" }
        let bytes = Array(text.utf8)
        // A longest probe of 0 turns the table over at its first collision, as colliding keys would.
        var table = KeyTable(longestProbe: longestProbe)
        var numbers: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            for n in 0..<20_000 {
                let length = "k\(n % 5_000).\(n % 5_000)".utf8.count
                numbers.append(table.number(base, start, start + length).0)
                start += length
            }
        }
        #expect(numbers == (0..<20_000).map { $0 % 5_000 })
        #expect(table.keys.count == 5_000)
        #expect(table.hashesSafely == (longestProbe == 0))
    }

    @Test("keys like a real listing's (long, sharing all but a few bytes) stay with the quick hash")
    func keyTableRealisticKeys() {
        let parameters = ["arp_ignore", "arp_announce", "rp_filter", "forwarding", "accept_local", "disable_ipv6", "mtu"]
        var keys: [String] = []
        for n in 0..<6_000 {
            for parameter in parameters {
                keys.append(n % 2 == 0 ? "net.ipv4.conf.veth\(n).\(parameter)" : "net.ipv6.conf.eth\(n)/\(n % 7).\(parameter)")
            }
        }
        let bytes = Array(keys.joined().utf8)
        var table = KeyTable()
        var numbers: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            for key in keys + keys {
                let length = key.utf8.count
                numbers.append(table.number(base, start % bytes.count, start % bytes.count + length).0)
                start += length
            }
        }
        #expect(numbers == Array(0..<keys.count) + Array(0..<keys.count))
        #expect(!table.hashesSafely)
    }

    @Test("JSON strings are escaped as before: quotes, backslashes, line ends, tabs, control bytes, UTF-8")
    func escaping() {
        let text = "a\"b\\c\nd\re\tf\u{1}g\u{1f}h é ✓"
        #expect(JSONValue.string(text).serialized() == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh é ✓\"")
        #expect(JSONValue.string("plain").serialized() == "\"plain\"")
        #expect(JSONValue.string("").serialized() == "\"\"")
    }

    @Test("a name read as a number is found after the key's last dot, as the slower test finds it")
    func numericNames() {
        let names = SysctlParser.numericNames
        for key in [
            "net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.eth0.100.arp_ignore", "arp_ignore", ".arp_ignore", "x.xarp_ignore",
            "net.ipv4.ip_forward", "net.ipv6.conf.all.disable_ipv6", "net.ipv4.vs.expire_quiescent_template", "a.b",
            "net.ipv4.conf.all.arp_ignore.x", "fs.param_06", "x.6",
        ] {
            let bytes = Array(key.utf8)
            let fast = bytes.withUnsafeBufferPointer { SysctlParser.hasNumericName($0, 0, bytes.count, in: names) }
            #expect(fast == (key.contains(".") && SysctlParser.isNumericKey(ArraySlice(bytes))), "\(key)")
        }
    }

    @Test("a line longer than the limit is found by looking ahead as by walking every line")
    func longLines() {
        func walked(_ bytes: [UInt8], _ limit: Int) -> Bool {
            bytes.split(separator: 10, omittingEmptySubsequences: false).contains { $0.count > limit }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 0...60, using: &generator)
            let bytes = (0..<count).map { _ in Bool.random(using: &generator) && Bool.random(using: &generator) ? UInt8(10) : UInt8(97) }
            for limit in 1...8 {
                #expect(UnreadableLines.hasLongLine(bytes, longerThan: limit) == walked(bytes, limit), "\(bytes) \(limit)")
            }
        }
    }
}
