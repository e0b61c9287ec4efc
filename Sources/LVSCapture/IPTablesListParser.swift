import Foundation
import LVSModel

/// `iptables -L -n` (and `-v`, `--line-numbers`, `-x`; `ip6tables -L -n`) of the filter table:
/// what people paste far more often than `iptables-save`. Chains `Chain INPUT (policy DROP …)`
/// or `Chain name (N references)`, a header naming the columns (`num pkts bytes target prot opt
/// in out source destination`), then one rule a line, its matches printed after the
/// destination (`tcp dpt:80`, `multiport dports 80,443`, `ctstate NEW`). Read into the same
/// model as `iptables-save` where the listing is unambiguous; what it cannot say is kept as a
/// match lvslint does not model, so that the rule may or may not apply and FW001 says it could
/// not decide: without `-v` a rule's interfaces (`-i lo`) are not printed at all, so every
/// rule of such a listing is uncertain.
enum IPTablesListParser {
    static let protocolNumbers = ["0": "all", "6": "tcp", "17": "udp", "132": "sctp", "1": "icmp", "4": "ipip"]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .iptablesList)
        var filter = PacketFilter()
        var columns: [String] = []
        var current: Int?
        var sawAddress = false
        file.forEachLine { line in
            let fields = line.fields.map { ByteFields.string($0) }
            guard let first = fields.first else { return }
            if first == "Chain", fields.count >= 2 {
                // `Chain INPUT (policy DROP 0 packets, 0 bytes)`, `Chain f2b (1 references)`
                let policy = fields.count >= 4 && fields[2] == "(policy" ? fields[3].trimmingCharacters(in: CharacterSet(charactersIn: ")")) : nil
                filter.chains.append(FilterChain(name: fields[1], policy: policy, evidence: line))
                current = filter.chains.count - 1
                columns = []
                return
            }
            if ["num", "pkts", "target"].contains(first) && fields.contains("prot") {
                columns = fields
                return
            }
            guard let chain = current, !columns.isEmpty else {
                return out.markUnparsed(line, "a line before any `Chain …` and its column header")
            }
            guard let rule = rule(fields, columns: columns, line: line) else {
                return out.markUnparsed(line, "a rule whose columns do not match the header")
            }
            if rule.destinations?.contains(where: { $0.address.family == .v6 }) == true || rule.source?.address.family == .v6 { sawAddress = true }
            filter.chains[chain].rules.append(rule)
        }
        if sawAddress { filter.families = [.v6]; filter.program = "ip6tables" }
        out.packetFilters = [filter]
        return out
    }

    /// One rule line read by the header's columns; the words after `destination` are matches.
    static func rule(_ fields: [String], columns: [String], line: CaptureLine) -> FilterRule? {
        var words = fields
        var rule = FilterRule(evidence: line)
        // A rule without a target leaves its column blank: the protocol then sits under it.
        if let t = columns.firstIndex(of: "target"), t < words.count, let p = columns.firstIndex(of: "prot"), p == t + 1,
            t + 1 < words.count, isProtocol(words[t]), words[t + 1] == "--" || words[t + 1] == "-f" || words[t + 1] == "!f"
        {
            words.insert("", at: t)
        }
        guard words.count >= columns.count else { return nil }
        var value: [String: String] = [:]
        for (index, name) in columns.enumerated() { value[name] = words[index] }
        rule.target = value["target"] ?? ""
        if let prot = value["prot"] {
            let name = protocolNumbers[prot] ?? prot
            if name.hasPrefix("!") { rule.otherMatches.append("! -p \(name.dropFirst())") } else if name != "all" { rule.protocolName = name }
        }
        if let opt = value["opt"], opt != "--" { rule.otherMatches.append("opt \(opt)") }
        for (column, keyPath) in [("in", \FilterRule.inInterface), ("out", \FilterRule.outInterface)] {
            guard let name = value[column], name != "*" else { continue }
            if name.hasPrefix("!") { rule.otherMatches.append("! \(column) \(name.dropFirst())") } else { rule[keyPath: keyPath] = name }
        }
        // Without `-v` the interfaces are not printed: `-i lo -j ACCEPT` reads as "accept all".
        if !columns.contains("in") { rule.otherMatches.append("interfaces not shown (iptables -L without -v)") }
        for column in ["source", "destination"] {
            guard let text = value[column] else { continue }
            if text.hasPrefix("!") {
                rule.otherMatches.append("! \(column) \(text.dropFirst())")
                continue
            }
            guard let prefix = IPPrefix(text) else { return nil }
            if column == "source" { rule.source = prefix } else { rule.destinations = [prefix] }
        }
        readMatches(Array(words.dropFirst(columns.count)), into: &rule)
        return rule
    }

    static func isProtocol(_ word: String) -> Bool {
        ["all", "tcp", "udp", "sctp", "icmp", "ipv6-icmp", "udplite", "esp", "ah", "gre", "ipip"].contains(word) || protocolNumbers[word] != nil
    }

    /// `tcp dpt:80`, `dpts:1000:2000`, `spt:53`, `multiport dports 80,443`, `ctstate NEW`,
    /// `state RELATED,ESTABLISHED`, `/* comment */`, `reject-with …`; anything else is kept
    /// as a match lvslint does not model.
    static func readMatches(_ words: [String], into rule: inout FilterRule) {
        var i = 0
        var inComment = false
        while i < words.count {
            let word = words[i]
            defer { i += 1 }
            if inComment { if word.hasSuffix("*/") { inComment = false }; continue }
            if word.hasPrefix("/*") { inComment = !word.hasSuffix("*/") || word == "/*"; continue }
            if ["tcp", "udp", "sctp"].contains(word) { continue }
            if let ports = portMatch(word, prefix: "dpt:") ?? portMatch(word, prefix: "dpts:") { rule.ports = ports; continue }
            if let ports = portMatch(word, prefix: "spt:") ?? portMatch(word, prefix: "spts:") { rule.sourcePorts = ports; continue }
            if word == "multiport", i + 2 < words.count, ["dports", "sports", "ports"].contains(words[i + 1]) {
                let ranges = IPTablesSaveParser.ports(words[i + 2]) ?? []
                if words[i + 1] == "dports" {
                    rule.ports = ranges
                } else if words[i + 1] == "sports" {
                    rule.sourcePorts = ranges
                } else {
                    rule.otherMatches.append("multiport ports \(words[i + 2])")
                }
                i += 2
                continue
            }
            if (word == "ctstate" || word == "state"), i + 1 < words.count {
                rule.states = Set(words[i + 1].split(separator: ",").map(String.init))
                i += 1
                continue
            }
            if word == "reject-with" { i += 1; continue }
            if word == "prefix" || word == "LOG" { rule.otherMatches.append(word); continue }
            rule.otherMatches.append(word)
        }
    }

    static func portMatch(_ word: String, prefix: String) -> [ClosedRange<Int>]? {
        guard word.hasPrefix(prefix) else { return nil }
        return IPTablesSaveParser.ports(String(word.dropFirst(prefix.count)))
    }
}
