import LVSModel

/// VS007: a director pair balancing with sh/mh and no connection sync, where the new director drops mid-stream packets.
public struct FailoverDropsMidstream: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VS007", slug: "failover-drops-midstream", title: "After failover, mid-stream packets are dropped (sh/mh without sloppy_tcp)",
        severity: .warning, scope: .all,
        summary:
            "A director of a pair balances with a hashing scheduler (`sh`, `mh`), runs no connection sync daemon, and has `net.ipv4.vs.sloppy_tcp = 0`: after a failover it drops the established connections' packets instead of sending them to the server the hash would choose.",
        needs: [.ipvs, .sysctls],
        checks: """
            In a cluster with two or more directors, each director whose table has a TCP or SCTP service scheduled \
            by sh or mh, whose sysctls were captured, and on which no sync daemon runs (`ipvsadm -L --daemon` \
            captured and empty) must have net.ipv4.vs.sloppy_tcp (sloppy_sctp for SCTP) at 1. Without the sync \
            daemon listing the finding says that it assumes there is none.
            """,
        mechanism: """
            IPVS creates a connection entry only from a packet that can start one: a TCP SYN (an SCTP INIT). After a \
            failover the new director has no entry for the connections the old one forwarded, unless a sync daemon \
            copied them; their next packets (ACKs, data) are not SYNs, so IPVS does not schedule them, and they \
            reach the director's own stack, which resets them or drops them. sh and mh choose the real server from \
            a hash of the client's address (and port): the new director would choose the same server as the old \
            one, so the connections could survive if IPVS scheduled mid-stream packets. That is what sloppy_tcp = 1 \
            (sloppy_sctp = 1) does: any packet may create a connection entry. Consistent-hashing pairs (mh, \
            Maglev style) rely on it.
            """,
        symptom:
            "Every failover breaks all established connections (clients see resets or hangs), although both directors hash clients to the same real servers.",
        fix: .sysctl(
            "Set net.ipv4.vs.sloppy_tcp = 1 (and sloppy_sctp = 1 for SCTP services) on both directors, or run connection sync daemons between them.",
            "net.ipv4.vs.sloppy_tcp", 1),
        references: [
            "Linux Documentation/networking/ipvs-sysctl.rst: sloppy_tcp, sloppy_sctp",
            "Linux net/netfilter/ipvs/ip_vs_proto_tcp.c: tcp_conn_schedule() (SYN only unless sloppy_tcp)",
            "ipvsadm(8): -s sh, -s mh",
        ],
        readsSysctls: ["net.ipv4.vs.sloppy_tcp", "net.ipv4.vs.sloppy_sctp"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let directors = context.cluster.hosts.filter { $0.roles.contains(.director) }
        guard directors.count >= 2 else { return }
        for director in directors {
            guard let table = context.observations[director.name]?.ipvs else { continue }
            let hashed = table.services.filter { service in
                guard let scheduler = service.scheduler, ["sh", "mh"].contains(scheduler) else { return false }
                if case let .address(transport, _, _) = service.key { return transport == .tcp || transport == .sctp }
                return true  // a fwmark service carries TCP as often as not
            }
            guard let first = hashed.first, let observation = report.require([.sysctls], of: director.name, in: context) else { continue }
            if observation.has(.syncDaemons), !observation.syncDaemons.isEmpty { continue }
            let sctp: Bool
            if case let .address(transport, _, _) = first.key { sctp = transport == .sctp } else { sctp = false }
            let key = sctp ? "net.ipv4.vs.sloppy_sctp" : "net.ipv4.vs.sloppy_tcp"
            guard let setting = sctp ? observation.sysctls["net.ipv4.vs.sloppy_sctp"] : observation.sysctls["net.ipv4.vs.sloppy_tcp"] else {
                report.notChecked(
                    host: director.name,
                    reason:
                        "it balances by \(first.scheduler ?? "sh"), and its sysctl capture lacks \(key) (ip_vs was not loaded when it was taken, or the capture is partial)",
                    missing: .sysctls)
                continue
            }
            guard setting.intValue == 0 else { continue }
            let sync: Message =
                observation.has(.syncDaemons)
                ? "no sync daemon runs on it"
                : "no sync daemon is known to run on it (capture `ipvsadm -L --daemon` to know)"
            report.add(
                host: director.name, service: context.cluster.services.first { $0.key == first.key }?.label,
                message:
                    "director \(director.name) balances \(first.key) by \(first.scheduler ?? "sh"), \(sync), and \(key) = \(setting.value): after a failover to it, the established connections' packets are dropped instead of following the hash to their real server",
                location: director.location, evidence: [first.evidence.evidence, setting.evidence.evidence], key: director.name)
        }
    }
}
