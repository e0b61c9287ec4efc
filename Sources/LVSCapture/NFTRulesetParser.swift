import LVSModel

/// `nft list ruleset` (also with `-a`, which appends `# handle N`): tables of the ip, ip6 and
/// inet families, their chains, named sets and rules. Each base chain of type filter on the
/// input or forward hook becomes one `PacketFilter` (with its table's user chains for jumps),
/// ordered by priority: a packet must pass every one on its hook. Tables of other families (arp,
/// bridge, netdev), other hooks, and blocks no check reads (flowtables, named counters,
/// quotas) are recognised and passed over; a line outside all of these is unread.
enum NFTRulesetParser {
    struct Table {
        var family: String
        var name: String
        var dormant = false
        var chains: [FilterChain] = []
        var baseChains: [(chain: String, hook: PacketFilter.Hook, priority: Int)] = []
        var sets: [String: [NFTToken]] = [:]
    }

    /// A block read only to find its end; a named set or map keeps its elements.
    struct Skipped {
        var depth: Int
        var setName: String?
        var elements: [NFTToken] = []
        var inElements = false
    }

    static let namedPriorities: [String: Int] = ["raw": -300, "mangle": -150, "dstnat": -100, "filter": 0, "security": 50, "srcnat": 100]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .nftRuleset)
        var tables: [Table] = []
        var table: Table?
        var chain: FilterChain?
        var skipped: Skipped?
        file.forEachLine { line in
            let text = String(decoding: ByteFields.trimmed(line.bytes), as: UTF8.self)
            if text.isEmpty || text.hasPrefix("#") { return }
            guard let words = NFTToken.split(text) else { return out.markUnparsed(line, "an unbalanced quote") }
            if var block = skipped {
                collect(words, into: &block)
                skipped = block.depth > 0 ? block : nil
                if block.depth <= 0, let name = block.setName { table?.sets[name] = block.elements }
                return
            }
            guard let open = table else {
                guard words.count == 4, words[0].text == "table", words[3].text == "{" else {
                    return out.markUnparsed(line, "expected `table FAMILY NAME {`")
                }
                table = Table(family: words[1].text, name: words[2].text)
                return
            }
            guard var current = chain else {
                if words.count == 1, words[0].text == "}" {
                    tables.append(open)
                    table = nil
                } else if words.count == 3, words[0].text == "chain", words[2].text == "{" {
                    chain = FilterChain(name: words[1].text, policy: nil, evidence: line)
                } else if words.last?.text == "{", words.count >= 3 {
                    let isSet = words[0].text == "set" || words[0].text == "map"
                    skipped = Skipped(depth: 1, setName: isSet ? words[1].text : nil)
                } else if words.first?.text == "flags", words.contains(where: { $0.text == "dormant" }) {
                    table?.dormant = true
                } else if words.first?.text != "comment" && words.first?.text != "flags" {
                    out.markUnparsed(line, "expected `chain NAME {`, `set NAME {` or `}` inside table \(open.family) \(open.name)")
                }
                return
            }
            if words.count == 1, words[0].text == "}" {
                table?.chains.append(current)
                chain = nil
                return
            }
            if words.first?.text == "type" {
                guard let base = baseChain(words) else {
                    return out.markUnparsed(line, "expected `type filter hook input priority P; policy accept|drop;`")
                }
                current.policy = base.policy
                current.evidence = line
                if base.type == "filter", let hook = PacketFilter.Hook(rawValue: base.hook) {
                    table?.baseChains.append((current.name, hook, base.priority))
                }
                chain = current
                return
            }
            if ["comment", "devices"].contains(words.first?.text ?? "") { return }
            guard let rules = NFTRuleReader.rules(words, line: line, sets: open.sets, inetTable: open.family == "inet") else {
                return out.markUnparsed(line, "a rule lvslint cannot read: a set, map or value it does not understand")
            }
            current.rules += rules
            chain = current
        }
        if let open = table {
            if let current = chain { out.markUnparsed(current.evidence, "chain \(current.name) is not closed: the capture is cut short") }
            tables.append(open)
        }
        out.packetFilters = filters(tables)
        return out
    }

    /// One filter per input or forward base chain of an ip, ip6 or inet table, lowest priority first.
    static func filters(_ tables: [Table]) -> [PacketFilter] {
        var found: [(filter: PacketFilter, priority: Int)] = []
        for table in tables where !table.dormant {
            let families: Set<IPAddress.Family>
            switch table.family {
            case "ip": families = [.v4]
            case "ip6": families = [.v6]
            case "inet": families = [.v4, .v6]
            default: continue
            }
            for base in table.baseChains {
                var filter = PacketFilter()
                filter.chains = table.chains
                filter.families = families
                filter.entryChains = [base.hook: base.chain]
                filter.program = nil
                filter.nftTable = "\(table.family) \(table.name)"
                found.append((filter, base.priority))
            }
        }
        return found.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }.map(\.element.filter)
    }

    /// `type filter hook input priority filter + 10; policy drop;`
    static func baseChain(_ words: [NFTToken]) -> (type: String, hook: String, priority: Int, policy: String)? {
        var type: String?, hook: String?, priority = 0, policy = "ACCEPT"
        var i = 0
        while i < words.count {
            let word = words[i].text
            switch word {
            case "type": guard i + 1 < words.count else { return nil }; type = words[i + 1].text; i += 2
            case "hook": guard i + 1 < words.count else { return nil }; hook = words[i + 1].text; i += 2
            case "device": i += 2
            case "policy": guard i + 1 < words.count else { return nil }; policy = words[i + 1].text.uppercased(); i += 2
            case "priority":
                guard i + 1 < words.count, let base = namedPriorities[words[i + 1].text] ?? Int(words[i + 1].text) else { return nil }
                priority = base
                i += 2
                if i + 1 < words.count, let offset = Int(words[i + 1].text), words[i].text == "+" || words[i].text == "-" {
                    priority += words[i].text == "+" ? offset : -offset
                    i += 2
                }
            case ";": i += 1
            default: return nil
            }
        }
        guard let type, let hook else { return nil }
        return (type, hook, priority, policy)
    }

    /// Follows braces to a block's end, keeping a set's `elements = { … }`.
    static func collect(_ words: [NFTToken], into block: inout Skipped) {
        var i = 0
        while i < words.count {
            let word = words[i]
            if !word.quoted, word.text == "{" {
                block.depth += 1
            } else if !word.quoted, word.text == "}" {
                block.depth -= 1
                if block.inElements && block.depth == 1 { block.inElements = false }
            } else if block.setName != nil, block.depth == 1, word.text == "elements", i + 2 < words.count, words[i + 1].text == "=",
                words[i + 2].text == "{"
            {
                block.inElements = true
                block.depth += 1
                i += 3
                continue
            } else if block.inElements {
                block.elements.append(word)
            }
            i += 1
        }
    }
}

/// A word of nft's output: braces, commas, semicolons and colons of maps stand alone;
/// a quoted string is one word, never a keyword.
struct NFTToken: Sendable, Equatable {
    var text: String
    var quoted = false

    static func split(_ line: String) -> [NFTToken]? {
        var words: [NFTToken] = []
        var current = ""
        var inQuote = false
        func flush() {
            if !current.isEmpty { words.append(NFTToken(text: current)) }
            current = ""
        }
        for ch in line {
            if inQuote {
                if ch == "\"" { words.append(NFTToken(text: current, quoted: true)); current = ""; inQuote = false } else { current.append(ch) }
                continue
            }
            switch ch {
            case "\"": flush(); inQuote = true
            case "#" where current.isEmpty: flush(); return words  // `# handle 4`, `# progname nft`
            case " ", "\t": flush()
            case "{", "}", ",", ";": flush(); words.append(NFTToken(text: String(ch)))
            default: current.append(ch)
            }
        }
        guard !inQuote else { return nil }
        flush()
        return words
    }
}
