import ArgumentParser
import LVSEngine
import LVSModel
import LVSRules

struct ExplainCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "explain",
            abstract: tr("Explain a rule, a sysctl or a forwarding method: what the kernel does, what breaks, and how to fix it."),
            discussion: """
                A rule (id or slug) prints what it checks, why it breaks traffic, what you see, and the fix. A sysctl \
                (arp_ignore, rp_filter, ip_forward, conn_reuse_mode, …, also written in full as \
                net.ipv4.conf.all.arp_ignore or /proc/sys/net/ipv4/vs/conntrack) or a topic (dr, nat, tun, \
                persistence, keepalived) prints what the kernel does, each value and its meaning, and the rules that \
                check it.

                Examples:
                  lvslint explain DR003
                  lvslint explain rs-arp-ignore
                  lvslint explain arp_ignore
                  lvslint explain dr
                  lvslint explain --list
                  lvslint explain DR003 --for cluster.yaml   # told with this cluster's values
                  lvslint explain DR003 --lang zh-CN
                """
        )
    }

    @Argument(help: ArgumentHelp("A rule id (DR003) or slug (rs-arp-ignore), a sysctl (arp_ignore) or a topic (dr).", valueName: "word"))
    var word: String?

    @Flag(help: "List the topics.")
    var list = false

    @OptionGroup var language: LanguageOption

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "Tell a rule with this cluster's hosts, interfaces, addresses and values, and the fix for the distribution its captures show.",
            valueName: "cluster.yaml"))
    var cluster: String?

    @OptionGroup var capturesFolder: CapturesFolderOption

    func validate() throws {
        if !list && word == nil { throw ValidationError("name a rule, a sysctl or a topic (lvslint explain --list shows the topics)") }
        if cluster != nil && list { throw ValidationError("--for explains a rule; --list lists the topics") }
    }

    func run() throws {
        if list {
            Terminal.write(ExplainTopic.list(language.translations))
            return
        }
        guard let word else { return }
        if let found = Catalogue.rule(named: word) {
            if let cluster {
                try explain(found.info, for: cluster)
            } else {
                Terminal.write(RuleDocumentation.explain(found.info, language.translations))
            }
            return
        }
        if cluster != nil {
            Terminal.error("lvslint: --for explains a rule with a cluster's values; '\(word)' is not a rule (`lvslint rules` lists them)\n")
            throw ExitCode(2)
        }
        if let topic = ExplainTopic.named(word) {
            Terminal.write(topic.page(language.translations))
            return
        }
        let near = ExplainTopic.suggestions(for: word)
        // The nearest first, as every did-you-mean of lvslint says it; then the other pages and rules near it.
        let hint =
            near.first.map { first in
                " (did you mean '\(first)'?\(near.count > 1 ? " nearby: \(near.dropFirst().joined(separator: ", "))" : ""))"
            } ?? ""
        Terminal.error(
            "lvslint: no rule or topic '\(word)'\(hint); `lvslint explain --list` lists the topics, `lvslint rules` the rules\n")
        throw ExitCode(2)
    }

    /// Checks the cluster as `lvslint check` would, then tells the rule with what it found.
    func explain(_ info: RuleInfo, for cluster: String) throws {
        var request = CheckRequest(inputs: CheckInputs.classify([cluster], explicitConfiguration: nil))
        request.captures = capturesFolder.captures
        let outcome = CheckRun.run(request)
        for error in outcome.errors { Terminal.error("\(error)\n") }
        guard !outcome.results.isEmpty else { throw ExitCode(2) }
        let pages = outcome.results.map { ClusterExplanation.page(info, in: $0.localized(language.translations), language.translations) }
        // The pages quote the cluster's names and capture lines: printable, as the text report is.
        Terminal.writeText(pages.joined(separator: "\n"))
    }
}
