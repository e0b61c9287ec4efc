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
            the clients' packets enter, must not accept packets by conntrack state and then drop the ones \
            conntrack does not follow: a real server's reply (NEW to conntrack) walked through FORWARD, a TCP \
            client's packet after its SYN (INVALID) through INPUT, must not meet a DROP or REJECT rule or a DROP \
            policy, as FW001 walks packets. Jumps to user chains are followed; nftables base chains are read the \
            same way. When \
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
            // The packets conntrack does not follow, where a stateful filter stops them.
            var stopped: [(filter: PacketFilter, hook: PacketFilter.Hook, stateful: CaptureLine, drop: CaptureLine)] = []
            for filter in observation.packetFilters {
                for (hook, packet) in Self.untrackedPackets(context, director: director, observation: observation) {
                    guard !stopped.contains(where: { $0.hook == hook && $0.filter.name(at: hook) == filter.name(at: hook) }),
                        let stateful = StatefulFiltering.find(in: filter, at: hook),
                        case let .dropped(drop) = filter.fate(of: packet, at: hook)
                    else { continue }
                    stopped.append((filter, hook, stateful.stateful, drop.line))
                }
            }
            guard !stopped.isEmpty else { continue }
            guard let setting = observation.sysctls["net.ipv4.vs.conntrack"] else {
                report.notChecked(
                    host: director.name,
                    reason:
                        "its firewall filters by conntrack state, and its sysctl capture lacks net.ipv4.vs.conntrack (ip_vs was not loaded when it was taken, or the capture is partial)",
                    missing: .sysctls, applies: false)
                continue
            }
            guard setting.intValue == 0 else { continue }
            for (filter, hook, stateful, drop) in stopped {
                let what: Message =
                    hook == .forward
                    ? "the NAT real servers' replies cross \(filter.name(at: hook)), which accepts by conntrack state and drops the rest"
                    : "\(filter.name(at: hook)) accepts by conntrack state and drops the rest"
                report.add(
                    host: director.name, service: nil,
                    message:
                        "director \(director.name) has net.ipv4.vs.conntrack = \(setting.value), so conntrack does not follow the connections IPVS handles, and \(what): their packets are dropped",
                    location: director.location,
                    evidence: [setting.evidence.evidence, stateful.evidence, drop.evidence],
                    severity: hook == .forward ? .error : .warning,
                    key: "\(director.name)|\(hook.rawValue)|\(filter.name(at: hook))")
            }
        }
    }

    /// The packets of NAT connections as conntrack sees them when IPVS does not keep it
    /// informed: a real server's reply crossing FORWARD belongs to no connection it knows (NEW;
    /// its first, the SYN-ACK, is INVALID), and a TCP client's packets after its SYN, whose
    /// answer conntrack never saw, are INVALID at INPUT.
    static func untrackedPackets(
        _ context: CheckContext, director: HostDescription, observation: HostObservation
    ) -> [(PacketFilter.Hook, PacketFilter.Packet)] {
        var out: [(PacketFilter.Hook, PacketFilter.Packet)] = []
        for service in context.cluster.services where context.cluster.directors(of: service).contains(where: { $0.name == director.name }) {
            guard case let .address(proto, vip, port) = service.key else { continue }
            let servers = service.realServers.filter { $0.method == .nat }
            guard !servers.isEmpty else { continue }
            for server in servers {
                let arriving = observation.firstAddress { $0.interface != "lo" && !$0.prefix.isHostPrefix && $0.prefix.contains(server.address) }?
                    .interface
                var reply = PacketFilter.Packet(
                    replyFrom: server.address, port: server.port ?? port, protocolName: proto.rawValue, arrivingOn: arriving)
                reply.conntrackState = "NEW"
                out.append((.forward, reply))
            }
            if proto == .tcp {
                let vipInterface = observation.addresses(equalTo: vip).first { $0.interface != "lo" }?.interface
                var later = PacketFilter.Packet(protocolName: proto.rawValue, destination: vip, port: port, interface: vipInterface)
                later.isNew = false
                later.conntrackState = "INVALID"
                out.append((.input, later))
            }
        }
        return out
    }
}
