import LVSModel

/// CAP003: a host lacks a capture some rule needs; the check is listed as not done.
public struct CaptureMissing: Rule {
    public init() {}

    public var runsLast: Bool { true }

    public let info = RuleInfo(
        id: "CAP003", slug: "capture-missing", title: "Capture needed by a rule is missing",
        severity: .note, scope: .captures,
        summary: "A host has no capture of a kind a rule needs (the check is listed as not done), or its addresses come only from ifconfig.",
        needs: [],
        checks: "Collects, per host and per missing capture, the checks that could not be made, so that silence never reads as health.",
        mechanism:
            "lvslint proves problems from captured facts; without the facts a check cannot pass or fail. net-tools ifconfig shows only an interface's first address and its labelled aliases, so an unlabelled secondary address (one added by `ip addr add` or nmcli) is invisible in it.",
        symptom: "Fewer findings than expected; `not_checked` entries in the JSON report.",
        fix: RuleFix(
            summary: "Capture the missing command on that host into captures/<host>/ (any file name).",
            runtime: [
                "ip -d addr > captures/HOST/ip-addr.txt", "ip route show table all > captures/HOST/ip-route.txt",
                "sysctl -a > captures/HOST/sysctl.txt 2>/dev/null", "ipvsadm -Ln > captures/HOST/ipvsadm.txt   # directors",
            ],
            persistentRHEL: [
                "capture every host with the same script each time (whole `sysctl -a`, never a grep of it), and run lvslint with --require-complete so a missing file fails the pipeline"
            ],
            persistentDebian: [
                "capture every host with the same script each time (whole `sysctl -a`, never a grep of it), and run lvslint with --require-complete so a missing file fails the pipeline"
            ]),
        references: [
            "net-tools ifconfig(8): shows an interface's primary address and its alias labels only",
            "Linux Documentation/networking/ip-sysctl.rst: the keys the kernel combines (conf.all and conf.<iface>)",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // One note per host and missing (or partial) capture, naming every reason it stopped a check.
        var groups: [String: (host: String, facet: CaptureFacet?, reasons: [Message], rules: [String])] = [:]
        var order: [String] = []
        for entry in context.notChecked where entry.applies {
            let key = "\(entry.host)|\(entry.missing?.rawValue ?? entry.reason)"
            if groups[key] == nil {
                groups[key] = (entry.host, entry.missing, [], [])
                order.append(key)
            }
            if groups[key]?.reasons.contains(entry.why) == false { groups[key]?.reasons.append(entry.why) }
            groups[key]?.rules.append(entry.rule)
        }
        // What each rule reads, looked up once rather than for every host of a fleet.
        var needs: [String: Set<CaptureFacet>] = [:]
        for key in order {
            guard let group = groups[key] else { continue }
            let rules = Array(Set(group.rules)).sorted()
            let location = context.cluster.host(named: group.host)?.location
            // Without a facet the host has no captures at all: name what those checks read.
            let facets =
                group.facet.map { [$0] }
                ?? {
                    let read = rules.reduce(into: Set<CaptureFacet>()) { read, id in
                        if needs[id] == nil { needs[id] = Set(Catalogue.rule(named: id)?.info.needs ?? []) }
                        read.formUnion(needs[id] ?? [])
                    }
                    return CaptureFacet.allCases.filter { read.contains($0) }
                }()
            let hint: Message =
                facets.isEmpty
                ? ""
                : "; capture \(facets.map { "`\($0.command)`" }.joined(separator: ", ")) into \(context.cluster.capturesDirectory)/\(group.host)/"
            report.add(
                host: group.host, service: nil,
                message:
                    "\(group.reasons.joined(separator: "; ")): \(rules.count) check\(rules.count == 1 ? "" : "s") not done (\(rules.joined(separator: ", ")))\(hint)",
                location: location, evidence: [])
        }
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name], let hidden = observation.hiddenAddresses else { continue }
            let files = hidden.kinds.flatMap { observation.captures[$0] ?? [] }.map(\.path).joined(separator: ", ")
            report.add(
                host: host.name, service: nil,
                message:
                    "addresses of \(host.name) come from \(hidden.names) alone (\(files)), which \(hidden.omission): a VIP or a duplicate may not show; capture `ip addr` too",
                location: host.location, evidence: [])
        }
    }
}
