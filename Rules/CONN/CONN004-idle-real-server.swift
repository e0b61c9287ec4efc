import LVSModel

/// CONN004: a real server with weight above 0 that has no connection while a peer has many.
public struct IdleRealServer: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CONN004", slug: "idle-real-server", title: "A real server with weight gets no connections",
        severity: .warning, scope: .all,
        summary:
            "A real server of weight above 0 has no connection while a peer in the same service has many: the director sends it nothing, so the service runs on fewer servers than its table shows.",
        needs: [.ipvs, .ipvsActivity],
        checks: """
            On each director whose table and connection list were both captured, each service with two or more \
            destinations of weight above 0 is read: a destination with no connection entry (templates aside) while \
            another destination of the service has at least `idle_peer_minimum` entries is reported, with the \
            scheduler and the persistence templates that explain it when the capture shows them.
            """,
        mechanism: """
            IPVS creates a connection entry for every connection it schedules, whether or not the real server \
            answers, so a destination without entries is one the scheduler never picked. With rr, wrr, lc and wlc \
            a destination of weight above 0 is picked in turn; none is left out unless persistence templates pin \
            every returning client to the other servers, a hashing scheduler (sh, dh, mh, lblc, lblcr) maps no \
            client to it, the destination was added (or its weight raised) after the clients connected, or the \
            clients reach another director.
            """,
        symptom:
            "The load is uneven: one real server carries the traffic its peer should share, and losing it takes the service down although the table lists two servers.",
        fix: RuleFix(
            summary:
                "Find which of the causes applies: persistence templates (`ipvsadm -Lnc | grep NONE`), the scheduler, when the destination was added, which director the clients reach.",
            runtime: [
                "ipvsadm -Lnc | awk '$3 == \"NONE\"' | sort -k6 | uniq -c -f5   # templates per destination",
                "ipvsadm -Ln --stats   # connections scheduled to each destination since it was added",
            ],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm   # after changing the scheduler or persistence"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules   # after changing the scheduler or persistence"]),
        references: [
            "ipvsadm(8): -s, --scheduler; -p, --persistent; -c, --connection",
            "Linux net/netfilter/ipvs/ip_vs_core.c: ip_vs_schedule() and ip_vs_sched_persist()",
        ])

    static let hashingSchedulers: Set<String> = ["sh", "dh", "mh", "lblc", "lblcr"]

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let minimum = context.thresholds.idlePeerMinimum
        for (director, observation) in report.directorsWithConnections(context, needing: [.ipvs, .ipvsActivity]) {
            guard let table = observation.ipvs else { continue }
            // Entries (templates aside) and templates, per service and destination.
            var entries: [ConnectionPathKey: Int] = [:]
            var templates: [ConnectionPathKey: Int] = [:]
            for path in observation.pathSummaries {
                entries[path.key, default: 0] += path.entries
                templates[path.key, default: 0] += path.templates
            }
            for service in table.services {
                guard case .address = service.key else { continue }
                let weighted = service.destinations.filter { ($0.weight ?? 0) > 0 }
                guard weighted.count >= 2 else { continue }
                func count(_ d: IPVSDestination, _ in: [ConnectionPathKey: Int]) -> Int {
                    ConnectionPathKey(service: service.key, destination: d.address, port: d.port).flatMap { `in`[$0] } ?? 0
                }
                guard let busiest = weighted.max(by: { count($0, entries) < count($1, entries) }), count(busiest, entries) >= minimum else {
                    continue
                }
                for idle in weighted where count(idle, entries) == 0 {
                    let busy = count(busiest, entries)
                    var message: Message =
                        "\(idle.address):\(idle.port) (weight \(idle.weight ?? 0)) has no connection on director \(director.name) while \(busiest.address):\(busiest.port) has \(busy): the scheduler sends it nothing"
                    var causes: [String] = []
                    let pinned = weighted.filter { $0.address != idle.address || $0.port != idle.port }.reduce(0) { $0 + count($1, templates) }
                    if pinned > 0 { causes.append("\(pinned) persistence template\(pinned == 1 ? "" : "s") pin clients to its peers") }
                    if let scheduler = service.scheduler, Self.hashingSchedulers.contains(scheduler) {
                        causes.append("the \(scheduler) scheduler hashes clients to servers, and none maps to it")
                    }
                    message +=
                        causes.isEmpty
                        ? " (added after the clients connected, or they reach another director?)" : " (\(causes.joined(separator: "; ")))"
                    let described = context.cluster.services.first { $0.key == service.key }
                    report.add(
                        host: director.name, service: described?.label, message: message,
                        location: described?.location ?? director.location,
                        evidence: [idle.evidence.evidence, busiest.evidence.evidence, service.evidence.evidence],
                        key: "\(director.name)|\(service.key)|\(idle.address)|\(idle.port)", identity: "\(service.key)|\(idle.address):\(idle.port)")
                }
            }
        }
    }
}
