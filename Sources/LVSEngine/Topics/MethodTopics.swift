/// Mechanism pages for the forwarding methods and the concepts people meet first.
enum MethodTopics {
    static let all: [ExplainTopic] = [
        ExplainTopic(
            name: "dr", aliases: ["lvs-dr", "direct-routing", "gatewaying", "route", "droute"],
            title: "direct routing (DR, ipvsadm -g): the director rewrites only the MAC address",
            mechanism: """
                The client sends to the VIP; the router delivers the packet to the director, which holds the VIP \
                on an interface that answers ARP. The director picks a real server and sends the packet on, \
                unchanged but for the destination MAC address: so every real server must be on the director's \
                segment (reachable without a router). The real server must accept a packet addressed to the VIP, \
                so it holds the VIP too, on lo as a /32, and must not answer ARP for it (arp_ignore 1, \
                arp_announce 2), or the router would send clients to it directly. It replies straight to the \
                client, from the VIP, through its own gateway: the director never sees replies. The port cannot \
                be changed (the packet is not rewritten).
                """,
            advice: """
                Director: the VIP on its segment-facing interface (or held by keepalived's VRRP), `ipvsadm -A -t \
                VIP:PORT -s rr` and `ipvsadm -a -t VIP:PORT -r RIP -g` per real server, the table saved for boot. \
                Each real server: `ip addr add VIP/32 dev lo`, net.ipv4.conf.all.arp_ignore = 1 and \
                arp_announce = 2, all persisted, and a service listening on the VIP (or 0.0.0.0).
                """,
            families: ["DR"], ruleIDs: ["NET003", "NET005", "NET007", "PERSIST001", "PERSIST004"],
            references: ["LVS-HOWTO: LVS-DR", "ipvsadm(8): -g, --gatewaying"]),
        ExplainTopic(
            name: "nat", aliases: ["lvs-nat", "masquerading", "masq"],
            title: "network address translation (NAT, ipvsadm -m): the director rewrites addresses both ways",
            mechanism: """
                The director rewrites the destination of each request from VIP:PORT to RIP:PORT (the port may \
                differ) and forwards it; the real server's reply must come back through the director, which \
                rewrites its source back to the VIP. So the director forwards (ip_forward 1), and each real \
                server's route back to the clients leads through the director (usually its default gateway is \
                the director's address on the real servers' network). A reply that takes another way reaches \
                the client from the RIP, and the client drops it. Real servers need no VIP and no ARP settings.
                """,
            advice: """
                Director: net.ipv4.ip_forward = 1 persisted, `ipvsadm -a -t VIP:PORT -r RIP:PORT -m`, no ICMP \
                redirects towards the real servers (send_redirects 0). Each real server: its default route via \
                the director.
                """,
            families: ["NAT"], ruleIDs: ["IPVS012"],
            references: ["LVS-HOWTO: LVS-NAT", "ipvsadm(8): -m, --masquerading"]),
        ExplainTopic(
            name: "tun", aliases: ["lvs-tun", "ipip", "tunnel", "tunneling"],
            title: "IP tunnelling (TUN, ipvsadm -i): the director wraps each packet in IPIP",
            mechanism: """
                The director encapsulates each request in an IPIP packet to the real server's RIP, so real \
                servers may be on other networks. The real server decapsulates it on tunl0 (the ipip module), \
                holds the VIP (on tunl0 or lo) without answering ARP for it, and replies to the client directly. \
                The decapsulated packet arrives on tunl0 from the client's address, which strict reverse-path \
                filtering drops: rp_filter must be 0 or 2 on tunl0 and on `all`. The tunnel adds 20 bytes, so \
                large packets need a smaller MSS or MTU.
                """,
            advice: """
                Each real server: `modprobe ipip`, tunl0 up with the VIP, arp_ignore 1 and arp_announce 2, \
                rp_filter 0 on tunl0 and all, all persisted.
                """,
            families: ["TUN"],
            references: ["LVS-HOWTO: LVS-Tun", "ipvsadm(8): -i, --ipip"]),
        ExplainTopic(
            name: "persistence", aliases: ["persistent", "sticky", "affinity"],
            title: "persistence (ipvsadm -p): one client, one real server, for a while",
            mechanism: """
                With `-p SECONDS`, IPVS keeps a template per client address (or per network, with -M) that sends \
                all of that client's new connections to the real server it first got, until the template has been \
                idle for the timeout. A service on port 0 is persistent by necessity (all ports of the VIP go to \
                one server). Templates outlive a real server's weight going to 0 unless \
                expire_quiescent_template is 1, and the directors of a pair must agree on the timeout.
                """,
            advice: """
                Give every director of a service the same -p, drain with weight 0 and \
                net.ipv4.vs.expire_quiescent_template = 1, and keep the timeout above the application's session \
                length.
                """,
            sysctls: ["net.ipv4.vs.expire_quiescent_template"], ruleIDs: ["IPVS008", "DESC002"],
            references: ["ipvsadm(8): -p, --persistent; -M, --netmask"]),
        ExplainTopic(
            name: "keepalived", aliases: ["vrrp", "virtual_server"],
            title: "keepalived: VRRP for the VIP, and the IPVS table from virtual_server blocks",
            mechanism: """
                keepalived builds the director's IPVS table from its virtual_server blocks (one per service, a \
                real_server block per real server, health checks that remove failing ones) and moves the VIP \
                between directors with VRRP (a vrrp_instance's virtual_ipaddress). It fills in what a block leaves \
                out with defaults that surprise: no lb_kind means NAT, no protocol means a UDP service, and in DR a \
                real server's port other than the service's is reset to it. \
                `keepalived -t -f FILE` prints what it applied; lvslint's KA rules say the same before deployment.
                """,
            advice: """
                Write lb_kind (DR, NAT, TUN), protocol and the ports in every virtual_server; every VIP of a \
                virtual_server in some vrrp_instance; MASTER and BACKUP with different priorities and the same \
                virtual_router_id; then `keepalived -t` and `lvslint check keepalived.conf`.
                """,
            families: ["KA"],
            references: ["keepalived.conf(5)", "keepalived(8): -t, --config-test"]),
    ]
}
