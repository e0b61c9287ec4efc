import LVSModel

/// DR004: a real server must not use the VIP as the source of its ARP requests.
public struct RSARPAnnounce: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR004", slug: "rs-arp-announce", title: "Real server announces the VIP in its ARP requests",
        severity: .warning, scope: .methods([.dr, .tun]),
        summary:
            "Effective arp_announce < 2 on an ARP-capable interface of a real server holding the VIP: ARP requests sourced from the VIP poison neighbours' caches.",
        needs: [.addresses, .sysctls],
        checks: """
            On every dr/tun real server that holds the VIP, for each interface that does ARP, \
            max(net.ipv4.conf.all.arp_announce, net.ipv4.conf.<iface>.arp_announce) must be 2. The value 1 is \
            accepted only when the VIP lies outside every subnet configured on that interface. An interface \
            where a captured `arptables -L -n` rewrites the sender of requests that name the VIP \
            (`arptables -A OUTPUT -s VIP -j mangle --mangle-ip-s RIP`) is right whatever the sysctl; one that \
            only drops them is not: the neighbour is never learnt.
            """,
        mechanism: """
            A real server's replies leave with the VIP as their source address. When it must ARP for its \
            gateway (or a client on the segment) to send such a reply, arp_announce=0 lets the kernel put the \
            packet's source address, the VIP, into the ARP request as the sender. Every host that hears the \
            request may update its cache to "VIP is at this real server's MAC", which is exactly the hijack \
            arp_ignore prevents for replies. arp_announce=2 makes the kernel always use the interface's own \
            address (the RIP) as sender. Setting 1 avoids addresses outside the interface's subnets only, so it \
            fails when the VIP is inside eth0's subnet, as it usually is in DR.
            """,
        symptom:
            "Intermittent: the VIP occasionally moves to a real server's MAC on the router or other hosts, shortly after that server sent traffic; outages come and go with ARP cache timeouts.",
        fix: RuleFix(
            summary: "Set net.ipv4.conf.all.arp_announce=2 on the real server, and persist it.",
            runtime: ["sysctl -w net.ipv4.conf.all.arp_announce=2"],
            persistentRHEL: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf && sysctl --system   # the same file DR003 writes"
            ],
            persistentDebian: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf && sysctl --system   # the same file DR003 writes"
            ]),
        references: [
            "Linux Documentation/networking/ip-sysctl.rst, arp_announce (\"The max value from conf/{all,interface}/arp_announce is used\")",
            "LVS knowledge base, ARP Issues in LVS/DR and LVS/TUN Clusters: http://kb.linux-vs.org/wiki?title=ARP_Issues_in_LVS%2FDR_and_LVS%2FTUN_Clusters",
        ], labProof: .realServerAnnouncesVIP, readsSysctls: ["arp_announce"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in report.realServersNotDirecting(context, [.dr, .tun]) {
            guard let vip = target.vip, vip.family == .v4 else { continue }
            guard let observation = report.require([.addresses, .sysctls], of: target, in: context) else { continue }
            guard let vipAddress = observation.firstAddress(equalTo: vip) else { continue }
            guard let interfaces = report.arpInterfaces(of: observation) else { continue }
            var weak: [(String, EffectiveSysctl, Bool)] = []
            for interface in interfaces {
                // arptables rewrites the sender after the kernel chose it; a DROP is no rewrite.
                if observation.arpFilter?.rewritesSender(vip, leavingOn: interface.name) != nil { continue }
                guard let value = report.sysctl("arp_announce", on: interface.name, of: observation) else { continue }
                let vipInSubnet = interface.addresses.contains { $0.prefix.contains(vip) && $0.prefix.address != vip }
                // The kernel treats anything but 1 and 2 as 0 (arp_solicit's `default:` case).
                if value.value != 2 && !(value.value == 1 && !vipInSubnet) { weak.append((interface.name, value, vipInSubnet)) }
            }
            guard !weak.isEmpty else { continue }
            let how: Message = Message.joined(
                weak.map { w -> Message in
                    let inside: Message = w.1.value == 1 ? ", and the VIP is inside \(w.0)'s subnet" : ""
                    return "\(w.0): \(w.1.explanation)\(inside)\(w.1.missingNote)"
                }, separator: "; ")
            var evidence = [vipAddress.evidence.evidence]
            for w in weak { evidence += w.1.evidence }
            var message: Message = "\(target.host.name) may announce VIP \(vip) as the sender of its ARP requests (\(how)); set 2"
            if let (note, lines) = ARPFixes.ineffective("arp_announce", in: observation, interfaces: weak.map(\.0)) {
                message += ". \(note)"
                evidence += lines
            }
            report.add(
                host: target.host.name, service: target.service.label, message: message,
                location: target.server.location, evidence: unique(evidence), key: "\(target.host.name)|\(vip)",
                fix: ARPFixes.realServer(target.host.name, parameter: "arp_announce", value: 2, overriding: weak.map { ($0.0, $0.1) }))
        }
    }
}
