import LVSModel

/// Mechanism pages for the sysctls the rules read. The kernel's own words are in
/// Documentation/networking/ip-sysctl.rst and ipvs-sysctl.rst; these say the same for an
/// LVS cluster, with what each value does to it.
enum SysctlTopics {
    static let ipSysctl = "Linux Documentation/networking/ip-sysctl.rst"
    static let ipvsSysctl = "Linux Documentation/networking/ipvs-sysctl.rst"

    /// The sentence every max-combined interface parameter shares.
    static func maxOfLevels(_ name: String) -> Message {
        """
        net.ipv4.conf.all.\(name), net.ipv4.conf.default.\(name) and net.ipv4.conf.IFACE.\(name). \
        The kernel uses the larger of `all` and the interface's own value: max(all, IFACE). Writing \
        `all` does not change the per-interface keys, so `sysctl -a` still prints \
        net.ipv4.conf.eth0.\(name) = 0 after `sysctl -w net.ipv4.conf.all.\(name)=1`, and the effective \
        value is 1. `default` is copied into interfaces created later. A value set on `lo` only \
        applies to packets that arrive on lo.
        """
    }

    static func orOfLevels(_ name: String) -> Message {
        """
        net.ipv4.conf.all.\(name), net.ipv4.conf.default.\(name) and net.ipv4.conf.IFACE.\(name). \
        On for an interface when either `all` or the interface's own value is on: to turn it off \
        you must set both.
        """
    }

    static let all: [ExplainTopic] = [
        ExplainTopic(
            name: "arp_ignore", title: "which ARP requests a host answers",
            setting: maxOfLevels("arp_ignore") + " ARP requests arrive on the interface that faces the segment (eth0), never on lo.",
            mechanism: """
                When an ARP request (\"who has 192.0.2.100?\") arrives, arp_ignore decides whether the host answers \
                with its MAC address. At 0 (the default) Linux answers for any address configured on any of its \
                interfaces, including a VIP on lo. A DR or TUN real server holds the VIP on lo so that it accepts \
                the packets the director forwards; if it also answers ARP for the VIP, the router learns the real \
                server's MAC address and sends clients straight to it, bypassing the director.
                """,
            values: [
                ("0", "answer for any local address, on any interface (the default)."),
                (
                    "1",
                    "answer only if the address is configured on the interface the request arrived on: the real server answers for its RIP on eth0 and not for the VIP on lo. What LVS-DR needs."
                ),
                ("2", "as 1, and the sender's address must be in the same subnet as the target address."),
                ("3", "do not answer for addresses of scope host; answer for global and link scope ones."),
                ("4-7", "reserved."),
                ("8", "answer no ARP request at all: the director then cannot reach the real server's RIP either."),
            ],
            advice: """
                On every DR and TUN real server: net.ipv4.conf.all.arp_ignore = 1 (or 2), written to \
                /etc/sysctl.d/ so that it survives a reboot. Not on the director, which must answer for the VIP. \
                Setting it on lo only (as some tutorials do) changes nothing for requests arriving on eth0.
                """,
            sysctls: ["arp_ignore"],
            references: [ipSysctl + ": arp_ignore", "LVS-HOWTO, the ARP problem"]),
        ExplainTopic(
            name: "arp_announce", title: "which source address a host puts in its own ARP requests",
            setting: maxOfLevels("arp_announce"),
            mechanism: """
                When a host sends an ARP request (to find its gateway's MAC address, say), it names a sender IP \
                address in it, and every host on the segment may update its ARP cache from that sender. At 0 \
                Linux uses the source address of the packet that caused the request. A DR real server replies to \
                clients from the VIP, so at 0 its ARP requests say \"the VIP is at my MAC\", and the router may \
                send the VIP's traffic to that real server from then on.
                """,
            values: [
                ("0", "use any local address, normally the source of the packet being sent (the default)."),
                ("1", "try to avoid addresses not in the target's subnet; fall back to level 2 when there is none."),
                (
                    "2",
                    "always use the best local address for the target, chosen from the outgoing interface's own addresses: the VIP on lo never leaks. What LVS-DR needs."
                ),
            ],
            advice: "On every DR and TUN real server: net.ipv4.conf.all.arp_announce = 2, persisted in /etc/sysctl.d/.",
            sysctls: ["arp_announce"],
            references: [ipSysctl + ": arp_announce"]),
        ExplainTopic(
            name: "rp_filter", title: "reverse-path filtering: dropping packets that arrive on the \"wrong\" interface",
            setting: maxOfLevels("rp_filter") + " Many distributions set 1 at boot (RHEL and Ubuntu ship 1 or 2).",
            mechanism: """
                For each packet that arrives, the kernel looks up the route back to its source address. In \
                strict mode the packet is dropped unless that route leaves by the interface the packet came \
                in on. LVS breaks this in two places: a TUN real server receives decapsulated packets on tunl0 \
                whose source (the client) is routed via eth0; and a director whose real servers reply through \
                another path (asymmetric routing) sees those replies on an interface it would not route them to.
                """,
            values: [
                ("0", "no source validation (the kernel's default)."),
                ("1", "strict: drop the packet unless the best route back to its source is the interface it arrived on."),
                ("2", "loose: drop the packet only if its source is not reachable by any interface."),
            ],
            advice: """
                On a TUN real server, rp_filter 0 (or 2) on tunl0 and on `all` (the larger wins). On a director \
                with asymmetric paths, 2 on the interfaces facing the real servers.
                """,
            sysctls: ["rp_filter"],
            references: [ipSysctl + ": rp_filter"]),
        ExplainTopic(
            name: "forwarding", aliases: ["ip_forward"], title: "whether a host routes packets between interfaces",
            setting: """
                net.ipv4.ip_forward (the same value as net.ipv4.conf.all.forwarding) and \
                net.ipv4.conf.IFACE.forwarding. Writing ip_forward sets forwarding on every existing interface \
                and on `default`; at packet time only the value of the interface the packet arrived on counts.
                """,
            mechanism: """
                In NAT mode the real servers' replies go back through the director, which rewrites their source \
                to the VIP and forwards them to the client: the director must forward. In DR and TUN the director \
                only receives; it forwards only when it is also the real servers' gateway.
                """,
            values: [
                ("0", "the host does not forward (the kernel's default)."),
                ("1", "packets that arrive on the interface may be routed out of another."),
            ],
            advice: """
                On a NAT director: net.ipv4.ip_forward = 1 in /etc/sysctl.d/ (a later per-interface write of 0 \
                still stops that interface). A real server does not need it.
                """,
            sysctls: ["forwarding", "net.ipv4.ip_forward"],
            references: [ipSysctl + ": ip_forward, forwarding"]),
        ExplainTopic(
            name: "send_redirects", title: "ICMP redirects a router sends to hosts on its own segment",
            setting: orOfLevels("send_redirects") + " The default is on.",
            mechanism: """
                A router that forwards a packet out of the interface it came in on tells the sender that a \
                better next hop exists on its segment. A NAT director whose real servers share a segment with \
                another router can send them such redirects, and the real servers then send replies past the \
                director, where nothing rewrites them.
                """,
            values: [("0", "send no redirects."), ("1", "send redirects (the default).")],
            advice: "On a NAT director: 0 on `all` and on the interface facing the real servers (both: either one on sends them).",
            sysctls: ["send_redirects"],
            references: [ipSysctl + ": send_redirects"]),
        ExplainTopic(
            name: "accept_local", title: "accepting packets whose source address is one of the host's own",
            setting: orOfLevels("accept_local"),
            mechanism: """
                A DR real server replies from the VIP. When its gateway is the director, the director sees \
                packets whose source (the VIP) is one of its own addresses, and drops them as martians unless \
                accept_local is on (and rp_filter lets them through).
                """,
            values: [("0", "drop packets with a local source address (the default)."), ("1", "accept them.")],
            advice: "Only where a DR director is also its real servers' gateway: 1 on the interface facing them, with rp_filter 0 or 2.",
            sysctls: ["accept_local"],
            references: [ipSysctl + ": accept_local"]),
        ExplainTopic(
            name: "arp_filter", title: "answering ARP only on the interface a reply would leave by",
            setting: orOfLevels("arp_filter"),
            mechanism: """
                With arp_filter on, a host answers an ARP request on an interface only if it would route packets \
                to the requester out of that interface. It is meant for hosts with several interfaces on one \
                segment; it does not hide a VIP on lo from ARP (arp_ignore does).
                """,
            values: [("0", "answer on any interface (the default)."), ("1", "answer only where the kernel would route the reply.")],
            advice: "Leave it at 0 unless you route by source per interface; use arp_ignore and arp_announce for LVS-DR.",
            references: [ipSysctl + ": arp_filter"]),
        ExplainTopic(
            name: "conntrack", title: "IPVS connections in netfilter's connection tracking",
            setting: "net.ipv4.vs.conntrack, on the director (IPVS's own sysctls exist once the ip_vs module is loaded).",
            mechanism: """
                At 0 IPVS handles its connections without keeping netfilter's conntrack entries for them, so \
                a stateful firewall rule (`-m conntrack --ctstate ESTABLISHED`, nftables `ct state`) does not \
                see them as established, and drops their later packets.
                """,
            values: [("0", "no conntrack entries for IPVS connections (the default)."), ("1", "keep them, for stateful firewall rules.")],
            advice: "1 on a director whose firewall has stateful rules on the service's path (kube-proxy sets 1).",
            sysctls: ["net.ipv4.vs.conntrack"],
            references: [ipvsSysctl + ": conntrack"]),
        ExplainTopic(
            name: "conn_reuse_mode", title: "what IPVS does when a client reuses a source port",
            setting: "net.ipv4.vs.conn_reuse_mode, on the director.",
            mechanism: """
                A new connection from the same client address and port as an old one in IPVS's table is either \
                sent to the old connection's real server, or rescheduled. The value is a bitmap. With bit 1 set \
                and net.ipv4.vs.conntrack = 1, kernels before 5.9 drop the first SYN of such a connection, so \
                clients that reuse ports quickly (load tests, proxies, Kubernetes nodes) see about a second of \
                delay on new connections.
                """,
            values: [
                ("0", "no special handling: the new connection goes to the old one's real server (expire_nodest_conn then does nothing)."),
                (
                    "bit 1",
                    "reschedule the new connection when it is safe: with expire_nodest_conn, and for TCP in TIME_WAIT (seen in NAT mode only). The default, 1."
                ),
                (
                    "bit 2",
                    "bit 1, and also TCP connections in FIN_WAIT, the last state a DR director sees: helps when real servers are added to a busy cluster."
                ),
            ],
            advice: "Keep 1 on kernels from 5.9; before 5.9 with conntrack on, weigh 0 against the one-second stalls.",
            sysctls: ["net.ipv4.vs.conn_reuse_mode"],
            references: [ipvsSysctl + ": conn_reuse_mode"]),
        ExplainTopic(
            name: "expire_nodest_conn", title: "connections to a real server that was removed",
            setting: "net.ipv4.vs.expire_nodest_conn, on the director.",
            mechanism: """
                When a real server leaves the table (a health check fails, you delete it), IPVS keeps the \
                connections that were going to it. At 0 their packets are dropped silently until the entry times \
                out, and the clients hang instead of reconnecting to another real server.
                """,
            values: [
                ("0", "keep the entry and drop its packets until it expires (the default)."),
                ("1", "expire the entry at its next packet, so the client's next attempt is scheduled anew."),
            ],
            advice: "1 on a health-checked director (keepalived, ldirectord); kube-proxy sets 1.",
            sysctls: ["net.ipv4.vs.expire_nodest_conn"],
            references: [ipvsSysctl + ": expire_nodest_conn"]),
        ExplainTopic(
            name: "expire_quiescent_template", title: "persistence templates to a drained real server",
            setting: "net.ipv4.vs.expire_quiescent_template, on the director.",
            mechanism: """
                With persistence, IPVS keeps a template per client that sends it to the same real server. A \
                real server drained with weight 0 gets no new clients, but at 0 the templates keep sending its \
                old clients there until they expire.
                """,
            values: [
                ("0", "templates to a weight-0 server stay until they expire (the default)."),
                ("1", "such templates expire at their next use, so the client is scheduled to another server."),
            ],
            advice: "1 on a director with persistent services that you drain by setting weight 0.",
            sysctls: ["net.ipv4.vs.expire_quiescent_template"],
            references: [ipvsSysctl + ": expire_quiescent_template"]),
        ExplainTopic(
            name: "sloppy_tcp", aliases: ["sloppy_sctp"], title: "connections IPVS picks up mid-stream",
            setting: "net.ipv4.vs.sloppy_tcp (and sloppy_sctp for SCTP), on the director.",
            mechanism: """
                IPVS makes a connection entry only from a packet that can open a connection: a TCP SYN, an SCTP \
                INIT. A packet of a connection it has no entry for (after a failover without connection sync, \
                after the entry expired) is not forwarded: it goes on to the director's own stack. At 1, any \
                packet may create the entry, so a director that takes over picks up connections mid-stream; with a \
                hashing scheduler (sh, mh) they go to the real server the old director chose.
                """,
            values: [("0", "only a SYN (an INIT) opens a connection entry (the default)."), ("1", "any packet may open one.")],
            advice: "1 on directors of a pair that balance by sh or mh without connection sync; otherwise leave 0.",
            sysctls: ["net.ipv4.vs.sloppy_tcp", "net.ipv4.vs.sloppy_sctp"],
            references: [ipvsSysctl + ": sloppy_tcp, sloppy_sctp"]),
        ExplainTopic(
            name: "tcp_keepalive_time", aliases: ["net.ipv4.tcp_keepalive_time"], title: "how soon an idle TCP connection sends a keepalive",
            setting: "net.ipv4.tcp_keepalive_time, on the real servers (and clients), for sockets with SO_KEEPALIVE.",
            mechanism: """
                A socket with keepalives on sends its first probe after this many seconds of silence (7200 by \
                default), then tcp_keepalive_intvl apart. A probe is a packet of the connection: it refreshes the \
                IPVS entry on the director, which IPVS otherwise forgets after its TCP timeout (900 s by default, \
                ipvsadm --set). A connection idle longer than that timeout with no probe in between loses its \
                entry, and its next packet is not forwarded.
                """,
            values: [("7200", "the first probe after two hours of silence (the default)."), ("N", "the first probe after N seconds.")],
            advice: "Below the directors' IPVS TCP timeout on real servers with long-lived idle connections (600 with the default 900).",
            sysctls: ["net.ipv4.tcp_keepalive_time"],
            references: [ipSysctl + ": tcp_keepalive_time", "ipvsadm(8): --set"]),
        ExplainTopic(
            name: "backup_only", title: "a backup director that does not schedule",
            setting: "net.ipv4.vs.backup_only, on each director of a pair.",
            mechanism: """
                Two boxes that are each a director and a real server of the other (the two-box cluster) forward \
                each other's forwarded packets in DR and TUN: a loop. With backup_only set, the director function \
                is off while the host runs a backup sync daemon.
                """,
            values: [("0", "schedule whatever the sync state (the default)."), ("1", "do not schedule while in backup mode.")],
            advice: "1 on both boxes of a two-box DR or TUN cluster, with keepalived's lvs_sync_daemon running.",
            sysctls: ["net.ipv4.vs.backup_only"],
            references: [ipvsSysctl + ": backup_only"]),
    ]
}
