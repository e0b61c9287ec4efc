import LVSModel

/// Compiler-style text: `path:line:col: severity[ID]: message`, the evidence beneath,
/// then a summary and what could not be checked.
public struct TextReport {
    public var color: Bool
    public var showFix: Bool

    public init(color: Bool, showFix: Bool = true) {
        self.color = color
        self.showFix = showFix
    }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func severityWord(_ s: Severity) -> String {
        switch s {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .note: return paint("note", "1;36")
        }
    }

    /// Text from the inputs as a terminal may show it: control characters (an escape sequence
    /// pasted into a capture could move the cursor or change colours) are written as `\u{1B}`.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 32 && $0 != "\t") || $0.value == 127 || (0x80..<0xA0).contains($0.value) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if (scalar.value < 32 && scalar != "\t") || scalar.value == 127 || (0x80..<0xA0).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public func render(_ result: CheckResult) -> String {
        var out = ""
        if let captures = result.inferredFrom { out += auditHeader(result, captures: captures) }
        for finding in result.findings {
            let place = finding.location.map { "\($0.file):\($0.line):\($0.column)" } ?? result.cluster.file
            out += "\(paint(Self.printable(place), "1")): \(severityWord(finding.severity))[\(finding.rule)]: \(Self.printable(finding.message))\n"
            for e in finding.evidence {
                out += paint("    \(Self.printable(e.file)):\(e.line): ", "2") + Self.printable(e.text.trimmingLeadingSpaces()) + "\n"
            }
            if showFix, let fix = finding.fix, finding.severity != .note || !finding.rule.hasPrefix("CAP") {
                out += "    " + paint("fix:", "32") + " \(fix) (lvslint explain \(finding.rule))\n"
                if finding.fixCommandsAreSpecific {
                    for command in finding.fixCommands { out += "      $ \(command)\n" }
                }
            }
        }
        out += summary(result)
        return out
    }

    /// An audit of captures nobody described opens with what was found: how the description
    /// came about, then one line per host with what was captured and what could not be checked.
    func auditHeader(_ result: CheckResult, captures: String) -> String {
        var out = paint("\(result.cluster.name): no description; inferred from \(captures) (write it with `lvslint infer \(captures) > cluster.yaml`, review it, keep it). IPVS001-IPVS011 compare the tables with that description, so they were not made.", "1") + "\n"
        for host in result.cluster.hosts {
            let observation = result.observations[host.name]
            let facets = CaptureFacet.allCases.filter { observation?.has($0) == true }.map(\.rawValue)
            let missing = Set(result.notChecked.filter { $0.host == host.name && $0.applies }.map(\.rule)).sorted()
            let roles = host.roles.map(\.rawValue).sorted().joined(separator: "+")
            var line = "  \(host.name) (\(roles)): captured \(facets.isEmpty ? "nothing" : facets.joined(separator: ", "))"
            if !missing.isEmpty { line += "; not checked: \(missing.joined(separator: ", "))" }
            out += line + "\n"
        }
        return out + "\n"
    }

    public func summary(_ result: CheckResult) -> String {
        let e = result.count(.error), w = result.count(.warning), n = result.count(.note)
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var out = "\n\(paint("\(result.cluster.name):", "1")) \(plural(e, "error")), \(plural(w, "warning")), \(plural(n, "note"))"
        out += " in \(plural(result.cluster.hosts.count, "host")) and \(plural(result.cluster.services.count, "service"))\n"
        var filtered: [String] = []
        if !result.baselined.isEmpty { filtered.append("\(result.baselined.count) in the baseline") }
        if !result.suppressed.isEmpty { filtered.append("\(result.suppressed.count) suppressed inline") }
        if !result.excluded.isEmpty { filtered.append("\(result.excluded.count) excluded by configuration") }
        if !filtered.isEmpty { out += "not shown: \(filtered.joined(separator: ", "))\n" }
        if !result.notChecked.isEmpty {
            var byHost: [String: [NotChecked]] = [:]
            for entry in result.notChecked { byHost[entry.host, default: []].append(entry) }
            out += "not checked:\n"
            for host in byHost.keys.sorted() {
                let entries = byHost[host] ?? []
                var byReason: [String: [String]] = [:]
                for e in entries { byReason[e.reason, default: []].append(e.rule) }
                for (reason, rules) in byReason.sorted(by: { $0.key < $1.key }) {
                    out += "  \(host): \(rules.sorted().joined(separator: ", ")) — \(reason)\n"
                }
            }
            let failing = result.verdict.failingGaps(result).count
            if failing > 0 {
                out += "\(paint("--require-complete:", "1")) \(failing) check\(failing == 1 ? "" : "s") not made fail\(failing == 1 ? "s" : "") this run\n"
            }
        }
        return out
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
