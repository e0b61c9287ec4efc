import LVSModel

/// DR011: a standby director that is also a real server must not schedule again.
public struct RSRebalances: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR011", slug: "rs-rebalances", title: "Real server schedules the VIP's packets again",
        severity: .error, scope: .methods([.dr, .tun]),
        summary:
            "A host that receives DR/TUN packets for a VIP from a director also has an IPVS service for that VIP while it is not the active director: it schedules them again, and can send them back (a loop).",
        needs: [.ipvs, .addresses],
        checks: """
            For each dr/tun real server of a service that another director also serves: when the real server's \
            own IPVS table (captured) holds the same service and it is not the active director (it does not hold \
            the VIP on an interface that does ARP), the other director's packets reach a host that balances them \
            again. Not reported when its net.ipv4.vs.backup_only is 1 (the kernel then leaves a sync-daemon \
            backup alone). When the other directors' tables were captured, one of them must send to this real \
            server by Route or Tunnel for the loop to exist.
            """,
        mechanism: """
            The classic two-node cluster: both machines run keepalived, each is a director and a real server. \
            The active node holds the VIP and balances; the standby holds the VIP on lo to accept its share. \
            But keepalived loads the virtual servers on both nodes, so when the active director hands a packet \
            to the standby (DR changes only the MAC), the packet meets the standby's IPVS service for the same \
            VIP and is scheduled again: half the time back to the active node, which schedules it again, and so \
            on. Connections stall or loop until the TTL runs out, and both nodes burn CPU.
            """,
        symptom:
            "About half the connections to the VIP hang or are very slow; `ipvsadm -Lnc` on both nodes shows the same client connection; packet counters grow on both nodes' services.",
        fix: RuleFix(
            summary:
                "Stop the standby from scheduling: no IPVS service for the VIP on the standby, or net.ipv4.vs.backup_only=1 with lvs_sync_daemon roles, or firewall marks that leave out packets from the other director's MAC.",
            runtime: [
                "sysctl -w net.ipv4.vs.backup_only=1   # on both nodes; needs the sync daemon running (keepalived lvs_sync_daemon)",
                "ipvsadm -D -t VIP:PORT   # on the standby, when it is not managed by keepalived",
                "iptables -t mangle -A PREROUTING -d VIP -p tcp --dport PORT -m mac ! --mac-source OTHER_DIRECTOR_MAC -j MARK --set-mark 1   # then balance `-f 1` instead of VIP:PORT",
            ],
            persistentRHEL: [
                "echo 'net.ipv4.vs.backup_only = 1' > /etc/sysctl.d/90-lvs-two-node.conf, and lvs_sync_daemon in keepalived.conf's vrrp_instance",
                "or virtual_server fwmark N in keepalived.conf, with the MAC-excluding MARK rule saved in /etc/sysconfig/iptables",
            ],
            persistentDebian: [
                "echo 'net.ipv4.vs.backup_only = 1' > /etc/sysctl.d/90-lvs-two-node.conf, and lvs_sync_daemon in keepalived.conf's vrrp_instance",
                "or virtual_server fwmark N in keepalived.conf, with the MAC-excluding MARK rule saved by iptables-persistent",
            ]),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst, backup_only: \"disable the director function while the server is in backup mode to avoid packet loops for DR/TUN methods\"",
            "LVS-HOWTO, two-box LVS (each director also a real server): the loop and the fwmark-by-MAC fix",
            "keepalived.conf(5): lvs_sync_daemon",
        ],
        readsSysctls: ["net.ipv4.vs.backup_only"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.dr, .tun]) {
            let others = context.cluster.directors(of: target.service).filter { $0.name != target.host.name }
            guard !others.isEmpty, let vip = target.vip else { continue }
            // A described director must have its table captured; a plain real server is judged
            // only when a table was captured on it (most have none).
            let hasTable = context.observations[target.host.name]?.has(.ipvs) == true
            guard hasTable || target.host.roles.contains(.director) else { continue }
            guard let observation = report.require([.ipvs, .addresses], of: target, in: context),
                let own = observation.ipvs?.service(target.service.key)
            else { continue }
            // The active director holds the VIP where ARP reaches it; it is meant to balance.
            if observation.holdsWhereARPReaches(vip) { continue }
            if let backupOnly = observation.sysctls["net.ipv4.vs.backup_only"], backupOnly.intValue == 1 { continue }
            // When the other directors' tables are known, one must forward to this host by DR or TUN.
            var sender: (HostDescription, IPVSDestination)?
            var tablesKnown = false
            for director in others {
                guard let table = context.observations[director.name]?.ipvs, let entry = table.service(target.service.key) else { continue }
                tablesKnown = true
                if let d = entry.destinations.first(where: {
                    $0.address == target.server.address && ($0.forwarding == .route || $0.forwarding == .tunnel)
                }) {
                    sender = (director, d)
                    break
                }
            }
            if tablesKnown && sender == nil { continue }
            var evidence = [own.evidence.evidence] + own.destinations.prefix(4).map(\.evidence.evidence)
            if let (_, d) = sender { evidence.append(d.evidence.evidence) }
            let vipPlace =
                observation.firstAddress(equalTo: vip).map { " (it holds the VIP on \($0.label ?? $0.interface) only)" as Message } ?? ""
            report.add(
                host: target.host.name, service: target.service.label,
                message:
                    "\(target.host.name) receives \(target.service.label) packets from \(sender.map { "director \($0.0.name)" } ?? others.map(\.name).joined(separator: ", ")) but its own IPVS table also balances \(target.service.key) while it is not the active director\(vipPlace): it schedules them again, and may send them back (a loop)",
                location: target.server.location, evidence: unique(evidence), key: "\(target.host.name)|\(target.service.key)")
        }
    }
}
