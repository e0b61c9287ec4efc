import LVSModel

/// `iptables-save` (and `ip6tables-save`; the legacy and nf_tables back ends print the same
/// format): `*filter`, chain lines `:INPUT DROP [0:0]` (`-` for a user chain's policy), rules
/// `-A INPUT -d 192.0.2.100/32 -p tcp -m tcp --dport 80 -j ACCEPT`, `COMMIT`. The filter
/// table is read; the other tables (nat, mangle, raw, security) are recognised and passed over,
/// since no check reads them.
enum IPTablesSaveParser {
    /// Options that take one value and are modelled.
    static let modelled: Set<String> = [
        "-p", "--protocol", "-d", "--destination", "-s", "--source", "-i", "--in-interface",
        "--dport", "--destination-port", "--dports", "--destination-ports", "--state", "--ctstate",
        "--sport", "--source-port", "--sports", "--source-ports", "-o", "--out-interface",
        "-j", "--jump", "-g", "--goto", "-m", "--match",
    ]
    /// Options with one value that change nothing about a new connection's first packet.
    static let ignoredWithValue: Set<String> = [
        "--comment", "--reject-with", "--log-prefix", "--log-level",
        "--set-mark", "--set-xmark", "--nflog-group", "--nflog-prefix", "--tcp-flags",
    ]
    /// Modules that only name the protocol or carry options read above.
    /// The table lines that open a block: `*filter`.
    static let tables: Set<String> = ["*filter", "*nat", "*mangle", "*raw", "*security"]
    static let plainModules: Set<String> = ["tcp", "udp", "multiport", "state", "conntrack", "comment"]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .iptablesSave)
        var filter = PacketFilter()
        var table: String?
        file.forEachLine { line in
            let text = String(decoding: ByteFields.trimmed(line.bytes), as: UTF8.self)
            if text.isEmpty || text.hasPrefix("#") { return }
            if text.hasPrefix("*") { table = String(text.dropFirst()); return }
            if text == "COMMIT" { table = nil; return }
            if text.contains("ip6tables-save") { filter.families = [.v6]; filter.program = "ip6tables" }
            guard let table else { return out.markUnparsed(line, "a line outside any `*table` … `COMMIT` block") }
            guard table == "filter" else { return }
            if text.hasPrefix(":") {
                let fields = text.dropFirst().split(separator: " ").map(String.init)
                guard fields.count >= 2 else { return out.markUnparsed(line, "expected `:CHAIN POLICY [packets:bytes]`") }
                filter.chains.append(FilterChain(name: fields[0], policy: fields[1] == "-" ? nil : fields[1], evidence: line))
                return
            }
            guard let words = tokens(text), words.count >= 2, words[0] == "-A" || words[0] == "-I" else {
                return out.markUnparsed(line, "expected `-A CHAIN …` (or an unbalanced quote)")
            }
            guard let index = filter.chains.firstIndex(where: { $0.name == words[1] }) else {
                return out.markUnparsed(line, "a rule for chain \(words[1]), which no `:\(words[1])` line declares")
            }
            guard let rule = rule(Array(words.dropFirst(2)), line: line) else {
                return out.markUnparsed(line, "a rule lvslint cannot read: an option without its value, or an address or port it does not understand")
            }
            filter.chains[index].rules.append(rule)
        }
        out.packetFilters = [filter]
        return out
    }

    static func rule(_ words: [String], line: CaptureLine) -> FilterRule? {
        var rule = FilterRule(evidence: line)
        var i = 0
        var negated = false
        while i < words.count {
            let option = words[i]
            if option == "!" { negated = true; i += 1; continue }
            guard modelled.contains(option) || ignoredWithValue.contains(option) else {
                // An option lvslint does not know: keep it, with its value if one follows.
                var text = (negated ? "! " : "") + option
                if i + 1 < words.count, !words[i + 1].hasPrefix("-") { text += " " + words[i + 1]; i += 1 }
                rule.otherMatches.append(text)
                negated = false
                i += 1
                continue
            }
            guard i + 1 < words.count else { return nil }
            let value = words[i + 1]
            i += 2
            if ignoredWithValue.contains(option) { negated = false; continue }
            if negated, option != "-j", option != "-m" {
                rule.otherMatches.append("! \(option) \(value)")
                negated = false
                continue
            }
            switch option {
            case "-p", "--protocol": rule.protocolName = IPProtocolName.canonical(value)
            case "-d", "--destination": guard let prefix = IPPrefix(value) else { return nil }; rule.destinations = [prefix]
            case "-s", "--source": guard let prefix = IPPrefix(value) else { return nil }; rule.source = prefix
            case "-i", "--in-interface": rule.inInterface = value
            case "--dport", "--destination-port", "--dports", "--destination-ports":
                guard let ports = ports(value) else { return nil }
                rule.ports = ports
            case "--sport", "--source-port", "--sports", "--source-ports":
                guard let ports = ports(value) else { return nil }
                rule.sourcePorts = ports
            case "-o", "--out-interface": rule.outInterface = value
            case "--state", "--ctstate": rule.states = Set(value.split(separator: ",").map(String.init))
            case "-j", "--jump": rule.target = value
            case "-g", "--goto": rule.target = value; rule.isGoto = true
            case "-m", "--match": if !plainModules.contains(value) { rule.otherMatches.append("-m \(value)") }
            default: break
            }
        }
        return rule
    }

    /// `80`, `8000:8080`, `80,443,8000:8080`; service names are not resolved.
    static func ports(_ text: String) -> [ClosedRange<Int>]? {
        var out: [ClosedRange<Int>] = []
        for part in text.split(separator: ",") {
            let ends = part.split(separator: ":", omittingEmptySubsequences: false)
            guard ends.count <= 2, let low = ends.first.flatMap({ $0.isEmpty ? 0 : Int($0) }),
                let high = ends.count == 2 ? (ends[1].isEmpty ? 65535 : Int(ends[1])) : low, low <= high
            else { return nil }
            out.append(low...high)
        }
        return out.isEmpty ? nil : out
    }

    /// Words as the shell splits them: iptables-save quotes a comment with spaces.
    static func tokens(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        var escaped = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quoted { escaped = true; continue }
            if ch == "\"" { quoted.toggle(); started = true; continue }
            if (ch == " " || ch == "\t") && !quoted {
                if started { words.append(current); current = ""; started = false }
                continue
            }
            current.append(ch)
            started = true
        }
        guard !quoted else { return nil }
        if started { words.append(current) }
        return words
    }
}
