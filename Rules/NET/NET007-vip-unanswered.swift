import LVSModel

/// NET007: on the client-facing segment, some director must answer ARP for the VIP.
public struct VIPUnanswered: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET007", slug: "vip-unanswered", title: "No director answers ARP for the VIP",
        severity: .error, otherSeverities: [.note], scope: .all,
        summary:
            "A VIP inside a connected client-side subnet that no director answers ARP for (VIP only on lo, on a NOARP or down interface, or arp_ignore refusing it): the service is dead; a routed VIP (outside every connected subnet) is a note.",
        needs: [.addresses, .sysctls],
        checks: """
            For each IPv4 VIP held by at least one director of the service: on every director, the interfaces \
            (not lo) with a subnet containing the VIP are where the router's ARP requests for it arrive. At least \
            one such interface must be up, do ARP (no NOARP flag), and have an effective arp_ignore, \
            max(conf.all, conf.<iface>), that replies for the VIP: 0 (or the reserved 4–7) replies for any \
            local address, 1 and 2 only when the VIP is on that same interface, 3 unless the VIP has scope host, \
            8 never. All directors must have been captured. When no director has a subnet containing the VIP, \
            the VIP is routed to them (anycast, ECMP, a static route on the router): lvslint cannot see the \
            router, so it says so in a note. IPv6 neighbour discovery is not judged yet.
            """,
        mechanism: """
            A client reaches a VIP on its own subnet, or the router delivers to it, by asking "who has VIP?" \
            in ARP on that segment. Holding the address is not enough: the kernel answers only on an interface \
            that does ARP, and arp_ignore decides for which addresses. A VIP put on lo (as on a real server) \
            with arp_ignore=1 is never answered, since the request arrives on eth0 where the VIP is not \
            configured; an interface with ARP switched off (`ip link set eth0 arp off`, or a dummy device) \
            answers nothing. The director then holds a VIP nobody can reach.
            """,
        symptom:
            "Clients and the router time out: `ip neigh` on them shows the VIP as INCOMPLETE or FAILED, while `ip addr` on the director lists the VIP; nothing reaches IPVS, so its counters stay at 0.",
        fix: RuleFix(
            summary: "Put the VIP on the director's client-facing interface (not lo), with ARP on and arp_ignore 0 or 1 there.",
            runtime: [
                "ip addr del VIP/32 dev lo; ip addr add VIP/32 dev eth0 label eth0:vip   # on the active director",
                "ip link set eth0 arp on",
                "sysctl -w net.ipv4.conf.all.arp_ignore=0   # arp_ignore is for the real servers, not the director",
            ],
            persistentRHEL: [
                "keepalived: virtual_ipaddress { VIP/32 dev eth0 } (or nmcli con mod eth0 +ipv4.addresses VIP/32)",
                "remove net.ipv4.conf.*.arp_ignore from /etc/sysctl.conf and /etc/sysctl.d/*.conf on the director",
            ],
            persistentDebian: [
                "keepalived: virtual_ipaddress { VIP/32 dev eth0 } (or the address in /etc/network/interfaces or netplan)",
                "remove net.ipv4.conf.*.arp_ignore from /etc/sysctl.conf and /etc/sysctl.d/*.conf on the director",
            ]),
        references: [
            "Linux net/ipv4/arp.c, arp_ignore() and arp_process(): replies only on devices without IFF_NOARP, per arp_ignore",
            "Linux Documentation/networking/ip-sysctl.rst, arp_ignore",
            "LVS-HOWTO, LVS-DR: the VIP on the director's outside interface answers ARP; on the real servers it must not",
        ], labProof: .noDirectorAnswers, readsSysctls: ["arp_ignore"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // Kubernetes' own services are answered for by their announcer (MetalLB, kube-vip): KUBE003.
        for service in context.cluster.services where !context.kubernetesServices.contains(service.key) {
            guard let vip = service.vip, vip.family == .v4 else { continue }
            let directors = context.cluster.directors(of: service)
            guard !directors.isEmpty else { continue }
            var observations: [HostObservation] = []
            for director in directors {
                if let o = report.require([.addresses, .sysctls], of: director.name, in: context) { observations.append(o) }
            }
            // In an HA pair only the active director holds the VIP: judge only with all of them.
            guard observations.count == directors.count else { continue }
            guard observations.contains(where: { $0.holds(vip) }) else { continue }  // NET005's finding

            var reasons: [Message] = []
            var evidence: [Evidence] = []
            var fix: [Message] = []
            var facing = 0
            var answered = false
            var unknown = false
            directors: for observation in observations {
                for interface in observation.interfaces where !interface.isLoopback {
                    guard let subnet = interface.addresses.first(where: { $0.prefix.contains(vip) && $0.prefix.length < 32 }) else { continue }
                    facing += 1
                    switch reply(for: vip, on: interface, of: observation, &report) {
                    case .answers:
                        answered = true
                        break directors
                    case .unknown:
                        unknown = true
                    case let .refuses(reason, lines, commands):
                        reasons.append("\(observation.host) \(interface.name): \(reason)")
                        evidence += lines + [subnet.evidence.evidence]
                        fix += commands.map { "\($0)   # on \(observation.host)" }
                    }
                }
            }
            if answered || unknown { continue }
            if facing == 0 {
                let holders = observations.filter { $0.holds(vip) }
                report.add(
                    host: holders.count == 1 ? holders[0].host : nil, service: service.label,
                    message:
                        "VIP \(vip) is outside every subnet connected on \(directors.map(\.name).joined(separator: ", ")): clients reach it only if the router routes it to a director (anycast, ECMP, a static route), which lvslint cannot see",
                    location: service.location, evidence: holders.flatMap { $0.addresses(equalTo: vip).map(\.evidence.evidence) },
                    severity: .note)
                continue
            }
            report.add(
                host: directors.count == 1 ? directors[0].name : nil, service: service.label,
                message: "no director answers ARP for VIP \(vip), so clients cannot reach \(service.label): \(reasons.joined(separator: "; "))",
                location: service.location, evidence: unique(evidence), fix: fix.isEmpty ? nil : fix)
        }
    }

    enum Reply {
        case answers
        case unknown
        /// Why, the lines that show it, and the commands that would make it answer.
        case refuses(Message, [Evidence], [Message])
    }

    /// Whether `observation`'s host answers, on `interface`, an ARP request for `vip`.
    func reply(for vip: IPAddress, on interface: ObservedInterface, of observation: HostObservation, _ report: inout RuleReport) -> Reply {
        guard interface.flagsKnown else {
            _ = report.arpInterfaces(of: observation)
            return .unknown
        }
        if !interface.isUp { return .refuses("it is down", [interface.evidence.evidence], ["ip link set \(ShellWord.quote(interface.name)) up"]) }
        if interface.flags.contains(.noARP) {
            return .refuses(
                "ARP is switched off there (NOARP)", [interface.evidence.evidence], ["ip link set \(ShellWord.quote(interface.name)) arp on"])
        }
        guard let ignore = report.sysctl("arp_ignore", on: interface.name, of: observation) else { return .unknown }
        let onInterface = interface.addresses.first { $0.prefix.address == vip }
        guard let vipAddress = onInterface ?? observation.firstAddress(equalTo: vip) else {
            // This director does not hold the VIP: it answers only with arp_ignore 0 or 4–7, for nothing.
            return .refuses("it does not hold the VIP", [interface.evidence.evidence], [])
        }
        if ARPReplies.answers(arpIgnore: ignore.value, onIncomingInterface: onInterface != nil, scope: vipAddress.scope) { return .answers }
        let place: Message =
            onInterface == nil
            ? "the VIP is on \(vipAddress.label ?? vipAddress.interface), not on \(interface.name)" : "the VIP is on \(interface.name)"
        var commands: [Message] = []
        if onInterface == nil {
            commands = [
                "ip addr del \(vipAddress.prefix) dev \(ShellWord.quote(vipAddress.interface))",
                "ip addr add \(vip)/32 dev \(ShellWord.quote(interface.name))\(Self.label(for: interface.name).map { " label \(ShellWord.quote($0))" } ?? "")",
            ]
        } else {
            commands = [
                "sysctl -w net.ipv4.conf.all.arp_ignore=0",
                "sysctl -w \(ShellWord.quote(SysctlTable.interfaceKey(device: interface.name, parameter: "arp_ignore") + "=0"))",
            ]
        }
        return .refuses("\(ignore.explanation) and \(place)", [vipAddress.evidence.evidence] + ignore.evidence, commands)
    }

    /// `eth0:vip`, or `eth0:1` where that would pass the kernel's 15 bytes; nil (no label) when neither fits.
    static func label(for device: String) -> String? {
        ["\(device):vip", "\(device):1"].first { InterfaceName.labelProblem($0, device: device) == nil }
    }
}
