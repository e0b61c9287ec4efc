import LVSModel

/// DR003: a real server holding the VIP must not answer ARP for it.
public struct RSARPIgnore: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR003", slug: "rs-arp-ignore", title: "Real server answers ARP for the VIP",
        severity: .error, scope: .methods([.dr, .tun]),
        summary:
            "Effective arp_ignore is 0 on an ARP-capable interface of a real server that holds the VIP: it answers ARP for the VIP and steals traffic.",
        needs: [.addresses, .sysctls],
        checks: """
            On every dr/tun real server that holds the VIP, for each interface that does ARP (up, not lo, not \
            NOARP), the kernel's value max(net.ipv4.conf.all.arp_ignore, net.ipv4.conf.<iface>.arp_ignore) \
            must be 1 or 2 (3 only when the VIP has scope host; 4 to 7 are reserved and answer like 0; 8 is \
            DR009's concern). `conf.lo` and `conf.default` are not what counts. An interface where a captured \
            `arptables -L -n` drops ARP requests for the VIP (the Red Hat guides' `arptables -A INPUT -d VIP \
            -j DROP`, the first rule that surely matches, user chains followed) does not answer either.
            """,
        mechanism: """
            This is the "ARP problem" of LVS. In DR every real server carries the VIP (on lo) so that it accepts \
            the packets the director hands it. But Linux answers an ARP request for any of its addresses on any \
            interface (arp_ignore=0). When the router asks "who has VIP?", the director and every real server \
            reply; whichever answer arrives last wins the router's ARP cache. From then on clients' packets go \
            straight to that real server, bypassing the balancer. The request arrives on eth0/ens33, never on lo, \
            so the value that counts is max(all, <that interface>): setting only conf.lo.arp_ignore changes \
            nothing. With arp_ignore=1 the server answers only for addresses configured on the interface the \
            request came in on, so it still answers for its RIP but not for the VIP on lo.
            """,
        symptom:
            "Traffic suddenly all lands on one real server, or flips between servers every few minutes as ARP caches expire; connections reset after a flip; `ip neigh` on the router shows the VIP at a real server's MAC.",
        fix: RuleFix(
            summary: "Set net.ipv4.conf.all.arp_ignore=1 (and arp_announce=2) on the real server, and persist it.",
            runtime: [
                "sysctl -w net.ipv4.conf.all.arp_ignore=1",
                "sysctl -w net.ipv4.conf.all.arp_announce=2",
                "arping -U -c 3 -I IFACE VIP   # on the active director: routers keep the real server's MAC until their entry expires",
            ],
            persistentRHEL: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf && sysctl --system"
            ],
            persistentDebian: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf && sysctl --system"
            ]),
        references: [
            "Linux Documentation/networking/ip-sysctl.rst, arp_ignore: \"The max value from conf/{all,interface}/arp_ignore is used when ARP request is received on the {interface}\"",
            "include/linux/inetdevice.h: IN_DEV_ARP_IGNORE uses IN_DEV_MAXCONF",
            "LVS knowledge base, ARP Issues in LVS/DR and LVS/TUN Clusters: http://kb.linux-vs.org/wiki?title=ARP_Issues_in_LVS%2FDR_and_LVS%2FTUN_Clusters",
            "LVS-HOWTO, The ARP Problem: http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.arp_problem.html",
        ], labProof: .realServerAnswersARP, readsSysctls: ["arp_ignore"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in report.realServersNotDirecting(context, [.dr, .tun]) {
            guard let vip = target.vip, vip.family == .v4 else { continue }
            guard let observation = report.require([.addresses, .sysctls], of: target, in: context) else { continue }
            guard let vipAddress = observation.firstAddress(equalTo: vip) else { continue }
            guard let interfaces = report.arpInterfaces(of: observation) else { continue }
            var answering: [(String, EffectiveSysctl)] = []
            for interface in interfaces {
                // arptables drops the request before the kernel's ARP code sees it.
                if observation.arpFilter?.dropsRequest(for: vip, arrivingOn: interface.name) != nil { continue }
                guard let value = report.sysctl("arp_ignore", on: interface.name, of: observation) else { continue }
                // A VIP on the ARP interface itself is DR005's finding; here it is the VIP held elsewhere (lo).
                if ARPReplies.answers(arpIgnore: value.value, onIncomingInterface: false, scope: vipAddress.scope) {
                    answering.append((interface.name, value))
                }
            }
            guard !answering.isEmpty else { continue }
            let names = answering.map(\.0).joined(separator: ", ")
            let how: Message = Message.joined(answering.map { "\($0.0): \($0.1.explanation)\($0.1.missingNote)" }, separator: "; ")
            var message: Message =
                "\(target.host.name) holds VIP \(vip) and answers ARP for it on \(names) (\(how)): routers may send clients straight to it, bypassing the director"
            var evidence = [vipAddress.evidence.evidence]
            for (_, value) in answering { evidence += value.evidence }
            if let (note, lines) = ARPFixes.ineffective("arp_ignore", in: observation, interfaces: answering.map(\.0)) {
                message += ". \(note)"
                evidence += lines
            }
            if let hint = misplacedSuppression(context, vip: vip) { message += ". \(hint)" }
            let fix =
                ARPFixes.realServer(target.host.name, parameter: "arp_ignore", value: 1, overriding: answering)
                + [ARPFixes.refreshRouter(vip: vip, service: target.service, context: context)]
            report.add(
                host: target.host.name, service: target.service.label, message: message,
                location: target.server.location, evidence: unique(evidence), key: "\(target.host.name)|\(vip)", fix: fix)
        }
    }

    /// The tutorial mistake: ARP suppression typed on a director, which needs none.
    func misplacedSuppression(_ context: CheckContext, vip: IPAddress) -> Message? {
        for host in context.cluster.hosts where host.roles == [.director] {
            guard let observation = context.observations[host.name],
                let all = observation.sysctls["net.ipv4.conf.all.arp_ignore"], (all.intValue ?? 0) >= 1
            else { continue }
            return
                "Director \(host.name) has arp_ignore set (\(all.evidence.file.path):\(all.evidence.number)): ARP suppression belongs on the real servers, not the director"
        }
        return nil
    }
}
