import LVSModel

/// DR009: arp_ignore=8 silences the real server completely, RIP included.
public struct RSARPIgnoreAll: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR009", slug: "rs-arp-ignore-all", title: "Real server answers no ARP at all",
        severity: .error, scope: .methods([.dr, .tun]),
        summary: "Effective arp_ignore is 8 on the real server's RIP interface: it answers no ARP at all and the director cannot reach it.",
        needs: [.addresses, .sysctls],
        checks: "On the interface holding the real server's described address, max(conf.all.arp_ignore, conf.<iface>.arp_ignore) must not be 8.",
        mechanism: """
            arp_ignore=8 means "do not reply for all local addresses". It does stop the VIP from being \
            answered, but also the RIP: the director's ARP request for the real server's MAC goes unanswered, so \
            the director cannot deliver a single frame to it (and neither can anyone else on the segment). \
            The value meant is 1.
            """,
        symptom:
            "The real server is unreachable from the director and its neighbours (ping fails with 'Destination Host Unreachable'), health checks fail and the server is removed or times out.",
        fix: RuleFix(
            summary: "Use arp_ignore=1 on the real server.",
            runtime: ["sysctl -w net.ipv4.conf.all.arp_ignore=1", "sysctl -w net.ipv4.conf.IFACE.arp_ignore=1"],
            persistentRHEL: ["set net.ipv4.conf.all.arp_ignore = 1 in /etc/sysctl.d/90-lvs-dr.conf and remove any '= 8'; sysctl --system"],
            persistentDebian: ["set net.ipv4.conf.all.arp_ignore = 1 in /etc/sysctl.d/90-lvs-dr.conf and remove any '= 8'; sysctl --system"]),
        references: ["Linux Documentation/networking/ip-sysctl.rst, arp_ignore: \"8 - do not reply for all local addresses\""],
        readsSysctls: ["arp_ignore"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr, .tun]) {
            guard let observation = report.require([.addresses, .sysctls], of: target, in: context) else { continue }
            for address in observation.addresses(equalTo: target.server.address) {
                guard let interface = observation.interface(named: address.interface), !interface.isLoopback else { continue }
                guard interface.flagsKnown else {
                    _ = report.arpInterfaces(of: observation)
                    continue
                }
                guard interface.doesARP, let value = report.sysctl("arp_ignore", on: interface.name, of: observation), value.value == 8 else {
                    continue
                }
                report.add(
                    host: target.host.name, service: target.service.label,
                    message:
                        "\(target.host.name) answers no ARP on \(interface.name) (\(value.explanation)): the director cannot resolve RIP \(target.server.address); use 1",
                    location: target.server.location, evidence: unique([address.evidence.evidence] + value.evidence),
                    key: "\(target.host.name)|\(interface.name)")
            }
        }
    }
}
