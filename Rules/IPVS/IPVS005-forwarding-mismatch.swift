import LVSModel

/// IPVS005: the forwarding method in the table must be the described one.
public struct ForwardingMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "IPVS005", slug: "forwarding-mismatch", title: "Forwarding method differs from the description",
        severity: .error, scope: .all,
        summary: "The forwarding method in the table (Route/Masq/Tunnel) differs from the description.",
        needs: [.ipvs],
        checks:
            "For each described real server found in a director's table, the Forward column must match its method: dr = Route, nat = Masq, tun = Tunnel. `Local` (the server is the director itself) is accepted.",
        mechanism: """
            ipvsadm defaults to direct routing (-g) when no method is given, keepalived defaults to NAT: a \
            forgotten -m or lvs_method silently changes how packets are delivered. A NAT real server reached by \
            DR receives packets still addressed to the VIP, which it does not hold, and drops them. A DR real \
            server reached by NAT receives packets rewritten to its RIP, so it replies from the RIP, and its \
            default route (the router, not the director) carries the reply past the director un-NATed: the \
            client gets a SYN-ACK from an address it never contacted and answers with a reset.
            """,
        symptom: "Connections hang or reset for every client sent to the affected servers; `ipvsadm -Lnc` shows SYN_RECV.",
        fix: RuleFix(
            summary: "Re-add the server with the right method flag (-g DR, -m NAT, -i TUN).",
            runtime: ["ipvsadm -e -t VIP:PORT -r RIP:PORT -m   # or -g / -i"],
            persistentRHEL: ["ipvsadm-save -n > /etc/sysconfig/ipvsadm (or lvs_method in keepalived.conf)"],
            persistentDebian: ["ipvsadm-save -n > /etc/ipvsadm.rules (or lvs_method in keepalived.conf)"]),
        references: ["ipvsadm(8): -g is the default", "keepalived.conf(5): lvs_method (default NAT)"], comparesTableWithServices: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for view in report.tableViews(context, needsConfiguration: true) {
            guard view.entry != nil else { continue }
            for server in view.service.realServers {
                guard let destination = view.destination(for: server),
                    let forwarding = destination.forwarding, forwarding != .local,
                    forwarding.method != server.method
                else { continue }
                report.add(
                    host: view.director.name, service: view.service.label,
                    message:
                        "director \(view.director.name) forwards to \(server.address) by \(forwarding) but the description says \(server.method.rawValue) (\(server.method.ipvsadmWord))",
                    location: server.location, evidence: [destination.evidence.evidence],
                    fix: [
                        "ipvsadm -e \(IPVSAdmWords.service(view.service.key)) -r \(IPVSAdmWords.hostPort(destination.address, destination.port)) \(IPVSAdmWords.flag(server.method)) -w \(destination.weight ?? server.weight)   # on \(view.director.name)",
                        "ipvsadm-save -n > /etc/sysconfig/ipvsadm   # on \(view.director.name) (Debian: > /etc/ipvsadm.rules); or fix lvs_method in keepalived.conf",
                    ])
            }
        }
    }
}
