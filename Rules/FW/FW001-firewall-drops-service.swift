import Foundation
import LVSModel

/// FW001: every packet filter on the service's path must let it through: real servers' and
/// directors' input, and a NAT director's forward path for the replies.
public struct FirewallDropsService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "FW001", slug: "firewall-drops-service", title: "A firewall on the service's path drops it",
        severity: .error, scope: .all,
        summary:
            "From `iptables-save` or `nft list ruleset`: a real server's input path drops the service's new connections (to the VIP in DR/TUN, to the RIP in NAT), a director's input path drops the clients' packets to the VIP before IPVS sees them, or a NAT director's forward path drops the real servers' replies.",
        needs: [.firewall],
        checks: """
            Three packets are walked through the packet filter of the host that receives them, when it was \
            captured (`iptables-save`, whose legacy and nf_tables back ends print the same format, or `nft list \
            ruleset`; a `lvslint collect` bundle has both): (1) on every real server, the first packet of a new \
            connection — the service's protocol and port, to the VIP on a dr/tun real server (arriving on tunl0 \
            for tun, on the RIP's interface for dr) or to the RIP and its port on a NAT real server — at the \
            input hook, and on a tun real server first the IPIP packet that carries it (protocol 4, `ipencap` \
            in Debian's /etc/protocols, `ipv4` in Red Hat's, to the RIP); (2) on every director of the service, the client's first packet to VIP:port at the input \
            hook, which the filter sees before IPVS does; (3) on every director of a NAT service, each real \
            server's reply from RIP:port at the forward hook, arriving on the director's interface on the RIP's \
            network and bound for a client lvslint does not know. Each is walked through iptables' INPUT or \
            FORWARD chain and through every nftables base chain of type filter on that hook (tables ip, ip6 and \
            inet; the packet must pass each), as netfilter walks them: rules in order, jumps and gotos into user \
            chains followed, return and logging passed, verdict maps (`ct state vmap`, `tcp dport vmap`) and \
            named sets read, the policy at the end. A drop or reject reached before any accept is reported with \
            its line. A rule lvslint cannot be sure matches (a client's address or port, a conntrack state of a \
            forwarded reply, a negation, a rate limit, a module or expression it does not model) is never taken \
            as proof: an accept it might give ends the walk without a finding. Netdev ingress chains and fwmark \
            services are not judged. One listing is lossy: nft 1.0 prints `meta nfproto ipv6 tcp dport 80 reject \
            with tcp reset` in an inet table without its family match, so such a rule is read as rejecting IPv4 \
            too (`reject with icmp`/`icmpv6` keep the family and are read right).
            """,
        mechanism: """
            IPVS delivers the client's packet to the real server unchanged in DR (destination VIP:port), inside \
            an IPIP packet in TUN, rewritten to RIP:port in NAT. The real server's netfilter input hook sees it \
            like any other new connection. Firewalls written for the RIP — `-d RIP -p tcp --dport 80 -j ACCEPT` \
            under a DROP policy, or firewalld's default zone without the service — drop the VIP's packets \
            silently, while a test to the RIP works. On the director IPVS registers its own hooks after the \
            filter's: it takes requests at the input hook at priority NF_IP_PRI_NAT_SRC - 1 (the filter runs at \
            0), so a director whose INPUT drops VIP:port schedules nothing; and in NAT it rewrites replies at the \
            forward hook at priority 100, so the filter's FORWARD chain sees them still from RIP:port — Red Hat's \
            stock `-A FORWARD -j REJECT --reject-with icmp-host-prohibited` and Docker's FORWARD policy DROP both \
            stop them.
            """,
        symptom:
            "Connections through the VIP hang (DROP) or are refused (REJECT): for the share of clients scheduled to a real server whose own firewall drops them, for every client when the director's input filter drops them, and in NAT for every client when the director's FORWARD chain drops the replies. `curl` to the RIP from the director works, health checks pass.",
        fix: RuleFix(
            summary:
                "Accept the service's packets before the rule that drops them — to VIP:port on the director and on DR/TUN real servers, to RIP:port on NAT real servers, from RIP:port in a NAT director's FORWARD chain — and save the rule set.",
            runtime: ["iptables -I INPUT -d VIP -p tcp --dport PORT -j ACCEPT"],
            persistentRHEL: [
                "firewall-cmd --permanent --add-rich-rule='rule family=ipv4 destination address=VIP port port=PORT protocol=tcp accept' && firewall-cmd --reload   # or: iptables-save > /etc/sysconfig/iptables"
            ],
            persistentDebian: ["iptables-save > /etc/iptables/rules.v4   # package iptables-persistent; or add the rule to /etc/nftables.conf"]),
        references: [
            "iptables(8), iptables-extensions(8): chains, policies, targets; the first matching rule with a verdict decides",
            "iptables-save(8)",
            "nft(8): chains, base chain hooks and priorities, policies, verdict statements and maps; netfilter hooks: an accept ends one base chain, the packet goes on to the next",
            "LVS-HOWTO, LVS-DR: the real server must accept packets addressed to the VIP",
            "Linux net/netfilter/ipvs/ip_vs_core.c, ip_vs_ops4: ip_vs_remote_request4 at NF_INET_LOCAL_IN priority NF_IP_PRI_NAT_SRC - 1 and ip_vs_reply4 at NF_INET_FORWARD priority 100, both \"after packet filtering\"",
        ])

    /// The command that lets the packet through, in the tool whose rules stop it.
    static func fix(_ filter: PacketFilter, _ packet: PacketFilter.Packet, at hook: PacketFilter.Hook, host: String) -> Message {
        let proto = packet.protocolName
        let family = packet.family == .v4 ? "ip" : "ip6"
        let chain = ShellWord.quote(filter.entryChains[hook] ?? hook.rawValue)
        // `inet filter`: the family is nft's own word, the name is the capture's.
        let nftTable = filter.nftTable.map { table in
            table.split(separator: " ", maxSplits: 1).map { ShellWord.quote(String($0)) }.joined(separator: " ")
        }
        // A packet for this host is matched by its destination; a reply forwarded by a NAT
        // director by its source.
        if packet.port == nil, hook == .input {
            let address = packet.destination.map { "\($0)" } ?? "RIP"
            if let table = nftTable {
                return
                    "nft insert rule \(table) \(filter.entryChains[hook].map(ShellWord.quote) ?? "input") \(family) daddr \(address) \(family == "ip" ? "ip protocol" : "ip6 nexthdr") \(proto) accept   # on \(host); then keep it in /etc/nftables.conf"
            }
            return
                "\(filter.program ?? "iptables") -I \(chain) -d \(address) -p 4 -j ACCEPT   # on \(host): IPIP from the director; then save the rule set"
        }
        let nftMatch =
            hook == .input
            ? "\(family) daddr \(packet.destination.map { "\($0)" } ?? "VIP") \(proto) dport \(packet.port ?? 0)"
            : "\(family) saddr \(packet.source.map { "\($0)" } ?? "RIP") \(proto) sport \(packet.sourcePort ?? 0)"
        let iptablesMatch =
            hook == .input
            ? "-d \(packet.destination.map { "\($0)" } ?? "VIP") -p \(proto) --dport \(packet.port ?? 0)"
            : "-s \(packet.source.map { "\($0)" } ?? "RIP") -p \(proto) --sport \(packet.sourcePort ?? 0)"
        if let table = nftTable {
            return
                "nft insert rule \(table) \(chain) \(nftMatch) accept   # on \(host); then keep it in /etc/nftables.conf (Debian) or /etc/sysconfig/nftables.conf (RHEL)"
        }
        let program = filter.program ?? "iptables"
        return
            "\(program) -I \(chain) \(iptablesMatch) -j ACCEPT   # on \(host); then keep it: \(program)-save > /etc/sysconfig/\(program) (RHEL) or > /etc/iptables/rules.v\(packet.family == .v4 ? 4 : 6) (Debian, iptables-persistent)"
    }

    /// The first filter that stops `packet` at `hook`, with how to say so.
    static func stop(_ packet: PacketFilter.Packet, at hook: PacketFilter.Hook, in observation: HostObservation) -> (
        filter: PacketFilter, drop: PacketFilter.Drop, how: Message
    )? {
        for filter in observation.packetFilters {
            guard case let .dropped(drop) = filter.fate(of: packet, at: hook) else { continue }
            let how: Message
            if drop.byPolicy {
                how = "they reach the end of \(filter.name(at: hook)), whose policy is drop, with no rule accepting them"
            } else {
                let rule = drop.line.text.trimmingCharacters(in: .whitespaces)
                how =
                    drop.rejects
                    ? "`\(rule)` (reached from \(filter.name(at: hook))) rejects them"
                    : "`\(rule)` (reached from \(filter.name(at: hook))) drops them"
            }
            return (filter, drop, how)
        }
        return nil
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        guard context.observations.values.contains(where: { $0.has(.firewall) }) else { return }
        checkRealServers(context, &report)
        checkDirectors(context, &report)
    }

    func checkRealServers(_ context: CheckContext, _ report: inout RuleReport) {
        for target in report.realServersNotDirecting(context, [.dr, .tun, .nat]) {
            guard case let .address(proto, vip, port) = target.service.key else {
                report.notChecked(
                    host: target.host.name,
                    reason: "\(target.service.label) is a fwmark service: the description gives no port to test its firewall with")
                continue
            }
            guard let observation = report.require([.firewall], of: target, in: context) else { continue }
            let nat = target.server.method == .nat
            let destination = nat ? target.server.address : vip
            let destinationPort = nat ? (target.server.port ?? port) : port
            let interface = target.server.method == .tun ? "tunl0" : observation.firstAddress(equalTo: target.server.address)?.interface
            let packet = PacketFilter.Packet(protocolName: proto.rawValue, destination: destination, port: destinationPort, interface: interface)
            if target.server.method == .tun {
                // The director's packet arrives as IPIP (protocol 4) to the RIP; the filter sees
                // that before the tunnel device sees the packet inside.
                let ripInterface = observation.firstAddress(equalTo: target.server.address)?.interface
                let outer = PacketFilter.Packet(protocolName: "ipencap", destination: target.server.address, port: nil, interface: ripInterface)
                if let stop = Self.stop(outer, at: .input, in: observation) {
                    report.add(
                        host: target.host.name, service: target.service.label,
                        message:
                            "\(target.host.name)'s firewall stops the IPIP packets (protocol 4, to its RIP \(target.server.address)) in which the director tunnels the service's connections: \(stop.how)",
                        location: target.server.location, evidence: [stop.drop.line.evidence],
                        key: "\(target.host.name)|ipip|\(target.server.address)",
                        fix: [Self.fix(stop.filter, outer, at: .input, host: target.host.name)])
                    continue
                }
            }
            guard let stop = Self.stop(packet, at: .input, in: observation) else { continue }
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "\(target.host.name)'s firewall stops new \(packet.protocolName) connections to \(nat ? "its RIP \(destination):\(destinationPort)" : "VIP \(destination):\(destinationPort)" as Message), which the director hands it: \(stop.how)",
                location: target.server.location, evidence: [stop.drop.line.evidence], key: "\(target.host.name)|\(destination)|\(destinationPort)",
                fix: [Self.fix(stop.filter, packet, at: .input, host: target.host.name)])
        }
    }

    /// IPVS takes a client's packet at the input hook after the filter (ip_vs_remote_request4
    /// runs at priority NF_IP_PRI_NAT_SRC - 1, the filter at 0), so the director's own input
    /// filter must let VIP:port in, whatever the method. A NAT director also routes the real
    /// servers' replies, which the filter's forward hook sees (at priority 0) before IPVS
    /// rewrites their source to the VIP (ip_vs_reply4, priority 100): still from RIP:port.
    func checkDirectors(_ context: CheckContext, _ report: inout RuleReport) {
        for service in context.cluster.services {
            let directors = context.cluster.directors(of: service)
            guard case let .address(proto, vip, port) = service.key else {
                for director in directors where context.observations[director.name]?.has(.firewall) == true {
                    report.notChecked(
                        host: director.name,
                        reason: "\(service.label) is a fwmark service: the description gives no port to test \(director.name)'s firewall with")
                }
                continue
            }
            for director in directors {
                guard let observation = report.require([.firewall], of: director.name, in: context) else { continue }
                let vipInterface = observation.addresses(equalTo: vip).first { $0.interface != "lo" }?.interface
                let request = PacketFilter.Packet(protocolName: proto.rawValue, destination: vip, port: port, interface: vipInterface)
                if let stop = Self.stop(request, at: .input, in: observation) {
                    report.add(
                        host: director.name, service: service.label,
                        message:
                            "\(director.name)'s firewall stops clients' new \(proto.rawValue) connections to VIP \(vip):\(port) before IPVS sees them (IPVS takes packets after the input filter): \(stop.how)",
                        location: service.location, evidence: [stop.drop.line.evidence], key: "\(director.name)|\(vip)|\(port)",
                        fix: [Self.fix(stop.filter, request, at: .input, host: director.name)])
                }
                for server in service.realServers where server.method == .nat {
                    let rip = server.address
                    let ripInterface = observation.firstAddress { $0.interface != "lo" && !$0.prefix.isHostPrefix && $0.prefix.contains(rip) }?
                        .interface
                    let reply = PacketFilter.Packet(replyFrom: rip, port: server.port ?? port, protocolName: proto.rawValue, arrivingOn: ripInterface)
                    guard let stop = Self.stop(reply, at: .forward, in: observation) else { continue }
                    report.add(
                        host: director.name, service: service.label,
                        message:
                            "\(director.name)'s firewall stops the replies of NAT real server \(rip):\(reply.sourcePort ?? port) on their way back to clients (they cross the forward hook before IPVS rewrites their source to the VIP): \(stop.how)",
                        location: server.location, evidence: [stop.drop.line.evidence],
                        key: "\(director.name)|forward|\(rip)|\(reply.sourcePort ?? port)",
                        fix: [Self.fix(stop.filter, reply, at: .forward, host: director.name)])
                }
            }
        }
    }
}
