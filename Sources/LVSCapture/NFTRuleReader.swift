import LVSModel

/// One rule line of `nft list ruleset`, read as the matches that decide whether a new
/// connection's first packet hits it and the verdict it gives. A match lvslint does not model
/// (`fib`, `limit`, a negation, `xt match`) is kept in `otherMatches`, which makes the rule's
/// reach uncertain rather than ignored. A verdict map (`ct state vmap { … }`,
/// `tcp dport vmap { … }`) becomes one rule per element, in order: at most one element matches.
struct NFTRuleReader {
    enum Field {
        case daddr(IPAddress.Family), saddr(IPAddress.Family), dport(String?), sport(String?), l4proto, nfproto, ctState, iif, oif
        case other(String)
    }

    /// What follows a field: a set of values (one or more), possibly negated; a verdict map;
    /// a `set` statement; or something lvslint cannot read (a comparison, an unknown named set).
    enum Value {
        case values([String], negated: Bool)
        case verdictMap([(key: String, verdict: [NFTToken])])
        case statement
        case unknown(String)
    }

    static let verdicts: Set<String> = ["accept", "drop", "reject", "jump", "goto", "return", "continue", "queue"]
    static let statementWords: Set<String> = ["counter", "log", "comment", "limit", "notrack"]
    static let logOptions: Set<String> = ["prefix", "level", "group", "snaplen", "queue-threshold"]
    static let logFlagWords: Set<String> = ["tcp", "ip", "skuid", "ether", "all", "sequence", "options", ","]

    var words: [NFTToken]
    var i = 0
    let sets: [String: [NFTToken]]
    var rule: FilterRule
    var verdictMap: (field: Field, entries: [(key: String, verdict: [NFTToken])])?

    static func rules(_ words: [NFTToken], line: CaptureLine, sets: [String: [NFTToken]], inetTable: Bool) -> [FilterRule]? {
        var reader = NFTRuleReader(words: words, sets: sets, rule: FilterRule(evidence: line))
        guard reader.read() else { return nil }
        guard let map = reader.verdictMap else { return [reader.rule] }
        var out: [FilterRule] = []
        for entry in map.entries {
            var one = reader.rule
            apply(map.field, .values([entry.key], negated: false), to: &one)
            guard let verdict = verdict(entry.verdict) else { return nil }
            (one.target, one.isGoto) = verdict
            out.append(one)
        }
        return out
    }

    var next: NFTToken? { i < words.count ? words[i] : nil }

    mutating func take() -> NFTToken? {
        guard i < words.count else { return nil }
        defer { i += 1 }
        return words[i]
    }

    mutating func uncertain(_ text: String) { rule.otherMatches.append(text) }

    /// Reads the whole line; false when a value is malformed beyond reading.
    mutating func read() -> Bool {
        while let word = take() {
            if word.quoted { uncertain("\"\(word.text)\""); continue }
            let text = word.text
            if Self.verdicts.contains(text) {
                guard let verdict = Self.verdict([word] + Array(words[i...])) else { return false }
                (rule.target, rule.isGoto) = verdict
                // In an inet table nft lists `meta nfproto ipv6 … reject` as `… reject with icmpv6 …`:
                // the reject's ICMP version is the only trace of the family match.
                if text == "reject", i + 1 < words.count, words[i].text == "with" {
                    if words[i + 1].text == "icmp" { rule.family = .v4 } else if words[i + 1].text == "icmpv6" { rule.family = .v6 }
                }
                // `reject with …` and the chain name of a jump are the verdict's; a trailing
                // `comment "…"` is all nft prints after a verdict.
                i = words.count
                continue
            }
            switch text {
            case "ip", "ip6":
                let family: IPAddress.Family = text == "ip" ? .v4 : .v6
                rule.family = family
                guard let name = take()?.text else { return false }
                switch name {
                case "daddr": guard readField(.daddr(family)) else { return false }
                case "saddr": guard readField(.saddr(family)) else { return false }
                case "protocol", "nexthdr": guard readField(.l4proto) else { return false }
                default: guard readField(.other("\(text) \(name)")) else { return false }
                }
            case "tcp", "udp", "sctp", "udplite", "dccp":
                guard let name = take()?.text else { return false }
                if name == "dport" || name == "sport" {
                    guard readField(name == "dport" ? .dport(text) : .sport(text)) else { return false }
                } else {
                    rule.protocolName = text
                    guard readField(.other("\(text) \(name)")) else { return false }
                }
            case "th":
                guard let name = take()?.text else { return false }
                guard readField(name == "dport" ? .dport(nil) : name == "sport" ? .sport(nil) : .other("th \(name)")) else { return false }
            case "meta":
                guard let name = take()?.text else { return false }
                guard readField(Self.metaField(name)) else { return false }
            case "iifname", "iif": guard readField(.iif) else { return false }
            case "oifname", "oif": guard readField(.oif) else { return false }
            case "ct":
                guard let name = take()?.text else { return false }
                guard readField(name == "state" ? .ctState : .other("ct \(name)")) else { return false }
            case "icmp", "icmpv6", "igmp":
                rule.protocolName = text == "icmpv6" ? "ipv6-icmp" : text
                guard let name = take()?.text, readField(.other("\(text) \(name)")) else { return false }
            case "counter":
                while let option = next?.text, ["packets", "bytes", "name"].contains(option) { i += 2 }
            case "log":
                while let option = next?.text, Self.logOptions.contains(option) || option == "flags" {
                    i += 1
                    if option == "flags" {
                        while let flag = next?.text, Self.logFlagWords.contains(flag) { i += 1 }
                    } else {
                        i += 1
                    }
                }
            case "comment": i += 1
            case "notrack": break
            case "limit":
                // A rate limit matches some packets and not others.
                uncertain("limit")
                while let w = next, w.quoted || !(Self.verdicts.contains(w.text) || Self.statementWords.contains(w.text)) { i += 1 }
            case "xt":
                guard let what = take()?.text, let name = take()?.text else { return false }
                if what == "target" {
                    rule.target = name.uppercased()
                } else {
                    uncertain("xt \(what) \(name)")
                }
            default:
                uncertain(text)
            }
        }
        return true
    }

    static func metaField(_ name: String) -> Field {
        switch name {
        case "l4proto": return .l4proto
        case "nfproto": return .nfproto
        case "iifname", "iif": return .iif
        case "oifname", "oif": return .oif
        default: return .other("meta \(name)")
        }
    }

    /// Reads the value after a field and applies it; false when it is malformed.
    mutating func readField(_ field: Field) -> Bool {
        guard let value = readValue() else { return false }
        switch value {
        case .statement: return true
        case .verdictMap(let entries):
            verdictMap = (field, entries)
            return true
        case .unknown(let text):
            uncertain(text)
            return true
        case .values:
            Self.apply(field, value, to: &rule)
            return true
        }
    }

    mutating func readValue() -> Value? {
        var negated = false
        if let op = next?.text, ["==", "!=", "<", ">", "<=", ">=", "&", "|"].contains(op) {
            i += 1
            if op == "!=" {
                negated = true
            } else if op != "==" {
                _ = take()
                return .unknown("a comparison (\(op))")
            }
        }
        guard let first = take() else { return nil }
        if !first.quoted, first.text == "set" {
            _ = readElements()
            return .statement
        }
        if !first.quoted, first.text == "vmap" {
            guard next?.text == "{", let elements = readElements() else { return nil }
            var entries: [(key: String, verdict: [NFTToken])] = []
            for element in elements {
                guard let colon = element.firstIndex(where: { $0.text == ":" && !$0.quoted }), colon > 0 else { return nil }
                entries.append((element[0].text, Array(element[(colon + 1)...])))
            }
            return .verdictMap(entries)
        }
        if !first.quoted, first.text == "{" {
            i -= 1
            guard let elements = readElements() else { return nil }
            return .values(elements.compactMap { $0.first?.text }, negated: negated)
        }
        if !first.quoted, first.text.hasPrefix("@") {
            guard let members = sets[String(first.text.dropFirst())] else { return .unknown("set \(first.text)") }
            return .values(Self.elements(members).compactMap { $0.first?.text }, negated: negated)
        }
        var values = [first.text]
        while next?.text == ",", i + 1 < words.count {
            values.append(words[i + 1].text)
            i += 2
        }
        return .values(values, negated: negated)
    }

    /// `{ a, b : c, d }` from the cursor: the elements between the braces, split at commas.
    mutating func readElements() -> [[NFTToken]]? {
        guard next?.text == "{" else {
            // `set 0x1`: a single value.
            return take().map { [[$0]] }
        }
        i += 1
        var inner: [NFTToken] = []
        var depth = 1
        while let word = take() {
            if !word.quoted, word.text == "{" { depth += 1 }
            if !word.quoted, word.text == "}" {
                depth -= 1
                if depth == 0 { return Self.elements(inner) }
            }
            inner.append(word)
        }
        return nil
    }

    static func elements(_ tokens: [NFTToken]) -> [[NFTToken]] {
        var out: [[NFTToken]] = []
        var current: [NFTToken] = []
        for token in tokens {
            if !token.quoted, token.text == "," {
                if !current.isEmpty { out.append(current) }
                current = []
            } else {
                current.append(token)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func apply(_ field: Field, _ value: Value, to rule: inout FilterRule) {
        guard case let .values(values, negated) = value else { return }
        let shown = values.count == 1 ? values[0] : "{ \(values.joined(separator: ", ")) }"
        if negated {
            rule.otherMatches.append("\(field.name) != \(shown)")
            if case let .dport(proto?) = field { rule.protocolName = proto }
            if case let .sport(proto?) = field { rule.protocolName = proto }
            return
        }
        switch field {
        case .daddr(let family):
            rule.family = family
            let prefixes = values.compactMap(prefix)
            if prefixes.count == values.count { rule.destinations = prefixes } else { rule.otherMatches.append("daddr \(shown)") }
        case .saddr(let family):
            rule.family = family
            if values.count == 1, let source = prefix(values[0]) { rule.source = source } else { rule.otherMatches.append("saddr \(shown)") }
        case .dport(let proto):
            if let proto { rule.protocolName = proto }
            let ranges = values.compactMap(portRange)
            if ranges.count == values.count { rule.ports = ranges } else { rule.otherMatches.append("dport \(shown)") }
        case .sport(let proto):
            if let proto { rule.protocolName = proto }
            let ranges = values.compactMap(portRange)
            if ranges.count == values.count { rule.sourcePorts = ranges } else { rule.otherMatches.append("sport \(shown)") }
        case .l4proto:
            let names = Set(values.map(IPProtocolName.canonical))
            if names.count == 1 { rule.protocolName = names.first } else { rule.protocolNames = names }
        case .nfproto:
            if values == ["ipv4"] {
                rule.family = .v4
            } else if values == ["ipv6"] {
                rule.family = .v6
            } else {
                rule.otherMatches.append("nfproto \(shown)")
            }
        case .ctState:
            rule.states = Set(values.map { $0.uppercased() })
        case .iif, .oif:
            // nft's wildcard is a trailing `*`; iptables' is `+`.
            guard values.count == 1 else { return rule.otherMatches.append("\(field.name) \(shown)") }
            let name = values[0].count > 1 && values[0].hasSuffix("*") ? String(values[0].dropLast()) + "+" : values[0]
            if case .iif = field { rule.inInterface = name } else { rule.outInterface = name }
        case .other(let name):
            rule.otherMatches.append("\(name) \(shown)")
        }
    }

    /// `198.51.100.10`, `192.0.2.0/24`; a range (`192.0.2.1-192.0.2.9`) is not read.
    static func prefix(_ text: String) -> IPPrefix? {
        if let prefix = IPPrefix(text) { return prefix }
        guard let address = IPAddress(text) else { return nil }
        return IPPrefix(address: address, length: address.family == .v4 ? 32 : 128)
    }

    /// `80`, `8080-8090`, `http`.
    static func portRange(_ text: String) -> ClosedRange<Int>? {
        let ends = text.split(separator: "-", maxSplits: 1).map(String.init)
        guard let low = ends.first.flatMap(ServiceNames.port), let high = ends.count == 2 ? ServiceNames.port(ends[1]) : low, low <= high else {
            return nil
        }
        return low...high
    }

    /// `accept`, `drop`, `reject with …`, `jump NAME`, `goto NAME`, `return`, `continue`, `queue …`.
    static func verdict(_ words: [NFTToken]) -> (target: String, isGoto: Bool)? {
        guard let first = words.first?.text else { return nil }
        switch first {
        case "accept", "drop", "reject", "return", "queue": return (first.uppercased(), false)
        case "continue": return ("", false)
        case "jump", "goto":
            guard words.count >= 2 else { return nil }
            return (words[1].text, first == "goto")
        default: return nil
        }
    }
}

extension NFTRuleReader.Field {
    var name: String {
        switch self {
        case .daddr: return "daddr"
        case .saddr: return "saddr"
        case .dport: return "dport"
        case .sport: return "sport"
        case .l4proto: return "l4proto"
        case .nfproto: return "nfproto"
        case .ctState: return "ct state"
        case .iif: return "iifname"
        case .oif: return "oifname"
        case .other(let name): return name
        }
    }
}
