import LVSModel
import LVSRules

/// A mechanism page `lvslint explain` prints for a word that is not a rule: a sysctl the
/// rules read (`arp_ignore`, `net.ipv4.vs.conn_reuse_mode`), a forwarding method (`dr`), or a
/// concept (`persistence`, `keepalived`). What the kernel does, the values and what each
/// means, and the rules that check it.
public struct ExplainTopic: Sendable {
    /// The word that names it (`arp_ignore`, `dr`).
    public var name: String
    /// Other words for it (`ip_forward` for `forwarding`, `direct-routing` for `dr`).
    public var aliases: [String] = []
    public var title: String
    /// For a sysctl: where it lives and how the kernel combines its levels.
    public var setting: Message?
    /// What the kernel (or keepalived) does, in a few paragraphs.
    public var mechanism: String
    /// Each value and what it means, in order.
    public var values: [(value: String, meaning: String)] = []
    /// What to set on which host, in one paragraph.
    public var advice: String
    /// Sysctls whose rules this page lists (the rules that declare them in `readsSysctls`).
    public var sysctls: [String] = []
    /// Rule families this page is about (`DR`), and rules named besides.
    public var families: [String] = []
    public var ruleIDs: [String] = []
    public var references: [String] = []

    /// The rules that check what the page describes: those reading its sysctls, those of
    /// its families, and those it names, in catalogue order.
    public var rules: [RuleInfo] {
        Catalogue.rules.map(\.info).filter { info in
            ruleIDs.contains(info.id) || families.contains(info.family) || !Set(info.readsSysctls).isDisjoint(with: sysctls)
        }
    }
}

extension ExplainTopic {
    /// Every page, sysctls first.
    public static let all: [ExplainTopic] = SysctlTopics.all + MethodTopics.all

    /// The page a word names: a topic, an alias, or a sysctl however it is written
    /// (`net.ipv4.conf.eth0.arp_ignore`, `/proc/sys/net/ipv4/vs/conntrack`, `net/ipv4/ip_forward`).
    public static func named(_ word: String) -> ExplainTopic? {
        let key = normalised(word)
        return all.first { $0.name == key || $0.aliases.contains(key) }
    }

    static func normalised(_ word: String) -> String {
        var key = word.lowercased().trimmingCharacters(in: .whitespaces)
        if key.hasPrefix("/proc/sys/") { key.removeFirst("/proc/sys/".count) }
        key = key.replacingOccurrences(of: "/", with: ".")
        for prefix in ["net.ipv4.conf.", "net.ipv6.conf."] where key.hasPrefix(prefix) {
            // net.ipv4.conf.<level>.<parameter>: the parameter names the page.
            if let last = key.split(separator: ".").last { return String(last) }
        }
        if key.hasPrefix("net.ipv4.vs.") { return String(key.dropFirst("net.ipv4.vs.".count)) }
        if key == "net.ipv4.ip_forward" { return "ip_forward" }
        return key
    }

    /// Every word that opens a page, for suggestions.
    public static var words: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The pages and rules nearest a word nothing matched: spelling slips, then pages and
    /// rules whose name holds the word.
    public static func suggestions(for word: String) -> [String] {
        let key = normalised(word)
        let rules = Catalogue.rules.flatMap { [$0.info.id, $0.info.slug] }
        // Spelling slips of a word this short are most other short words ('arp' is two edits from 'dr').
        var out = key.count >= 4 ? NearestName.suggestions(for: key, among: all.map(\.name) + rules) : []
        if key.count >= 3 {
            out += all.map(\.name).filter { $0.contains(key) }
            out += Catalogue.rules.map(\.info).filter { $0.slug.contains(key) }.map(\.id)
        }
        var seen: Set<String> = []
        return out.filter { seen.insert($0).inserted }.prefix(6).map { $0 }
    }

    /// Every text of the page a translation must have.
    public var translatableTexts: [String] {
        [title, mechanism, advice] + values.map(\.meaning) + (setting?.templates ?? [])
    }

    /// The page as `lvslint explain` prints it.
    public var page: String { page(.english) }

    public func page(_ t: Translations) -> String {
        var out = "\(name): \(t[title])\n\n"
        if let setting { out += RuleDocumentation.section(t("Where it is set"), t(setting)) }
        out += RuleDocumentation.section(t("What it does"), t[mechanism])
        if !values.isEmpty {
            let width = values.map(\.value.count).max() ?? 0
            let heading = t("Values")
            out += "\(heading)\n\(String(repeating: "-", count: TextWrap.columns(heading)))\n"
            for (value, meaning) in values {
                let pad = String(repeating: " ", count: width - value.count)
                let wrapped = RuleDocumentation.wrap(t[meaning], width: 84 - width).split(separator: "\n")
                out += "  \(value)\(pad)  \(wrapped.first ?? "")\n"
                for more in wrapped.dropFirst() { out += "  \(String(repeating: " ", count: width))  \(more)\n" }
            }
            out += "\n"
        }
        out += RuleDocumentation.section(t("What to set"), t[advice])
        let rules = self.rules
        out += RuleDocumentation.section(
            t("Rules that check it"),
            rules.isEmpty
                ? t("None yet: lvslint reads it, and no rule judges it.")
                : rules.map { "    \($0.id)  \($0.slug): \(t[$0.title])" }.joined(separator: "\n")
        )
        if !references.isEmpty { out += RuleDocumentation.section(t("References"), references.map { "- \($0)" }.joined(separator: "\n")) }
        out += t("`lvslint explain RULE` tells each rule's mechanism, symptom and fix; `lvslint explain --list` lists the topics.") + "\n"
        return out
    }

    /// `lvslint explain --list`.
    public static var list: String { list(.english) }

    public static func list(_ t: Translations) -> String {
        let width = all.map(\.name.count).max() ?? 0
        var out = t("Topics (lvslint explain TOPIC):") + "\n"
        for topic in all {
            out += "  \(topic.name)\(String(repeating: " ", count: width - topic.name.count))  \(t[topic.title])\n"
        }
        out += "\n" + t("A sysctl may be written in full (net.ipv4.conf.all.arp_ignore, /proc/sys/net/ipv4/vs/conntrack).") + "\n"
        out += t("Rules (lvslint explain DR003, or its slug): `lvslint rules` lists them.") + "\n"
        return out
    }
}
