import LVSModel
import LVSRules

/// `lvslint explain RULE --for cluster.yaml` and `lvslint check --explain`: a rule's page
/// told with this cluster's hosts, interfaces, addresses and the values lvslint read, and the
/// persistent fix of the distribution each host runs where its captures show it.
public enum ClusterExplanation {
    /// The page of `info` for `result`; `t` is the page's language.
    public static func page(_ english: RuleInfo, in result: CheckResult, _ t: Translations = .english) -> String {
        let info = english.localized(t)
        let findings = result.findings.filter { $0.rule == info.id }
        let values = ClusterValues(findings: findings, cluster: result.cluster)
        var out = "\(info.id) \(info.slug): \(info.title)\n"
        let reads = info.needs.isEmpty ? t("the description only") : info.needs.map(\.rawValue).joined(separator: ", ")
        out += t("severity: \(RuleDocumentation.severityWord(info.severity, t))    applies to: \(info.scope.label)    reads: \(reads)") + "\n\n"
        out += RuleDocumentation.heading(t("In this cluster (\(result.cluster.name), \(result.inferredFrom ?? result.cluster.file))"))
        out += findings.isEmpty ? quiet(info, result, t) : findings.map { finding(english, $0, result, t) }.joined(separator: "\n")
        out += "\n"
        out += RuleDocumentation.section(t("What it checks"), "\(info.summary)\n\(info.checks)")
        out += RuleDocumentation.section(t("Why it breaks traffic"), values.filled(info.mechanism))
        out += RuleDocumentation.section(t("What you see in production"), values.filled(info.symptom))
        out += RuleDocumentation.section(t("Fix"), fix(english, values: values, families: families(findings, result), t))
        out += t("Refer to this rule as \(info.id) or \(info.slug).") + "\n"
        return out
    }

    /// The hosts' distribution families, when every host with a finding shows one.
    static func families(_ findings: [Finding], _ result: CheckResult) -> Set<DistributionFamily>? {
        let hosts = Set(findings.compactMap(\.host))
        let known = hosts.compactMap { host in result.observations[host].flatMap(HostDistribution.of)?.family }
        return known.count == hosts.count && !hosts.isEmpty ? Set(known) : nil
    }

    /// One finding: where, what was read, and the commands for this host (its distribution's only).
    static func finding(_ info: RuleInfo, _ finding: Finding, _ result: CheckResult, _ t: Translations) -> String {
        let host = finding.host ?? result.cluster.name
        let roles = finding.host.flatMap { result.cluster.host(named: $0) }.map { $0.roles.map(\.rawValue).sorted().joined(separator: "+") }
        let distribution = finding.host.flatMap { result.observations[$0] }.flatMap(HostDistribution.of)
        var head = host
        if let roles { head += " (\(roles))" }
        if let distribution { head += " — " + t("\(distribution.family.label), from \(distribution.sign)") }
        var out = "\(head):\n"
        for line in RuleDocumentation.wrap(finding.statedMessage, width: 84).split(separator: "\n") { out += "    \(line)\n" }
        if !finding.evidence.isEmpty {
            out += "  " + t("read:") + "\n"
            for e in finding.evidence { out += "    \(e.place): \(e.text.drop { $0 == " " || $0 == "\t" })\n" }
        }
        let commands = zip(finding.fixTexts, finding.fixCommands).filter { english, _ in
            guard let family = distribution?.family else { return true }
            return !mentionsOnly(english.description, otherThan: family)
        }
        if !commands.isEmpty {
            out += "  " + t(distribution.map { "fix on \(host) (\($0.family.label)):" } ?? "fix on \(host):") + "\n"
            for (_, shown) in commands { out += "    $ \(shown)\n" }
        }
        return out
    }

    /// A command whose comment names the other family only (`# on rs1 (Debian)`, `…, RHEL: …`).
    static func mentionsOnly(_ command: String, otherThan family: DistributionFamily) -> Bool {
        guard let hash = command.range(of: "   # ") else { return false }
        let comment = command[hash.upperBound...]
        let rhel = comment.contains("RHEL"), debian = comment.contains("Debian")
        switch family {
        case .rhel: return debian && !rhel
        case .debian: return rhel && !debian
        }
    }

    /// No finding: where the rule looked, and where it could not.
    static func quiet(_ info: RuleInfo, _ result: CheckResult, _ t: Translations) -> String {
        let checked = (result.checkedHosts[info.id] ?? []).sorted()
        let gaps = result.notChecked.filter { $0.rule == info.id }
        var out = ""
        if checked.isEmpty && gaps.isEmpty {
            out += t("\(info.id) found nothing in this cluster.") + "\n"
        } else if !checked.isEmpty {
            out += t("\(info.id) found nothing on \(checked.joined(separator: ", ")).") + "\n"
        }
        for gap in gaps { out += t("not checked on \(gap.host): \(gap.reason)") + "\n" }
        return out
    }

    /// The rule's fix with this cluster's values, and the persistent part for the families
    /// the hosts run (once when both families' commands are the same).
    static func fix(_ english: RuleInfo, values: ClusterValues, families: Set<DistributionFamily>?, _ t: Translations) -> String {
        let fix = english.fix.localized(t)
        var out = fix.summary + "\n"
        if !fix.runtime.isEmpty {
            out +=
                "\n" + t("Now (lost at reboot):") + "\n" + fix.runtime.map { "    " + values.filled($0, prose: false) }.joined(separator: "\n") + "\n"
        }
        out += RuleDocumentation.persistent(fix, only: families, t) { values.filled($0, prose: false) }
        return out
    }
}

/// The values a rule's page is told with: the one VIP, real-server address and interface of
/// this cluster's findings, when there is one of each.
struct ClusterValues {
    var vip: String?
    var rip: String?
    var interface: String?

    init(findings: [Finding], cluster: ClusterDescription) {
        let services = Set(findings.compactMap(\.service))
        let vips = Set(cluster.services.filter { services.contains($0.label) }.compactMap(\.vip).map(\.description))
        vip = vips.count == 1 ? vips.first : nil
        let hosts = Set(findings.compactMap(\.host))
        let rips = Set(
            cluster.hosts.filter { hosts.contains($0.name) && $0.roles.contains(.realServer) }.compactMap(\.address).map(\.description))
        rip = rips.count == 1 ? rips.first : nil
        // The interface the captures name in the keys the findings cite (net.ipv4.conf.ens33.…).
        var interfaces: Set<String> = []
        for finding in findings {
            for e in finding.evidence {
                let words = e.text.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == "\t" })
                for word in words where word.hasPrefix("net.ipv4.conf.") {
                    let parts = word.split(separator: ".")
                    if parts.count >= 5, !["all", "default", "lo"].contains(String(parts[3])) { interfaces.insert(String(parts[3])) }
                }
            }
        }
        interface = interfaces.count == 1 ? interfaces.first : nil
    }

    /// `text` with the docs' stand-ins replaced: in prose the first `VIP` becomes
    /// `VIP (192.0.2.100)`; in commands every VIP, RIP and IFACE becomes the value.
    func filled(_ text: String, prose: Bool = true) -> String {
        var out = text
        if let interface {
            for example in ["eth0/ens33", "ens33/eth0"] { out = out.replacingOccurrences(of: example, with: interface) }
            out = Self.replacingWord("IFACE", in: out, with: interface, firstOnly: false)
            if !prose { out = Self.replacingWord("eth0", in: out, with: interface, firstOnly: false) }
        }
        if let vip { out = Self.replacingWord("VIP", in: out, with: prose ? "VIP (\(vip))" : vip, firstOnly: prose) }
        if let rip { out = Self.replacingWord("RIP", in: out, with: prose ? "RIP (\(rip))" : rip, firstOnly: prose) }
        return out
    }

    /// `word` where it stands alone (not inside `VIPs` or `a_VIP`), the first time or every time.
    static func replacingWord(_ word: String, in text: String, with value: String, firstOnly: Bool) -> String {
        var out = ""
        var rest = text[...]
        var replaced = false
        while let range = rest.range(of: word) {
            let before = range.lowerBound == rest.startIndex ? (out.last ?? " ") : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? " " : rest[range.upperBound]
            let alone = !(before.isLetter || before.isNumber || before == "_") && !(after.isLetter || after.isNumber || after == "_")
            out += rest[..<range.lowerBound]
            if alone && !(firstOnly && replaced) {
                out += value
                replaced = true
            } else {
                out += word
            }
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
