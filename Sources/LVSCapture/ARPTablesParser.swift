import LVSModel

/// `arptables -L -n` (with or without `-v` and `--line-numbers`), as arptables 0.0.x prints
/// it: `Chain INPUT (policy ACCEPT)`, then one rule per line, `-j DROP -i eth0 -d
/// 192.0.2.100 --opcode 1`, with `-v` adding `-o *` and `, pcnt=0 -- bcnt=0`. A user chain
/// heads `Chain lvs (1 references)`.
enum ARPTablesParser {
    /// Options that take one value and are modelled.
    static let modelled: Set<String> = ["-d", "-s", "-i", "-o", "--opcode", "--mangle-ip-s", "-j"]
    /// Options lvslint does not model that take one value: they narrow a rule's reach.
    static let withValue: Set<String> = [
        "--h-length", "--h-type", "--proto-type", "--source-mac", "--destination-mac",
        "--mangle-ip-d", "--mangle-mac-s", "--mangle-mac-d", "--mangle-target", "-c",
    ]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .arptables)
        var filter = ARPFilter()
        file.forEachLine { line in
            if line.isBlank { return }
            var fields = line.fields.map(ByteFields.string)
            guard let first = fields.first else { return }
            if first == "Chain" {
                guard fields.count >= 3 else { return out.markUnparsed(line, "expected `Chain NAME (policy ACCEPT|DROP)`") }
                let policy = fields[2] == "(policy" && fields.count >= 4 ? fields[3].trimmingCharacters(in: ["(", ")"]) : nil
                filter.chains.append(ARPChain(name: fields[1], policy: policy, evidence: line))
                return
            }
            if Int(first) != nil { fields.removeFirst() }  // --line-numbers
            if let counters = fields.firstIndex(where: { $0 == "," || $0.hasPrefix(",") }) { fields = Array(fields[..<counters]) }
            guard fields.first == "-j", !filter.chains.isEmpty else {
                return out.markUnparsed(line, "expected a rule (`-j TARGET …`) under a `Chain` line")
            }
            guard let rule = rule(fields, line: line) else {
                return out.markUnparsed(line, "a rule lvslint cannot read: an option without its value or an address it does not understand")
            }
            filter.chains[filter.chains.count - 1].rules.append(rule)
        }
        out.arpFilter = filter
        return out
    }

    static func rule(_ fields: [String], line: CaptureLine) -> ARPRule? {
        var rule = ARPRule(target: "", evidence: line)
        var i = 0
        var negated = false
        while i < fields.count {
            let option = fields[i]
            if option == "!" { negated = true; i += 1; continue }
            let takesValue = modelled.contains(option) || withValue.contains(option)
            guard takesValue else {
                rule.otherMatches.append((negated ? "! " : "") + option)
                negated = false
                i += 1
                continue
            }
            guard i + 1 < fields.count else { return nil }
            var value = fields[i + 1]
            if value == "!" {  // older builds print the negation after the option
                negated = true
                guard i + 2 < fields.count else { return nil }
                value = fields[i + 2]
                i += 1
            }
            i += 2
            if negated || withValue.contains(option) {
                if option != "--mangle-target" && option != "-c" { rule.otherMatches.append((negated ? "! " : "") + option + " " + value) }
                negated = false
                continue
            }
            switch option {
            case "-j": rule.target = value
            case "-d": guard let prefix = prefix(value) else { return nil }; rule.destination = prefix
            case "-s": guard let prefix = prefix(value) else { return nil }; rule.source = prefix
            case "-i": rule.inInterface = value
            case "-o": rule.outInterface = value
            case "--opcode": rule.opcode = value
            case "--mangle-ip-s": guard let address = IPAddress(value) else { return nil }; rule.mangleSource = address
            default: break
            }
        }
        return rule.target.isEmpty ? nil : rule
    }

    /// `192.0.2.100`, `192.0.2.0/24` or `192.0.2.0/255.255.255.0`.
    static func prefix(_ text: String) -> IPPrefix? {
        if let prefix = IPPrefix(text) { return prefix }
        guard let slash = text.firstIndex(of: "/"), let address = IPAddress(String(text[..<slash])),
            let mask = IPAddress(String(text[text.index(after: slash)...]))?.v4Value,
            let length = IPPrefix.length(ofNetmask: mask)
        else { return nil }
        return IPPrefix(address: address, length: length)
    }
}
