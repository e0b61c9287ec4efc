import LVSEngine
import LVSModel
import LVSRules
import Testing

/// The examples rules carry in their `RuleInfo`, run through the checker with no capture: each
/// gives the finding it says it gives, or nothing for a cousin.
@Suite("Rule examples")
struct RuleExampleTests {
    /// Rules that read no capture (description and keepalived rules): their examples are the
    /// fixtures a reader sees in `explain`.
    static let describedOnly = Catalogue.rules.map(\.info).filter { $0.needs.isEmpty && $0.scope != .captures }.map(\.id)

    @Test("every rule that reads no capture shows a triggering example and a cousin", arguments: describedOnly)
    func hasExamples(_ id: String) throws {
        let info = try #require(Catalogue.rule(named: id)?.info)
        #expect(info.examples.contains { $0.finds != nil }, "\(id) has no example that triggers it: add one to its RuleInfo")
        #expect(info.examples.contains { $0.finds == nil }, "\(id) has no cousin example: add one that it must leave alone")
    }

    @Test(
        "each example gives the finding it names, and a cousin none", arguments: Catalogue.rules.map(\.info).filter { !$0.examples.isEmpty }.map(\.id)
    )
    func examplesHold(_ id: String) throws {
        let info = try #require(Catalogue.rule(named: id)?.info)
        for example in info.examples {
            let found: [Finding]
            switch RuleExampleRun.findings(of: example, rule: id) {
            case let .success(findings): found = findings
            case let .failure(failure):
                Issue.record("\(id) example \"\(example.caption)\" was not checked: \(failure.errors.map(\.message))")
                continue
            }
            if let words = example.finds {
                #expect(
                    found.contains { $0.message.contains(words) },
                    "\(id) example \"\(example.caption)\" should give a finding saying \"\(words)\"; it gives \(found.map(\.message))")
            } else {
                #expect(found.isEmpty, "\(id) cousin \"\(example.caption)\" should give nothing; it gives \(found.map(\.message))")
            }
        }
    }

    @Test("explain prints each example with what the checker says of it")
    func explainShowsExamples() throws {
        let info = try #require(Catalogue.rule(named: "KA001")?.info)
        let text = RuleDocumentation.explain(info)
        #expect(text.contains("Examples\n--------\nNo lb_kind:\n\n  keepalived.conf:\n    vrrp_instance VI_1 {"))
        #expect(text.contains("keepalived.conf:11: warning[KA001]: "), "\(text)")
        #expect(text.contains("KA001 reports nothing."))
        #expect(!text.contains("lvslint-example-"), "the scratch folder shows")
    }
}
