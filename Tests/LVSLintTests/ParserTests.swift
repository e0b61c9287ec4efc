import LVSCapture
import LVSModel
import Testing

@Suite("Capture parsers")
struct ParserTests {
    func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ParsedCapture {
        try parseRecognised(text, sourceLocation: sourceLocation)
    }

    @Test("ip addr: flags, labels, secondary, dadfailed, -d link kinds")
    func ipAddr() throws {
        let p = try parse(
            """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0
                inet 127.0.0.1/8 scope host lo
                   valid_lft forever preferred_lft forever
                inet 192.0.2.100/32 scope global lo:100
                   valid_lft forever preferred_lft forever
            3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000
                link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0
                ipip any remote any local any ttl inherit nopmtudisc numtxqueues 1
            4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                altname enp0s3
                inet 192.0.2.21/24 brd 192.0.2.255 scope global eth0
                   valid_lft forever preferred_lft forever
                inet 192.0.2.30/24 scope global secondary eth0
                   valid_lft forever preferred_lft forever
                inet6 2001:db8::5/64 scope global tentative dadfailed
                   valid_lft forever preferred_lft forever
            """)
        #expect(p.kind == .ipAddr)
        #expect(p.unparsed.isEmpty, "\(p.unparsed.map(\.reason))")
        #expect(p.interfaces.map(\.name) == ["lo", "tunl0", "eth0"])
        let lo = p.interfaces[0]
        #expect(lo.isLoopback && !lo.doesARP)
        #expect(lo.addresses[1].label == "lo:100" && lo.addresses[1].prefix.description == "192.0.2.100/32")
        #expect(lo.addresses[1].evidence.number == 5)
        let tunl = p.interfaces[1]
        #expect(tunl.kind == "ipip" && tunl.isTunnel && !tunl.doesARP)
        let eth0 = p.interfaces[2]
        #expect(eth0.doesARP && eth0.addresses.count == 3)
        #expect(eth0.addresses[1].flags.contains("secondary"))
        #expect(eth0.addresses[2].dadFailed)
    }

    @Test("ip -d addr: point-to-point peers, and link kinds lvslint has never heard of")
    func ipAddrPeersAndKinds() throws {
        let p = try parse(
            """
            5: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN group default qlen 500
                link/none  promiscuity 0 minmtu 68 maxmtu 65535
                tun type tun pi off vnet_hdr off persist off numtxqueues 1
                inet 10.8.0.1 peer 10.8.0.2/32 scope global tun0
                   valid_lft forever preferred_lft forever
            6: eth1.100@eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
                promiscuity 0 minmtu 0 maxmtu 65535
                futurekind protocol 802.1Q id 100 <REORDER_HDR>
                inet 198.51.100.1/24 scope global eth1.100
                   valid_lft forever preferred_lft forever
            """)
        #expect(p.unparsed.isEmpty, "\(p.unparsed.map(\.reason))")
        #expect(p.interfaces.map(\.kind) == ["tun", "futurekind"])
        #expect(p.interfaces[0].addresses.map(\.prefix.description) == ["10.8.0.1/32"])
        #expect(!p.interfaces[0].doesARP)
    }

    @Test("ip -o addr with backslash continuations; flags unknown")
    func ipAddrOneLine() throws {
        let p = try parse(
            """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            1: lo    inet 192.0.2.100/32 scope global lo:100\\       valid_lft forever preferred_lft forever
            2: eth0    inet 192.0.2.21/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever
            2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever
            """)
        #expect(p.unparsed.isEmpty)
        #expect(p.interfaces.map(\.name) == ["lo", "eth0"])
        #expect(p.interfaces[0].addresses.count == 2 && p.interfaces[1].addresses.count == 2)
        #expect(!p.interfaces[1].flagsKnown && p.interfaces[1].isUp && p.interfaces[1].doesARP)
        #expect(!p.interfaces[0].doesARP)
    }

    @Test("ip -j addr and ip -j route point evidence at the right lines")
    func json() throws {
        let addr = try parse(
            """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"link_type":"loopback",
              "addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo"},
                           {"family":"inet","local":"192.0.2.100","prefixlen":32,"scope":"global","label":"lo:100"}]},
             {"ifindex":2,"ifname":"eth0","flags":["BROADCAST","UP","LOWER_UP"],"link_type":"ether","linkinfo":{"info_kind":"veth"},
              "addr_info":[{"family":"inet","local":"192.0.2.21","prefixlen":24,"scope":"global","label":"eth0"}]}]
            """)
        #expect(addr.kind == .ipAddrJSON && addr.unparsed.isEmpty)
        #expect(addr.interfaces[0].addresses[1].label == "lo:100")
        #expect(addr.interfaces[0].addresses[1].evidence.number == 3)
        #expect(addr.interfaces[1].kind == "veth" && addr.interfaces[1].addresses[0].evidence.number == 5)
        let route = try parse(
            """
            [{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]},
             {"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.21","flags":[]},
             {"type":"local","dst":"192.0.2.21","table":"local","dev":"eth0","protocol":"kernel","scope":"host","prefsrc":"192.0.2.21","flags":[]}]
            """)
        #expect(route.kind == .ipRouteJSON && route.routes.count == 3)
        #expect(route.routes[0].isDefault && route.routes[0].gateway?.address == IPAddress("192.0.2.1"))
        #expect(route.routes[1].isConnected && route.routes[1].evidence.number == 2)
        #expect(route.routes[2].table == "local")
    }

    @Test("ifconfig: new form with alias, old form, French locale, P-t-P, masked addresses")
    func ifconfig() throws {
        let new = try parse(
            """
            ens33: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
                    inet 192.0.2.12  netmask 255.255.255.0  broadcast 192.0.2.255
                    ether 00:0c:29:1b:2c:12  txqueuelen 1000  (Ethernet)

            lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
                    inet 127.0.0.1  netmask 255.0.0.0

            lo:100: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
                    inet 192.0.2.100  netmask 255.255.255.255
                    loop  txqueuelen 1000  (Local Loopback)
            """)
        #expect(new.kind == .ifconfig && new.unparsed.isEmpty)
        #expect(new.interfaces.map(\.name) == ["ens33", "lo"])
        #expect(new.interfaces[1].addresses.map(\.prefix.description) == ["127.0.0.1/8", "192.0.2.100/32"])
        #expect(new.interfaces[1].addresses[1].label == "lo:100")
        #expect(new.interfaces[0].doesARP)

        let old = try parse(
            """
            eth0      Link encap:Ethernet  HWaddr 00:16:3E:00:00:01
                      inet addr:192.0.2.21  Bcast:192.0.2.255  Mask:255.255.255.0
                      inet6 addr: fe80::216:3eff:fe00:1/64 Scope:Link
                      UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
                      RX packets:1 errors:0 dropped:0 overruns:0 frame:0

            eth0:0    Link encap:Ethernet  HWaddr 00:16:3E:00:00:01
                      inet addr:192.0.2.30  Bcast:192.0.2.255  Mask:255.255.255.0
                      UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1

            wlan0     Link encap:Ethernet  HWaddr ac:81:12:2d:86:25
                      inet adr:198.51.100.83  Bcast:198.51.100.255  Masque:255.255.255.0
                      adr inet6: fe80::ae81:12ff:fe2d:8625/64 Scope:Lien
                      BROADCAST MULTICAST  MTU:1500  Metric:1

            venet0:0  Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00
                      inet addr:XXX.XXX.XXX.XX1  P-t-P:XXX.XXX.XXX.XX1  Bcast:0.0.0.0  Mask:255.255.255.255
                      UP BROADCAST POINTOPOINT RUNNING NOARP  MTU:1500  Metric:1
            """)
        #expect(old.unparsed.isEmpty, "\(old.unparsed.map(\.reason))")
        #expect(old.interfaces.map(\.name) == ["eth0", "wlan0", "venet0"])
        #expect(old.interfaces[0].addresses.map(\.prefix.description) == ["192.0.2.21/24", "fe80::216:3eff:fe00:1/64", "192.0.2.30/24"])
        #expect(old.interfaces[0].addresses[2].label == "eth0:0")
        #expect(old.interfaces[1].addresses[0].prefix.description == "198.51.100.83/24")
        #expect(!old.interfaces[1].isUp, "no UP in the flags line")
        #expect(old.redacted.count == 1)
    }

    @Test("route -n, route -6 -n and netstat -rn")
    func routeN() throws {
        let v4 = try parse(
            """
            Kernel IP routing table
            Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
            0.0.0.0         192.0.2.1       0.0.0.0         UG    100    0        0 ens33
            192.0.2.0       0.0.0.0         255.255.255.0   U     100    0        0 ens33
            192.0.2.100     0.0.0.0         255.255.255.255 UH    0      0        0 lo
            """)
        #expect(v4.kind == .routeN && v4.unparsed.isEmpty)
        let gateway = try #require(IPAddress("192.0.2.1"))
        #expect(v4.routes[0].isDefault && v4.routes[0].gateway == .address(gateway) && v4.routes[0].metric == 100)
        #expect(v4.routes[1].isConnected && v4.routes[1].destination.description == "192.0.2.0/24")
        #expect(v4.routes[2].destination.description == "192.0.2.100/32" && v4.routes[2].device == "lo")
        let v6 = try parse(
            """
            Kernel IPv6 routing table
            Destination                    Next Hop                   Flag Met Ref Use If
            2001:db8::/64                  ::                         U    256 1     0 eth0
            ::/0                           fe80::1                    UG   1024 1    0 eth0
            ::1/128                        ::                         Un   0   2     0 lo
            """)
        #expect(v6.unparsed.isEmpty)
        #expect(v6.routes[1].isDefault && v6.routes[1].gateway?.address == IPAddress("fe80::1"))
        #expect(v6.routes[2].table == "local")
        let names = try parse(
            """
            Kernel IP routing table
            Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
            default         gateway         0.0.0.0         UG        0 0          0 ens33
            """)
        #expect(names.unparsed.isEmpty && names.routes[0].gateway == .name("gateway"))
    }

    @Test("ipvsadm -Ln: persistent with mask, scheduler flags, ops, FWM, IPv6, collapsed spacing, extras")
    func ipvsadm() throws {
        let p = try parse(
            """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.0.2.10:443 rr persistent 360 mask 255.255.255.0
              -> 192.0.2.11:443               Route   1      0          0
            UDP  192.0.2.10:53 sh (sh-fallback,sh-port) ops
              -> 198.51.100.5:5353            Masq    2      0          0
            FWM  100 wlc persistent 300
              -> 192.0.2.13:0                 Tunnel  1      0          0
            FWM  200 IPv6 rr
              -> [2001:db8::11]:0             Route   1      0          0
            TCP [2001:db8::80]:80 rr
              -> [2001:db8::a0]:80 Masq 1 0 0
              -> 127.0.0.1:80\tLocal   1      0          0          inhibited
            """)
        #expect(p.unparsed.isEmpty, "\(p.unparsed.map(\.reason))")
        let t = try #require(p.ipvs)
        #expect(t.services.count == 5)
        #expect(t.services[0].persistence == 360 && t.services[0].persistenceMask == "255.255.255.0")
        #expect(t.services[1].schedulerFlags == ["sh-fallback", "sh-port"] && t.services[1].onePacket)
        #expect(t.services[1].destinations[0].forwarding == .masq && t.services[1].destinations[0].weight == 2)
        #expect(t.services[2].key == .fwmark(100, family: .v4) && t.services[2].destinations[0].forwarding == .tunnel)
        #expect(t.services[3].key == .fwmark(200, family: .v6))
        let vip6 = try #require(IPAddress("2001:db8::80"))
        #expect(t.services[4].key == .address(protocol: .tcp, vip: vip6, port: 80))
        #expect(t.services[4].destinations[1].forwarding == .local && t.services[4].destinations[1].flags == ["inhibited"])
    }

    @Test("ipvsadm -Ln -t without the version line, and --stats with K/M suffixes")
    func ipvsadmVariants() throws {
        let single = try parse(
            """
            TCP  192.0.2.10:80 wlc
              -> 192.0.2.11:80                Route   1      3          12
            """)
        #expect(single.kind == .ipvsadm && single.unparsed.isEmpty && single.ipvs?.services.first?.destinations.count == 1)
        let stats = try parse(
            """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  192.0.2.10:80                    1520    10344        0    2938M    4218K
              -> 192.0.2.11:80                     760     5170        0   344600        0
            """)
        #expect(stats.unparsed.isEmpty)
        #expect(stats.ipvs?.hasConfigurationColumns == false && stats.ipvs?.services.first?.destinations.first?.weight == nil)
    }

    @Test("arptables -L -n: chains, policies, user chains, line numbers and counters, negation, dotted masks; iptables -L is not it")
    func arptables() throws {
        let p = try parse(
            """
            Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
            1 -j DROP -i eth0 -o * -d 192.0.2.0/255.255.255.0 --opcode 1 , pcnt=0 -- bcnt=0
            2 -j ACCEPT -i * -o * ! -s 192.0.2.1 , pcnt=0 -- bcnt=0

            Chain OUTPUT (policy DROP 0 packets, 0 bytes)
            3 -j mangle -i * -o * -s 192.0.2.100 --mangle-ip-s 192.0.2.21 , pcnt=0 -- bcnt=0

            Chain lvs (1 references)
            -j DROP --h-length 6
            -j DROP -d 999.0.2.1
            """)
        #expect(p.kind == .arptables)
        let filter = try #require(p.arpFilter)
        #expect(filter.chains.map(\.name) == ["INPUT", "OUTPUT", "lvs"])
        #expect(filter.chains.map(\.policy) == ["ACCEPT", "DROP", nil])
        let input = try #require(filter.chain("INPUT")).rules
        #expect(input.first?.destination?.description == "192.0.2.0/24" && input.first?.inInterface == "eth0" && input.first?.opcode == "1")
        #expect(input.last?.otherMatches == ["! -s 192.0.2.1"] && input.last?.source == nil)
        #expect(filter.chain("OUTPUT")?.rules.first?.mangleSource == IPAddress("192.0.2.21"))
        #expect(filter.chain("lvs")?.rules.first?.otherMatches == ["--h-length 6"])
        #expect(p.unparsed.map(\.line.number) == [10], "an address that is none is reported, not read as any")
        let iptables = capture(
            "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination\nACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
        )
        #expect(CaptureRecognizer.kind(of: iptables) == .iptablesList)
    }

    @Test("iptables-save: the filter table's chains and rules, quoted comments, multiport ranges, negation; other tables passed over")
    func iptablesSave() throws {
        let p = try parse(
            """
            # Generated by iptables-save v1.8.9 (nf_tables) on Thu Nov 26 12:00:00 2026
            *nat
            :PREROUTING ACCEPT [0:0]
            -A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 80
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :web - [0:0]
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p tcp -m multiport --dports 80,8000:8080 -m comment --comment "web and \\"alt\\"" -j ACCEPT
            -A INPUT ! -s 198.51.100.0/24 -p udp --dport 53 -j DROP
            -A INPUT -j web
            -A web -d 192.0.2.100/32 -p tcp -m tcp --dport 443 -j ACCEPT
            -A nowhere -j DROP
            COMMIT
            """)
        #expect(p.kind == .iptablesSave)
        let filter = try #require(p.packetFilters.first)
        #expect(filter.chains.map(\.name) == ["INPUT", "web"] && filter.chains.map(\.policy) == ["DROP", nil])
        let input = try #require(filter.chain("INPUT")).rules
        #expect(input.count == 4)
        #expect(input[0].states == ["RELATED", "ESTABLISHED"])
        #expect(input[1].ports == [80...80, 8000...8080] && input[1].otherMatches.isEmpty && input[1].target == "ACCEPT")
        #expect(input[2].otherMatches == ["! -s 198.51.100.0/24"] && input[2].protocolName == "udp")
        #expect(filter.chain("web")?.rules.first?.destinations?.map(\.description) == ["192.0.2.100/32"])
        #expect(p.unparsed.map(\.line.number) == [14], "a rule for an undeclared chain is reported")
        let packet = PacketFilter.Packet(protocolName: "tcp", destination: try #require(IPAddress("192.0.2.100")), port: 443, interface: "eth0")
        guard case .accepted = filter.fate(of: packet, in: "INPUT") else { Issue.record("443 to the VIP is accepted in chain web"); return }
        var closed = packet
        closed.port = 22
        guard case .dropped(let drop) = filter.fate(of: closed, in: "INPUT") else { Issue.record("22 falls to the DROP policy"); return }
        #expect(drop.line.number == 7 && drop.byPolicy)
    }

    @Test(
        "nft list ruleset -a: input base chains by priority, named sets over several lines, verdict maps, gotos; other families and hooks passed over"
    )
    func nftRuleset() throws {
        let p = try parse(
            """
            table inet filter { # handle 1
            \tset web { # handle 3
            \t\ttype inet_service
            \t\tflags interval
            \t\telements = { 80, 443,
            \t\t\t     8000-8080 }
            \t}

            \tflowtable fast { # handle 4
            \t\thook ingress priority filter
            \t\tdevices = { eth0 }
            \t}

            \tchain input { # handle 5
            \t\ttype filter hook input priority filter + 5; policy drop;
            \t\tct state vmap { invalid : drop, established : accept, related : accept } # handle 6
            \t\tip saddr 198.51.100.0/24 tcp dport @web log prefix "web: " level info accept # handle 7
            \t\tmeta l4proto { tcp, udp } th dport 53 goto dns # handle 8
            \t\tfib daddr type local tcp dport 22 limit rate 5/second burst 10 packets accept comment "ssh" # handle 9
            \t}

            \tchain dns { # handle 10
            \t\tip daddr 192.0.2.100 accept # handle 11
            \t}

            \tchain output { # handle 12
            \t\ttype filter hook output priority filter; policy drop;
            \t}
            }
            table ip early { # handle 2
            \tchain in { # handle 1
            \t\ttype filter hook input priority raw; policy accept;
            \t}
            }
            table netdev edge { # handle 3
            \tchain ingress { # handle 1
            \t\ttype filter hook ingress device "eth0" priority -500; policy drop;
            \t}
            }
            """)
        #expect(p.kind == .nftRuleset)
        #expect(p.unparsed.isEmpty, "\(p.unparsed.map { "\($0.line.number): \($0.reason)" })")
        #expect(
            p.packetFilters.map { $0.name(at: .input).description } == ["chain in of nft table ip early", "chain input of nft table inet filter"],
            "by priority; no output or netdev chain")
        let filter = try #require(p.packetFilters.last)
        #expect(filter.families == [.v4, .v6] && filter.entryChains == [.input: "input"] && filter.nftTable == "inet filter")
        let input = try #require(filter.chain("input"))
        #expect(input.policy == "DROP" && input.evidence.number == 15)
        #expect(input.rules.map(\.target) == ["DROP", "ACCEPT", "ACCEPT", "ACCEPT", "dns", "ACCEPT"])
        #expect(input.rules.prefix(3).map { $0.states ?? [] } == [["INVALID"], ["ESTABLISHED"], ["RELATED"]])
        let web = input.rules[3]
        #expect(web.ports == [80...80, 443...443, 8000...8080] && web.protocolName == "tcp" && web.source?.description == "198.51.100.0/24")
        #expect(web.otherMatches.isEmpty, "log's prefix and level are not matches")
        let dns = input.rules[4]
        #expect(dns.isGoto && dns.protocolNames == ["tcp", "udp"] && dns.ports == [53...53])
        #expect(input.rules[5].otherMatches.contains("limit") && input.rules[5].otherMatches.contains("fib"))
        #expect(filter.chain("dns")?.policy == nil)

        let vip = try #require(IPAddress("192.0.2.100"))
        guard case .unproven = filter.fate(of: PacketFilter.Packet(protocolName: "tcp", destination: vip, port: 80, interface: "eth0"), at: .input)
        else {
            Issue.record("port 80 is accepted from 198.51.100.0/24 only: whether a client is let in depends on who it is"); return
        }
        guard
            case .dropped(let drop) = filter.fate(
                of: PacketFilter.Packet(protocolName: "tcp", destination: vip, port: 25, interface: "eth0"), at: .input)
        else {
            Issue.record("port 25 matches no rule and falls to the drop policy"); return
        }
        #expect(drop.byPolicy && drop.line.number == 15)
        guard case .accepted = filter.fate(of: PacketFilter.Packet(protocolName: "udp", destination: vip, port: 53, interface: "eth0"), at: .input)
        else {
            Issue.record("udp 53 to the VIP goes to chain dns, which accepts it"); return
        }
        guard
            case .dropped = filter.fate(
                of: PacketFilter.Packet(protocolName: "udp", destination: try #require(IPAddress("192.0.2.21")), port: 53, interface: "eth0"),
                at: .input)
        else {
            Issue.record("udp 53 to another address ends chain dns, entered by goto: the base chain's policy drops it"); return
        }
    }

    @Test("nft: a dormant table filters nothing; a line outside any table is reported")
    func nftDormantAndStray() throws {
        let p = try parse(
            """
            table ip filter {
            \tflags dormant
            \tchain input {
            \t\ttype filter hook input priority filter; policy drop;
            \t}
            }
            rule ip filter input drop
            """)
        #expect(p.kind == .nftRuleset)
        #expect(p.packetFilters.isEmpty)
        #expect(p.unparsed.map(\.line.number) == [7])
    }

    @Test("a line no parser understands is reported with its number, and the rest is still read")
    func unparsedLine() throws {
        let p = try parse(
            """
            net.ipv4.conf.all.arp_ignore = 1
            this line was pasted from somewhere else
            net.ipv4.conf.all.arp_announce = 2
            """)
        #expect(p.unparsed.map(\.line.number) == [2])
        #expect(p.sysctls.map(\.key) == ["net.ipv4.conf.all.arp_ignore", "net.ipv4.conf.all.arp_announce"])
    }

    @Test("CRLF line ends and a missing final newline read as usual")
    func lineEnds() throws {
        let p = try parse("net.ipv4.conf.all.arp_ignore = 1\r\nnet.ipv4.conf.all.arp_announce = 2")
        #expect(p.unparsed.isEmpty)
        #expect(p.sysctls.map(\.value) == ["1", "2"])
        #expect(p.sysctls[1].evidence.number == 2 && p.sysctls[0].evidence.text == "net.ipv4.conf.all.arp_ignore = 1")
    }

    @Test("files of no known kind are not guessed at", arguments: ["", "\n\n", "hello world\n", "<html><body></body></html>", "[]", "{\"a\": 1}"])
    func unrecognised(_ text: String) {
        #expect(CaptureRecognizer.kind(of: capture(text)) == nil)
    }

    @Test("arbitrary bytes never crash a parser", arguments: CaptureFormats.kinds)
    func garbage(_ kind: CaptureKind) {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 17, 300, 4000] {
            var bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Mix in structure each parser keys on, so they get past their first checks.
            bytes += Array("\n1: x: <UP>\n    inet 1.2.3.4/99 zz\nTCP  [::1]:99999 rr\n  -> :\n Destination\n= =\nnet.a = \n".utf8)
            _ = CaptureRecognizer.parse(CaptureFile(path: "g", bytes: bytes), as: kind)
        }
    }
}

@Suite("IPVS and route formats beyond ipvsadm -Ln")
struct MoreFormatTests {
    func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ParsedCapture {
        try parseRecognised(text, sourceLocation: sourceLocation)
    }

    @Test("ipvsadm-save -n: services, persistence with mask, ops, fwmark IPv6, tunnel options; -C/-D/-d applied in order")
    func ipvsadmSave() throws {
        let p = try parse(
            """
            -A -t 192.0.2.10:80 -s wlc
            -a -t 192.0.2.10:80 -r 192.0.2.11:80 -g -w 1
            -a -t 192.0.2.10:80 -r 192.0.2.12:80 -g -w 0
            -A -t 192.0.2.10:443 -s rr -p 360 -M 255.255.255.0
            -a -t 192.0.2.10:443 -r 192.0.2.11:443 -g -w 1
            -A -u 192.0.2.10:53 -s sh -o -b sh-fallback,sh-port
            -a -u 192.0.2.10:53 -r 198.51.100.5:5353 -m -w 2
            -A -f 100 -s wlc -p 300
            -a -f 100 -r 192.0.2.13:0 -i -w 1 --tun-type ipip
            -A -f 200 -6 -s rr
            -a -f 200 -6 -r [2001:db8::11]:0 -g -w 1
            ipvsadm -d -t 192.0.2.10:80 -r 192.0.2.12:80
            """)
        #expect(p.kind == .ipvsadmSave && p.unparsed.isEmpty, "\(p.unparsed.map(\.reason))")
        let t = try #require(p.ipvs)
        #expect(t.services.count == 5)
        #expect(t.services[0].destinations.map(\.address.description) == ["192.0.2.11"], "the -d line removed .12")
        #expect(t.services[1].persistence == 360 && t.services[1].persistenceMask == "255.255.255.0")
        #expect(t.services[2].onePacket && t.services[2].schedulerFlags == ["sh-fallback", "sh-port"])
        #expect(t.services[2].destinations[0].forwarding == .masq && t.services[2].destinations[0].weight == 2)
        #expect(t.services[3].key == .fwmark(100, family: .v4) && t.services[3].destinations[0].forwarding == .tunnel)
        #expect(t.services[4].key == .fwmark(200, family: .v6))
    }

    @Test("ipvsadm-save without -n is reported, not guessed")
    func ipvsadmSaveNames() throws {
        let p = try parse("-A -t www.example.com:http -s wlc\n-a -t www.example.com:http -r web1:http -g -w 1\n")
        #expect(p.unparsed.map(\.line.number) == [1, 2])
        #expect(p.unparsed[0].reason.description.contains("save with -n"))
    }

    @Test("/proc/net/ip_vs: hex addresses, ports and fwmarks, IPv6, persistence netmask")
    func procIPVS() throws {
        let p = try parse(
            """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port Forward Weight ActiveConn InActConn
            TCP  C000020A:0050 wlc  
              -> C000020B:0050      Route   1      3          12        
            TCP  C000020A:01BB rr  persistent 360 FFFFFF00
              -> C000020B:01BB      Route   1      0          0         
            FWM  00000064 wlc persistent 300 FFFFFFFF
              -> C000020B:0000      Tunnel  1      0          0         
            TCP  [2001:0db8:0000:0000:0000:0000:0000:0080]:0050 sh  
              -> [2001:0db8:0000:0000:0000:0000:0000:00a0]:0050      Masq    1      0          0         
            """)
        #expect(p.kind == .procIPVS && p.unparsed.isEmpty, "\(p.unparsed.map(\.reason))")
        let t = try #require(p.ipvs)
        let vip = try #require(IPAddress("192.0.2.10"))
        #expect(t.services[0].key == .address(protocol: .tcp, vip: vip, port: 80))
        #expect(t.services[0].destinations[0].address == IPAddress("192.0.2.11") && t.services[0].destinations[0].inactiveConnections == 12)
        #expect(t.services[1].persistence == 360 && t.services[1].persistenceMask == "255.255.255.0")
        #expect(t.services[2].key == .fwmark(100, family: .v4) && t.services[2].persistence == 300)
        #expect(t.services[3].destinations[0].address == IPAddress("2001:db8::a0") && t.services[3].destinations[0].forwarding == .masq)
    }

    @Test("ipvsadm -Lnc, /proc/net/ip_vs_conn and /proc/net/ip_vs_stats")
    func activity() throws {
        let lnc = try parse(
            """
            IPVS connection entries
            pro expire state       source             virtual            destination
            TCP 14:59  ESTABLISHED 198.51.100.23:59622 192.0.2.100:80 192.0.2.21:80
            TCP 00:57  SYN_RECV    198.51.100.23:59623 192.0.2.100:80 192.0.2.22:80
            """)
        #expect(lnc.kind == .ipvsConnections && lnc.unparsed.isEmpty && lnc.connections.map(\.state) == ["ESTABLISHED", "SYN_RECV"])
        let raw = try parse(
            """
            Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
            TCP C6336417 E926 C0000264 0050 C0000215 0050 ESTABLISHED     899
            """)
        #expect(raw.unparsed.isEmpty && raw.connections.first?.client == IPAddress("198.51.100.23") && raw.connections.first?.destinationPort == 80)
        let stats = try parse(
            """
               Total Incoming Outgoing         Incoming         Outgoing
               Conns  Packets  Packets            Bytes            Bytes
             16AA370 E33656E5        0     51D8C8883AB3                0

             Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s
                   4    1FB3C        0          1282A8F                0
            """)
        #expect(stats.kind == .procIPVSStats && stats.unparsed.isEmpty)
    }

    @Test("/proc/net/route (little-endian hex) and /proc/net/ipv6_route")
    func procRoute() throws {
        let v4 = try parse(
            """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            *\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0
            """)
        #expect(v4.kind == .procNetRoute && v4.unparsed.isEmpty)
        #expect(v4.routes[0].isDefault && v4.routes[0].gateway?.address == IPAddress("192.0.2.1") && v4.routes[0].metric == 100)
        #expect(v4.routes[1].destination.description == "192.0.2.0/24" && v4.routes[1].isConnected)
        #expect(v4.routes[2].type == "blackhole")
        let v6 = try parse(
            """
            20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0
            00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo
            """)
        #expect(v6.unparsed.isEmpty && v6.routes.count == 3)
        #expect(v6.routes[0].destination.description == "2001:db8::/64" && v6.routes[0].isConnected)
        #expect(v6.routes[1].isDefault && v6.routes[1].gateway?.address == IPAddress("fe80::1"))
        #expect(v6.routes[2].table == "local")
    }
}

@Suite("iptables -L reader")
struct IPTablesListTests {
    @Test("iptables -L -n -v --line-numbers: policies, user chains, interfaces, ports, states, a rule without a target")
    func verboseListing() throws {
        let text = """
            Chain INPUT (policy DROP 0 packets, 0 bytes)
            num   pkts bytes target     prot opt in     out     source               destination
            1      120  9600 ACCEPT     all  --  lo     *       0.0.0.0/0            0.0.0.0/0
            2     5000  300K ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
            3       10   600 ACCEPT     tcp  --  *      *       0.0.0.0/0            192.0.2.100          tcp dpt:80
            4        0     0            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8080
            5        0     0 web        tcp  --  eth0   *       198.51.100.0/24      0.0.0.0/0            multiport dports 443,8443:8444 /* web */

            Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
            num   pkts bytes target     prot opt in     out     source               destination

            Chain web (1 references)
            num   pkts bytes target     prot opt in     out     source               destination
            1        0     0 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
            """
        let parsed = try parseRecognised(text)
        #expect(parsed.kind == .iptablesList && parsed.unparsed.isEmpty, "\(parsed.unparsed.map(\.reason))")
        let filter = try #require(parsed.packetFilters.first)
        #expect(filter.chains.map(\.name) == ["INPUT", "FORWARD", "web"])
        #expect(filter.chains.map(\.policy) == ["DROP", "ACCEPT", nil])
        let rules = try #require(filter.chain("INPUT")).rules
        #expect(rules[0].inInterface == "lo" && rules[0].otherMatches.isEmpty)
        #expect(rules[1].states == ["RELATED", "ESTABLISHED"])
        #expect(rules[2].destinations?.first?.description == "192.0.2.100/32" && rules[2].ports == [80...80])
        #expect(rules[3].target == "" && rules[3].ports == [8080...8080])
        #expect(rules[4].target == "web" && rules[4].ports == [443...443, 8443...8444] && rules[4].source?.description == "198.51.100.0/24")
        // A new connection to the VIP's port 80 arriving on eth0 is accepted by rule 3.
        let packet = PacketFilter.Packet(protocolName: "tcp", destination: try #require(IPAddress("192.0.2.100")), port: 80, interface: "eth0")
        if case .accepted = filter.fate(of: packet, at: .input) {} else { Issue.record("port 80 should be accepted") }
    }

    @Test("iptables -L -n without -v hides interfaces: an accept that may be `-i lo` decides nothing")
    func plainListing() throws {
        let text =
            "Chain INPUT (policy DROP)\ntarget     prot opt source               destination\nACCEPT     all  --  0.0.0.0/0            0.0.0.0/0\n"
        let filter = try #require(try parseRecognised(text).packetFilters.first)
        let packet = PacketFilter.Packet(protocolName: "tcp", destination: try #require(IPAddress("192.0.2.100")), port: 80, interface: "eth0")
        if case .unproven = filter.fate(of: packet, at: .input) {} else { Issue.record("without -v the accept may be -i lo: unproven") }
    }
}

@Suite("Listening sockets as jc reads them")
struct ListenerReadingTests {
    @Test("ss -a: zones inside or outside brackets, ports by name, connected UDP and unix rows are no listeners, sctp is")
    func ssAll() throws {
        let text = """
            Netid State  Recv-Q Send-Q        Local Address:Port   Peer Address:Port
            udp   UNCONN 0      0      [fe80::1]%eth0:123          [::]:*
            udp   ESTAB  0      0        192.0.2.21:40000   198.51.100.1:53
            u_str LISTEN 0      128    /run/x.sock 123 * 0
            tcp   LISTEN 0      128          0.0.0.0:ssh          0.0.0.0:*
            udp   UNCONN 0      0      127.0.0.53%lo:domain      0.0.0.0:*
            sctp  LISTEN 0      128          0.0.0.0:3868         0.0.0.0:*
            tcp   ESTAB  0      0        192.0.2.21:22    198.51.100.9:50000
            """
        let parsed = try parseRecognised(text)
        #expect(parsed.unparsed.isEmpty, "\(parsed.unparsed.map(\.reason))")
        #expect(
            parsed.listeners.map { "\($0.protocolName) \($0.address?.description ?? "*"):\($0.port)" }
                == ["udp fe80::1:123", "tcp *:22", "udp 127.0.0.53:53", "sctp *:3868"])
    }

    @Test("netstat -l without -n: ports by name; unix rows and connected UDP sockets are no listeners")
    func netstatNames() throws {
        let text = """
            Active Internet connections (only servers)
            Proto Recv-Q Send-Q Local Address           Foreign Address         State
            tcp        0      0 0.0.0.0:ssh             0.0.0.0:*               LISTEN
            tcp6       0      0 [::]:http               [::]:*                  LISTEN
            udp        0      0 0.0.0.0:bootpc          0.0.0.0:*
            udp        0      0 192.0.2.21:40000        198.51.100.1:domain     ESTABLISHED
            unix  2      [ ACC ]     STREAM     LISTENING     12345    /run/x.sock
            """
        let parsed = try parseRecognised(text)
        #expect(parsed.listeners.map { "\($0.protocolName) \($0.address?.description ?? "*"):\($0.port)" } == ["tcp *:22", "tcp *:80", "udp *:68"])
    }
}

@Suite("route -6 as jc reads it")
struct RouteSixTests {
    @Test("0.0.0.0/96 is ::ffff:0.0.0.0/96, a [::] next hop is none, [::]/0 is the default route")
    func routeSix() throws {
        let text = """
            Kernel IPv6 routing table
            Destination                    Next Hop                   Flag Met Ref Use If
            0.0.0.0/96                     [::]                       !n   1024 1     0 lo
            2001:db8::/64                  [::]                       U    256 1     0 eth0
            [::]/0                         fe80::1                    UG   1024 1     0 eth0
            """
        let parsed = try parseRecognised(text)
        #expect(parsed.unparsed.isEmpty, "\(parsed.unparsed.map(\.reason))")
        #expect(parsed.routes.map(\.destination.description) == ["::ffff:0:0/96", "2001:db8::/64", "::/0"])
        #expect(parsed.routes[1].gateway == nil && parsed.routes[1].isConnected)
        #expect(parsed.routes[2].gateway?.address == IPAddress("fe80::1"))
    }
}

@Suite("Formats that resemble one lvslint reads are refused by name")
struct ForeignFormatTests {
    static func observe(_ text: String) -> HostObservation {
        var observation = HostObservation(host: "h")
        var parsed: [ParsedCapture] = []
        CaptureLoader.read(CaptureFile(path: "h/capture.txt", bytes: Array(text.utf8)), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        return observation
    }

    static let listSockets = """
        LISTEN                      UNIT                         ACTIVATES
        /run/dbus/system_bus_socket dbus.socket                  dbus.service
        [::]:22                     sshd.socket                  sshd@0.service
        192.0.2.21:80               web.socket                   web.service

        3 sockets listed.
        Pass --all to see loaded but inactive sockets, too.
        """

    static let bsdNetstat = """
        Routing tables

        Internet:
        Destination        Gateway            Flags     Netif Expire
        default            192.0.2.1          UGS         em0
        localhost          link#2             UH          lo0
        192.0.2.0/24       link#1             U           em0

        Internet6:
        Destination        Gateway            Flags     Netif Expire
        ::/96              localhost          UGRS        lo0
        """

    @Test(
        "`systemctl list-sockets` and BSD `netstat -r`, alone or as a bundle's section, are named and read as nothing",
        arguments: [
            (listSockets, "`systemctl list-sockets` output"), (bsdNetstat, "BSD or macOS `netstat -r` output"),
        ])
    func refused(_ text: String, _ name: String) throws {
        for wrapped in [text, "==== some-command (exit 0) ====\n" + text + "\n==== ip route (exit 0) ====\ndefault via 192.0.2.1 dev eth0\n"] {
            let observation = Self.observe(wrapped)
            #expect(observation.unrecognisedFiles.count == 1)
            #expect(observation.unrecognisedFiles.first?.reason.description.contains(name) == true, "\(observation.unrecognisedFiles.map(\.reason))")
            #expect(observation.listeners.isEmpty && observation.addresses.isEmpty)
            #expect(observation.routes.count == (wrapped == text ? 0 : 1))
            #expect(observation.unreadRegions.isEmpty && observation.unparsedLines.isEmpty)
        }
    }

    @Test("Linux's own `netstat -rn` is still read")
    func linuxNetstat() throws {
        let observation = Self.observe(
            """
            Kernel IP routing table
            Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
            0.0.0.0         192.0.2.1       0.0.0.0         UG        0 0          0 eth0
            192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 eth0
            """)
        #expect(observation.routes.count == 2 && observation.unrecognisedFiles.isEmpty)
    }
}

@Suite("Loaded modules")
struct ModuleListTests {
    @Test(
        "lsmod and /proc/modules name the loaded modules, alone or in a bundle beside other sections",
        arguments: [
            "Module                  Size  Used by\nip_vs_rr               16384  1\nip_vs                 176128  3 ip_vs_rr\nnf_conntrack          172032  2 ip_vs,nf_nat\n",
            "ip_vs_rr 16384 1 - Live 0x0000000000000000\nip_vs 176128 3 ip_vs_rr, Live 0x0000000000000000\nnf_conntrack 172032 2 ip_vs,nf_nat, Live 0x0000000000000000\n",
        ])
    func modules(_ text: String) throws {
        for wrapped in [text, "==== cat /proc/modules (exit 0) ====\n" + text + "==== ip route (exit 0) ====\ndefault via 192.0.2.1 dev eth0\n"] {
            var observation = HostObservation(host: "h")
            var parsed: [ParsedCapture] = []
            CaptureLoader.read(capture(wrapped), into: &parsed, observation: &observation)
            CaptureLoader.assemble(parsed, into: &observation)
            #expect(Set(observation.modules.keys) == ["ip_vs_rr", "ip_vs", "nf_conntrack"])
            #expect(observation.has(.modules) && observation.unparsedLines.isEmpty && observation.unreadRegions.isEmpty)
        }
    }
}
