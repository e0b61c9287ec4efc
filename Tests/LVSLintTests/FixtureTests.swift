import Foundation
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// Every scenario under Fixtures/ must produce exactly the findings written beside it
/// (rule, host, severity). The expected files are written by hand with the scenario.
@Suite("Fixtures")
struct FixtureTests {
    struct Expected: Hashable, CustomStringConvertible {
        var rule: String
        var host: String
        var severity: String
        var description: String { "\(rule) \(host) \(severity)" }
    }

    static func expected(_ scenario: String) throws -> [Expected] {
        let text = try String(
            contentsOf: Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("expected.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t").map(String.init)
            return Expected(rule: f[0], host: f.count > 1 ? f[1] : "-", severity: f.count > 2 ? f[2] : "")
        }.sorted { $0.description < $1.description }
    }

    static func about(_ scenario: String) -> [String: String] {
        let text =
            (try? String(contentsOf: Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("scenario.txt"), encoding: .utf8))
            ?? ""
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    @Test("findings match expected.tsv", arguments: Repository.scenarios)
    func scenarioFindings(_ scenario: String) throws {
        let result = try Repository.check(scenario)
        let got = result.findings.map { Expected(rule: $0.rule, host: $0.host ?? "-", severity: $0.severity.rawValue) }
            .sorted { $0.description < $1.description }
        #expect(got == (try Self.expected(scenario)), "\(scenario): \(result.findings.map { "\($0.rule) \($0.host ?? "-"): \($0.message)" })")
    }

    @Test("every finding carries its rule's fix, a location, and evidence when it cites captures", arguments: Repository.scenarios)
    func findingsAreLocated(_ scenario: String) throws {
        let result = try Repository.check(scenario)
        for finding in result.findings {
            #expect(finding.location != nil, "\(finding.rule) has no location")
            #expect(finding.fix?.isEmpty == false)
            let info = try #require(Catalogue.rule(named: finding.rule)?.info)
            // Rules about the captures themselves, and a finding of an absence, may cite no line.
            if !info.needs.isEmpty && info.scope != .captures && !info.findsAbsence {
                #expect(!finding.evidence.isEmpty, "\(finding.rule) on \(finding.host ?? "-") cites no capture line")
            }
        }
    }

    /// Each rule has a scenario that triggers it and a close cousin that must not.
    @Test("every rule has a triggering scenario and a cousin", arguments: Catalogue.rules.map(\.info.id))
    func ruleCoverage(_ id: String) throws {
        let scenarios = Repository.scenarios
        let triggering = try scenarios.filter { try Self.expected($0).contains { $0.rule == id } }
        #expect(!triggering.isEmpty, "no fixture triggers \(id)")
        let cousins = scenarios.filter { (Self.about($0)["cousin-of"] ?? "").split(separator: " ").contains(Substring(id)) }
        #expect(!cousins.isEmpty, "no fixture is marked cousin-of \(id)")
        for cousin in cousins {
            #expect(try !Self.expected(cousin).contains { $0.rule == id }, "\(cousin) is a cousin of \(id) but expects it")
        }
    }

    @Test("the tutorial's cluster reports that the real servers answer ARP for the VIP")
    func seedTutorial() throws {
        let path = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let result = try Checker.run(.description(path)).get()
        let dr003 = result.findings.filter { $0.rule == "DR003" }
        #expect(Set(dr003.compactMap(\.host)) == ["lvs2", "lvs3"])
        #expect(dr003.allSatisfy { $0.severity == .error && $0.message.contains("192.168.150.100") })
        #expect(dr003.allSatisfy { $0.message.contains("Director lvs1 has arp_ignore set") })
        #expect(dr003.allSatisfy { $0.evidence.contains { $0.text == "net.ipv4.conf.all.arp_ignore = 0" } })
    }
}

/// A table captured as `ipvsadm-save -n` or /proc/net/ip_vs must give the verdict
/// `ipvsadm -Ln` gives.
@Suite("Table formats give one verdict")
struct TableFormatVerdictTests {
    static let pairs = [
        ("ipvs007-weight", "ipvs007-weight-save"), ("ipvs005-masq-instead-of-dr", "ipvs005-proc"),
        ("dr-healthy", "table-ipvsadm-save"), ("dr-healthy", "table-proc-ip-vs"), ("dr-healthy", "tables-agree"),
    ]

    func verdict(_ scenario: String) throws -> [String] {
        let path = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("cluster.yaml").path
        return try Checker.run(.description(path)).get().findings.map { "\($0.rule) \($0.host ?? "-") \($0.severity) \($0.message)" }
    }

    @Test("same findings, word for word", arguments: pairs)
    func sameVerdict(_ reference: String, _ other: String) throws {
        #expect(try verdict(reference) == verdict(other))
    }
}
