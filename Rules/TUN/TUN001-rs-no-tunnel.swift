import LVSModel

/// TUN001: a TUN real server needs an IPIP tunnel device up to decapsulate.
public struct RSNoTunnel: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "TUN001", slug: "rs-no-tunnel", title: "TUN real server has no IPIP tunnel device",
        severity: .error, scope: .methods([.tun]),
        summary: "A TUN real server has no IPIP tunnel interface (`tunl0` or type ipip) up.",
        needs: [.addresses],
        checks:
            "A real server whose method is tun must show an interface that is an IPIP tunnel (`tunl0`, `link/ipip`, or kind ipip with `ip -d`) and is up.",
        mechanism: """
            In TUN mode the director wraps each client packet in an IPIP header addressed to the RIP. The real \
            server decapsulates it only if the ipip module is loaded and a tunnel device exists and is up \
            (tunl0 appears when the module loads); otherwise the kernel sees protocol 4 it does not handle and \
            drops the packet.
            """,
        symptom: "Clients hang; on the real server `tcpdump -n proto 4` shows the encapsulated packets arriving and nothing answering.",
        fix: RuleFix(
            summary: "Load ipip, bring tunl0 up, and put the VIP on it (or on lo).",
            runtime: ["modprobe ipip", "ip link set tunl0 up", "ip addr add VIP/32 dev tunl0"],
            persistentRHEL: [
                "echo ipip > /etc/modules-load.d/ipip.conf; create ifcfg-tunl0 (DEVICE=tunl0, TYPE=IPIP, IPADDR=VIP, NETMASK=255.255.255.255, ONBOOT=yes)"
            ],
            persistentDebian: [
                "echo ipip >> /etc/modules; add `auto tunl0` / `iface tunl0 inet static` with address VIP/32 to /etc/network/interfaces"
            ]),
        references: [
            "LVS-HOWTO, LVS-Tun: \"The realserver receives the packet on a tunl0 device\" http://www.austintek.com/LVS/LVS-HOWTO/HOWTO/LVS-HOWTO.LVS-Tun.html",
            "ipvsadm(8): -i, --ipip",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.tun]) {
            guard let observation = report.require([.addresses], of: target, in: context) else { continue }
            let tunnels = observation.interfaces.filter(\.isTunnel)
            if tunnels.contains(where: \.isUp) { continue }
            let message: Message =
                tunnels.isEmpty
                ? "TUN real server \(target.host.name) has no IPIP tunnel device: the encapsulated packets from the director are dropped"
                : "the IPIP tunnel device \(tunnels.map(\.name).joined(separator: ", ")) of TUN real server \(target.host.name) is down: the encapsulated packets are dropped"
            report.add(
                host: target.host.name, service: target.service.label, message: message, location: target.server.location,
                evidence: tunnels.isEmpty ? observation.interfaces.map(\.evidence.evidence) : tunnels.map(\.evidence.evidence),
                key: target.host.name)
        }
    }
}
