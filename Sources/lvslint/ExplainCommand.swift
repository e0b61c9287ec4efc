import ArgumentParser
import LVSEngine
import LVSModel
import LVSRules

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule: what it checks, why it breaks traffic, what you see, and how to fix it.",
        discussion: "Examples: lvslint explain DR003    lvslint explain rs-arp-ignore"
    )

    @Argument(help: ArgumentHelp("A rule id (DR003) or slug (rs-arp-ignore).", valueName: "rule"))
    var rule: String

    func run() throws {
        guard let found = Catalogue.rule(named: rule) else {
            let names = Catalogue.rules.flatMap { [$0.info.id, $0.info.slug] }
            Terminal.error("lvslint: no rule '\(rule)'\(NearestName.hint(for: rule, among: names)); `lvslint rules` lists them all\n")
            throw ExitCode(2)
        }
        Terminal.write(RuleDocumentation.explain(found.info))
    }
}
