import Foundation
@testable import LVSCapture
import LVSModel
import Testing

/// The segmenter takes `2: eth0: <…>` inside an `ip addr` region on its bytes
/// (`LineShape.isLaterInterfaceHeader`) instead of asking every format. That shortcut must
/// agree with the slow path on every line it takes: no marker, no foreign format, an `ip addr`
/// strong start that no earlier format claims, accepted by the region, and no second listing.
@Suite("ip addr interface lines taken on their bytes")
struct InterfaceLineShortcutTests {
    /// Every capture among the fixtures and the shared corpus, as lines.
    static var lines: [CaptureLine] {
        var paths: [String] = []
        if let walker = FileManager.default.enumerator(atPath: Repository.fixtures.path) {
            for case let relative as String in walker { paths.append(Repository.fixtures.appendingPathComponent(relative).path) }
        }
        if Repository.hasShared, let manifest = try? String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) {
            for line in manifest.split(separator: "\n") {
                if let name = line.split(separator: "\t").first { paths.append(Repository.corpus.appendingPathComponent(String(name)).path) }
            }
        }
        var out: [CaptureLine] = []
        for path in paths {
            guard let bytes = FileBytes.contents(of: path), bytes.count < 4_000_000 else { continue }
            let file = CaptureFile(path: path, bytes: bytes)
            file.forEachLine { out.append($0) }
        }
        return out
    }

    func taken(_ line: CaptureLine) -> Bool {
        line.bytes.withUnsafeBufferPointer { buffer in
            LineShape.isLaterInterfaceHeader(UnsafeBufferPointer(rebasing: buffer[...]), 0, buffer.count)
        }
    }

    func slowPathAgrees(_ line: CaptureLine, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(CaptureMarker.of(line) == nil, "\(line.text)", sourceLocation: sourceLocation)
        #expect(ForeignFormat.of(line) == nil, "\(line.text)", sourceLocation: sourceLocation)
        let start = CaptureFormats.start(line)
        #expect(
            start?.format.listsInterfaces == true && start?.start.isStrong == true && start?.start.isHeader == false, "\(line.text)",
            sourceLocation: sourceLocation)
        #expect(IPAddrFormat().accepts(line), "\(line.text)", sourceLocation: sourceLocation)
        #expect(LineShape.isInterfaceLine(line.fields), "\(line.text)", sourceLocation: sourceLocation)
        #expect(!CaptureSegmenter.isFirstInterface(line), "\(line.text)", sourceLocation: sourceLocation)
    }

    @Test("every interface line of the fixtures and the corpus it takes, the slow path takes the same way")
    func agreesOnEveryCapture() {
        var count = 0
        for line in Self.lines where taken(line) {
            count += 1
            slowPathAgrees(line)
        }
        #expect(count > 100, "the shortcut took \(count) lines")
    }

    @Test(
        "lines it must leave to the slow path, and lines it may take",
        arguments: [
            ("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500", true),
            ("17: eth0.100@eth0: <BROADCAST,MULTICAST,UP> mtu 1500", true),
            ("3: vlan10:\t<BROADCAST>", true),
            ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536", false),
            ("2: eth0: <BROADCAST> # a note", false),
            ("2: eth0: <BROADCAST> $ ip route", false),
            ("2:eth0: <BROADCAST>", false),
            ("2: eth0 <BROADCAST>", false),
            ("2: eth0: BROADCAST", false),
            ("2: eth0    inet 192.0.2.1/24 brd 192.0.2.255 scope global eth0", false),
            ("    2: eth0: <BROADCAST>", false),
            ("-2: eth0: <BROADCAST>", false),
            ("1234567890123456789: eth0: <BROADCAST>", false),
            ("2:", false),
            ("", false),
        ])
    func edges(text: String, expected: Bool) {
        let line = CaptureLine(file: CaptureFile(path: "ip-addr.txt", bytes: Array(text.utf8)), number: 1, start: 0, end: text.utf8.count)
        #expect(taken(line) == expected)
        if expected { slowPathAgrees(line) }
    }
}
