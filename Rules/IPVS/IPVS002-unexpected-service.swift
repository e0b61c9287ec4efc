import LVSModel

/// IPVS002: a table service the description does not know.
public struct UnexpectedService: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS002", slug: "unexpected-service", title: "IPVS table has a service the description lacks",
        severity: .warning, scope: .all,
        summary: "The table has a service the description lacks.",
        needs: [.ipvs],
        checks:
            "Every service in a director's `ipvsadm -Ln` capture must be described (matched by protocol, VIP and port, or fwmark). On a Kubernetes node the services Kubernetes made (addresses bound to kube-ipvs0, members of kube-proxy's KUBE-* ipsets, NodePorts) are left to the KUBE rules.",
        mechanism:
            "A stale service keeps capturing traffic for its VIP and port, often pointing at decommissioned servers; or the description is out of date and the audit misses a live service.",
        symptom: "Traffic to an old VIP still balanced to old machines; surprises after a change of addresses.",
        fix: RuleFix(
            summary: "Delete the stale service (and save), or add it to the description.",
            runtime: ["ipvsadm -D -t VIP:PORT"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules"]),
        references: ["ipvsadm(8): -D, --delete-service"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let described = Set(context.cluster.services.map(\.key))
        for director in context.cluster.hosts where director.roles.contains(.director) {
            guard let observation = report.require([.ipvs], of: director.name, in: context), let table = observation.ipvs else { continue }
            if let pending = table.pendingServices.first {
                // The printed name may be a described service's VIP, or not: that row is not judged.
                report.notChecked(host: director.name, reason: RuleReport.unresolvedServiceReason(pending), missing: .ipvs)
            }
            // On a Kubernetes node kube-proxy (or kube-router) makes its own services: the KUBE rules judge them.
            let kubernetes = context.kubernetesOwnership[director.name]
            for service in table.services where !described.contains(service.key) && kubernetes?.owns(service.key) != true {
                report.add(
                    host: director.name, service: service.key.description,
                    message: "director \(director.name) balances \(service.key), which the description does not mention",
                    location: director.location, evidence: [service.evidence.evidence])
            }
        }
    }
}
