import LVSModel

/// KUBE003: a node answers ARP for the load-balancer addresses on kube-ipvs0 (strictARP off).
public struct KubeStrictARPOff: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KUBE003", slug: "kube-strict-arp-off", title: "Node answers ARP for the service addresses on kube-ipvs0",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary:
            "A load-balancer or external address is bound to kube-ipvs0 and lies in the network of an uplink whose effective arp_ignore is 0: every node answers ARP for it, not only the one MetalLB or kube-vip elected.",
        needs: [.addresses, .sysctls],
        checks: """
            On each Kubernetes node, for every address of kube-ipvs0 (or kube-dummy-if) inside the network of another \
            interface of the node, the effective arp_ignore of that interface (max of conf.all and the interface's own) \
            must be at least 1, as kube-proxy sets it with `ipvs.strictARP: true`; an arp_announce below 2 is said \
            too. The finding is an error when an announcer is captured (MetalLB layer 2: an L2Advertisement or its \
            legacy ConfigMap; kube-vip with vip_arp), a warning otherwise.
            """,
        mechanism: """
            kube-proxy binds every service address, load-balancer addresses included, to kube-ipvs0 on every node. \
            With arp_ignore = 0 the kernel answers an ARP request for any local address on any interface, so each \
            node replies to requests for the load-balancer address arriving on its uplink. MetalLB in layer 2 mode \
            (and kube-vip's ARP mode) relies on exactly one node answering: the elected speaker. With every node \
            answering, the router's ARP entry follows whichever reply came last, and established connections break \
            when it moves. kube-proxy's `strictARP: true` sets net.ipv4.conf.all.arp_ignore = 1 and arp_announce = 2; \
            the sysctls the node really has decide, whatever the configuration says.
            """,
        symptom:
            "Connections to a LoadBalancer address drop or reset at random; the router's ARP table shows the address at changing MAC addresses; `arping` gets replies from several nodes.",
        fix: .sysctl(
            "Set `ipvs.strictARP: true` in kube-proxy's configuration (kubectl -n kube-system edit cm kube-proxy, then restart kube-proxy), or set net.ipv4.conf.all.arp_ignore = 1 and arp_announce = 2 on every node.",
            "net.ipv4.conf.all.arp_ignore", 1, file: "/etc/sysctl.d/90-kube-strict-arp.conf"),
        references: [
            "MetalLB installation: \"If you're using kube-proxy in IPVS mode, since Kubernetes v1.14.2 you have to enable strict ARP mode\"",
            "Kubernetes pkg/proxy/ipvs/proxier.go: with strictARP, net/ipv4/conf/all/arp_ignore = 1 and arp_announce = 2",
            "Linux Documentation/networking/ip-sysctl.rst: arp_ignore, arp_announce",
        ],
        readsSysctls: ["arp_ignore", "arp_announce"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for node in context.kubeNodes {
            guard let service = node.serviceInterface, let observation = report.require(info.needs, of: node.name, in: context) else { continue }
            let uplinks = observation.interfaces.filter { $0.name != service.name && !$0.isLoopback && $0.doesARP }
            let announcers = observation.kubernetes.announcers
            let strict = observation.kubernetes.kubeProxy?.strictARP
            for address in service.addresses {
                let vip = address.prefix.address
                for uplink in uplinks {
                    guard let network = uplink.addresses.first(where: { $0.prefix.length < vip.bitWidth && $0.prefix.contains(vip) }),
                        let ignore = observation.sysctls.known("arp_ignore", on: uplink.name), ignore.value == 0
                    else { continue }
                    let announce = observation.sysctls.known("arp_announce", on: uplink.name)
                    let announceText: Message =
                        announce.map {
                            $0.value < 2 ? "; with \($0.explanation) it may also announce \(vip) as the source of its own ARP requests" : ""
                        } ?? ""
                    let strictText: Message = strict.map { $0.value ? "" : " (kube-proxy's strictARP is false)" } ?? ""
                    let announcerText: Message =
                        announcers.first.map { "; \($0.kind.rawValue) expects only the elected node to answer" } ?? ""
                    report.add(
                        host: node.name, service: nil,
                        message:
                            "node \(node.name) answers ARP for \(vip) (bound to \(service.name)) on \(uplink.name), in \(network.prefix.network)/\(network.prefix.length): \(ignore.explanation)\(strictText)\(announcerText)\(announceText)",
                        location: node.location,
                        evidence: [address.evidence.evidence, network.evidence.evidence] + ignore.evidence
                            + (strict.map { [$0.evidence.evidence] } ?? []) + announcers.prefix(1).map(\.evidence.evidence),
                        severity: announcers.isEmpty ? .warning : .error, key: "\(node.name)|\(vip)|\(uplink.name)")
                }
            }
        }
    }
}
