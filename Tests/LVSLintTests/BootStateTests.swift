import Foundation
import LVSBoot
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// The state a host's configuration files build at boot, read as the distributions' own
/// tools read them: `ifup -n` (ifupdown), `netplan generate`, `systemd-analyze cat-config`.
@Suite("Boot state from configuration files")
struct BootStateTests {
    /// The boot state of one host whose configuration is `files` (host path → content).
    static func boot(_ files: [String: String]) -> HostObservation {
        var observation = HostObservation(host: "h")
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            observation.configurationFiles.append(ConfigurationFile(path: path, capture: capture(text, path: "captures/h" + path), readable: true))
        }
        return BootState.boot(of: observation)
    }

    /// (address/len, device, label) as a set, for comparing with a tool's output.
    static func addresses(_ observation: HostObservation) -> Set<String> {
        Set(
            observation.addresses.filter { $0.prefix.address.family == .v4 && $0.prefix.description != "127.0.0.1/8" }
                .map { "\($0.prefix) \($0.interface) \($0.label ?? "-")" })
    }

    static let ifup = ["/usr/sbin/ifup", "/sbin/ifup"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let netplan = ["/usr/sbin/netplan", "/usr/bin/netplan"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// /etc/network/interfaces files in ifupdown's own syntax: every fixture's, and the traps.
    static var interfacesFiles: [(String, String)] {
        var out: [(String, String)] = []
        for scenario in Repository.scenarios {
            let host = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("captures")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: host.path)) ?? [] {
                let path = host.appendingPathComponent(name).appendingPathComponent("etc/network/interfaces").path
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { out.append(("\(scenario)/\(name)", text)) }
            }
        }
        out.append(
            (
                "aliases, bare addresses, netmasks and up commands",
                """
                auto lo eth0 eth1 lo:1 lo:2 lo:3
                iface lo inet loopback
                iface lo:1 inet static
                    address 198.51.100.100
                iface lo:2 inet static
                    address 203.0.113.5
                    netmask 255.255.255.255
                iface lo:3 inet static
                    address 10.20.30.40
                iface eth0 inet static
                    address 192.0.2.22
                    netmask 255.255.255.0
                    gateway 192.0.2.1
                    up ip addr add 192.0.2.100/32 dev lo label lo:100
                    post-up ip addr add 192.0.2.101/32 dev lo
                iface eth1 inet static
                    address 172.16.5.6/20
                allow-hotplug eth2
                iface eth2 inet static
                    address 198.51.100.7/26
                iface eth3 inet static
                    address 203.0.113.9/24

                """
            ))
        return out
    }

    @Test(
        "addresses from /etc/network/interfaces are what ifup -n adds",
        .enabled(if: ifup != nil && getuid() == 0, "ifupdown is not installed (apt-get install ifupdown), or not root (ifup -n refuses others)"),
        arguments: interfacesFiles.map(\.0))
    func ifupdownOracle(_ name: String) throws {
        let text = try #require(Self.interfacesFiles.first { $0.0 == name }?.1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-ifup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // ifup reads `source` lines too: the file alone, without them.
        let own = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("source") }.joined(separator: "\n")
        let file = folder.appendingPathComponent("interfaces")
        try own.write(to: file, atomically: true, encoding: .utf8)
        // At boot `networking.service` brings up the `auto` interfaces, and udev the `allow-hotplug` ones.
        let auto = try run(try #require(Self.ifup), ["-n", "-v", "-a", "-i", file.path, "--state-dir", folder.path])
        let hotplug = try run(try #require(Self.ifup), ["-n", "-v", "-a", "--allow=hotplug", "-i", file.path, "--state-dir", folder.path])
        let result = (stdout: auto.stdout + "\n" + hotplug.stdout, stderr: auto.stderr + "\n" + hotplug.stderr)
        // `ip addr add 192.0.2.100/255.255.255.0 broadcast … dev lo:0 label lo:0`, and the up lines as written.
        var expected: Set<String> = []
        for line in (result.stdout + "\n" + result.stderr).split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count > 3, words[0] == "ip", words[1] == "addr", words[2] == "add" else { continue }
            let parts = words[3].split(separator: "/").map(String.init)
            guard let address = parts.first else { continue }
            var length = 32
            if parts.count == 2 {
                if let n = Int(parts[1]) {
                    length = n
                } else if let mask = IPAddress(parts[1])?.v4Value {
                    length = try #require(IPPrefix.length(ofNetmask: mask))
                }
            }
            guard let dev = words.firstIndex(of: "dev").map({ words[$0 + 1] }) else { continue }
            let device = String(dev.split(separator: ":")[0])
            var label = words.firstIndex(of: "label").map { words[$0 + 1] }
            if label == device { label = nil }
            expected.insert("\(address)/\(length) \(device) \(label ?? "-")")
        }
        let observation = Self.boot(["/etc/network/interfaces": own])
        #expect(!expected.isEmpty, "ifup -n printed no address: \(result.stdout) \(result.stderr)")
        #expect(Self.addresses(observation) == expected, "ifup -n:\n\(result.stdout)")
    }

    /// netplan files: the fixtures' and the syntaxes netplan accepts.
    static var netplanFiles: [(String, String)] {
        var out: [(String, String)] = []
        for scenario in Repository.scenarios {
            let host = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("captures")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: host.path)) ?? [] {
                let folder = host.appendingPathComponent(name).appendingPathComponent("etc/netplan")
                for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                    if let text = try? String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8) {
                        out.append(("\(scenario)/\(name)/\(file)", text))
                    }
                }
            }
        }
        out.append(
            (
                "flow lists, labels, vlans and routes",
                """
                network:
                  version: 2
                  ethernets:
                    eth0:
                      addresses: ["192.0.2.22/24", 2001:db8::22/64]
                      gateway4: 192.0.2.1
                    lo:
                      addresses:
                        - 127.0.0.1/8
                        - "192.0.2.100/32":
                            label: "lo:100"
                  vlans:
                    eth0.100:
                      id: 100
                      link: eth0
                      addresses: [198.51.100.22/24]
                      routes:
                        - to: 203.0.113.0/24
                          via: 198.51.100.1

                """
            ))
        return out
    }

    @Test(
        "addresses from netplan are those netplan generate writes for networkd",
        .enabled(if: netplan != nil, "netplan is not installed (apt-get install netplan.io)"),
        arguments: netplanFiles.map(\.0))
    func netplanOracle(_ name: String) throws {
        let text = try #require(Self.netplanFiles.first { $0.0 == name }?.1)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-netplan-\(UUID().uuidString)")
        let etc = root.appendingPathComponent("etc/netplan")
        try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = etc.appendingPathComponent("50-test.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let result = try run(try #require(Self.netplan), ["generate", "--root-dir", root.path])
        #expect(result.status == 0, "\(result.stderr)")
        // What netplan wrote for networkd, read back as the .network files they are.
        let generated = root.appendingPathComponent("run/systemd/network")
        var written: [String: String] = [:]
        for item in (try? FileManager.default.contentsOfDirectory(atPath: generated.path)) ?? []
        where item.hasSuffix(".network") || item.hasSuffix(".netdev") {
            written["/run/systemd/network/" + item] = try String(contentsOf: generated.appendingPathComponent(item), encoding: .utf8)
        }
        #expect(!written.isEmpty)
        let fromNetplan = Self.boot(["/etc/netplan/50-test.yaml": text])
        let fromNetworkd = Self.boot(written)
        // networkd's files carry no labels (netplan passes them as [Address] Label=).
        #expect(Self.addresses(fromNetplan) == Self.addresses(fromNetworkd))
        let routes = { (o: HostObservation) in
            Set(o.routes.filter { $0.proto == "static" }.map { "\($0.destination) \($0.gateway?.description ?? "-") \($0.device ?? "-")" })
        }
        #expect(routes(fromNetplan) == routes(fromNetworkd))
    }

    @Test("a netplan address without its prefix length is refused, as netplan refuses it", .enabled(if: netplan != nil, "netplan is not installed"))
    func netplanBareAddress() throws {
        let text = "network:\n  version: 2\n  ethernets:\n    lo:\n      addresses: [192.0.2.100]\n"
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-netplan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc/netplan"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("etc/netplan/50-test.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try run(try #require(Self.netplan), ["generate", "--root-dir", root.path]).status != 0)
        let observation = Self.boot(["/etc/netplan/50-test.yaml": text])
        #expect(!observation.addresses.contains { $0.prefix.address == IPAddress("192.0.2.100") })
        let region = try #require(observation.unreadRegions.first)
        #expect(region.first.number == 5 && region.facet == .addresses)
    }

    @Test(
        "sysctl files are read in the order systemd-analyze cat-config shows, /etc/sysctl.conf where 99-sysctl.conf links it",
        .enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed"))
    func sysctlOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-sysctl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "/usr/lib/sysctl.d/50-default.conf": "net.ipv4.conf.all.arp_ignore = 0\n",
            "/usr/lib/sysctl.d/90-lvs.conf": "net.ipv4.conf.all.arp_ignore = 2\n",
            "/etc/sysctl.d/90-lvs.conf": "net.ipv4.conf.all.arp_ignore = 1\n",
            "/run/sysctl.d/95-run.conf": "net.ipv4.conf.all.arp_announce = 1\n",
            "/etc/sysctl.conf": "net.ipv4.conf.all.arp_announce = 2\n",
            "/etc/sysctl.d/99-zz-late.conf": "net.ipv4.conf.all.arp_announce = 0\n",
        ]
        var configuration: [ConfigurationFile] = []
        for (path, text) in files {
            let url = root.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            configuration.append(ConfigurationFile(path: path, capture: capture(text, path: path), readable: true))
        }
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("etc/sysctl.d/99-sysctl.conf").path, withDestinationPath: "../sysctl.conf")
        configuration.append(
            ConfigurationFile(path: "/etc/sysctl.d/99-sysctl.conf", capture: capture("", path: "link"), readable: true, linkTarget: "../sysctl.conf"))
        let shown = try run(try #require(Self.systemdAnalyze), ["--root=\(root.path)", "cat-config", "sysctl.d"]).stdout
        // `# /root/etc/sysctl.d/99-sysctl.conf` headers, in the order systemd-sysctl applies them.
        let order = shown.split(separator: "\n").filter { $0.hasPrefix("# \(root.path)") }.map { String($0.dropFirst(2 + root.path.count)) }
            .map { $0 == "/etc/sysctl.d/99-sysctl.conf" ? "/etc/sysctl.conf" : $0 }
        var ours: [String] = []
        for path in (SysctlConfiguration.assignments(from: configuration) ?? []).map(\.hostPath) where ours.last != path { ours.append(path) }
        #expect(ours == order)
        let boot = BootState.boot(
            of: {
                var o = HostObservation(host: "h"); o.configurationFiles = configuration; return o
            }())
        #expect(boot.sysctls["net.ipv4.conf.all.arp_ignore"]?.value == "1")
        #expect(boot.sysctls["net.ipv4.conf.all.arp_announce"]?.value == "0")
    }

    @Test("each network format's addresses, labels, routes and NOARP devices")
    func formats() throws {
        let ifcfg = Self.boot([
            "/etc/sysconfig/network-scripts/ifcfg-eth0":
                "DEVICE=eth0\nONBOOT=yes\nIPADDR=192.0.2.21\nPREFIX=24\nIPADDR1=\"192.0.2.31\"\nNETMASK1=255.255.255.0\nGATEWAY=192.0.2.1\n",
            "/etc/sysconfig/network-scripts/ifcfg-lo:0": "DEVICE=lo:0\nIPADDR=192.0.2.100\n",
            "/etc/sysconfig/network-scripts/ifcfg-eth1": "DEVICE=eth1\nONBOOT=no\nIPADDR=198.51.100.5\nPREFIX=24\n",
            "/etc/sysconfig/network-scripts/route-eth0": "203.0.113.0/24 via 192.0.2.254 dev eth0\n",
        ])
        // initscripts and NetworkManager's ifcfg-rh give a maskless 192.0.2.100 its class's /24.
        #expect(Self.addresses(ifcfg) == ["192.0.2.21/24 eth0 -", "192.0.2.31/24 eth0 -", "192.0.2.100/24 lo lo:0"])
        #expect(ifcfg.interface(named: "eth1")?.isUp == false)
        #expect(ifcfg.route(to: IPAddress("203.0.113.9")!)?.gateway?.address == IPAddress("192.0.2.254"))
        #expect(ifcfg.route(to: IPAddress("8.8.8.8")!)?.gateway?.address == IPAddress("192.0.2.1"))

        let networkd = Self.boot([
            "/etc/systemd/network/10-vip.netdev": "[NetDev]\nName=vip0\nKind=dummy\n",
            "/etc/systemd/network/10-vip.network": "[Match]\nName=vip0\n[Network]\nAddress=192.0.2.100/32\n",
            "/etc/systemd/network/20-eth0.network": "[Match]\nName=eth0\n[Network]\nAddress=192.0.2.22/24\n[Route]\nGateway=192.0.2.1\n",
        ])
        #expect(networkd.interface(named: "vip0")?.doesARP == false)
        #expect(Self.addresses(networkd) == ["192.0.2.100/32 vip0 -", "192.0.2.22/24 eth0 -"])

        let keyfile = Self.boot([
            "/etc/NetworkManager/system-connections/eth0.nmconnection":
                "[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n[ipv4]\nmethod=manual\naddress1=192.0.2.23/24,192.0.2.1\n"
        ])
        #expect(Self.addresses(keyfile) == ["192.0.2.23/24 eth0 -"])
        #expect(keyfile.route(to: IPAddress("8.8.8.8")!)?.gateway?.address == IPAddress("192.0.2.1"))

        let rcLocal = Self.boot([
            "/etc/rc.local":
                "#!/bin/sh\nifconfig lo:100 192.0.2.100 netmask 255.255.255.255 up && echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n/sbin/ip addr add 192.0.2.101/32 dev lo label lo:101 # second VIP\nexit 0\n"
        ])
        #expect(Self.addresses(rcLocal) == ["192.0.2.100/32 lo lo:100", "192.0.2.101/32 lo lo:101"])
        #expect(rcLocal.sysctls["net.ipv4.conf.all.arp_ignore"]?.value == "1")
        #expect(rcLocal.sysctls["net.ipv4.conf.all.arp_ignore"]?.evidence.number == 2)
    }

    @Test("a key nothing sets is the kernel's default, cited as such and never as a place in a file")
    func kernelDefaults() throws {
        let boot = Self.boot(["/etc/sysctl.d/90.conf": "net.ipv4.conf.lo.arp_ignore = 1\n"])
        let all = try #require(boot.sysctls["net.ipv4.conf.all.arp_ignore"])
        #expect(all.value == "0" && all.evidence.number == 0 && all.evidence.file.path == "kernel default")
        #expect(boot.sysctls.known("arp_ignore", on: "lo")?.value == 1)
        // rp_filter's start value is the distribution's (50-default.conf), not the kernel's: unknown without it.
        #expect(boot.sysctls.known("rp_filter", on: "lo") == nil)
    }

    @Test("the example configuration repository passes, and each mistake fails at its file and line")
    func exampleRepository() throws {
        let example = Repository.root.appendingPathComponent("examples/config-repo/cluster.yaml").path
        let clean = try Checker.run(.description(example)).get()
        #expect(clean.findings.isEmpty, "\(clean.findings.map { "\($0.rule) \($0.host ?? "-"): \($0.message)" })")
        #expect(clean.cluster.hosts.allSatisfy { clean.observations[$0.name]?.state == .boot })

        let broken = Repository.root.appendingPathComponent("examples/config-repo-broken/cluster.yaml").path
        let result = try Checker.run(.description(broken)).get()
        let dr003 = try #require(result.findings.first { $0.rule == "DR003" })
        #expect(dr003.host == "rs2" && dr003.state == .boot && dr003.statedMessage.hasPrefix("at boot: "))
        #expect(dr003.evidence.contains { $0.file.hasSuffix("captures/rs2/etc/sysctl.d/90-lvs-dr.conf") && $0.line == 3 })
    }

    @Test("a value a later sysctl file replaces, or a file a same-named one masks, is named in the finding with both lines")
    func overriddenAndMasked() throws {
        let overridden = try Repository.check("boot-sysctl-overridden")
        let dr003 = try #require(overridden.findings.first { $0.rule == "DR003" })
        #expect(dr003.message.contains("99-tuning.conf:2 replaces the net.ipv4.conf.all.arp_ignore = 1 of 90-lvs-dr.conf:1"))
        #expect(dr003.evidence.contains { $0.file.hasSuffix("rs1/etc/sysctl.d/90-lvs-dr.conf") && $0.line == 1 })
        let masked = try Repository.check("boot-sysctl-masked")
        let finding = try #require(masked.findings.first { $0.rule == "DR003" })
        #expect(
            finding.message.contains(
                "/usr/lib/sysctl.d/90-lvs-dr.conf sets net.ipv4.conf.all.arp_ignore = 1 but is never read: /etc/sysctl.d/90-lvs-dr.conf"))
    }

    @Test("keepalived at boot: the master's VIPs and the table it builds, from the director's keepalived.conf")
    func keepalivedAtBoot() throws {
        let result = try Repository.check("boot-keepalived-no-lb-kind")
        let lvs1 = try #require(result.observations["lvs1"])
        #expect(lvs1.addresses.contains { $0.prefix.description == "192.0.2.100/32" && $0.interface == "eth0" && $0.label == "eth0:0" })
        let service = try #require(lvs1.ipvs?.services.first)
        #expect(service.destinations.map(\.forwarding) == [.masq, .masq])
        #expect(service.evidence.file.path.hasSuffix("captures/lvs1/etc/keepalived/keepalived.conf") && service.evidence.number == 14)
    }

    @Test(
        "a finding made at boot says so in every report; a kernel default is no SARIF location",
        .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
    func reportsSayBoot() throws {
        let lvslint = try #require(Repository.executable).path
        let broken = Repository.root.appendingPathComponent("examples/config-repo-broken/cluster.yaml").path
        let text = try run(lvslint, ["check", "--color", "never", broken])
        #expect(text.status == 1)
        #expect(text.stdout.contains("error[DR003]: at boot: rs2"))
        #expect(text.stdout.contains("    kernel default: net.ipv4.conf.all.arp_ignore = 0"))
        let json = try run(lvslint, ["check", "--format", "json", broken])
        let findings = ((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        #expect(!findings.isEmpty && findings.allSatisfy { $0["state"] as? String == "boot" })
        let sarif = try run(lvslint, ["check", "--format", "sarif", broken]).stdout
        #expect(sarif.contains("\"state\": \"boot\"") || sarif.contains("\"state\":\"boot\""))
        #expect(!sarif.contains("\"uri\": \"kernel%20default\"") && !sarif.contains("\"uri\":\"kernel%20default\""))
    }
}

/// Every CI file in examples/ runs its `lvslint check` lines as written (the install steps
/// aside) in the example configuration repository, and again in its broken copy.
@Suite("Examples run as written", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct ExampleFilesTests {
    static var ciFiles: [String] {
        let examples = Repository.root.appendingPathComponent("examples")
        let all = FileManager.default.enumerator(atPath: examples.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".yml") }.sorted()
    }

    /// The `lvslint check …` command lines of a CI file (`run:` values and script items).
    static func checkLines(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            for prefix in ["- ", "run: "] where line.hasPrefix(prefix) {
                line = String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            if line.hasPrefix("run: ") { line = String(line.dropFirst(5)) }
            return line.hasPrefix("lvslint check") ? line : nil
        }
    }

    @Test("the CI files' checks pass on the example repository and fail on its broken copy", arguments: ciFiles)
    func ciFile(_ name: String) throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("examples").appendingPathComponent(name), encoding: .utf8)
        let lines = Self.checkLines(text)
        #expect(!lines.isEmpty, "\(name) runs no lvslint check")
        let bin = try #require(Repository.executable).deletingLastPathComponent().path
        for (folder, failing) in [("config-repo", false), ("config-repo-broken", true)] {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-example-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("examples").appendingPathComponent(folder), to: scratch)
            defer { try? FileManager.default.removeItem(at: scratch) }
            for line in lines {
                // Run as the CI's shell runs it: the redirections and comments of the line included.
                let out = try run(
                    "/bin/sh", ["-c", line], environment: plainEnvironment.merging(["PATH": "\(bin):/usr/bin:/bin"]) { _, new in new }, in: scratch)
                let expected: Int32 = failing && !line.contains("--fail-on never") ? 1 : 0
                #expect(
                    out.status == expected,
                    "\(name) in \(folder): `\(line)` exited \(out.status): \(out.stdout.prefix(300)) \(out.stderr.prefix(300))")
            }
        }
    }
}
