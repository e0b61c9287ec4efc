import LVSModel

/// NET003: the description's real-server address must exist on that host.
public struct RIPNotConfigured: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NET003", slug: "rip-not-configured", title: "Real-server address not configured on its host",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary: "The described real-server address is not configured on that host.",
        needs: [.addresses],
        checks:
            "For each real server that names a host, the address the description gives it (its own or the host's) must appear in that host's address capture.",
        mechanism:
            "The director sends this server's share of traffic to the described address. If the host does not hold it, the frames go to whoever does, or nowhere.",
        symptom:
            "Connections fail for a fraction of clients; health checks to the RIP fail or, worse, succeed against another machine that holds that address.",
        fix: RuleFix(
            summary: "Correct the address in the description (and the IPVS table), or configure it on the host.",
            runtime: ["ip addr add RIP/NN dev IFACE", "ipvsadm -d -t VIP:PORT -r OLD && ipvsadm -a -t VIP:PORT -r RIP:PORT -g"],
            persistentRHEL: ["set IPADDR in /etc/sysconfig/network-scripts/ifcfg-IFACE (or nmcli)"],
            persistentDebian: ["set the address in /etc/network/interfaces or netplan"]),
        references: ["ipvsadm(8): -r, --real-server"], labProof: .ownerSilent)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // Real servers that name their host; one matched to a host by its address holds it.
        for target in context.targets(Set(ForwardingMethod.allCases)) where target.serverNamesHost {
            guard let observation = report.require([.addresses], of: target, in: context) else { continue }
            let address = target.serverAddress
            guard !observation.holds(address) else { continue }
            let (severity, caveat) = observation.absenceCaveat(info.severity)
            let host = target.hostName
            report.add(
                host: host, service: target.service.label,
                message: "\(host) does not hold its real-server address \(address)\(caveat)",
                location: target.server.location, evidence: observation.addressEvidence, severity: severity,
                key: "\(host)|\(address)")
        }
    }
}
