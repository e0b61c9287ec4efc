import LVSModel

/// DR008: a DR real server's replies should not be routed through a director.
public struct RSGatewayViaDirector: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR008", slug: "rs-gateway-via-director", title: "DR real server routes replies through a director",
        severity: .warning, otherSeverities: [.error], scope: .methods([.dr]),
        summary:
            "A DR real server's default route goes through a director; an error when that director does not forward, filters by reverse path, or refuses local source addresses on that interface.",
        needs: [.routes],
        checks: """
            The real server's best default route must not use an address held by a director of the service. If it \
            does, the director's interface holding that address is checked: `forwarding` must be 1, effective \
            `rp_filter` must not be 1 (strict), effective `accept_local` must be 1 (the replies' source is the VIP, \
            which is local on the director). Any of these failing makes it an error.
            """,
        mechanism: """
            In DR the replies leave the real server with source VIP and go wherever its default route points. \
            When that is the director, the director receives packets from a source address it owns itself (the \
            VIP): the kernel drops them as martians unless accept_local is on, drops them under strict rp_filter, \
            and cannot pass them on unless forwarding is on for that interface. Even when all three are set, the \
            director now carries the reply traffic DR was chosen to avoid.
            """,
        symptom:
            "Clients send SYN, the real server answers, but the SYN-ACK never reaches the client; `nstat` on the director shows IPReversePathFilter or martian counters rising.",
        fix: RuleFix(
            summary:
                "Point the real servers' default route at the router, not the director (or, if you must, enable forwarding and accept_local and loosen rp_filter on the director's inside interface).",
            runtime: ["ip route replace default via ROUTER_IP   # on the real server"],
            persistentRHEL: ["GATEWAY=ROUTER_IP in /etc/sysconfig/network-scripts/ifcfg-ethX (or nmcli con mod ethX ipv4.gateway ROUTER_IP)"],
            persistentDebian: ["gateway ROUTER_IP in /etc/network/interfaces, or routes: in netplan"]),
        references: [
            "Red Hat EL4 Virtual Server Administration, 3.2: \"It is not recommended to use the LVS router as a gateway for the real servers\"",
            "keepalived issue #1827 (rp_filter and accept_local on the director)",
            "Linux Documentation/networking/ip-sysctl.rst: accept_local, rp_filter, forwarding",
        ],
        readsSysctls: ["forwarding", "net.ipv4.ip_forward", "rp_filter", "accept_local"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr]) {
            guard let vip = target.vip else { continue }
            guard let observation = report.require([.routes], of: target, in: context) else { continue }
            guard let route = observation.bestDefaultRoute(family: vip.family), let gateway = route.gateway?.address else { continue }
            // A service has a director or two: no set is built for them per real server.
            let directors = context.cluster.directors(of: target.service)
            guard let owner = context.addressIndex[gateway].first(where: { address in directors.contains { $0.name == address.host } }) else {
                continue
            }
            var problems: [Message] = []
            var evidence = [route.evidence.evidence, owner.address.evidence.evidence]
            if let director = context.observations[owner.host], !director.sysctls.isEmpty {
                let device = owner.interface.name
                if let forwarding = director.sysctls.forwarding(on: device), forwarding.value == 0 {
                    problems.append(forwarding.fromGlobal ? "net.ipv4.ip_forward is 0" : "forwarding is 0 on \(device)")
                    evidence.append(forwarding.entry.evidence.evidence)
                }
                if let rp = director.sysctls.known("rp_filter", on: device), rp.value == 1 {
                    problems.append("rp_filter is strict on \(device) (\(rp.explanation))"); evidence += rp.evidence
                }
                if let local = director.sysctls.known("accept_local", on: device), local.value == 0 {
                    problems.append("accept_local is off on \(device), so replies from the VIP are dropped as martians"); evidence += local.evidence
                }
            }
            let message: Message
            if problems.isEmpty {
                message =
                    "real server \(target.host.name) sends its replies via director \(owner.host) (\(gateway)); DR replies should bypass the director"
            } else {
                message =
                    "real server \(target.host.name) sends its replies via director \(owner.host) (\(gateway)), which drops them: \(problems.joined(separator: "; "))"
            }
            report.add(
                host: target.host.name, service: target.service.label, message: message, location: target.server.location,
                evidence: unique(evidence), severity: problems.isEmpty ? .warning : .error, key: "\(target.host.name)|\(gateway)")
        }
    }
}
