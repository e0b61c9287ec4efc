import LVSModel

/// FW001: a real server's own packet filter must let the service's new connections in.
public struct FirewallDropsService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "FW001", slug: "firewall-drops-service", title: "A real server's firewall drops the service",
        severity: .error, scope: .all,
        summary: "From `iptables-save`: a real server's INPUT chain drops or rejects the service's new connections (to the VIP in DR/TUN, to the RIP in NAT) before any rule accepts them, or ends in a DROP policy.",
        needs: [.firewall],
        checks: """
            On every real server whose packet filter was captured (`iptables-save`; the legacy and nf_tables \
            back ends print the same format; a `lvslint collect` bundle has it), the first packet of a new \
            connection — the service's protocol and port, to the VIP on a dr/tun real server (arriving on \
            tunl0 for tun, on the RIP's interface for dr) or to the RIP and its port on a NAT real server — is \
            walked through the filter table's INPUT chain as netfilter walks it: rules in order, jumps into user \
            chains followed, RETURN and logging targets passed, the policy at the end. A DROP or REJECT reached \
            before any ACCEPT is reported with its line. A rule lvslint cannot be sure matches (a source \
            address, a negation, a module it does not model) is never taken as proof: an accept it might give \
            ends the walk without a finding. `nft list ruleset`, the FORWARD path of a NAT director and fwmark \
            services are not judged yet.
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
            "LVS-HOWTO, LVS-DR: the real server must accept packets addressed to the VIP",
        ])

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
                guard case let .dropped(line) = filter.fate(of: packet, in: "INPUT") else { continue }
                let how: String
                if line.text.hasPrefix(":") {
                    how = "INPUT's policy is DROP and no rule accepts them before it"
                } else {
                    how = "`\(line.text)` \(line.text.contains("-j REJECT") ? "rejects" : "drops") them"
                }
                report.add(host: target.host.name, service: target.service.label,
                           message: "\(target.host.name)'s firewall stops new \(packet.protocolName) connections to \(nat ? "its RIP " : "VIP ")\(destination):\(destinationPort), which the director hands it: \(how)",
                           location: target.server.location, evidence: [line.evidence], key: "\(target.host.name)|\(destination)|\(destinationPort)",
                           fix: ["iptables -I INPUT -d \(destination) -p \(packet.protocolName) --dport \(destinationPort) -j ACCEPT   # on \(target.host.name); then keep it: iptables-save > /etc/sysconfig/iptables (RHEL) or > /etc/iptables/rules.v4 (Debian, iptables-persistent)"])
                break
            }
        }
    }
}
