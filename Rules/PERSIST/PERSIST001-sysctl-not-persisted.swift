import LVSModel

/// PERSIST001: a sysctl the cluster relies on must also be set at boot.
public struct SysctlNotPersisted: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "PERSIST001", slug: "sysctl-not-persisted", title: "A sysctl the cluster relies on is lost at reboot",
        severity: .warning, scope: .all,
        summary:
            "A sysctl the cluster relies on is right at runtime but absent or different in the captured persistent configuration (/etc/sysctl.conf, /etc/sysctl.d/*.conf): lost at reboot.",
        needs: [.sysctls],
        checks: """
            The settings the running cluster depends on — on a dr/tun real server the keys that make \
            arp_ignore 1 or 2 and arp_announce 2 on its ARP interfaces; on a NAT director net.ipv4.ip_forward \
            = 1 — must be set to a value that also works by the files systemd-sysctl reads at boot: \
            /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d (a file name in an \
            earlier directory masks the same name in a later one), in lexical order of file names, then \
            /etc/sysctl.conf; the last assignment wins, and `*` globs count. Keys are read as sysctl reads \
            them: a dotted interface (a VLAN, `eth0.100`) is written `net.ipv4.conf.eth0/100.arp_ignore` or \
            `net/ipv4/conf/eth0.100/arp_ignore`; the all-dots spelling is never applied and is named as such. \
            A key for an interface that appears after boot's sysctl pass (tunl0, a VLAN) still counts: \
            systemd's udev rule (99-systemd.rules) reruns systemd-sysctl for each network device as it is \
            added. Judged on hosts whose persistent \
            configuration was captured (a `lvslint collect` bundle, or files under captures/<host>/etc/); when \
            some hosts have it and a judged host does not, that host is listed as not checked.
            """,
        mechanism: """
            `sysctl -w` and `echo 1 > /proc/sys/…` change the running kernel only. At boot every key starts \
            at the kernel's default (arp_ignore 0, arp_announce 0, ip_forward 0) and then systemd-sysctl (or \
            the init scripts' `sysctl -p`) applies the configuration files. A setting typed by hand, as the \
            tutorial does, lasts until the next reboot; a file that sets the key to another value, or a later \
            file that overrides it, wins at boot even though the runtime looks right today.
            """,
        symptom:
            "Everything works until a real server or director reboots (a kernel update, a power cut); then the ARP problem or the dead NAT service comes back on that host alone, often weeks after the change that fixed it.",
        fix: RuleFix(
            summary: "Write the setting into a file under /etc/sysctl.d/ that nothing later overrides, and load it.",
            runtime: ["sysctl --system   # after writing the file: applies it now, the same way boot will"],
            persistentRHEL: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf   # real servers; directors: net.ipv4.ip_forward = 1 in /etc/sysctl.d/90-lvs-nat.conf"
            ],
            persistentDebian: [
                "printf 'net.ipv4.conf.all.arp_ignore = 1\\nnet.ipv4.conf.all.arp_announce = 2\\n' > /etc/sysctl.d/90-lvs-dr.conf   # /etc/sysctl.conf is read last through the 99-sysctl.conf link: check it does not override"
            ]),
        references: [
            "sysctl.d(5): configuration directories and precedence (files in /etc override /run, /usr/local/lib and /usr/lib of the same name; lexical order; later assignments win)",
            "systemd-sysctl.service(8)",
            "Linux Documentation/networking/ip-sysctl.rst: defaults of arp_ignore, arp_announce and ip_forward (0)",
        ],
        comparesRuntimeWithBoot: true, readsSysctls: ["arp_ignore", "arp_announce", "net.ipv4.ip_forward"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        // Opt-in: judged where persistent configuration was captured at all.
        let anyCaptured = context.observations.values.contains { $0.persistentSysctls != nil }
        guard anyCaptured else { return }
        var relied: [String: [(key: String, good: (Int) -> Bool, wanted: Int, runtime: SysctlEntry, why: Message)]] = [:]
        var order: [String] = []
        func rely(_ host: String, _ key: String, wanted: Int, runtime: SysctlEntry, why: Message, good: @escaping (Int) -> Bool) {
            if relied[host] == nil { order.append(host) }
            guard relied[host]?.contains(where: { $0.key == key }) != true else { return }
            relied[host, default: []].append((key, good, wanted, runtime, why))
        }
        for target in report.realServersNotDirecting(context, [.dr, .tun]) {
            guard let observation = context.observations[target.host.name], let vip = target.vip, vip.family == .v4,
                observation.holds(vip)
            else { continue }
            for interface in observation.arpInterfaces {
                if let ignore = observation.sysctls.known("arp_ignore", on: interface.name), ignore.value == 1 || ignore.value == 2 {
                    for source in ignore.sources where source.intValue == ignore.value {
                        rely(
                            target.host.name, source.key, wanted: ignore.value, runtime: source,
                            why: "which keeps \(target.host.name) from answering ARP for VIP \(vip)"
                        ) { $0 == 1 || $0 == 2 }
                    }
                }
                if let announce = observation.sysctls.known("arp_announce", on: interface.name), announce.value == 2 {
                    for source in announce.sources where source.intValue == 2 {
                        rely(
                            target.host.name, source.key, wanted: 2, runtime: source,
                            why: "which keeps VIP \(vip) out of \(target.host.name)'s ARP requests"
                        ) { $0 == 2 }
                    }
                }
            }
        }
        for target in context.targets([.nat]) {
            for director in context.cluster.directors(of: target.service) {
                guard let observation = context.observations[director.name], let forward = observation.sysctls["net.ipv4.ip_forward"],
                    forward.intValue == 1
                else { continue }
                rely(director.name, "net.ipv4.ip_forward", wanted: 1, runtime: forward, why: "which lets \(director.name) pass NAT replies") {
                    $0 == 1
                }
            }
        }
        for host in order {
            guard let needs = relied[host] else { continue }
            guard let persistent = context.observations[host]?.persistentSysctls else {
                report.notChecked(
                    host: host,
                    reason: "its persistent sysctl configuration (/etc/sysctl.conf, /etc/sysctl.d) was not captured, while other hosts' was")
                continue
            }
            var problems: [Message] = []
            var evidence: [Evidence] = []
            var lines: [String] = []
            var overrides: [(entry: SysctlEntry, hostPath: String)] = []
            for need in needs {
                let found = persistent.value(of: need.key)
                let set = found?.entry
                if let set, let value = set.intValue, need.good(value) { continue }
                evidence.append(need.runtime.evidence.evidence)
                if let set {
                    problems.append(
                        "\(need.key) is \(need.runtime.value) now (\(need.why)), but \(set.evidence.file.path):\(set.evidence.number) sets \(set.value) at boot"
                    )
                    evidence.append(set.evidence.evidence)
                    if let found { overrides.append(found) }
                } else if let wrong = persistent.misspelling(of: need.key) {
                    problems.append(
                        "\(need.key) is \(need.runtime.value) now (\(need.why)), but \(wrong.entry.evidence.file.path):\(wrong.entry.evidence.number) spells it \(wrong.entry.key), which sysctl reads as the path \(wrong.entry.key.replacingOccurrences(of: ".", with: "/")) and never applies (write \(need.key)): it returns to 0 at boot"
                    )
                    evidence.append(wrong.entry.evidence.evidence)
                } else {
                    problems.append(
                        "\(need.key) is \(need.runtime.value) now (\(need.why)), but no configuration file sets it: it returns to 0 at boot")
                }
                lines.append("\(need.key) = \(need.wanted)")
            }
            guard !problems.isEmpty else { continue }
            // The whole file, as DR003 and DR004 write it: every key this host relies on.
            lines = needs.map { "\($0.key) = \($0.wanted)" }
            let file = lines.contains("net.ipv4.ip_forward = 1") ? "/etc/sysctl.d/90-lvs-nat.conf" : "/etc/sysctl.d/90-lvs-dr.conf"
            report.add(
                host: host, service: nil,
                message: "\(host) will lose at reboot what it relies on: \(problems.joined(separator: "; "))",
                location: context.cluster.host(named: host)?.location, evidence: unique(evidence),
                fix: overrides.map {
                    "sed -i '\($0.entry.evidence.number - $0.entry.evidence.file.lineOffset)d' \(ShellWord.quote($0.hostPath))   # on \(host): this line sets \(ShellWord.comment("\($0.entry.key) = \($0.entry.value)")) at boot"
                }
                    + ["\(ShellWord.writeLines(lines, to: file)) && sysctl --system   # on \(host)"])
        }
    }
}
