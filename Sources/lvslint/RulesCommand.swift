import ArgumentParser
import LVSEngine
import LVSRules

struct RulesCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "rules",
            abstract: tr("List the rule catalogue: id, slug, severity, forwarding methods, what each proves wrong."),
            discussion: """
                A severity written `error/warning` is the rule's usual one first, then the one some cases get (a weaker \
                one when the evidence is partial). Ids, slugs and families are what --select, --ignore, .lvslint.yaml \
                and `# lvslint: disable=` take.

                Examples:
                  lvslint rules
                  lvslint rules --format json | jq -r '.[].id'
                  lvslint rules --format markdown > docs/rules.md
                """
        )
    }

    @Option(help: "text, json, or markdown (the generated docs/rules.md).")
    var format: Format = .text

    @OptionGroup var language: LanguageOption

    func run() throws {
        switch format {
        case .text: Terminal.write(RuleDocumentation.listText(Catalogue.rules, language.translations))
        case .json: Terminal.write(RuleDocumentation.listJSON(Catalogue.rules, language.translations))
        case .markdown: Terminal.write(RuleDocumentation.markdown(Catalogue.rules))
        }
    }
}
