import Foundation
import LVSModel
import LVSRules

/// Each observation set beside the static findings it confirms or contradicts. A rule and
/// the kernel that disagree mean a bug in one of them.
public struct LabVerdict: Sendable {
    public struct Probe: Sendable {
        public var observation: LabObservation
        /// `DR003@rs2`: findings the kernel bore out.
        public var confirms: [String]
        /// Findings the kernel did not bear out, or behaviour no finding foresaw.
        public var disagreements: [Disagreement]
    }

    public struct Disagreement: Sendable {
        /// `DR003@rs1`, or `-@rs1` when no rule foresaw what the kernel did.
        public var finding: String
        public var kernel: String
        public var rules: String
    }

    public var probes: [Probe] = []
    public var disagreements: [Disagreement] { probes.flatMap(\.disagreements) }
    /// What the kernel did on hosts the rules could not judge (a capture missing or partial):
    /// the lab ran them with the kernel's defaults for what was not captured, so their answers
    /// are shown, not held against any rule.
    public var unjudged: [String] = []

    /// ARP for a VIP: DR003 (and DR005, the VIP on an ARP interface) say which real servers
    /// answer; directors that hold it answer, and NET007 says when none does.
    /// Announce: DR004 says which real servers put the VIP in their own ARP requests.
    /// - Parameters:
    ///   - findings: every finding, also those a suppression, exclusion or baseline took away.
    ///   - judged: for each rule, the hosts whose captures it examined.
    ///   - incomparable: hosts whose ARP behaviour the lab cannot rebuild (arptables rules).
    public init(
        observations: [LabObservation], cluster: ClusterDescription, findings: [Finding], judged: [String: Set<String>],
        labHosts: Set<String>, incomparable: Set<String> = []
    ) {
        func has(_ rules: [String], _ host: String) -> String? {
            findings.first { rules.contains($0.rule) && $0.host == host }.map { "\($0.rule)@\(host)" }
        }
        func judges(_ rule: String, _ host: String) -> Bool { judged[rule]?.contains(host) == true }
        // The rules each kind of probe proves, from their `RuleInfo.labProof`.
        func proving(_ proof: LabProof) -> [String] { Catalogue.rules.map(\.info).filter { $0.labProof == proof }.map(\.id) }
        let answersARP = proving(.realServerAnswersARP), announces = proving(.realServerAnnouncesVIP)
        let silentDirectors = proving(.noDirectorAnswers), silentOwners = proving(.ownerSilent)
        let labHosts = labHosts.subtracting(incomparable)
        for observation in observations {
            var probe = Probe(observation: observation, confirms: [], disagreements: [])
            let target = observation.target
            switch observation.kind {
            case .arp:
                let services = cluster.services.filter { $0.vip == target }
                if !services.isEmpty {
                    let directors = Set(services.flatMap { cluster.directors(of: $0).map(\.name) })
                    let realServers = Set(services.flatMap { $0.realServers.filter { $0.method != .nat }.compactMap(\.host) }).subtracting(directors)
                    for host in realServers.sorted() where labHosts.contains(host) {
                        let predicted = has(answersARP, host)
                        let answered = observation.answeredBy.contains(host)
                        switch (predicted, answered) {
                        case let (finding?, true): probe.confirms.append(finding)
                        case let (finding?, false):
                            probe.disagreements.append(
                                Disagreement(
                                    finding: finding, kernel: "\(host) did not answer ARP for \(target)",
                                    rules: "\(finding) says \(host) answers ARP for \(target)"))
                        case (nil, true) where !answersARP.allSatisfy({ judges($0, host) }):
                            unjudged.append(
                                "\(host) answered ARP for \(target) in the lab (built with the kernel's defaults for what its captures lack); \(answersARP.filter { !judges($0, host) }.joined(separator: ", ")) could not judge it"
                            )
                        case (nil, true):
                            probe.disagreements.append(
                                Disagreement(
                                    finding: "-@\(host)", kernel: "\(host) answered ARP for \(target)",
                                    rules: "no rule says \(host) answers ARP for \(target)"))
                        case (nil, false): break
                        }
                    }
                    let directorAnswered = !directors.intersection(observation.answeredBy).isEmpty
                    let silence =
                        directors.compactMap { has(silentDirectors, $0) }.first
                        ?? findings.first { silentDirectors.contains($0.rule) }.map { "\($0.rule)@\($0.host ?? "-")" }
                    if !directorAnswered, let silence { probe.confirms.append(silence) }
                    if directorAnswered, let silence {
                        probe.disagreements.append(
                            Disagreement(
                                finding: silence, kernel: "a director answered ARP for \(target)", rules: "\(silence) says no director answers"))
                    }
                } else if let owner = cluster.hosts.first(where: { $0.address == target }), labHosts.contains(owner.name) {
                    // A RIP: its own host answers unless a rule says the address is not there.
                    if let missing = has(silentOwners, owner.name), !observation.answeredBy.contains(owner.name) { probe.confirms.append(missing) }
                }
            case .announce:
                guard let host = observation.from, labHosts.contains(host) else { break }
                let predicted = has(announces, host)
                let announced = observation.answeredBy == [host]
                switch (predicted, announced) {
                case let (finding?, true): probe.confirms.append(finding)
                case let (finding?, false):
                    probe.disagreements.append(
                        Disagreement(
                            finding: finding, kernel: "\(host)'s ARP request did not carry \(target) as its sender",
                            rules: "\(finding) says \(host) announces \(target) in its ARP requests"))
                case (nil, true) where !announces.allSatisfy({ judges($0, host) }):
                    unjudged.append(
                        "\(host)'s ARP request carried \(target) in the lab (built with the kernel's defaults for what its captures lack); \(announces.filter { !judges($0, host) }.joined(separator: ", ")) could not judge it"
                    )
                case (nil, true):
                    probe.disagreements.append(
                        Disagreement(
                            finding: "-@\(host)", kernel: "\(host)'s ARP request carried \(target) as its sender",
                            rules: "no rule says \(host) announces \(target)"))
                case (nil, false): break
                }
            case .reach:
                break
            }
            probes.append(probe)
        }
    }
}
