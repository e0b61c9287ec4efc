import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import Testing

/// `lvslint infer` and `lvslint check CAPTURES`: a cluster nobody described.
@Suite("Inferred descriptions")
struct InferenceTests {
    @Test("every fixture's captures infer a description that loads without an error, or say why they cannot", arguments: Repository.scenarios)
    func fixturesInfer(_ scenario: String) throws {
        let captures = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("captures").path
        let draft = Inference.draft(ofCaptures: captures, capturesKey: captures)
        if let problem = draft.problem {
            // No table was read (a fixture of an unreadable or name-only table): said, not guessed.
            #expect(problem.hasPrefix("cannot infer the services"))
            #expect(draft.text.contains("role unknown"))
            return
        }
        // A director known by its signs alone has no service to list: the draft says so, and check reads it so.
        switch DescriptionLoader.load(
            bytes: Array(draft.text.utf8), displayPath: "inferred.yaml", baseDirectory: "/",
            allowingNoServices: !draft.servicesUnknown.isEmpty)
        {
        case .loaded: break
        case let .failed(errors):
            Issue.record("\(scenario): \(errors.map(\.description))\n\(draft.text)")
        }
    }

    @Test("the public corpus is inferred without a crash", .enabled(if: Repository.hasShared, "../shared/corpus is absent"))
    func corpusInfers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var hosts = 0
        for line in manifest.split(separator: "\n").dropFirst() {
            let path = String(line.split(separator: "\t")[0])
            let host = folder.appendingPathComponent("h\(hosts)")
            try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Repository.corpus.appendingPathComponent(path), to: host.appendingPathComponent("capture.txt"))
            hosts += 1
        }
        let draft = Inference.draft(ofCaptures: folder.path, capturesKey: "captures")
        #expect(draft.text.contains("cluster:") && hosts > 40)
    }

    @Test("the tables give directors, services, methods and weights; real servers are matched to hosts by address")
    func content() throws {
        let captures = Repository.fixtures.appendingPathComponent("ipvs007-weight/captures").path
        let text = Inference.description(ofCaptures: captures, capturesKey: "captures")
        #expect(text.contains("lvs1: {role: director, address: 192.0.2.11}"))
        #expect(text.contains("rs1: {role: real-server, address: 192.0.2.21}"))
        #expect(text.contains("vip: 192.0.2.100") && text.contains("scheduler: rr") && text.contains("method: dr"))
        #expect(text.contains("- {host: rs2, weight: 3}"))
    }

    @Test("a host no table names is listed in a comment, never dropped")
    func unplaced() throws {
        let folder = try scratchCopy(of: "dr-healthy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let captures = folder.appendingPathComponent("cluster/captures")
        try FileManager.default.copyItem(at: captures.appendingPathComponent("rs2"), to: captures.appendingPathComponent("spare"))
        let text = Inference.description(ofCaptures: captures.path, capturesKey: "captures")
        #expect(text.contains("# not placed (no IPVS table, and no table names their addresses): spare"))
    }

    @Test("checking a captures folder with no description finds the planted fault, and says the table rules were not made")
    func checkWithoutDescription() throws {
        let captures = Repository.fixtures.appendingPathComponent("dr003-arp-ignore-lo-only/captures").path
        let result = try Checker.run(.undescribedCaptures(captures)).get()
        #expect(result.findings.map { "\($0.rule) \($0.host ?? "-")" }.sorted() == ["DR003 rs1", "DR004 rs1"])
        #expect(result.inferredFrom == captures)
        #expect(Set(result.notChecked.filter { $0.host == "lvs1" }.map(\.rule)) == Set(Checker.tableRules))
        #expect(!result.findings.contains { $0.rule.hasPrefix("IPVS") })
    }

    @Test("what infer writes, check accepts unchanged", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
    func roundTrip() throws {
        let folder = try scratchCopy(of: "nat002-rs-via-router")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lvslint = try #require(Repository.executable).path
        try FileManager.default.removeItem(at: folder.appendingPathComponent("cluster/cluster.yaml"))
        let inferred = try run(lvslint, ["infer", folder.appendingPathComponent("cluster/captures").path])
        #expect(inferred.status == 0, "\(inferred.stderr)")
        try inferred.stdout.write(to: folder.appendingPathComponent("cluster/cluster.yaml"), atomically: true, encoding: .utf8)
        let checked = try run(lvslint, ["check", "--format", "json", folder.appendingPathComponent("cluster/cluster.yaml").path])
        #expect(checked.status == 1, "\(checked.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any])
        let rules = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("NAT002"), "\(rules)")
    }
}
