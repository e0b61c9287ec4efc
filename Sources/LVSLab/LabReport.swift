import Foundation
import LVSEngine
import LVSModel

/// The lab's report: text for a person, JSON for a script, and a walk-through for a learner.
public struct LabReport: Sendable {
    public var plan: LabPlan
    public var built: LabBuilder.Built
    public var verdict: LabVerdict
    public var notRun: [Message]

    public init(plan: LabPlan, built: LabBuilder.Built, verdict: LabVerdict, notRun: [Message]) {
        self.plan = plan
        self.built = built
        self.verdict = verdict
        self.notRun = notRun
    }

    var notBuilt: [String] { plan.notBuilt + built.problems }

    func headline(_ probe: LabVerdict.Probe, _ t: Translations) -> String {
        let o = probe.observation
        let from = o.from ?? "?"
        switch o.kind {
        case .arp:
            return o.answeredBy.isEmpty
                ? t("ARP for \(o.target): nobody answered") : t("ARP for \(o.target): answered by \(o.answeredBy.joined(separator: ", "))")
        case .announce:
            return o.answeredBy.isEmpty
                ? t("\(from) sending from \(o.target): its ARP request did not carry \(o.target)")
                : t("\(from) sending from \(o.target): the client learnt \(o.target) at \(o.answeredBy[0])'s MAC")
        case .reach:
            if o.detail.contains("is not in the lab") { return t("\(from) to \(o.target): not in the lab (no captured host holds it)") }
            return o.answeredBy.isEmpty ? t("\(from) to \(o.target): no answer") : t("\(from) to \(o.target): reached")
        }
    }

    public func text(_ t: Translations = .english) -> String {
        let hosts = built.namespaces.count
        var out =
            t(
                "lvslint lab: \(hosts) host\(hosts == 1 ? "" : "s") (\(built.namespaces.keys.sorted().joined(separator: ", "))) and a client at \(plan.clientAddress.map { "\($0)" } ?? "-"), on \(plan.segments.map { "\($0)" }.joined(separator: ", "))"
            ) + "\n"
        for probe in verdict.probes {
            var line = "  " + headline(probe, t)
            if !probe.confirms.isEmpty { line += "   " + t("confirms \(probe.confirms.joined(separator: ", "))") }
            out += line + "\n"
            for disagreement in probe.disagreements {
                out += "    " + t("DISAGREEMENT: the kernel: \(disagreement.kernel); the rules: \(disagreement.rules)") + "\n"
            }
        }
        let disagreements = verdict.disagreements.count
        out +=
            (disagreements == 0
                ? t("no disagreement between the rules and the kernel")
                : t(
                    "\(disagreements) disagreement\(disagreements == 1 ? "" : "s") between the rules and the kernel: a bug in one of them (please report it)"
                )) + "\n"
        for line in verdict.unjudged { out += t("not judged by a rule: \(line)") + "\n" }
        for line in notBuilt { out += t("not built: \(line)") + "\n" }
        for line in notRun { out += t("not run: \(line)") + "\n" }
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
            ("not_run", strings(notRun.english)),
        ]).serialized() + "\n"
    }

    /// What the probes showed, in plain words: what a router would have learnt, where the
    /// client's packets would go, and why.
    public func explanation(directors: Set<String>, _ t: Translations = .english) -> String {
        let heading = t("What the lab showed")
        var out = heading + "\n" + String(repeating: "-", count: TextWrap.columns(heading)) + "\n"
        for probe in verdict.probes {
            let o = probe.observation
            switch o.kind {
            case .arp:
                guard !o.answeredBy.isEmpty else {
                    out +=
                        "- "
                        + t(
                            "The client asked who has \(o.target) (an ARP request, sent to every host on its subnet). Nobody answered: a router would drop the clients' packets for it."
                        ) + "\n"
                    continue
                }
                let intruders = o.answeredBy.filter { !directors.contains($0) }
                if intruders.isEmpty || o.answeredBy.count == 1 {
                    let answered = o.answeredBy.joined(separator: ", ")
                    out +=
                        "- "
                        + t(
                            "The client asked who has \(o.target); only \(answered) answered. A router sends every client's packet for \(o.target) to that MAC address."
                        ) + "\n"
                } else {
                    let answered = o.answeredBy.joined(separator: ", "), others = intruders.joined(separator: ", ")
                    out +=
                        "- "
                        + t(
                            "The client asked who has \(o.target) (an ARP request, sent to every host on its subnet). \(answered) all answered. A router keeps whichever answer came last, so its packets for \(o.target) may go to the MAC address of \(others): that real server then serves those clients itself, the director never sees them, and the load is neither balanced nor persistent. Which one wins changes with every ARP refresh."
                        ) + "\n"
                }
            case .announce:
                guard let from = o.from else { continue }
                if o.answeredBy.isEmpty {
                    out +=
                        "- "
                        + t(
                            "\(from) sent a packet from \(o.target) while it did not know the next hop's MAC. Its ARP request named its own address, not \(o.target), so the router learnt nothing about \(o.target) from it."
                        ) + "\n"
                } else {
                    out +=
                        "- "
                        + t(
                            "\(from) sent a packet from \(o.target) while it did not know the next hop's MAC. Its ARP request named \(o.target) as the sender, so the router (the client here) now believes \(o.target) is at \(from)'s MAC and sends clients' packets for it there, past the director, until the next ARP exchange."
                        ) + "\n"
                }
            case .reach:
                if o.answeredBy.isEmpty, let from = o.from {
                    out += "- " + t("\(from) could not reach \(o.target): \(o.detail).") + "\n"
                }
            }
        }
        return out
    }
}
