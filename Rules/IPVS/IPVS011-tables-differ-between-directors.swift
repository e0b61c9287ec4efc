import LVSModel

/// IPVS011: directors of one service should hold the same table for it.
public struct TablesDifferBetweenDirectors: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS011", slug: "tables-differ-between-directors", title: "Directors hold different tables for a service",
        severity: .warning, scope: .all,
        summary: "Directors of one service hold different tables: a failover changes behaviour.",
        needs: [.ipvs],
        checks:
            "For a service with several directors, the scheduler, persistence and the set of destinations (address, port, forwarding, weight) must be the same in every director's table.",
        mechanism:
            "When the VIP moves to the backup after a failure, the backup's table decides where traffic goes. A table edited by hand on one node only, or restored from an old saved file, sends traffic to other servers or with other rules after the failover.",
        symptom: "After a failover some servers get no traffic, or decommissioned ones get some; behaviour changes back after failback.",
        fix: RuleFix(
            summary: "Make the tables equal: manage them with keepalived on both nodes, or restore the same saved rules on both.",
            runtime: ["ipvsadm-save -n > /tmp/rules   # on the correct director", "ipvsadm -C && ipvsadm-restore < /tmp/rules   # on the other"],
            persistentRHEL: ["copy /etc/sysconfig/ipvsadm to both directors"],
            persistentDebian: ["copy /etc/ipvsadm.rules to both directors"]),
        references: ["RHEL 7 Load Balancer Administration 3.3, Putting the Configuration Together"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        var byService: [ServiceKey: [TableView]] = [:]
        var order: [ServiceKey] = []
        for view in report.tableViews(context, needsConfiguration: true) {
            if byService[view.service.key] == nil { order.append(view.service.key) }
            byService[view.service.key, default: []].append(view)
        }
        for key in order {
            guard let views = byService[key], views.count > 1 else { continue }
            var unresolved = false
            for view in views where report.hasUnresolvedDestinations(view) { unresolved = true }
            if unresolved { continue }
            let reference = views[0]
            for other in views.dropFirst() where !sameTable(reference.entry, other.entry) {
                var evidence: [Evidence] = []
                for view in [reference, other] {
                    if let e = view.entry { evidence += [e.evidence.evidence] + e.destinations.map(\.evidence.evidence) }
                }
                report.add(
                    host: other.director.name, service: other.service.label,
                    message:
                        "directors \(reference.director.name) and \(other.director.name) hold different tables for \(key): \(difference(reference.entry, other.entry))",
                    location: other.service.location, evidence: evidence)
            }
        }
    }

    /// Whether two directors' entries for a service are the same table: both absent, or the
    /// same scheduler and persistence and the same destinations in any order (address, port,
    /// forwarding, weight). Compared as values: a string per destination, sorted, was the
    /// largest cost of this rule on a fleet of a thousand real servers per service.
    func sameTable(_ a: IPVSService?, _ b: IPVSService?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard a.scheduler ?? "" == b.scheduler ?? "", a.persistence ?? 0 == b.persistence ?? 0,
            a.destinations.count == b.destinations.count
        else { return false }
        let left = a.destinations.map(DestinationKey.init), right = b.destinations.map(DestinationKey.init)
        // Tables restored from one saved file list their destinations in one order.
        return left == right || left.sorted() == right.sorted()
    }

    /// A destination as the comparison sees it. A director that is also a real server lists
    /// itself as Local and the others as Route: the same table as seen from each node. An
    /// unset weight counts as -1, a forwarding a variant names in its own words by that word.
    struct DestinationKey: Comparable {
        let address: IPAddress
        let port: Int
        let forwarding: String
        let weight: Int

        init(_ destination: IPVSDestination) {
            address = destination.address
            port = destination.port
            let forwarding = destination.forwarding == .local ? IPVSForwarding.route : destination.forwarding
            self.forwarding = forwarding?.description ?? "?"
            weight = destination.weight ?? -1
        }

        static func < (l: Self, r: Self) -> Bool {
            (l.address, l.port, l.weight) < (r.address, r.port, r.weight)
                || ((l.address, l.port, l.weight) == (r.address, r.port, r.weight) && l.forwarding < r.forwarding)
        }
    }

    func difference(_ a: IPVSService?, _ b: IPVSService?) -> Message {
        guard let a, let b else { return "the service is missing on one of them" }
        var parts: [Message] = []
        if a.scheduler != b.scheduler { parts.append("scheduler \(a.scheduler ?? "-") vs \(b.scheduler ?? "-")") }
        if a.persistence != b.persistence {
            parts.append("persistence \(a.persistence.map(String.init) ?? "none") vs \(b.persistence.map(String.init) ?? "none")")
        }
        let da = Set(a.destinations.map { "\($0.address):\($0.port)" }), db = Set(b.destinations.map { "\($0.address):\($0.port)" })
        if da != db { parts.append("destinations differ (\(da.symmetricDifference(db).sorted().joined(separator: ", ")))") }
        if parts.isEmpty { parts.append("forwarding or weights differ") }
        return parts.joined(separator: "; ")
    }
}
