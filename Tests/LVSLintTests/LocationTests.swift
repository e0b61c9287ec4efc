import Foundation
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// Issue 26, item 4: places a tool can follow, in every format.
@Suite("Locations tools can follow")
struct LocationTests {
    @Test("no finding is at line 0 or in a drafted description nobody can open", arguments: Repository.scenarios)
    func realPlaces(_ scenario: String) throws {
        let result = try Repository.check(scenario)
        for finding in result.findings {
            let location = try #require(finding.location, "\(finding.rule) has no location")
            #expect(location.line >= 1 && location.column >= 1, "\(finding.rule) at \(location)")
            #expect(!location.file.contains("(inferred description)"), "\(finding.rule) at \(location)")
        }
    }

    @Test("a captures folder with no description: findings point at the capture lines that prove them")
    func inferredPointsAtCaptures() throws {
        let result = try Checker.run(.undescribedCaptures(Repository.fixtures.appendingPathComponent("seed-centos7-dr/captures").path))
            .get()
        #expect(!result.findings.isEmpty)
        for finding in result.findings {
            let location = try #require(finding.location)
            #expect(FileManager.default.fileExists(atPath: location.file), "\(finding.rule) at \(location)")
        }
    }

    @Test("a file name holding a colon is quoted in text, and never split in SARIF, GitHub or JSON")
    func colonInFileName() throws {
        #expect(SourceLocation(file: "captures/rs2/ifcfg-lo:0", line: 2, column: 1).place == "\"captures/rs2/ifcfg-lo:0\":2:1")
        #expect(SourceLocation(file: "cluster.yaml", line: 2, column: 3).place == "cluster.yaml:2:3")
        #expect(Evidence(file: "a\"b:c", line: 0, text: "").place == "\"a\\\"b:c\"")
        let result = try Repository.check("boot-dropped-in-host-folder")
        let text = TextReport(color: false, showFix: false, width: 100).render(result)
        #expect(text.contains("captures/rs2/ifcfg-lo:0\":2: IPADDR=192.0.2.100"), "\(text.prefix(600))")
        #expect(!text.contains("ifcfg-lo:0:2"))
        let json = JSONReport.render([result], toolVersion: "test")
        #expect(json.contains("captures/rs2/ifcfg-lo:0\","), "the name whole, its line apart")
    }

    @Test("absolute paths under the working directory are written relative to it", .enabled(if: Repository.executable != nil, "not built"))
    func relativePaths() throws {
        let absolute = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let result = try runLVSLint(["check", "--format", "json", absolute])
        #expect(!result.stdout.contains(Repository.root.path + "/"), "absolute paths in \(result.stdout.prefix(400))")
        #expect(result.stdout.contains("\"Fixtures/seed-centos7-dr/captures/lvs2/sysctl-a.txt\""))
    }

    @Test("keepalived services are named as ipvsadm prints them")
    func serviceLabels() throws {
        let result = try Repository.check("ka002-protocol-defaults-udp")
        let labels = Set(result.findings.compactMap(\.service))
        #expect(labels.contains("UDP 192.0.2.100:80"), "\(labels)")
        #expect(!labels.contains { $0.contains("]:") || $0.contains(":none:") })
    }
}
