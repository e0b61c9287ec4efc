import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// Fixtures/formats/: one sample of each capture variant lvslint reads, written in the
/// tools' exact output formats, with its kind in MANIFEST.tsv.
@Suite("Capture variants in Fixtures/formats")
struct FormatFixtureTests {
    static var rows: [String] {
        let manifest = (try? String(contentsOf: Repository.fixtures.appendingPathComponent("formats/MANIFEST.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").dropFirst().map(String.init)
    }

    @Test("recognised as its kind and read completely", arguments: rows)
    func variant(_ row: String) throws {
        let fields = row.split(separator: "\t").map(String.init)
        let path = Repository.fixtures.appendingPathComponent("formats").appendingPathComponent(fields[0]).path
        let data = try #require(FileManager.default.contents(atPath: path))
        let file = CaptureFile(path: fields[0], bytes: [UInt8](data))
        let kind = try #require(CaptureRecognizer.kind(of: file))
        #expect(kind.rawValue == fields[1], "\(fields[0]) read as \(kind.rawValue)")
        let parsed = CaptureRecognizer.parse(file, as: kind)
        #expect(parsed.unparsed.isEmpty, "\(parsed.unparsed.map { "\($0.line.number): \($0.reason)" })")
        #expect(parsed.interfaces.count + parsed.routes.count + (parsed.ipvs?.services.count ?? 0) + parsed.connections.count > 0)
    }

    func table(_ name: String) throws -> IPVSTable {
        let data = try #require(FileManager.default.contents(atPath: Repository.fixtures.appendingPathComponent("formats/\(name)").path))
        let file = CaptureFile(path: name, bytes: [UInt8](data))
        let kind = try #require(CaptureRecognizer.kind(of: file))
        return try #require(CaptureRecognizer.parse(file, as: kind).ipvs)
    }

    @Test("listings without a Forward column are not taken for configuration")
    func listingColumns() throws {
        let persistent = try table("ipvsadm-Ln-persistent-conn.txt")
        #expect(!persistent.hasConfigurationColumns)
        #expect(persistent.services[0].persistence == 600 && persistent.services[0].destinations.map(\.weight) == [3, 4])
        #expect(persistent.services[0].destinations[0].forwarding == nil)
        let tunInfo = try table("ipvsadm-Ln-tun-info.txt")
        #expect(tunInfo.hasConfigurationColumns && tunInfo.services[0].destinations.allSatisfy { $0.forwarding == .tunnel && $0.weight == 1 })
        let dpvs = try table("dpvs-ipvsadm-Ln-fullnat.txt")
        #expect(dpvs.services[0].destinations[0].forwarding == .other("FullNat"))
        #expect(dpvs.services[0].otherFlags == ["conn-timeout 60"] && dpvs.services[1].destinations[1].flags == ["inhibited"])
    }
}

/// `lvslint parse` writes its report as it makes it: the bytes must be the report's.
@Suite("Parse report streaming")
struct ParseStreamTests {
    @Test(
        "streamed output equals the rendered report", arguments: ["ip-d-link-tunl0.txt", "route-ee.txt", "ifconfig-busybox.txt", "ipvsadm-Lnc.txt"])
    func sameBytes(_ name: String) throws {
        let data = try Data(contentsOf: Repository.fixtures.appendingPathComponent("formats").appendingPathComponent(name))
        let file = CaptureFile(path: name, bytes: [UInt8](data))
        let parsed = CaptureSegmenter.regions(of: file).compactMap { region in region.kind.map { CaptureRecognizer.parse(region.file, as: $0) } }
        #expect(!parsed.isEmpty)
        var streamed: [UInt8] = []
        ParseReport.stream(parsed) { streamed += $0 }
        #expect(String(decoding: streamed, as: UTF8.self) == ParseReport.render(parsed))
    }
}
