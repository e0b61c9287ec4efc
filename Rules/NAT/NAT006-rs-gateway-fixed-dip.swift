import LVSModel

/// NAT006: with several directors, NAT real servers route through a floating address.
public struct RSGatewayFixedDIP: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT006", slug: "rs-gateway-fixed-dip", title: "NAT real servers route through one director's fixed address",
        severity: .warning, scope: .methods([.nat]),
        summary:
            "With several directors, real servers route through one director's fixed address instead of a floating one: a failover blackholes replies.",
        needs: [.routes],
        checks:
            "When a NAT service has two or more directors, a real server's default gateway must not be a director's own address as the description gives it (its DIP); it should be a floating inside address that moves with the VIP.",
        mechanism:
            "After a failover the new master owns the VIP, but the real servers still send their replies to the old director's own address. If that director is down the replies are lost; if it is up but backup, it has no connection state to NAT them.",
        symptom: "Total outage right after a failover, although the VIP moved correctly and health checks pass.",
        fix: RuleFix(
            summary:
                "Add a floating inside address to the VRRP instance (keepalived virtual_ipaddress on the inside interface) and point the real servers' default route at it.",
            runtime: ["ip route replace default via FLOATING_INSIDE_IP   # on each real server"],
            persistentRHEL: [
                "keepalived: add FLOATING_INSIDE_IP to virtual_ipaddress on both directors; GATEWAY=FLOATING_INSIDE_IP on the real servers"
            ],
            persistentDebian: [
                "keepalived: add FLOATING_INSIDE_IP to virtual_ipaddress on both directors; gateway FLOATING_INSIDE_IP on the real servers"
            ]),
        references: ["Ultra Monkey: \"the default route should be set to the internal virtual address\"", "keepalived.conf(5): virtual_ipaddress"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            let directors = context.cluster.directors(of: target.service)
            guard directors.count > 1 else { continue }
            guard let observation = report.require([.routes], of: target, in: context),
                let route = observation.bestDefaultRoute(family: target.server.address.family),
                let gateway = route.gateway?.address,
                let fixed = directors.first(where: { $0.address == gateway })
            else { continue }
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "NAT real server \(target.host.name) routes its replies via \(gateway), director \(fixed.name)'s own address; after a failover to \(directors.filter { $0.name != fixed.name }.map(\.name).joined(separator: ", ")) the replies go nowhere",
                location: target.server.location, evidence: [route.evidence.evidence], key: "\(target.host.name)|\(gateway)")
        }
    }
}
