import Foundation
import LVSEngine
import LVSModel
import Testing

/// "Clean" must mean checked: what lvslint could not read or could not check is said, and
/// a pipeline can make it fail the run.
@Suite("Never a silent pass", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct CompletenessTests {
    var lvslint: String { Repository.executable?.path ?? "lvslint" }
    let plain = plainEnvironment

    func fixture(_ name: String) -> String { Repository.fixtures.appendingPathComponent("\(name)/cluster.yaml").path }

    /// dr-healthy's description, edited by `edit`, alone in a scratch folder: runs `lvslint
    /// check` on it (after `prepare` adds what the test needs beside it).
    func checkHealthyDescription(
        edit: (String) -> String = { $0 }, prepare: (URL) throws -> Void = { _ in },
        arguments: [String] = []
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        var out: (status: Int32, stdout: String, stderr: String) = (0, "", "")
        try scratch { folder in
            let description = folder.appendingPathComponent("cluster.yaml")
            try edit(try String(contentsOfFile: fixture("dr-healthy"), encoding: .utf8)).write(to: description, atomically: true, encoding: .utf8)
            try prepare(folder)
            out = try run(lvslint, ["check"] + arguments + [description.path], environment: plain)
        }
        return out
    }

    /// A scratch folder removed after the test.
    func scratch(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    @Test("a bundle written by `{ ip -d addr; ip route show table all; sysctl -a; } > rs2.txt` gets DR003 with the bundle's line numbers")
    func bundleWithoutMarkers() throws {
        let out = try run(lvslint, ["check", "--fail-on", "error", "--format", "json", fixture("bundle-script-no-markers")], environment: plain)
        #expect(out.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let dr003 = try #require(findings.first { $0["rule"] as? String == "DR003" })
        let evidence = try #require(dr003["evidence"] as? [[String: Any]])
        let bundle = try String(contentsOf: Repository.fixtures.appendingPathComponent("bundle-script-no-markers/captures/rs2.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        for e in evidence {
            #expect((e["file"] as? String)?.hasSuffix("captures/rs2.txt") == true)
            let line = try #require(e["line"] as? Int)
            #expect(String(bundle[line - 1]).trimmingCharacters(in: .whitespaces) == (e["text"] as? String)?.trimmingCharacters(in: .whitespaces))
        }
        #expect(evidence.contains { $0["text"] as? String == "net.ipv4.conf.all.arp_ignore = 0" })
        #expect(!findings.contains { ($0["rule"] as? String)?.hasPrefix("CAP") == true })
    }

    @Test("a grep'd sysctl capture lists what it could not check, naming the missing keys")
    func partialSysctl() throws {
        let out = try run(lvslint, ["check", "--format", "json", fixture("partial-sysctl-one-key")], environment: plain)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let notChecked = try #require(report["not_checked"] as? [[String: Any]])
        let dr003 = try #require(notChecked.first { $0["rule"] as? String == "DR003" && $0["host"] as? String == "rs1" })
        #expect((dr003["reason"] as? String)?.contains("net.ipv4.conf.all.arp_ignore") == true)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["rule"] as? String == "DR003" }, "no guess presented as proof")
        #expect(try run(lvslint, ["check", "--require-complete", fixture("partial-sysctl-one-key")], environment: plain).status == 1)
    }

    @Test("a host that also directs the service is listed as not checked by the real-server ARP rules, with the reason")
    func twoRoles() throws {
        let out = try run(lvslint, ["check", "--format", "json", fixture("dr-director-also-real-server")], environment: plain)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let notChecked = try #require(report["not_checked"] as? [[String: Any]])
        let skipped = notChecked.filter { $0["host"] as? String == "lvs1" }.compactMap { $0["rule"] as? String }
        #expect(Set(skipped) == ["DR003", "DR004", "DR005"])
        #expect(notChecked.allSatisfy { ($0["reason"] as? String)?.contains("also directs") == true && $0["applies"] as? Bool == false })
        // Left alone by design: --require-complete does not fail on it.
        #expect(try run(lvslint, ["check", "--require-complete", fixture("dr-director-also-real-server")], environment: plain).status == 0)
    }

    @Test("a pipeline pointed at a missing captures folder fails with exit 2")
    func missingCaptures() throws {
        let viaOption = try run(lvslint, ["check", "--captures", "/nonexistent/captures", fixture("dr-healthy")], environment: plain)
        #expect(viaOption.status == 2)
        #expect(viaOption.stderr.contains("--captures /nonexistent/captures: no such folder"))
        let out = try checkHealthyDescription(edit: {
            $0.replacingOccurrences(of: "cluster: web\n", with: "cluster: web\ncaptures: captures-of-last-week\n")
        })
        #expect(out.status == 2)
        #expect(out.stderr.contains("cluster.yaml:3:11: error: captures: the folder"), "\(out.stderr)")
    }

    @Test("a run in which no host has input ends by its findings, says only the description was checked, and fails under --require-complete")
    func noHostInput() throws {
        let out = try checkHealthyDescription(prepare: { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures"), withIntermediateDirectories: true)
        })
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("only the description was checked: no host has captures or configuration files"), "\(out.stdout)")
        #expect(out.stdout.contains("note[CAP003]: no captures or"), "\(out.stdout)")
        let strict = try checkHealthyDescription(
            prepare: { folder in
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures"), withIntermediateDirectories: true)
            }, arguments: ["--require-complete"])
        #expect(strict.status == 1)
    }

    @Test("a run in which no rule could look at anything exits 2 and says nothing was checked")
    func nothingChecked() throws {
        let out = try checkHealthyDescription(prepare: { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures"), withIntermediateDirectories: true)
            try "disable: [all]\n".write(to: folder.appendingPathComponent(".lvslint.yaml"), atomically: true, encoding: .utf8)
        })
        #expect(out.status == 2)
        #expect(out.stderr.contains("nothing was checked: no host has captures"), "\(out.stderr)")
    }

    @Test("require_complete: true in .lvslint.yaml fails a run with a check not made; the exit status, JUnit and SARIF agree")
    func requireCompleteConfiguration() throws {
        try scratch { folder in
            let source = Repository.fixtures.appendingPathComponent("cap003-no-sysctl")
            let copy = folder.appendingPathComponent("cluster")
            try FileManager.default.copyItem(at: source, to: copy)
            let description = copy.appendingPathComponent("cluster.yaml").path
            #expect(try run(lvslint, ["check", description], environment: plain).status == 0)
            try "require_complete: true\n".write(to: copy.appendingPathComponent(".lvslint.yaml"), atomically: true, encoding: .utf8)
            let text = try run(lvslint, ["check", description], environment: plain)
            #expect(text.status == 1)
            #expect(text.stdout.contains("--require-complete: 3 checks not made fail this run"), "\(text.stdout)")
            let junit = try run(lvslint, ["check", "--format", "junit", description], environment: plain)
            #expect(junit.status == 1 && junit.stdout.contains("failures=\"3\""))
            try "require_complete: maybe\n".write(to: copy.appendingPathComponent(".lvslint.yaml"), atomically: true, encoding: .utf8)
            let bad = try run(lvslint, ["check", description], environment: plain)
            #expect(bad.status == 2 && bad.stderr.contains("require_complete must be true or false"))
        }
    }
}
