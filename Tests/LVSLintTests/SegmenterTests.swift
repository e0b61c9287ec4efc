import LVSCapture
import LVSModel
import Testing

/// Files holding several commands' output, as people collect them: cut where the content
/// changes format, with or without marker lines, keeping the file's line numbers.
@Suite("Bundles and terminal sessions")
struct SegmenterTests {
    static let ipAddr = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
            inet 192.0.2.100/32 scope global lo:100
        2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
            link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0
            inet 192.0.2.21/24 brd 192.0.2.255 scope global eth0
        """
    static let ipRoute = """
        default via 192.0.2.1 dev eth0
        192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.21
        local 192.0.2.100 dev lo table local proto kernel scope host src 192.0.2.100
        """
    static let sysctl = """
        net.ipv4.conf.all.arp_announce = 0
        net.ipv4.conf.all.arp_ignore = 0
        net.ipv4.conf.eth0.arp_ignore = 0
        net.ipv4.ip_forward = 0
        """
    static let table = """
        IP Virtual Server version 1.2.1 (size=4096)
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  192.0.2.100:80 rr
          -> 192.0.2.21:80                Route   1      0          0
        """

    func kinds(_ text: String) -> [String] {
        CaptureSegmenter.regions(of: capture(text)).map { $0.kind?.rawValue ?? "?" }
    }

    @Test("`{ ip -d addr; ip route; sysctl -a; ipvsadm -Ln; } > host.txt`: four regions, with the file's line numbers")
    func noMarkers() throws {
        let text = [Self.ipAddr, Self.ipRoute, Self.sysctl, Self.table].joined(separator: "\n") + "\n"
        let regions = CaptureSegmenter.regions(of: capture(text))
        #expect(kinds(text) == ["ip-addr", "ip-route", "sysctl", "ipvsadm"])
        #expect(regions.map { $0.firstLine?.number } == [1, 8, 11, 15])
        let sysctl = CaptureRecognizer.parse(regions[2].file, as: .sysctl)
        #expect(sysctl.unparsed.isEmpty && sysctl.sysctls.first { $0.key == "net.ipv4.conf.all.arp_ignore" }?.evidence.number == 12)
        let table = CaptureRecognizer.parse(regions[3].file, as: .ipvsadm)
        #expect(table.unparsed.isEmpty && table.ipvs?.services.first?.destinations.first?.evidence.number == 19)
        let addr = CaptureRecognizer.parse(regions[0].file, as: .ipAddr)
        #expect(addr.unparsed.isEmpty && addr.interfaces.map(\.name) == ["lo", "eth0"])
    }

    @Test(
        "markers people use name the command above each part",
        arguments: [
            ("+ ", ""), ("### ", ""), ("--- ", " ---"), ("==== ", " ===="), ("==> ", " <=="), ("[root@rs2 ~]# ", ""), ("root@rs2:~$ ", ""),
            ("$ ", ""),
        ])
    func markers(_ before: String, _ after: String) throws {
        let text = "\(before)ip -d addr\(after)\n\(Self.ipAddr)\n\(before)sysctl -a\(after)\n\(Self.sysctl)\n"
        let regions = CaptureSegmenter.regions(of: capture(text))
        #expect(regions.map(\.command) == ["ip -d addr", "sysctl -a"])
        #expect(kinds(text) == ["ip-addr", "sysctl"])
        #expect(regions[1].firstLine?.number == 10)
    }

    @Test("content wins over a marker: a typo in the command does not hide a perfect table")
    func contentWins() throws {
        let text = "$ pvsadm -Ln\n\(Self.table)\n"
        #expect(kinds(text) == ["ipvsadm"])
        let text2 = "[root@lvs1 ~]# cat notes\n\(Self.table)\n"
        #expect(kinds(text2) == ["ipvsadm"])
    }

    @Test("a trailing prompt and separator lines are skipped, not read as output")
    func filler() throws {
        let text = "=====================\n\(Self.sysctl)\n---------------------\n\(Self.table)\n[root@lvs1 ~]# \n"
        let regions = CaptureSegmenter.regions(of: capture(text))
        #expect(kinds(text) == ["sysctl", "ipvsadm"])
        #expect(regions.allSatisfy { $0.contentLines > 0 })
    }

    @Test("what no format is recognised in is one region, with its first line and count")
    func unknownRegion() throws {
        let text = "\(Self.sysctl)\n0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n\(Self.table)\n"
        let regions = CaptureSegmenter.regions(of: capture(text))
        #expect(kinds(text) == ["sysctl", "?", "ipvsadm"])
        #expect(regions[1].firstLine?.number == 5 && regions[1].contentLines == 3)
    }

    @Test("iproute2's error lines amid its output (stderr kept by collect) are said, and what it listed is read whole")
    func iproute2ErrorLines() throws {
        // `ip -d addr` asks each namespace in /run/netns for its id to name a veth's peer; one
        // deleted meanwhile makes the kernel answer this, between two interfaces.
        let addr = Self.ipAddr.replacingOccurrences(of: "2: eth0@if5", with: "Error: Peer netns reference is invalid.\n2: eth0@if5")
        let route = Self.ipRoute + "\nDump was interrupted and may be inconsistent."
        let text = "==== ip -d addr (exit 0) ====\n\(addr)\n==== ip route show table all (exit 0) ====\n\(route)\n"
        #expect(kinds(text) == ["ip-addr", "ip-route"])
        var observation = HostObservation(host: "rs1")
        var parsed: [ParsedCapture] = []
        CaptureLoader.read(capture(text), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        #expect(observation.unreadRegions.isEmpty)
        #expect(observation.errorLines.map(\.number) == [6])
        #expect(observation.interfaces.map(\.name) == ["lo", "eth0"])
        #expect(observation.gaps(in: .addresses).isEmpty, "an error line hides no address")
        // An interrupted dump may lack an entry: the routes are a gap, said as such.
        #expect(observation.unparsedLines.map(\.line.number) == [14])
        #expect(!observation.gaps(in: .routes).isEmpty)
    }

    @Test("a lone odd line inside a listing stays with it for the parser to judge")
    func loneOddLine() throws {
        let text = """
            ib0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 2044
                    inet 192.0.2.50  netmask 255.255.255.0  broadcast 192.0.2.255
            Infiniband hardware address can be incorrect! Please read BUGS section in ifconfig(8).
                    infiniband 80:00:00:03:FE:80:00:00  txqueuelen 256  (InfiniBand)
            """
        #expect(kinds(text) == ["ifconfig"])
    }

    @Test("`# comment` lines and `ip neigh` output are not taken for commands or routes")
    func notMarkers() throws {
        #expect(kinds("# ip forwarding for NAT\nnet.ipv4.ip_forward = 1\n") == ["sysctl"])
        #expect(kinds("192.0.2.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE\n192.0.2.22 dev eth0 FAILED\n") == ["?"])
        #expect(kinds("# /etc/sysconfig/ipvsadm\n-A -t 192.0.2.100:80 -s rr\n-a -t 192.0.2.100:80 -r 192.0.2.21:80 -g -w 1\n") == ["ipvsadm-save"])
        #expect(kinds("-A INPUT -p tcp --dport 80 -j ACCEPT\n") == ["?"])
    }
}

/// Single values and sysctl lines as people paste them, read as a partial sysctl capture.
@Suite("Pasted sysctl values")
struct PastedSysctlTests {
    func sysctls(_ text: String) -> [String: String] {
        var observation = HostObservation(host: "lvs1")
        var parsed: [ParsedCapture] = []
        CaptureLoader.read(capture(text), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        #expect(observation.unreadRegions.isEmpty && observation.unrecognisedFiles.isEmpty && observation.unparsedLines.isEmpty)
        return observation.sysctls.entries.mapValues(\.value)
    }

    @Test(
        "`cat /proc/sys/…` then its value, also through nsenter, ip netns exec and sudo",
        arguments: [
            "[root@lvs1 ~]# cat /proc/sys/net/ipv4/ip_forward\n0\n",
            "$ nsenter -t 4242 -n cat /proc/sys/net/ipv4/ip_forward\n0\n",
            "# ip netns exec lb cat /proc/sys/net/ipv4/ip_forward\n0\n",
            "lvs1$ sudo cat /proc/sys/net/ipv4/ip_forward\n0\n",
            "$ sysctl -n net.ipv4.ip_forward\n0\n",
            "==> /proc/sys/net/ipv4/ip_forward <==\n0\n",
        ])
    func singleValue(_ text: String) {
        #expect(sysctls(text) == ["net.ipv4.ip_forward": "0"])
    }

    @Test("several paths, in order; a dot in an interface name becomes a slash")
    func severalPaths() {
        let text = "$ cat /proc/sys/net/ipv4/conf/all/arp_ignore /proc/sys/net/ipv4/conf/eth0.100/arp_ignore\n1\n0\n"
        #expect(sysctls(text) == ["net.ipv4.conf.all.arp_ignore": "1", "net.ipv4.conf.eth0/100.arp_ignore": "0"])
    }

    @Test("sysctl lines between short prompts and `#` notes")
    func interleaved() {
        let text = """
            # for each Real Server
            rs$ sysctl -w net.ipv4.conf.all.arp_ignore=1
            net.ipv4.conf.all.arp_ignore = 1
            rs$ sysctl net.ipv4.conf.all.arp_announce
            net.ipv4.conf.all.arp_announce = 2
            # and persist them
            """
        #expect(sysctls(text) == ["net.ipv4.conf.all.arp_ignore": "1", "net.ipv4.conf.all.arp_announce": "2"])
    }
}
