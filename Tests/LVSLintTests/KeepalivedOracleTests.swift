import Foundation
import LVSDescription
import LVSModel
import LVSRules
import Testing

enum KeepalivedBinary {
    static let path = ["/usr/sbin/keepalived", "/sbin/keepalived", "/usr/local/sbin/keepalived"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
}

/// keepalived is the oracle for its own defaults: `keepalived -t` checks a configuration
/// and logs each default it applies and each correction it makes to a virtual server. Over
/// every keepalived file in Fixtures and the corpus, lvslint's KA rules must report the same
/// ones on the same virtual servers, and none that keepalived does not.
@Suite(
    "keepalived's own report of its defaults (keepalived -t)", .serialized,
    .enabled(if: KeepalivedBinary.path != nil, "keepalived is not installed (apt-get install -y keepalived; scripts/test installs it)"))
struct KeepalivedOracleTests {

    /// Every keepalived configuration the repository and the corpus hold.
    static var files: [String] {
        var out: [String] = []
        if let walker = FileManager.default.enumerator(atPath: Repository.fixtures.path) {
            for case let path as String in walker where path.hasSuffix(".conf") {
                let full = Repository.fixtures.appendingPathComponent(path).path
                if KeepalivedReader.looksLikeKeepalived(path: full) { out.append(full) }
            }
        }
        let corpus = Repository.corpus.appendingPathComponent("keepalived").path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? [] {
            out.append((corpus as NSString).appendingPathComponent(name))
        }
        return out.sorted()
    }

    /// keepalived's log messages about a virtual server, and the KA rule that reports each:
    /// what each rule declares keepalived says (`RuleInfo.keepalivedSays`).
    static let messages: [(text: String, rule: String)] = Catalogue.rules.flatMap { rule in
        rule.info.keepalivedSays.map { (text: $0, rule: rule.info.id) }
    }

    struct Report: Hashable, CustomStringConvertible {
        var rule: String
        /// keepalived's name for the virtual server without its protocol: `198.51.100.100:80`, `FWM 5`, `G1:0`.
        var virtualServer: String
        var description: String { "\(rule) on \(virtualServer)" }
    }

    /// `[198.51.100.100]:udp:80` → `198.51.100.100:80`; `FWM 5`; `[G1]:0` → `G1:0`.
    static func virtualServer(in line: String) -> String? {
        // The virtual server is named first; a real server may follow.
        let address = line.firstMatch(of: /\[([^\]]+)\]:(?:(?:tcp|udp|sctp|none):)?(\d+)/)
        let mark = line.firstMatch(of: /FWM (\d+)/)
        if let mark, address.map({ mark.range.lowerBound < $0.range.lowerBound }) ?? true { return "FWM \(mark.1)" }
        return address.map { "\($0.1):\($0.2)" }
    }

    static func name(of vs: KAVirtualServer) -> String {
        switch vs.key {
        case let .address(address, port): return "\(address):\(port)"
        case let .fwmark(mark): return "FWM \(mark)"
        case let .group(group): return "\(group):0"
        }
    }

    @Test("lvslint's KA rules report exactly the defaults keepalived -t reports, on the same virtual servers", arguments: files)
    func defaultsAgree(_ path: String) throws {
        let binary = try #require(KeepalivedBinary.path)
        // keepalived reads includes relative to its working directory: run it in the file's folder.
        let folder = (path as NSString).deletingLastPathComponent
        let result = try run(binary, ["--config-test", "-f", path, "--log-console", "--log-detail"], in: URL(fileURLWithPath: folder))
        let output = result.stdout + result.stderr
        var expected: Set<Report> = []
        for line in output.split(separator: "\n").map(String.init) {
            // keepalived names a VRRP instance `(VI_1)` at the start of what it says about it.
            if let instance = line.firstMatch(of: #/\((\w+)\) /#), let rule = Self.messages.first(where: { line.contains($0.text) })?.rule {
                expected.insert(Report(rule: rule, virtualServer: "(\(instance.1))"))
                continue
            }
            guard let vs = Self.virtualServer(in: line) else { continue }
            guard let rule = Self.messages.first(where: { line.contains($0.text) })?.rule else {
                // A message about a virtual server lvslint has never heard of: a new default to learn.
                if line.lowercased().contains("virtual server") || line.hasPrefix("VS ") {
                    Issue.record("keepalived said something lvslint does not model: \(line)")
                }
                continue
            }
            expected.insert(Report(rule: rule, virtualServer: vs))
        }

        var config = KeepalivedReader.read(path: path)
        config.director = "director"
        var context = CheckContext(
            cluster: ClusterDescription(name: "oracle", file: path, capturesDirectory: "/nonexistent", hosts: [], services: []),
            observations: [:])
        context.keepalived = [config]
        context.describedByKeepalived = true
        var reported: Set<Report> = []
        for rule in Catalogue.rules where !rule.info.keepalivedSays.isEmpty {
            var report = RuleReport(info: rule.info)
            rule.check(context, &report)
            for finding in report.findings {
                let location = try #require(finding.location)
                // A VRRP finding names its instance, as keepalived's `(VI_1) …` lines do.
                if let instance = config.vrrpInstances.first(where: { finding.message.contains("vrrp_instance \($0.name) ") }) {
                    reported.insert(Report(rule: finding.rule, virtualServer: "(\(instance.name))"))
                    continue
                }
                let vs = try #require(
                    config.virtualServers.first { $0.contains(location) }, "\(finding.rule) at \(location) is on no virtual server's lines")
                reported.insert(Report(rule: finding.rule, virtualServer: Self.name(of: vs)))
            }
        }
        #expect(
            reported.subtracting(expected).isEmpty,
            "lvslint reports defaults keepalived does not apply: \(reported.subtracting(expected).sorted { $0.description < $1.description })\nkeepalived said:\n\(output)"
        )
        #expect(
            expected.subtracting(reported).isEmpty,
            "keepalived applies defaults lvslint does not report: \(expected.subtracting(reported).sorted { $0.description < $1.description })\nkeepalived said:\n\(output)"
        )
    }
}
