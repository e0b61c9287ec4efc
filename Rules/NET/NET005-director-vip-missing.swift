import LVSModel

/// NET005: some director of a service must hold its VIP.
public struct DirectorVIPMissing: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET005", slug: "director-vip-missing", title: "No director holds the VIP",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary: "No director of the service holds its VIP.",
        needs: [.addresses],
        checks:
            "For each service with a VIP, at least one of its directors must show the VIP in its address capture. It is judged only when every director was captured, since in an HA pair only the active one holds it.",
        mechanism:
            "Clients reach the VIP by ARP on the client segment. If no director owns the address, nobody answers (or, worse, a real server whose ARP is not suppressed does).",
        symptom:
            "The service is unreachable: 'no route to host' or ARP timeouts on the router; with an unsuppressed real server, all traffic lands on that one server.",
        fix: RuleFix(
            summary: "Add the VIP to the active director (or fix keepalived's virtual_ipaddress).",
            runtime: ["ip addr add VIP/NN dev IFACE   # on the active director"],
            persistentRHEL: ["nmcli con mod IFACE +ipv4.addresses VIP/NN, or keepalived virtual_ipaddress { VIP/NN dev IFACE }"],
            persistentDebian: ["add VIP/NN to the interface in /etc/network/interfaces or netplan, or keepalived virtual_ipaddress"]),
        references: [
            "LVS-HOWTO, LVS-DR example (VIP on the director's outside interface)", "RHEL 7 Load Balancer Administration 4.2 (virtual_ipaddress)",
        ], findsAbsence: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // Kubernetes' own service addresses are KUBE001's (kube-ipvs0 and the local table).
        for service in context.cluster.services where !context.kubernetesServices.contains(service.key) {
            guard let vip = service.vip else { continue }
            let directors = context.cluster.directors(of: service)
            guard !directors.isEmpty else { continue }
            var observations: [HostObservation] = []
            for director in directors {
                if let o = report.require([.addresses], of: director.name, in: context) { observations.append(o) }
            }
            guard observations.count == directors.count else { continue }
            guard observations.allSatisfy({ !$0.holds(vip) }) else { continue }
            let caveat =
                observations.lazy.compactMap(\.hiddenAddresses).first.map {
                    " (some addresses come from \($0.names) alone, which \($0.omission): confirm with `ip addr`)"
                } ?? ""
            report.add(
                host: directors.count == 1 ? directors[0].name : nil, service: service.label,
                message:
                    "no director of \(service.label) (\(directors.map(\.name).joined(separator: ", "))) holds VIP \(vip): nothing answers clients for it\(caveat)",
                location: service.location, evidence: observations.flatMap(\.addressEvidence).prefix(8).map { $0 },
                severity: caveat.isEmpty ? info.severity : .warning)
        }
    }
}
