import LVSModel

/// VS001: a stateful firewall on a director whose IPVS connections conntrack does not follow.
public struct ConntrackOffStatefulFirewall: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS001", slug: "conntrack-off-stateful-firewall", title: "Stateful firewall on a director with net.ipv4.vs.conntrack = 0",
        severity: .error, otherSeverities: [.warning], scope: .methods([.nat]),
        summary:
            "The director's firewall accepts packets by conntrack state (`--ctstate ESTABLISHED,RELATED`, `ct state established`) and drops the rest, but `net.ipv4.vs.conntrack` is 0: the packets IPVS handles are not seen as belonging to a connection, and are dropped. An error on the FORWARD chain the NAT replies cross, a warning on INPUT.",
        needs: [.sysctls, .firewall],
        checks: """
            On each director of a cluster with NAT services whose sysctls and firewall were captured: when \
            net.ipv4.vs.conntrack is 0, the FORWARD chain that the real servers' replies cross, and the INPUT chain \
            the clients' packets enter, must not accept \
            packets by conntrack state and then drop the others (a DROP or REJECT rule after the stateful accept, \
            or a DROP policy). Jumps to user chains are followed; nftables base chains are read the same way. When \
            the sysctl capture lacks net.ipv4.vs.conntrack (ip_vs was not loaded when it was taken), the check is \
            listed as not done.
            """,
        mechanism: """
            IPVS forwards packets itself, after netfilter's connection tracking has looked at them. With \
            net.ipv4.vs.conntrack = 0 (the default) IPVS does not tell conntrack about the connections it \
            schedules: a NAT real server's reply arrives at the director from RIP:port to the client, which \
            conntrack has never seen, so in the FORWARD chain it is NEW or INVALID, never ESTABLISHED. A firewall \
            that accepts ESTABLISHED,RELATED and drops the rest drops those replies (and, on INPUT, packets of \
            connections whose replies conntrack never saw, which it holds INVALID). With conntrack = 1 IPVS keeps conntrack entries for its \
            connections (ip_vs_update_conntrack), so stateful rules match them, at some cost per connection. \
            kube-proxy's IPVS mode sets it to 1 for this reason.
            """,
        symptom:
            "Clients connect (the SYN reaches the real server) but never get an answer, or connections hang after the first packets; the firewall's drop counters rise with packets from the real servers' ports.",
        fix: .sysctl(
            "Set net.ipv4.vs.conntrack = 1 on the director (and persist it), or accept the service's traffic without a conntrack state match.",
            "net.ipv4.vs.conntrack", 1),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: conntrack (\"This should be enabled if connections handled by IPVS are to be also handled by stateful firewall rules\")",
            "Linux net/netfilter/ipvs/ip_vs_nfct.c: ip_vs_update_conntrack()",
            "Kubernetes pkg/proxy/ipvs/proxier.go: sysctlVSConnTrack set to 1",
        ],
        readsSysctls: ["net.ipv4.vs.conntrack"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // IPVS only keeps conntrack informed of NAT connections (ip_vs_nat_xmit); DR and TUN
        // replies never cross the director, whatever the setting.
        guard context.cluster.services.contains(where: { $0.realServers.contains { $0.method == .nat } }) else { return }
        // As FW001: with no firewall captured anywhere there is nothing to judge, and nothing is missing.
        guard context.observations.values.contains(where: { $0.has(.firewall) }) else { return }
        for director in context.cluster.hosts where director.roles.contains(.director) {
            guard let observation = report.require([.firewall], of: director.name, in: context) else { continue }
            // Only a firewall that filters by state makes the setting matter.
            var found: [(filter: PacketFilter, hook: PacketFilter.Hook, rules: StatefulFiltering)] = []
            for filter in observation.packetFilters {
                for hook in [PacketFilter.Hook.forward, .input] {
                    if let rules = StatefulFiltering.find(in: filter, at: hook) { found.append((filter, hook, rules)) }
                }
            }
            guard !found.isEmpty else { continue }
            guard let setting = observation.sysctls["net.ipv4.vs.conntrack"] else {
                report.notChecked(
                    host: director.name,
                    reason:
                        "its firewall filters by conntrack state, and its sysctl capture lacks net.ipv4.vs.conntrack (ip_vs was not loaded when it was taken, or the capture is partial)",
                    missing: .sysctls, applies: false)
                continue
            }
            guard setting.intValue == 0 else { continue }
            for (filter, hook, rules) in found {
                let what: Message =
                    hook == .forward
                    ? "the NAT real servers' replies cross \(filter.name(at: hook)), which accepts by conntrack state and drops the rest"
                    : "\(filter.name(at: hook)) accepts by conntrack state and drops the rest"
                report.add(
                    host: director.name, service: nil,
                    message:
                        "director \(director.name) has net.ipv4.vs.conntrack = \(setting.value), so conntrack does not follow the connections IPVS handles, and \(what): their packets are dropped",
                    location: director.location,
                    evidence: [setting.evidence.evidence, rules.stateful.evidence, rules.stopper.evidence],
                    severity: hook == .forward ? .error : .warning,
                    key: "\(director.name)|\(hook.rawValue)|\(filter.name(at: hook))")
            }
        }
    }
}
