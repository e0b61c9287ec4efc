import Foundation
import LVSCapture
import LVSModel
import Testing

/// The public corpus in ../shared/corpus: each file of a kind lvslint reads must be
/// recognised as that kind and read without a line left over.
@Suite("Public corpus")
struct CorpusTests {
    /// MANIFEST kinds and the capture kinds that read them. `netstat -rn` prints the very
    /// table `route -n` prints (same header, same columns), so one kind reads both.
    static let kinds: [String: CaptureKind] = [
        "ifconfig": .ifconfig, "ip-addr": .ipAddr, "ip-addr-json": .ipAddrJSON, "ip-route": .ipRoute,
        "route-n": .routeN, "netstat-rn": .routeN, "proc-net-route": .procNetRoute, "sysctl": .sysctl,
        "ipvsadm": .ipvsadm, "proc-ip_vs": .procIPVS,
    ]

    static var files: [String] {
        guard Repository.hasShared,
            let manifest = try? String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        else {
            return []
        }
        return manifest.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            return f.count == 2 && kinds[f[1]] != nil ? "\(f[0])\t\(f[1])" : nil
        }
    }

    /// Every file whose kind is not `other` or `keepalived` must be one lvslint reads.
    @Test("the corpus holds no kind lvslint does not read", .enabled(if: Repository.hasShared, "../shared/corpus is absent"))
    func everyKindCovered() throws {
        let manifest = try String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        let unknown = manifest.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").last.map(String.init) }
            .filter { !["other", "keepalived"].contains($0) && Self.kinds[$0] == nil }
        #expect(unknown.isEmpty, "kinds without a parser: \(Set(unknown))")
    }

    @Test(
        "recognised as its kind and read without CAP001",
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
        let facts =
            parsed.interfaces.count + parsed.routes.count + parsed.sysctls.count + (parsed.ipvs?.services.count ?? 0)
            + parsed.connections.count
        #expect(facts > 0, "\(parts[0]) gave nothing")
    }
}
