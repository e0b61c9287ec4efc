import Foundation
import LVSEngine
import LVSModel
import Testing

/// Issue 26, item 5: `# lvslint: disable=ID -- reason` in keepalived.conf and captured configuration files.
@Suite("Suppressions in keepalived.conf and configuration files")
struct FileSuppressionTests {
    @Test("a comment covers its line, the next line, or the whole block that line opens")
    func extent() throws {
        let text = """
            ! lvslint: disable=KA001 -- NAT on purpose
            virtual_server 192.0.2.100 80 {
                delay_loop 6   # lvslint: disable=KA003 -- ports differ on purpose
                real_server 192.0.2.21 8080 {
                }
            }
            """
        let found = FileSuppressions.scan(text, file: "k.conf", keepalived: true)
        #expect(found.problems.isEmpty)
        #expect(found.suppressions.map(\.target) == [.lines(file: "k.conf", first: 2, last: 6), .lines(file: "k.conf", first: 3, last: 3)])
        let sysctl = "# lvslint: disable=DR003 -- lab\nnet.ipv4.conf.all.arp_ignore = 0\nnet.ipv4.ip_forward = 1 # lvslint: disable=NAT001 -- x\n"
        let plain = FileSuppressions.scan(sysctl, file: "90.conf", keepalived: false)
        #expect(plain.suppressions.map(\.target) == [.lines(file: "90.conf", first: 2, last: 2)])
        #expect(plain.problems.map(\.location.line) == [3], "a trailing directive where `#` may be a value is said, not ignored")
        let broken = FileSuppressions.scan("# lvslint: disable=KA001\nx\n# lvslint: enable=KA001 -- y\n", file: "k", keepalived: true)
        #expect(
            broken.problems.map(\.message) == [
                "a suppression needs a reason: `# lvslint: disable=KA001 -- why`",
                "unknown lvslint directive; write `# lvslint: disable=RULE -- reason`",
            ])
    }

    @Test("in keepalived.conf: a used suppression takes the finding away; an unused one is SUP001; an unknown rule exits 2")
    func keepalived() throws {
        let folder = try scratchCopy(of: "ka001-method-defaults-nat")
        defer { try? FileManager.default.removeItem(at: folder) }
        let conf = folder.appendingPathComponent("cluster/keepalived.conf")
        let original = try String(contentsOf: conf, encoding: .utf8)
        let edited = original.replacingOccurrences(
            of: "virtual_server 192.0.2.100 80 {\n    delay_loop 6",
            with:
                "# lvslint: disable=KA001 -- NAT on purpose here\nvirtual_server 192.0.2.100 80 {\n    delay_loop 6   ! lvslint: disable=DR003 -- nothing of the kind"
        )
        #expect(edited != original)
        try edited.write(to: conf, atomically: true, encoding: .utf8)
        let result = try Checker.run(.keepalived([conf.path], captures: folder.appendingPathComponent("cluster/captures").path)).get()
        #expect(!result.findings.contains { $0.rule == "KA001" })
        #expect(result.suppressed.map(\.rule).contains("KA001"))
        let unused = try #require(result.findings.first { $0.rule == "SUP001" })
        #expect(unused.location?.line == 23 && unused.message.contains("DR003"))

        try edited.replacingOccurrences(of: "disable=DR003", with: "disable=DR03").write(to: conf, atomically: true, encoding: .utf8)
        guard case let .failure(failure) = Checker.run(.keepalived([conf.path], captures: folder.appendingPathComponent("cluster/captures").path))
        else {
            Issue.record("an unknown rule in a keepalived.conf suppression must fail the check")
            return
        }
        #expect(failure.errors.map(\.message) == ["unknown rule 'DR03' in a suppression (did you mean 'DR003'?)"])
        #expect(failure.errors.first?.location.line == 23)
    }

    @Test("in a captured configuration file (sysctl.d), a comment above the line it excuses")
    func configurationFile() throws {
        let folder = try scratchCopy(of: "boot-dropped-in-host-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cluster/captures/rs2/90-lvs-dr.conf")
        let original = try String(contentsOf: file, encoding: .utf8)
        try ("# lvslint: disable=DR003 -- rs2 is a lab box behind an ARP filter\n" + original).write(to: file, atomically: true, encoding: .utf8)
        let result = try Checker.run(.description(folder.appendingPathComponent("cluster/cluster.yaml").path)).get()
        #expect(!result.findings.contains { $0.rule == "DR003" && $0.host == "rs2" })
        #expect(result.suppressed.contains { $0.rule == "DR003" && $0.host == "rs2" })
        #expect(!result.findings.contains { $0.rule == "SUP001" })
    }
}

/// Issue 26, item 6: a keepalived fix is the keepalived.conf line to write, and SARIF carries it as an edit that applies.
@Suite("Fixes in the language of the file they change")
struct FileEditFixTests {
    @Test("KA001's fix is `lb_kind` in its virtual_server block, never a shell command")
    func textFix() throws {
        let result = try Repository.check("ka001-method-defaults-nat")
        let finding = try #require(result.findings.first { $0.rule == "KA001" })
        let edit = try #require(finding.edit)
        #expect(edit.text == "lb_kind DR" && edit.block == "virtual_server 192.0.2.100 80 {" && edit.action == .insertAfter)
        #expect(finding.fixCommands.isEmpty)
        let text = TextReport(color: false, showFix: true, width: 100).render(result)
        #expect(text.contains("keepalived.conf:21, in `virtual_server 192.0.2.100 80 {`, add:\n        lb_kind DR\n"), "\(text)")
        #expect(!text.contains("$ lvs_method") && !text.contains("$ lb_kind"))
    }

    @Test(
        "SARIF's fix, applied to keepalived.conf, makes the finding go away", arguments: ["ka001-method-defaults-nat", "ka002-protocol-defaults-udp"])
    func sarifEditApplies(_ scenario: String) throws {
        let folder = try scratchCopy(of: scenario)
        defer { try? FileManager.default.removeItem(at: folder) }
        let conf = folder.appendingPathComponent("cluster/keepalived.conf")
        let captures = folder.appendingPathComponent("cluster/captures").path
        let rule = scenario == "ka001-method-defaults-nat" ? "KA001" : "KA002"
        let before = try Checker.run(.keepalived([conf.path], captures: captures)).get()
        #expect(before.findings.contains { $0.rule == rule })
        let sarif = SARIFReport(toolVersion: "test", rules: []).render([before], errors: [])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require(((object["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let fixed = try #require(results.first { $0["ruleId"] as? String == rule })
        let change = try #require(((fixed["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        let region = try #require(replacement["deletedRegion"] as? [String: Int])
        let inserted = try #require((replacement["insertedContent"] as? [String: String])?["text"])
        // Apply it as an editor does: lines are 1-based; columns 1 at both ends.
        var lines = try String(contentsOf: conf, encoding: .utf8).components(separatedBy: "\n").map { $0 + "\n" }
        let start = try #require(region["startLine"]) - 1, end = try #require(region["endLine"]) - 1
        lines.replaceSubrange(start..<end, with: [inserted])
        try String(lines.joined().dropLast()).write(to: conf, atomically: true, encoding: .utf8)
        let after = try Checker.run(.keepalived([conf.path], captures: captures)).get()
        let applied = try String(contentsOf: conf, encoding: .utf8)
        #expect(!after.findings.contains { $0.rule == rule }, "\(applied)")
    }

    @Test("SARIF never carries an edit that changes nothing: shell fixes go in the message")
    func noEmptyEdits() throws {
        let result = try Repository.check("seed-centos7-dr")
        let sarif = SARIFReport(toolVersion: "test", rules: []).render([result], errors: [])
        #expect(!sarif.contains("\"fixes\""))
        #expect(sarif.contains("$ sysctl -w net.ipv4.conf.all.arp_ignore=1"))
    }
}
