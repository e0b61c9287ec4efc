import LVSModel

/// NET006: an IPv6 address that failed duplicate address detection is unusable.
public struct AddressDADFailed: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET006", slug: "address-dad-failed", title: "IPv6 address failed duplicate address detection",
        severity: .error, scope: .all,
        summary: "An IPv6 address failed duplicate address detection.",
        needs: [.addresses],
        checks: "No captured address may carry the `dadfailed` flag.",
        mechanism:
            "When another node already answers Neighbour Solicitations for the address, the kernel marks it dadfailed and never uses it. For an IPv6 VIP on real servers this happens when it is added without `nodad` on an interface that does neighbour discovery.",
        symptom: "`ip -6 addr` shows `tentative dadfailed`; the address neither sends nor receives.",
        fix: RuleFix(
            summary: "Remove the duplicate, or add a VIP on lo with nodad.",
            runtime: ["ip -6 addr del ADDRESS/128 dev IFACE", "ip -6 addr add VIP/128 dev lo nodad"],
            persistentRHEL: ["IPV6ADDR_SECONDARIES / nmcli ipv6.addresses with the corrected address"],
            persistentDebian: ["the corrected address in /etc/network/interfaces (dad-attempts 0) or netplan"]),
        references: ["Linux Documentation/networking/ip-sysctl.rst: accept_dad, dad_transmits", "RFC 4862 §5.4"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name] else { continue }
            for address in observation.addresses where address.dadFailed {
                report.add(
                    host: host.name, service: nil,
                    message: "\(address.prefix) on \(address.interface) of \(host.name) failed duplicate address detection: another node claims it",
                    location: host.location, evidence: [address.evidence.evidence])
            }
        }
    }
}
