import LVSModel

/// DR005: the VIP on a real server belongs on lo (or a NOARP device), never on eth0.
public struct RSVIPOnARPInterface: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR005", slug: "rs-vip-on-arp-interface", title: "VIP on an ARP-capable interface of a real server",
        severity: .error, scope: .methods([.dr, .tun]),
        summary: "The VIP sits on an ARP-capable interface (e.g. eth0) of a real server instead of lo, a dummy or a tunnel.",
        needs: [.addresses],
        checks: "On dr/tun real servers, no address equal to the VIP may be on an interface that is up, not loopback and not NOARP.",
        mechanism: """
            arp_ignore=1 makes a server answer ARP only for addresses configured on the interface the request \
            arrived on. A VIP on eth0 is configured on exactly that interface, so the real server answers ARP \
            for the VIP whatever arp_ignore is (short of 8, which breaks the RIP too). `ip addr add` itself \
            sends no gratuitous ARP, so the theft may wait for the router's next ARP request for the VIP; but \
            RHEL's ifup scripts announce a new address with `arping -U`, and NetworkManager announces the \
            addresses of a connection it activates, so a VIP in ifcfg-eth0 or a NetworkManager profile is \
            claimed at once, at every boot.
            """,
        symptom:
            "Once the router asks for the VIP again (at once when ifup or NetworkManager announced the address), its ARP cache points the VIP at the real server: all clients bypass the director.",
        fix: RuleFix(
            summary: "Move the VIP from the Ethernet interface to lo as a /32.",
            runtime: ["ip addr del VIP/NN dev eth0", "ip addr add VIP/32 dev lo label lo:100"],
            persistentRHEL: ["remove the VIP from ifcfg-eth0 (IPADDR1=…/nmcli) and create ifcfg-lo:100 with NETMASK=255.255.255.255"],
            persistentDebian: ["remove the VIP from the eth0 stanza/netplan and add it to lo as VIP/32"]),
        references: [
            "Linux net/ipv4/devinet.c: adding an address sends no ARP; Documentation/networking/ip-sysctl.rst, arp_notify (gratuitous ARP on device up and address change only when set)",
            "RHEL initscripts ifup-eth: arping -U for each address brought up; NetworkManager: ARP announcements on activation",
            "LVS-HOWTO, The ARP Problem: http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.arp_problem.html",
            "Linux Documentation/networking/ip-sysctl.rst, arp_ignore",
        ], labProof: .realServerAnswersARP)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in report.realServersNotDirecting(context, [.dr, .tun]) {
            guard let vip = target.vip else { continue }
            guard let observation = report.require([.addresses], of: target, in: context) else { continue }
            guard let interfaces = report.arpInterfaces(of: observation) else { continue }
            // Only an interface holding the VIP is copied out: the rule asks this of every pair.
            for index in interfaces.indices where interfaces[index].addresses.contains(where: { $0.prefix.address == vip }) {
                let interface = interfaces[index]
                for address in interface.addresses where address.prefix.address == vip {
                    report.add(
                        host: target.host.name, service: target.service.label,
                        message:
                            "VIP \(vip) is on \(address.label ?? interface.name), an interface that answers ARP: \(target.host.name) will claim the VIP from the director; put it on lo",
                        location: target.server.location, evidence: [interface.evidence.evidence, address.evidence.evidence],
                        key: "\(target.host.name)|\(vip)|\(interface.name)")
                }
            }
        }
    }
}
