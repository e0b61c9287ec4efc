import Foundation
import LVSCapture
import LVSModel
import Testing

/// The public corpus in ../shared/corpus: each file of a kind lvslint reads must be
/// recognised as that kind and read without a line left over.
@Suite("Public corpus")
struct CorpusTests {
    static let kinds: [String: CaptureKind] = [
        "ifconfig": .ifconfig, "ip-addr": .ipAddr, "ip-addr-json": .ipAddrJSON, "ip-route": .ipRoute,
        "route-n": .routeN, "netstat-rn": .routeN, "sysctl": .sysctl, "ipvsadm": .ipvsadm,
    ]

    static var files: [String] {
        guard Repository.hasShared,
              let manifest = try? String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else {
            return []
        }
        return manifest.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            return f.count == 2 && kinds[f[1]] != nil ? "\(f[0])\t\(f[1])" : nil
        }
    }

    @Test("recognised as its kind and read without CAP001",
          .enabled(if: Repository.hasShared, "../shared/corpus is absent: the public-corpus tests are skipped"),
          arguments: files)
    func corpusFile(_ entry: String) throws {
        let parts = entry.split(separator: "\t").map(String.init)
        let path = Repository.corpus.appendingPathComponent(parts[0]).path
        let data = try #require(FileManager.default.contents(atPath: path))
        let file = CaptureFile(path: parts[0], bytes: [UInt8](data))
        let kind = try #require(CaptureRecognizer.kind(of: file), "\(parts[0]) not recognised")
        #expect(kind == Self.kinds[parts[1]], "\(parts[0]) read as \(kind.rawValue)")
        let parsed = CaptureRecognizer.parse(file, as: kind)
        #expect(parsed.unparsed.isEmpty, "\(parts[0]): \(parsed.unparsed.map { "\($0.line.number): \($0.reason)" })")
        let facts = parsed.interfaces.count + parsed.routes.count + parsed.sysctls.count + (parsed.ipvs?.services.count ?? 0)
        #expect(facts > 0, "\(parts[0]) gave nothing")
    }
}
