import Foundation
import LVSEngine
import LVSModel

/// The lab's report: text for a person, JSON for a script, and a walk-through for a learner.
public struct LabReport: Sendable {
    public var plan: LabPlan
    public var built: LabBuilder.Built
    public var verdict: LabVerdict
    public var notRun: [String]

    public init(plan: LabPlan, built: LabBuilder.Built, verdict: LabVerdict, notRun: [String]) {
        self.plan = plan
        self.built = built
        self.verdict = verdict
        self.notRun = notRun
    }

    var notBuilt: [String] { plan.notBuilt + built.problems }

    func headline(_ probe: LabVerdict.Probe) -> String {
        let o = probe.observation
        switch o.kind {
        case .arp:
            return "ARP for \(o.target): " + (o.answeredBy.isEmpty ? "nobody answered" : "answered by \(o.answeredBy.joined(separator: ", "))")
        case .announce:
            return "\(o.from ?? "?") sending from \(o.target): "
                + (o.answeredBy.isEmpty ? "its ARP request did not carry \(o.target)" : "the client learnt \(o.target) at \(o.answeredBy[0])'s MAC")
        case .reach:
            if o.detail.contains("is not in the lab") { return "\(o.from ?? "?") to \(o.target): not in the lab (no captured host holds it)" }
            return "\(o.from ?? "?") to \(o.target): " + (o.answeredBy.isEmpty ? "no answer" : "reached")
        }
    }

    public func text() -> String {
        var out =
            "lvslint lab: \(built.namespaces.count) host\(built.namespaces.count == 1 ? "" : "s") (\(built.namespaces.keys.sorted().joined(separator: ", "))) and a client at \(plan.clientAddress.map { "\($0)" } ?? "-"), on \(plan.segments.map { "\($0)" }.joined(separator: ", "))\n"
        for probe in verdict.probes {
            var line = "  " + headline(probe)
            if !probe.confirms.isEmpty { line += "   confirms \(probe.confirms.joined(separator: ", "))" }
            out += line + "\n"
            for disagreement in probe.disagreements {
                out += "    DISAGREEMENT: the kernel: \(disagreement.kernel); the rules: \(disagreement.rules)\n"
            }
        }
        let disagreements = verdict.disagreements.count
        out +=
            disagreements == 0
            ? "no disagreement between the rules and the kernel\n"
            : "\(disagreements) disagreement\(disagreements == 1 ? "" : "s") between the rules and the kernel: a bug in one of them (please report it)\n"
        for line in verdict.unjudged { out += "not judged by a rule: \(line)\n" }
        for line in notBuilt { out += "not built: \(line)\n" }
        for line in notRun { out += "not run: \(line)\n" }
        return out
    }

    public func json() -> String {
        func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }
        let probes: [JSONValue] = verdict.probes.map { p in
            let o = p.observation
            var fields: [(String, JSONValue)] = [("kind", .string(o.kind.rawValue)), ("target", .string("\(o.target)"))]
            if let from = o.from { fields.append(("from", .string(from))) }
            fields += [
                ("answered_by", strings(o.answeredBy)), ("confirms", strings(p.confirms)),
                ("contradicts", strings(p.disagreements.map(\.finding))), ("detail", .string(o.detail)),
            ]
            return .object(fields)
        }
        let disagreements: [JSONValue] = verdict.disagreements.map {
            .object([("finding", .string($0.finding)), ("kernel", .string($0.kernel)), ("rules", .string($0.rules))])
        }
        return JSONValue.object([
            ("probes", .array(probes)), ("disagreements", .array(disagreements)),
            ("not_judged", strings(verdict.unjudged)), ("not_built", strings(notBuilt)),
            ("not_run", strings(notRun)),
        ]).serialized() + "\n"
    }

    /// What the probes showed, in plain words: what a router would have learnt, where the
    /// client's packets would go, and why.
    public func explanation(directors: Set<String>) -> String {
        var out = "What the lab showed\n-------------------\n"
        for probe in verdict.probes {
            let o = probe.observation
            switch o.kind {
            case .arp:
                guard !o.answeredBy.isEmpty else {
                    out +=
                        "- The client asked who has \(o.target) (an ARP request, sent to every host on its subnet). Nobody answered: a router would drop the clients' packets for it.\n"
                    continue
                }
                let intruders = o.answeredBy.filter { !directors.contains($0) }
                if intruders.isEmpty || o.answeredBy.count == 1 {
                    out +=
                        "- The client asked who has \(o.target); only \(o.answeredBy.joined(separator: ", ")) answered. A router sends every client's packet for \(o.target) to that MAC address.\n"
                } else {
                    out +=
                        "- The client asked who has \(o.target) (an ARP request, sent to every host on its subnet). \(o.answeredBy.joined(separator: ", ")) all answered. A router keeps whichever answer came last, so its packets for \(o.target) may go to \(intruders.joined(separator: " or "))'s MAC address: that real server then serves those clients itself, the director never sees them, and the load is neither balanced nor persistent. Which one wins changes with every ARP refresh.\n"
                }
            case .announce:
                guard let from = o.from else { continue }
                if o.answeredBy.isEmpty {
                    out +=
                        "- \(from) sent a packet from \(o.target) while it did not know the next hop's MAC. Its ARP request named its own address, not \(o.target), so the router learnt nothing about \(o.target) from it.\n"
                } else {
                    out +=
                        "- \(from) sent a packet from \(o.target) while it did not know the next hop's MAC. Its ARP request named \(o.target) as the sender, so the router (the client here) now believes \(o.target) is at \(from)'s MAC and sends clients' packets for it there, past the director, until the next ARP exchange.\n"
                }
            case .reach:
                if o.answeredBy.isEmpty, let from = o.from {
                    out += "- \(from) could not reach \(o.target): \(o.detail).\n"
                }
            }
        }
        return out
    }
}
