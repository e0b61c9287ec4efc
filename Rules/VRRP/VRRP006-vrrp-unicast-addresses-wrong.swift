import LVSModel

/// VRRP006: a unicast VRRP instance's own address is not the director's, or it names itself as a peer.
public struct VRRPUnicastAddressesWrong: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP006", slug: "vrrp-unicast-addresses-wrong", title: "A unicast VRRP instance's addresses are the peer's",
        severity: .error, scope: .all,
        summary:
            "A vrrp_instance with `unicast_peer` gives a `unicast_src_ip` the director does not have, or lists one of the director's own addresses as a peer (a keepalived.conf copied from the other director and not swapped): the peers' adverts never arrive, and both directors become MASTER.",
        needs: [.addresses],
        checks: """
            For each director whose keepalived.conf has vrrp_instances with unicast_peer and whose addresses were \
            captured: the instance's unicast_src_ip, when given, must be one of the director's addresses, and no \
            unicast_peer may be one of them.
            """,
        mechanism: """
            With unicast_peer, keepalived sends each advert to every listed peer instead of multicasting it, from \
            unicast_src_ip (default: the first address of the instance's interface). keepalived binds that source \
            with IP_FREEBIND, so an address the host lacks is accepted without a word: its adverts leave with \
            another host's source, and the peer, whose unicast_peer names the address this director really has, \
            either drops them (with check_unicast_src) or answers to the wrong host. A peer entry that is the \
            director's own address sends its adverts to itself. Either way one director never hears the other: \
            after three advert intervals it becomes MASTER too, and both bring up the VIPs (a duplicate address on \
            the segment). The usual cause is one keepalived.conf copied to both directors without swapping \
            unicast_src_ip and unicast_peer.
            """,
        symptom:
            "Both directors claim MASTER and hold the VIP at once; clients' connections break as the switch learns the VIP's MAC from one director, then the other.",
        fix: RuleFix(
            summary:
                "On each director, set unicast_src_ip to its own address on the instance's interface and unicast_peer to the other director's address.",
            runtime: ["ip -br addr   # this director's addresses; then correct unicast_src_ip / unicast_peer and systemctl restart keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived.conf(5): unicast_src_ip, unicast_peer, check_unicast_src",
            "keepalived vrrp/vrrp.c open_vrrp_send_socket(): IP_FREEBIND before bind(unicast_src)",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            let unicast = config.vrrpInstances.filter { !$0.unicastPeers.isEmpty || $0.unicastSource != nil }
            guard let director = config.director, !unicast.isEmpty,
                let observation = report.require([.addresses], of: director, in: context)
            else { continue }
            let own = observation.interfaces.flatMap { interface in interface.addresses.map { ($0.prefix.address, $0) } }
            let addresses = Set(own.map(\.0))
            let shown = own.filter { !$0.0.isLoopback }.prefix(4).map(\.1.evidence.evidence)
            for instance in unicast {
                if let source = instance.unicastSource, !addresses.contains(source.value) {
                    report.add(
                        host: director, service: nil,
                        message:
                            "keepalived: vrrp_instance \(instance.name) sends its adverts from unicast_src_ip \(source.value), which \(director) does not have: its peers send theirs to \(director)'s real address or drop these, and both directors become MASTER",
                        location: source.line.location, evidence: [source.line.evidence] + shown, key: "\(source.line.location)", fix: [])
                }
                for peer in instance.unicastPeers where addresses.contains(peer.value) {
                    report.add(
                        host: director, service: nil,
                        message:
                            "keepalived: vrrp_instance \(instance.name) lists \(peer.value), an address of \(director) itself, as a unicast_peer: it sends its adverts to itself, not to the other director, and both directors become MASTER",
                        location: peer.line.location, evidence: [peer.line.evidence] + shown, key: "\(peer.line.location)", fix: [])
                }
            }
        }
    }
}
