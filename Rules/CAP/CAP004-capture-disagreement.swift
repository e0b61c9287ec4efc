import LVSModel

/// CAP004: two captures of one host contradict each other.
public struct CaptureDisagreementRule: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CAP004", slug: "capture-disagreement", title: "Captures of one host disagree",
        severity: .warning, scope: .captures,
        summary:
            "Two captures of the same kind of fact on one host contradict each other (say `ipvsadm -Ln` and /proc/net/ip_vs); the richer one is used and the contradiction reported.",
        needs: [],
        checks:
            "Where several captures describe the same facet of a host (addresses, routes, sysctls, the IPVS table), they must agree: the same services, destinations, schedulers and weights; the same sysctl values; no address or route in one that the other lacks (ifconfig's hidden secondaries excepted).",
        mechanism:
            "Captures taken at different times, or a saved rules file beside the live table, describe different states; a verdict drawn from one may not hold for the other.",
        symptom: "Findings that do not match what you see on the host now.",
        fix: RuleFix(
            summary:
                "Capture everything again in one go so that the files describe one moment; if one file is a saved configuration, keep it out of the live captures.",
            runtime: ["{ ipvsadm -Ln; cat /proc/net/ip_vs; } > captures/HOST.txt   # both views of the table at one moment"],
            persistentRHEL: ["keep /etc/sysconfig/ipvsadm (saved rules) apart from the live captures; capture all hosts with one script run"],
            persistentDebian: ["keep /etc/ipvsadm.rules (saved rules) apart from the live captures; capture all hosts with one script run"]),
        references: ["Linux net/netfilter/ipvs/ip_vs_ctl.c: /proc/net/ip_vs and the ipvsadm listing are two views of one table"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name] else { continue }
            for disagreement in observation.disagreements {
                let first = disagreement.evidence.first
                report.add(
                    host: host.name, service: nil, message: disagreement.message,
                    location: first.map { SourceLocation(file: $0.file.path, line: $0.number) } ?? host.location,
                    evidence: disagreement.evidence.map(\.evidence))
            }
        }
    }
}
