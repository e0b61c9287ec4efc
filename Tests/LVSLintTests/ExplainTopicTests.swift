import Foundation
import LVSEngine
import LVSModel
import LVSRules
import Testing

/// `lvslint explain` for words that are not rules: the sysctls the rules read, the forwarding
/// methods, persistence and keepalived, as someone learning LVS asks for them.
@Suite("Explain topics")
struct ExplainTopicTests {
    @Test("every sysctl a rule reads has a page, and the page lists that rule")
    func everySysctlHasAPage() throws {
        for info in Catalogue.rules.map(\.info) {
            for sysctl in info.readsSysctls {
                let topic = try #require(ExplainTopic.named(sysctl), "no page for \(sysctl), which \(info.id) reads")
                #expect(topic.rules.map(\.id).contains(info.id), "the \(topic.name) page does not list \(info.id)")
            }
        }
    }

    @Test("arp_ignore teaches every value from 0 to 8 and names DR003", arguments: ["arp_ignore", "ARP_IGNORE"])
    func arpIgnore(_ word: String) throws {
        let page = try #require(ExplainTopic.named(word)).page
        for value in ["0", "1", "2", "3", "4-7", "8"] {
            #expect(page.contains("\n  \(value) "), "value \(value) is not explained")
        }
        #expect(page.contains("max(all, IFACE)"))
        #expect(page.contains("DR003  rs-arp-ignore"))
    }

    @Test(
        "a sysctl written in full, as a path or as its old name opens its page",
        arguments: [
            ("net.ipv4.conf.all.arp_ignore", "arp_ignore"), ("net.ipv4.conf.eth0.arp_announce", "arp_announce"),
            ("/proc/sys/net/ipv4/conf/tunl0/rp_filter", "rp_filter"), ("net.ipv4.ip_forward", "forwarding"), ("ip_forward", "forwarding"),
            ("net/ipv4/vs/conntrack", "conntrack"), ("net.ipv4.vs.conn_reuse_mode", "conn_reuse_mode"), ("LVS-DR", "dr"),
        ])
    func spellings(_ word: String, _ page: String) {
        #expect(ExplainTopic.named(word)?.name == page)
    }

    @Test("the forwarding methods list their family's rules")
    func methods() throws {
        for (topic, family) in [("dr", "DR"), ("nat", "NAT"), ("tun", "TUN"), ("keepalived", "KA")] {
            let ids = try #require(ExplainTopic.named(topic)).rules.map(\.id)
            let familyIDs = Catalogue.rules.map(\.info).filter { $0.family == family }.map(\.id)
            #expect(Set(familyIDs).isSubset(of: Set(ids)), "\(topic) misses \(Set(familyIDs).subtracting(ids).sorted())")
        }
    }

    @Test("a word nothing matches gets the nearest pages and rules")
    func suggestions() {
        #expect(ExplainTopic.suggestions(for: "arp_ignor").first == "arp_ignore")
        #expect(Set(["arp_ignore", "arp_announce", "arp_filter"]).isSubset(of: Set(ExplainTopic.suggestions(for: "arp"))))
        #expect(ExplainTopic.suggestions(for: "DR00").contains("DR001"))
        #expect(ExplainTopic.named("arp") == nil && ExplainTopic.named("no-such-word") == nil)
    }

    @Test("the list names every page; no two pages share a word, and none shadows a rule")
    func list() {
        let words = ExplainTopic.words
        #expect(Set(words).count == words.count)
        for topic in ExplainTopic.all { #expect(ExplainTopic.list.contains("  \(topic.name) ")) }
        for word in words { #expect(Catalogue.rule(named: word) == nil, "\(word) is both a topic and a rule") }
    }

    @Test(
        "lvslint explain prints a topic, --list, and suggestions for an unknown word",
        .enabled(if: Repository.executable != nil, "needs the built executable"))
    func commandLine() throws {
        let lvslint = try #require(Repository.executable).path
        let topic = try run(lvslint, ["explain", "net.ipv4.conf.all.arp_ignore"])
        #expect(topic.status == 0 && topic.stdout.hasPrefix("arp_ignore: "))
        let listed = try run(lvslint, ["explain", "--list"])
        #expect(listed.status == 0 && listed.stdout.contains("conn_reuse_mode"))
        let unknown = try run(lvslint, ["explain", "arp_ignor"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'arp_ignore'?"))
        let rule = try run(lvslint, ["explain", "DR003"])
        #expect(rule.status == 0 && rule.stdout.contains("sysctls: arp_ignore (lvslint explain arp_ignore)"))
    }
}
