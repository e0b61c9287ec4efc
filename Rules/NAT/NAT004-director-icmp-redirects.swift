import LVSModel

/// NAT004: a one-armed NAT director must not send ICMP redirects to its real servers.
public struct DirectorICMPRedirects: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT004", slug: "director-icmp-redirects", title: "One-armed NAT director sends ICMP redirects",
        severity: .warning, scope: .methods([.nat]),
        summary:
            "A director sharing a segment with its NAT real servers, and forwarding their replies out of the same interface, has effective send_redirects on there, teaching them to bypass it.",
        needs: [.routes, .sysctls],
        checks: """
            When a director reaches a NAT real server on a connected route through interface D and its own default \
            route also leaves through D (one-armed NAT), send_redirects on D, either(conf.all, conf.D), must be 0.
            """,
        mechanism: """
            A router that forwards a packet back out of the interface it came in on, towards a next hop on the \
            same subnet as the sender, tells the sender with an ICMP redirect to use that next hop directly. In \
            one-armed NAT that is exactly what happens to every reply: the director sends redirects and the real \
            servers start sending replies straight to the router, un-NATed. send_redirects is on when either \
            conf.all or conf.<iface> is on, so both must be 0. At boot, conf.default is copied only into \
            interfaces created after it is written; eth0 usually exists before sysctl.d is applied, so the \
            persistent file must name conf.<iface> as well as all and default.
            """,
        symptom:
            "The cluster works for a while after boot, then connections start failing as real servers cache the redirect (`ip route get CLIENT` on a real server shows `cache <redirected>`).",
        fix: RuleFix(
            summary: "Turn off send_redirects on `all` and on the shared interface of the director.",
            runtime: ["sysctl -w net.ipv4.conf.all.send_redirects=0", "sysctl -w net.ipv4.conf.IFACE.send_redirects=0"],
            persistentRHEL: [
                "printf 'net.ipv4.conf.all.send_redirects = 0\\nnet.ipv4.conf.default.send_redirects = 0\\nnet.ipv4.conf.IFACE.send_redirects = 0\\n' > /etc/sysctl.d/90-lvs-nat.conf && sysctl --system   # IFACE too: conf.default reaches only interfaces created after it is set, and eth0 usually exists by then"
            ],
            persistentDebian: [
                "printf 'net.ipv4.conf.all.send_redirects = 0\\nnet.ipv4.conf.default.send_redirects = 0\\nnet.ipv4.conf.IFACE.send_redirects = 0\\n' > /etc/sysctl.d/90-lvs-nat.conf && sysctl --system   # IFACE too: conf.default reaches only interfaces created after it is set, and eth0 usually exists by then"
            ]),
        references: [
            "Linux Documentation/networking/ip-sysctl.rst, send_redirects: enabled \"if at least one of conf/{all,interface}/send_redirects is set to TRUE\"",
            "LVS-HOWTO, LVS-NAT (one-network NAT and ICMP redirects)",
        ],
        readsSysctls: ["send_redirects"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            for director in context.cluster.directors(of: target.service) {
                guard let observation = report.require([.routes, .sysctls], of: director.name, in: context) else { continue }
                guard let route = observation.route(to: target.server.address), route.isConnected, let device = route.device,
                    let outbound = observation.bestDefaultRoute(family: target.server.address.family), outbound.device == device,
                    let redirects = report.sysctl("send_redirects", on: device, of: observation), redirects.value == 1
                else { continue }
                report.add(
                    host: director.name, service: target.service.label,
                    message:
                        "director \(director.name) forwards NAT replies in and out of \(device) and sends ICMP redirects there (\(redirects.explanation)): real servers learn to bypass it",
                    location: target.server.location,
                    evidence: unique([route.evidence.evidence, outbound.evidence.evidence] + redirects.evidence),
                    key: "\(director.name)|\(device)")
            }
        }
    }
}
