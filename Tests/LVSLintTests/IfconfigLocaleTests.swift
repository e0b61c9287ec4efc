import Foundation
import LVSCapture
import LVSModel
import Testing

/// ifconfig as a host in another language prints it. net-tools' catalogues translate its
/// keywords and even its flag names (cs: `flags=4099<AKTIVOVÁNO,VŠESMĚR,MULTICAST>`,
/// `síťová_maska`), and the older form's labels (`inet 地址:… 广播:… 掩码:…`): the same host
/// must read as the same facts in every language. The captures are made by
/// `scripts/make-ifconfig-locales.py`: the real ifconfig of net-tools 2.10 under each locale, and the
/// older form rendered from the strings of the catalogues Debian ships (Chinese from Ubuntu's
/// language pack as public pastes show it).
@Suite("ifconfig in other languages")
struct IfconfigLocaleTests {
    static let folder = Repository.root.appendingPathComponent("Tests/LVSLintTests/Ifconfig")

    static func files(_ form: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("net-tools-\(form)-") && !$0.hasSuffix("-C.txt") }.sorted()
    }

    /// What the rules read of an ifconfig capture, without what differs between two runs.
    static func facts(_ name: String) throws -> (facts: [String], unparsed: [String]) {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let file = capture(text, path: name)
        #expect(CaptureRecognizer.kind(of: file) == .ifconfig, "\(name) is not recognised as ifconfig")
        #expect(CaptureSegmenter.regions(of: file).map(\.kind) == [.ifconfig], "\(name) is cut into several regions")
        let parsed = CaptureRecognizer.parse(file, as: .ifconfig)
        let facts = parsed.interfaces.map { i in
            let addresses = i.addresses.map { "\($0.prefix) \($0.label ?? "-") \($0.scope ?? "-")" }.joined(separator: ", ")
            return "\(i.name) \(i.flags.words.sorted().joined(separator: ",")) \(i.linkType ?? "-") [\(addresses)]"
        }
        return (facts, parsed.unparsed.map { "\($0.line.number): \($0.reason)" })
    }

    @Test("net-tools 2.10 in each language its package translates reads as in English", arguments: files("2.10"))
    func newForm(_ name: String) throws {
        let english = try Self.facts("net-tools-2.10-C.txt")
        let local = try Self.facts(name)
        #expect(local.unparsed.isEmpty, "\(local.unparsed)")
        #expect(local.facts == english.facts)
    }

    @Test("the older form in each catalogue's language, and Chinese, reads as in English", arguments: files("1.60"))
    func oldForm(_ name: String) throws {
        let english = try Self.facts("net-tools-1.60-C.txt")
        let local = try Self.facts(name)
        #expect(local.unparsed.isEmpty, "\(local.unparsed)")
        #expect(local.facts == english.facts)
    }

    @Test("what the English captures say: the flags from the number, the masks, the VIP on lo:100")
    func english() throws {
        let new = try Self.facts("net-tools-2.10-C.txt").facts
        #expect(
            new.contains { $0.hasPrefix("eth0 BROADCAST,MULTICAST,UP ") && $0.contains("192.0.2.21/24") && $0.contains("2001:db8::21/64 - global") })
        #expect(new.contains { $0.hasPrefix("lo LOOPBACK,RUNNING,UP loopback") && $0.contains("192.0.2.100/32 lo:100") })
        let old = try Self.facts("net-tools-1.60-C.txt").facts
        #expect(old.contains { $0.hasPrefix("eth0 BROADCAST,MULTICAST,RUNNING,UP ") && $0.contains("192.0.2.21/24") })
        #expect(old.contains { $0.contains("192.0.2.100/32 lo:100") && $0.contains("::1/128 - host") })
    }
}
