import LVSModel

/// PERSIST004: the addresses the cluster relies on must be created at boot.
public struct AddressNotPersisted: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "PERSIST004", slug: "address-not-persisted", title: "An address the cluster relies on is not created at boot",
        severity: .warning, scope: .all,
        summary:
            "A VIP/RIP present now that no captured network configuration creates at boot (ifcfg, interfaces, netplan, NetworkManager, networkd, rc.local).",
        needs: [.addresses],
        checks: """
            On each host whose network configuration was captured (ifcfg files including `ifcfg-lo:N` aliases, \
            /etc/network/interfaces and interfaces.d, netplan, NetworkManager keyfiles, systemd-networkd, \
            rc.local; from a `lvslint collect` bundle or files under captures/<host>/etc/): its described \
            address, and on a real server or director every VIP it holds now, must be assigned by one of those \
            files. A VIP that keepalived's configuration names is created by keepalived, not at boot, and is \
            left alone. A persistent `conf.<iface>` sysctl for an interface created after boot's sysctl pass \
            (tunl0, a VLAN) is not reported: on systemd hosts udev's 99-systemd.rules runs `systemd-sysctl \
            --prefix=/net/ipv4/conf/$name` as each network device is added, so such a key does take effect; \
            the spelling that never does (`net.ipv4.conf.eth0.100.…` for a VLAN) is PERSIST001's.
            """,
        mechanism: """
            `ip addr add` and `ifconfig lo:100 VIP` change the running system only. At boot the network service \
            creates exactly the addresses its configuration lists. A real server that comes back without the \
            VIP on lo drops every packet the director hands it (DR001); a director without its VIP or DIP \
            serves nobody.
            """,
        symptom:
            "After a reboot the host is reachable on its RIP but the service through the VIP fails for its share of clients, until someone retypes the `ifconfig lo:100` line.",
        fix: RuleFix(
            summary: "Add the address to the network configuration the host uses at boot.",
            runtime: ["ip addr show   # the address is there now; make it permanent as below"],
            persistentRHEL: [
                "printf 'DEVICE=lo:100\\nIPADDR=VIP\\nNETMASK=255.255.255.255\\nONBOOT=yes\\n' > /etc/sysconfig/network-scripts/ifcfg-lo:100   # or nmcli connection modify IFACE +ipv4.addresses VIP/32"
            ],
            persistentDebian: [
                "in /etc/network/interfaces, under `iface lo inet loopback`: `up ip addr add VIP/32 dev lo label lo:100` (netplan: add VIP/32 to lo's addresses)"
            ]),
        references: [
            "ifcfg files: /usr/share/doc/initscripts*/sysconfig.txt (IPADDRn, alias files)", "interfaces(5)", "netplan(5)", "nm-settings-keyfile(5)",
            "systemd.network(5)",
        ],
        comparesRuntimeWithBoot: true)

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let anyCaptured = context.observations.values.contains { $0.persistentAddresses != nil }
        guard anyCaptured else { return }
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name] else { continue }
            var wanted: [(IPAddress, Message)] = []
            if let address = host.address { wanted.append((address, "its address")) }
            // kube-proxy binds Kubernetes' own service addresses at each start: nothing configures them.
            for service in context.cluster.services where !context.kubernetesServices.contains(service.key) {
                guard let vip = service.vip, observation.holds(vip) else { continue }
                let serves = service.realServers.contains { context.host(of: $0)?.name == host.name }
                let directs = context.cluster.directors(of: service).contains { $0.name == host.name }
                if serves || directs { wanted.append((vip, "VIP of \(service.label)")) }
            }
            // The CNI plugin and kube-proxy address their own interfaces at run time (cni0, kube-ipvs0).
            wanted = wanted.filter { address, _ in
                observation.addresses(equalTo: address).contains { !observation.isKubernetesManaged(interface: $0.interface) }
            }
            guard !wanted.isEmpty else { continue }
            guard let persistent = observation.persistentAddresses else {
                report.notChecked(
                    host: host.name,
                    reason:
                        "its network configuration (ifcfg, interfaces, netplan, NetworkManager, networkd) was not captured, while other hosts' was")
                continue
            }
            guard report.require([.addresses], of: host.name, in: context) != nil else { continue }
            // keepalived creates the VIPs its configuration names (virtual_ipaddress), at its start.
            let keepalivedWords = Set(
                observation.configurationFiles.filter { $0.path.hasPrefix("/etc/keepalived/") }
                    .flatMap { String(decoding: $0.capture.bytes, as: UTF8.self).split(whereSeparator: { " \t\n/{}".contains($0) }).map(String.init) }
            )
            var missing: [Message] = []
            var evidence: [Evidence] = []
            var fix: [Message] = []
            for (address, role) in wanted where persistent.line(assigning: address) == nil && !keepalivedWords.contains("\(address)") {
                guard let held = observation.firstAddress(equalTo: address) else { continue }
                missing.append("\(address) (\(role), on \(held.label ?? held.interface))")
                evidence.append(held.evidence.evidence)
                if held.interface == "lo" {
                    let label = held.label ?? "lo:100"
                    fix.append(
                        "\(ShellWord.writeLines(["DEVICE=\(label)", "IPADDR=\(address)", "NETMASK=255.255.255.255", "ONBOOT=yes"], to: "/etc/sysconfig/network-scripts/ifcfg-\(label)"))   # on \(host.name) (RHEL)"
                    )
                    fix.append(
                        "\(ShellWord.writeLines(["    up ip addr add \(address)/32 dev lo label \(label)"], to: "/etc/network/interfaces", append: true))   # on \(host.name) (Debian, under iface lo)"
                    )
                } else {
                    fix.append(
                        "nmcli connection modify \(ShellWord.quote(held.interface)) +ipv4.addresses \(held.prefix)   # on \(host.name) (NetworkManager; the connection may have another name)"
                    )
                }
            }
            guard !missing.isEmpty else { continue }
            report.add(
                host: host.name, service: nil,
                message:
                    "\(host.name) holds \(missing.joined(separator: ", ")) now, but no captured network configuration creates \(missing.count == 1 ? "it" : "them") at boot",
                location: host.location, evidence: unique(evidence), fix: fix)
        }
    }
}
