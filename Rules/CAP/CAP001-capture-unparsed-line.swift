import LVSModel

/// CAP001: a capture line no parser understood.
public struct CaptureUnparsedLine: Rule {
    public init() {}

    /// Past this many lines in one file, the rest are summed up in one finding.
    static let perFileLimit = 20

    public let info = RuleInfo(
        id: "CAP001", slug: "capture-unparsed-line", title: "Capture line could not be read",
        severity: .warning, otherSeverities: [.note], scope: .captures,
        summary: "A capture line could not be read.",
        needs: [],
        checks:
            "Every line of a recognised capture must be understood by its format's parser, and every part of a bundle or pasted session must be recognised as some format; the rest of the file is read regardless. An unreadable part is one finding (its first line and line count), and the checks that need what it probably held are listed as not checked for that host. A section larger than one command prints (64 MB; a connection listing 256 MB, about 3 million entries) is read up to that size and its tail is one finding; a command that exited with an error is still read when its output is in a format lvslint reads. A connection listing cut for its size (by lvslint or by the collector) is a note: it is a sample of what passes, and no check claims an absence from it.",
        mechanism:
            "A line lvslint cannot read may hold the address, route or setting that a rule needed, so a check may pass or fail on incomplete facts.",
        symptom: "Findings you expect are missing, or a host looks healthier than it is.",
        fix: RuleFix(
            summary:
                "Capture the command's output unedited and in the C locale (`LC_ALL=C ip addr`), with -n for ipvsadm and route; if the line is genuine output, please report it.",
            runtime: [
                "LC_ALL=C ip -d addr > captures/HOST/ip-addr.txt",
                "LC_ALL=C ipvsadm -Ln > captures/HOST/ipvsadm.txt   # -n: numbers, not names; as root, with the ip_vs module loaded",
                "lvslint parse captures/HOST/FILE   # shows what was read and which lines were not",
            ],
            persistentRHEL: [
                "capture with a script that runs the same commands in the C locale every time (cron, Ansible, or your runbook), not by copying from a terminal"
            ],
            persistentDebian: [
                "capture with a script that runs the same commands in the C locale every time (cron, Ansible, or your runbook), not by copying from a terminal"
            ]),
        references: [
            "ipvsadm(8): -n, --numeric (addresses and ports as numbers)",
            "ip(8), ip-address(8): output format; `ip -d` for link details",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name] else { continue }
            var perFile: [String: Int] = [:]
            for unparsed in observation.unparsedLines {
                let path = unparsed.line.file.path
                perFile[path, default: 0] += 1
                let count = perFile[path] ?? 0
                if count <= Self.perFileLimit {
                    report.add(
                        host: host.name, service: nil,
                        message: "\(unparsed.kind.rawValue) line not understood: \(unparsed.reason)",
                        location: SourceLocation(file: path, line: unparsed.line.number),
                        evidence: [unparsed.line.evidence])
                }
            }
            for region in observation.unreadRegions {
                if let reason = region.reason {
                    // Connection entries are a sample of what passes: a listing cut for its size
                    // (by lvslint or the collector) proves less, but nothing is wrong with it.
                    report.add(
                        host: host.name, service: nil, message: reason,
                        location: SourceLocation(file: region.first.file.path, line: region.first.number),
                        evidence: [region.first.evidence], severity: region.facet == .ipvsActivity ? .note : nil)
                    continue
                }
                let what: Message =
                    region.facet.map {
                        "they look like \("aeiou".contains($0.noun.prefix(1)) ? "an" : "a") \($0.noun), so the checks that need it are not made on \(host.name)"
                    }
                    ?? "they match no capture format lvslint reads"
                let after = region.command.map { " after `\($0)`" } ?? ""
                report.add(
                    host: host.name, service: nil,
                    message: "\(region.lineCount) line\(region.lineCount == 1 ? "" : "s")\(after) not understood (\(region.place)): \(what)",
                    location: SourceLocation(file: region.first.file.path, line: region.first.number),
                    evidence: [region.first.evidence])
            }
            for (path, count) in perFile.sorted(by: { $0.key < $1.key }) where count > Self.perFileLimit {
                report.add(
                    host: host.name, service: nil,
                    message:
                        "\(count - Self.perFileLimit) more lines of this file were not understood (\(count) in all); is it the output of the command it looks like?",
                    location: SourceLocation(file: path, line: 1), evidence: [])
            }
        }
    }
}
