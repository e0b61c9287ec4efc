import Foundation
import LVSModel

/// FW001: a real server's own packet filter must let the service's new connections in.
public struct FirewallDropsService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "FW001", slug: "firewall-drops-service", title: "A real server's firewall drops the service",
        severity: .error, scope: .all,
        summary: "From `iptables-save` or `nft list ruleset`: a real server's INPUT path drops or rejects the service's new connections (to the VIP in DR/TUN, to the RIP in NAT) before any rule accepts them, or ends in a DROP policy.",
        needs: [.firewall],
        checks: """
            On every real server whose packet filter was captured (`iptables-save`, whose legacy and nf_tables \
            back ends print the same format, or `nft list ruleset`; a `lvslint collect` bundle has both), the \
            first packet of a new \
            connection — the service's protocol and port, to the VIP on a dr/tun real server (arriving on \
            tunl0 for tun, on the RIP's interface for dr) or to the RIP and its port on a NAT real server — is \
            walked through iptables' INPUT chain, and through every nftables base chain of type filter on the \
            input hook (tables ip, ip6 and inet; the packet must pass each), as netfilter walks them: rules in \
            order, jumps and gotos into user chains followed, return and logging passed, verdict maps (`ct state \
            vmap`, `tcp dport vmap`) and named sets read, the policy at the end. A drop or reject reached before \
            any accept is reported with its line. A rule lvslint cannot be sure matches (a source address, a \
            negation, a rate limit, a module or expression it does not model) is never taken as proof: an accept \
            it might give ends the walk without a finding. The FORWARD path of a NAT director, netdev ingress \
            chains and fwmark services are not judged yet. One listing is lossy: nft 1.0 prints \
            `meta nfproto ipv6 tcp dport 80 reject with tcp reset` in an inet table without its family match, \
            so such a rule is read as rejecting IPv4 too (`reject with icmp`/`icmpv6` keep the family and are read right).
            """,
        mechanism: """
            IPVS delivers the client's packet to the real server unchanged in DR (destination VIP:port), inside \
            an IPIP packet in TUN, rewritten to RIP:port in NAT. The real server's netfilter INPUT chain sees it \
            like any other new connection. Firewalls written for the RIP — `-d RIP -p tcp --dport 80 -j ACCEPT` \
            under a DROP policy, or firewalld's default zone without the service — drop the VIP's packets \
            silently, while a test to the RIP works.
            """,
        symptom: "Connections through the VIP hang (DROP) or are refused (REJECT) for the share of clients scheduled to that real server; `curl` to the RIP from the director works, health checks pass.",
        fix: RuleFix(
            summary: "Accept the service's port to the VIP (DR/TUN) or RIP (NAT) before the rule that drops it, and save the rule set.",
            runtime: ["iptables -I INPUT -d VIP -p tcp --dport PORT -j ACCEPT"],
            persistentRHEL: ["firewall-cmd --permanent --add-rich-rule='rule family=ipv4 destination address=VIP port port=PORT protocol=tcp accept' && firewall-cmd --reload   # or: iptables-save > /etc/sysconfig/iptables"],
            persistentDebian: ["iptables-save > /etc/iptables/rules.v4   # package iptables-persistent; or add the rule to /etc/nftables.conf"]),
        references: [
            "iptables(8), iptables-extensions(8): chains, policies, targets; the first matching rule with a verdict decides",
            "iptables-save(8)",
            "nft(8): chains, base chain hooks and priorities, policies, verdict statements and maps; netfilter hooks: an accept ends one base chain, the packet goes on to the next",
            "LVS-HOWTO, LVS-DR: the real server must accept packets addressed to the VIP",
        ])

    /// The command that lets the packet in, in the tool whose rules stop it.
    static func fix(_ filter: PacketFilter, _ packet: PacketFilter.Packet, host: String) -> String {
        let address = "\(packet.destination)", proto = packet.protocolName, port = packet.port
        if let table = filter.nftTable {
            let family = packet.destination.family == .v4 ? "ip" : "ip6"
            return "nft insert rule \(table) \(filter.inputChain) \(family) daddr \(address) \(proto) dport \(port) accept   # on \(host); then keep it in /etc/nftables.conf (Debian) or /etc/sysconfig/nftables.conf (RHEL)"
        }
        return "iptables -I INPUT -d \(address) -p \(proto) --dport \(port) -j ACCEPT   # on \(host); then keep it: iptables-save > /etc/sysconfig/iptables (RHEL) or > /etc/iptables/rules.v4 (Debian, iptables-persistent)"
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        guard context.observations.values.contains(where: { $0.has(.firewall) }) else { return }
        for target in report.realServersNotDirecting(context, [.dr, .tun, .nat]) {
            guard case let .address(proto, vip, port) = target.service.key else {
                report.notChecked(host: target.host.name, reason: "\(target.service.label) is a fwmark service: the description gives no port to test its firewall with")
                continue
            }
            guard let observation = report.require([.firewall], of: target.host.name, in: context) else { continue }
            let nat = target.server.method == .nat
            let destination = nat ? target.server.address : vip
            let destinationPort = nat ? (target.server.port ?? port) : port
            let interface = target.server.method == .tun ? "tunl0" : observation.addresses(equalTo: target.server.address).first?.interface
            let packet = PacketFilter.Packet(protocolName: proto == .udp ? "udp" : "tcp", destination: destination, port: destinationPort, interface: interface)
            for filter in observation.packetFilters {
                guard case let .dropped(drop) = filter.fate(of: packet) else { continue }
                let how: String
                if drop.byPolicy {
                    how = "they reach the end of \(filter.name), whose policy is drop, with no rule accepting them"
                } else {
                    let rule = drop.line.text.trimmingCharacters(in: .whitespaces)
                    how = "`\(rule)` (reached from \(filter.name)) \(drop.rejects ? "rejects" : "drops") them"
                }
                report.add(host: target.host.name, service: target.service.label,
                           message: "\(target.host.name)'s firewall stops new \(packet.protocolName) connections to \(nat ? "its RIP " : "VIP ")\(destination):\(destinationPort), which the director hands it: \(how)",
                           location: target.server.location, evidence: [drop.line.evidence], key: "\(target.host.name)|\(destination)|\(destinationPort)",
                           fix: [Self.fix(filter, packet, host: target.host.name)])
                break
            }
        }
    }
}
