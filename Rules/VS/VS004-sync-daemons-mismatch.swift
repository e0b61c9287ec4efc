import LVSModel

/// VS004: the directors' connection sync daemons do not make a pair.
public struct SyncDaemonsMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS004", slug: "sync-daemons-mismatch", title: "Connection sync daemons do not pair up",
        severity: .warning, scope: .all,
        summary:
            "`ipvsadm -L --daemon` on the directors shows connection sync that cannot work: a master daemon with no backup daemon on the other director, different sync ids, or a daemon on an interface the director does not have. Established connections are lost at failover.",
        needs: [.syncDaemons],
        checks: """
            Where a director's keepalived.conf has lvs_sync_daemon and its daemons were captured, a daemon must run \
            on that interface with that sync id (by default the instance's virtual_router_id). Where two or more \
            directors' sync daemons were captured and at least one runs: every master daemon needs \
            a backup daemon on each other director with the same syncid (a backup with syncid 0 accepts every \
            id); a daemon's mcast \
            interface must be one of its director's captured interfaces.
            """,
        mechanism: """
            IPVS connection synchronisation sends the master director's connection entries by multicast \
            (224.0.0.81) out of the master daemon's interface; a backup daemon on the other director receives them \
            on its interface and creates the same entries, so that after a failover the new director forwards \
            established connections to the same real servers. A backup daemon drops messages whose syncid is not \
            its own; a director with no backup daemon receives nothing; a daemon on a missing interface never \
            started. The new director then schedules the established connections' packets afresh: with more than \
            one real server most land on a server that knows nothing of them and are reset.
            """,
        symptom:
            "Every failover resets the established connections (long downloads, websockets, database sessions), although sync daemons were set up.",
        fix: RuleFix(
            summary:
                "Run a master daemon on the active director and a backup daemon on the other (or both on both, as keepalived's lvs_sync_daemon does), on the same segment, with the same syncid.",
            runtime: [
                "ipvsadm --start-daemon master --mcast-interface eth0 --syncid 1   # on the active director",
                "ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 1   # on the other",
            ],
            persistentRHEL: ["keepalived.conf global_defs: lvs_sync_daemon eth0 VI_1 id 1 (the same on both directors)"],
            persistentDebian: ["keepalived.conf global_defs: lvs_sync_daemon eth0 VI_1 id 1 (the same on both directors)"]),
        references: [
            "ipvsadm(8): --start-daemon, --mcast-interface, --syncid (\"filter out multicast messages not matched with the SyncID\")",
            "Linux net/netfilter/ipvs/ip_vs_sync.c: ip_vs_process_message()",
            "keepalived.conf(5): lvs_sync_daemon",
            "keepalived core/global_parser.c: lvs_syncd_handler() (the sync id defaults to the instance's virtual_router_id)",
        ])

    /// keepalived's `lvs_sync_daemon` against the daemons `ipvsadm -L --daemon` shows on its director.
    func compareWithKeepalived(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            guard let wanted = config.syncDaemon, let director = config.director, let observation = context.observations[director],
                observation.has(.syncDaemons)
            else { continue }
            let instance =
                config.syncDaemonInstance.flatMap { name in config.vrrpInstances.first { $0.name == name } }
                ?? (config.vrrpInstances.count == 1 ? config.vrrpInstances.first : nil)
            let id = config.syncDaemonID ?? instance?.virtualRouterID?.value
            let daemons = observation.syncDaemons
            let problem: Message
            if daemons.isEmpty {
                problem =
                    "ipvsadm -L --daemon shows no sync daemon on \(director): keepalived is not running, its VRRP instance is in FAULT, or it could not start one"
            } else if !daemons.contains(where: { $0.interface == wanted.value }) {
                problem = "the daemons on \(director) run on \(Set(daemons.map(\.interface)).sorted().joined(separator: ", ")), not \(wanted.value)"
            } else if let id, !daemons.contains(where: { $0.interface == wanted.value && $0.syncID == id }) {
                problem =
                    "the daemons on \(wanted.value) use syncid \(daemons.map { String($0.syncID) }.joined(separator: ", ")), not \(id)\(config.syncDaemonID == nil ? " (the instance's virtual_router_id, keepalived's default)" : "")"
            } else {
                continue
            }
            report.add(
                host: director, service: nil,
                message: "keepalived.conf runs connection sync on \(wanted.value) (lvs_sync_daemon), but \(problem)",
                location: wanted.line.location, evidence: [wanted.line.evidence] + daemons.map(\.evidence.evidence),
                key: "\(director)|keepalived")
        }
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let directors = context.cluster.hosts.filter { $0.roles.contains(.director) }
        let captured = directors.compactMap { director in context.observations[director.name].flatMap { $0.has(.syncDaemons) ? (director, $0) : nil }
        }
        compareWithKeepalived(context, &report)
        guard captured.contains(where: { !$0.1.syncDaemons.isEmpty }) else { return }
        for (director, observation) in captured {
            for daemon in observation.syncDaemons {
                if observation.has(.addresses), !observation.interfaces.isEmpty,
                    !observation.interfaces.contains(where: { $0.name == daemon.interface })
                {
                    report.add(
                        host: director.name, service: nil,
                        message:
                            "the \(daemon.role.rawValue) sync daemon of \(director.name) is on \(daemon.interface), which \(director.name) does not have: it sends or receives nothing",
                        location: director.location, evidence: [daemon.evidence.evidence], key: "\(director.name)|\(daemon.role)|interface")
                }
            }
        }
        guard captured.count >= 2 else {
            for director in directors where !captured.contains(where: { $0.0.name == director.name }) {
                report.notChecked(host: director.name, reason: "its sync daemons were not captured", missing: .syncDaemons)
            }
            return
        }
        for (director, observation) in captured {
            for master in observation.syncDaemons where master.role == .master {
                for (peer, theirs) in captured where peer.name != director.name {
                    let backups = theirs.syncDaemons.filter { $0.role == .backup }
                    if backups.isEmpty {
                        report.add(
                            host: peer.name, service: nil,
                            message:
                                "\(director.name) runs a master sync daemon (syncid \(master.syncID)) but \(peer.name) runs no backup daemon: \(peer.name) receives none of \(director.name)'s connections, and a failover to it resets them",
                            location: peer.location, evidence: [master.evidence.evidence] + theirs.syncDaemons.map(\.evidence.evidence),
                            key: "\(director.name)|\(peer.name)|no-backup")
                    } else if !backups.contains(where: { $0.syncID == master.syncID || $0.syncID == 0 }) {
                        report.add(
                            host: peer.name, service: nil,
                            message:
                                "\(director.name)'s master sync daemon sends syncid \(master.syncID), \(peer.name)'s backup daemon accepts syncid \(backups.map { String($0.syncID) }.joined(separator: ", ")): every sync message is dropped",
                            location: peer.location, evidence: [master.evidence.evidence] + backups.map(\.evidence.evidence),
                            key: "\(director.name)|\(peer.name)|syncid")
                    }
                }
            }
        }
    }
}
