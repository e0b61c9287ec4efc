import LVSModel

/// VRRP004: a director's captured firewall drops the VRRP adverts it must hear.
public struct VRRPAdvertsFiltered: Rule {
    public init() {}

    /// Where VRRPv2/v3 adverts go when no unicast_peer is given (keepalived's vrrp_mcast_group4/6 defaults).
    static let multicast4 = IPAddress("224.0.0.18")
    static let multicast6 = IPAddress("ff02::12")

    public let info = RuleInfo(
        id: "VRRP004", slug: "vrrp-adverts-filtered", title: "The firewall drops VRRP adverts",
        severity: .error, scope: .all,
        summary:
            "A director's captured iptables or nftables rules drop the VRRP adverts of an instance it runs (IP protocol 112 to 224.0.0.18, or from its unicast peers): it never hears the master, and becomes MASTER too.",
        needs: [.firewall],
        checks: """
            For each director whose keepalived.conf is read and whose firewall is captured (`iptables-save`, \
            `nft list ruleset`), each vrrp_instance's adverts are walked through the INPUT chain as netfilter \
            would: protocol 112 (vrrp) arriving on the instance's interface, to 224.0.0.18 (ff02::12 for IPv6), or, \
            with unicast_peer, to the director's own address on that interface. A rule or policy that surely drops \
            them is reported with its line; one that may or may not match is not guessed at.
            """,
        mechanism: """
            A backup stays backup only while it hears the master's adverts (every advert_int seconds). keepalived \
            receives them on a raw socket, but the kernel hands a packet to it only after the INPUT chain has let it \
            through: a firewall with a default policy of DROP that accepts the service's ports and forgets protocol \
            112 (or the multicast group) silences the master. After three intervals the backup declares it dead and \
            takes the VIPs: both directors hold them and answer ARP for them (split brain), and the router's cache \
            flips between two MACs.
            """,
        symptom:
            "Both directors are MASTER at once (`ip addr` shows the VIP on each; keepalived logs \"Entering MASTER STATE\" on both); clients reset as the router's ARP entry flips.",
        fix: RuleFix(
            summary: "Accept VRRP (IP protocol 112) from the peer directors on the instance's interface, before any rule that drops it.",
            runtime: [
                "iptables -I INPUT -i eth0 -p vrrp -j ACCEPT   # or: nft insert rule inet filter input iifname eth0 ip protocol vrrp accept"
            ],
            persistentRHEL: [
                "iptables-save > /etc/sysconfig/iptables   # or firewall-cmd --permanent --add-rich-rule='rule protocol value=\"vrrp\" accept'"
            ],
            persistentDebian: ["iptables-save > /etc/iptables/rules.v4   # with iptables-persistent"]),
        references: [
            "RFC 3768 section 5.2.4 / RFC 5798 section 5.1.1.2: VRRP is IP protocol 112, sent to 224.0.0.18 (ff02::12)",
            "keepalived.conf(5): vrrp_mcast_group4, unicast_peer",
        ],
        examples: [])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // As FW001: only where firewalls were captured at all (a cluster without them has none to judge).
        guard context.observations.values.contains(where: { $0.has(.firewall) }) else { return }
        for config in context.keepalived {
            guard let director = config.director, !config.vrrpInstances.isEmpty,
                let observation = report.require([.firewall], of: director, in: context)
            else { continue }
            for instance in config.vrrpInstances {
                let interface = instance.interface?.value
                var packets: [PacketFilter.Packet] = []
                if instance.unicastPeers.isEmpty {
                    let family = instance.addresses.first?.prefix.address.family ?? .v4
                    if let group = family == .v6 ? Self.multicast6 : Self.multicast4 {
                        packets.append(PacketFilter.Packet(protocolName: "vrrp", destination: group, port: nil, interface: interface))
                    }
                } else {
                    // Unicast adverts come from each peer to this director's own address on the interface.
                    let own = observation.addresses.filter { $0.interface == interface }.map(\.prefix.address)
                    for peer in instance.unicastPeers {
                        guard let destination = own.first(where: { $0.family == peer.value.family }) else { continue }
                        var packet = PacketFilter.Packet(protocolName: "vrrp", destination: destination, port: nil, interface: interface)
                        packet.source = peer.value
                        packets.append(packet)
                    }
                }
                for packet in packets {
                    guard let stop = FirewallDropsService.stop(packet, at: .input, in: observation) else { continue }
                    let to: Message =
                        packet.source.map { "from \($0) to \(packet.destination.map(\.description) ?? "")" }
                        ?? "to \(packet.destination.map(\.description) ?? "")"
                    report.add(
                        host: director, service: nil,
                        message:
                            "\(director)'s firewall drops the VRRP adverts of vrrp_instance \(instance.name) (protocol 112 \(to) on \(interface ?? "its interface")): \(stop.how); it never hears the master, and becomes MASTER too",
                        location: (instance.interface?.line ?? instance.line).location,
                        evidence: [(instance.interface?.line ?? instance.line).evidence, stop.drop.line.evidence],
                        key: "\(instance.line.location)|\(packet.source?.description ?? "multicast")", fix: [])
                    break
                }
            }
        }
    }
}
