import Foundation
import LVSCapture
import LVSModel

/// The host as its configuration files will build it at boot: the observation the rules
/// read, derived from `captures/<host>/etc/…` (or configuration files dropped in the host's
/// folder) when the host has no runtime captures. Addresses and routes from every network
/// format, sysctls in systemd-sysctl's order over the kernel's defaults, then those that
/// boot scripts set; the IPVS table from the saved rules when something loads them at
/// boot; units from their links. Every fact cites its configuration line.
public enum BootState {
    /// Replaces each observation that holds only configuration files by the host's boot state.
    public static func derive(_ observations: [String: HostObservation]) -> [String: HostObservation] {
        var out = observations
        for (host, observation) in observations where !observation.hasRuntimeCaptures && !observation.configurationFiles.isEmpty {
            out[host] = boot(of: observation)
        }
        return out
    }

    /// The boot state of a host, from the configuration files of `observation`.
    public static func boot(of runtime: HostObservation) -> HostObservation {
        var observation = HostObservation(host: runtime.host)
        observation.state = .boot
        observation.configurationFiles = runtime.configurationFiles
        observation.unrecognisedFiles = runtime.unrecognisedFiles
        let files = runtime.configurationFiles.filter(\.readable)
        var plan = network(from: files)
        var used = Set(files.filter(isNetworkFile).map(\.path))

        let units = UnitLinks(files)
        if units.known {
            observation.units = units.units
            observation.derivedFacets.insert(.services)
        }
        used.formUnion(
            files.filter {
                $0.linkTarget != nil || $0.path.hasPrefix("/etc/systemd/system/") || $0.path.hasPrefix("/etc/rc") && $0.path.contains(".d/")
            }.map(\.path))

        // The saved table, and the firewall, as the parsers read any capture of their format.
        var parsed: [ParsedCapture] = []
        let table = ipvsTable(files, units: units, plan: &plan, used: &used)
        if let table { parsed.append(table) }
        for (path, kind) in [
            ("/etc/sysconfig/iptables", CaptureKind.iptablesSave), ("/etc/iptables/rules.v4", .iptablesSave), ("/etc/nftables.conf", .nftRuleset),
        ] {
            guard let file = files.first(where: { $0.path == path }) else { continue }
            used.insert(path)
            parsed.append(CaptureRecognizer.parse(file.capture, as: kind, options: .boot))
        }
        CaptureLoader.assemble(parsed, into: &observation)
        observation.captures = [:]  // facets come from configuration: `derivedFacets` says which

        if table != nil { observation.derivedFacets.insert(.ipvs) }
        if !observation.packetFilters.isEmpty { observation.derivedFacets.insert(.firewall) }

        addInterfaces(plan, to: &observation)
        observation.derivedFacets.formUnion([.addresses, .routes])
        (observation.sysctls, observation.overriddenSysctls) = sysctls(files, plan: plan, interfaces: observation.interfaces.map(\.name))
        observation.derivedFacets.insert(.sysctls)
        observation.maskedSysctls = SysctlConfiguration.masked(in: files).flatMap { pair in
            SysctlConfiguration.entries(pair.masked).map { (entry: $0, path: pair.masked.path, maskedBy: pair.by.path) }
        }
        used.formUnion(
            files.filter { $0.path == "/etc/sysctl.conf" || SysctlConfiguration.directories.contains(where: $0.path.hasPrefix) }.map(\.path))
        used.formUnion(["/etc/default/ipvsadm", "/etc/keepalived/keepalived.conf"].filter { p in files.contains { $0.path == p } })
        used.formUnion(files.filter { $0.path.hasPrefix("/etc/keepalived/") }.map(\.path))

        observation.bootGaps[.listeners] =
            "listening sockets are not in configuration files: whether a service listens is known only on the running host (capture `ss -ltnu`)"
        if table == nil {
            observation.bootGaps[.ipvs] = ipvsGap(files, units: units)
        }
        for problem in plan.problems {
            if let facet = problem.facet {
                observation.unreadRegions.append(
                    UnreadRegion(first: problem.line, last: problem.line, lineCount: 1, command: nil, facet: facet, reason: problem.reason))
            } else {
                observation.configurationNotes.append(ConfigurationNote(line: problem.line, reason: problem.reason))
            }
        }
        // A configuration file no part of lvslint reads is listed, never passed over in silence.
        for file in runtime.configurationFiles where !used.contains(file.path) && file.linkTarget == nil {
            observation.unrecognisedFiles.append(
                UnrecognisedFile(file: file.capture, reason: "\(file.path): a configuration file lvslint does not read"))
        }
        return observation
    }

    static func isNetworkFile(_ file: ConfigurationFile) -> Bool {
        let p = file.path
        return p.hasPrefix(IfcfgReader.folder) || p == "/etc/sysconfig/network" || p.hasPrefix("/etc/network/interfaces")
            || NetplanReader.directories.contains { p.hasPrefix($0) } || NetworkdReader.directories.contains { p.hasPrefix($0) }
            || NMKeyfileReader.directories.contains { p.hasPrefix($0) } || p == "/etc/rc.local" || p == "/etc/rc.d/rc.local"
    }

    static func network(from files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        for part in [
            IfcfgReader.read(files), IfupdownReader.read(files), NetplanReader.read(files), NetworkdReader.read(files), NMKeyfileReader.read(files),
        ] {
            plan.merge(part)
        }
        // rc.local runs last in boot (rc-local.service, when the file is executable).
        for file in files where file.path == "/etc/rc.local" || file.path == "/etc/rc.d/rc.local" {
            file.capture.forEachLine { line in
                BootCommands.read(line.text, line: line, into: &plan)
            }
        }
        return plan
    }

    static func addInterfaces(_ plan: NetworkPlan, to observation: inout HostObservation) {
        var planned = plan.interfaces
        let loopback = KernelDefaults.loopbackLine()
        if !planned.contains(where: { $0.name == "lo" }) { planned.insert(PlannedInterface(name: "lo", evidence: loopback), at: 0) }
        var interfaces: [ObservedInterface] = []
        var routes: [ObservedRoute] = []
        for p in planned {
            let isLoopback = p.name == "lo"
            var flags: InterfaceFlags = []
            if p.up || isLoopback { flags.formUnion([.up, .lowerUp, .running]) }
            if isLoopback {
                flags.formUnion([.loopback, .noARP])
            } else if p.noARP {
                flags.insert(.noARP)
            } else {
                flags.formUnion([.broadcast, .multicast])
            }
            var addresses: [ObservedAddress] = []
            if isLoopback {
                for text in ["127.0.0.1/8", "::1/128"] {
                    guard let prefix = IPPrefix(text) else { continue }
                    addresses.append(
                        ObservedAddress(
                            prefix: prefix, interface: "lo", scope: "host",
                            evidence: KernelDefaults.loopbackLine("\(text) on lo (the kernel adds it)")))
                }
            }
            if p.up || isLoopback {
                for a in p.addresses where !addresses.contains(where: { $0.prefix == a.prefix }) {
                    addresses.append(ObservedAddress(prefix: a.prefix, interface: p.name, label: a.label, scope: "global", evidence: a.evidence))
                    // The kernel's prefix route; a loopback address's goes to the local table.
                    if !isLoopback && !a.prefix.isHostPrefix {
                        routes.append(
                            ObservedRoute(
                                destination: PlannedPrefix.network(of: a.prefix), device: p.name, scope: "link",
                                proto: "kernel", source: a.prefix.address, evidence: a.evidence))
                    }
                }
            }
            interfaces.append(
                ObservedInterface(
                    name: p.name, flags: flags, linkType: isLoopback ? "loopback" : (p.noARP ? "none" : "ether"),
                    kind: p.kind, operState: p.up || isLoopback ? "UP" : "DOWN", addresses: addresses,
                    evidence: p.evidence, flagsKnown: true))
        }
        for r in plan.routes {
            // A gateway route without a device leaves by the interface whose prefix holds the gateway.
            let device =
                r.device
                ?? r.gateway.flatMap { g in
                    interfaces.first { i in i.addresses.contains { !$0.prefix.isHostPrefix && $0.prefix.contains(g) && i.name != "lo" } }?.name
                }
            routes.append(
                ObservedRoute(
                    destination: r.destination, gateway: r.gateway.map(RouteGateway.address), device: device,
                    proto: "static", metric: r.metric, evidence: r.evidence))
        }
        observation.interfaces = interfaces
        observation.routes = routes
    }

    /// systemd-sysctl's result over the kernel's defaults, then what boot scripts set.
    static func sysctls(_ files: [ConfigurationFile], plan: NetworkPlan, interfaces: [String])
        -> (SysctlTable, [(winner: SysctlEntry, earlier: SysctlEntry)])
    {
        var table = SysctlTable()
        var overridden: [(winner: SysctlEntry, earlier: SysctlEntry)] = []
        // A later assignment of another value replaces one a file made (not a kernel default).
        func assign(_ entry: SysctlEntry) {
            if let earlier = table[entry.key], earlier.evidence.number > 0, earlier.value != entry.value {
                overridden.append((entry, earlier))
            }
            table.set(entry)
        }
        let scopes = ["all", "default"] + interfaces.map { $0.replacingOccurrences(of: ".", with: "/") }
        for scope in scopes {
            for (parameter, value) in KernelDefaults.interface {
                table.set(KernelDefaults.entry("net.ipv4.conf.\(scope).\(parameter)", value))
            }
        }
        for (key, value) in KernelDefaults.global { table.set(KernelDefaults.entry(key, value)) }
        let assignments = (SysctlConfiguration.assignments(from: files) ?? []).map(\.entry) + plan.lateSysctls
        for entry in assignments {
            if entry.key.contains("*") {
                // `net.ipv4.conf.*.rp_filter` (systemd 245+) sets the key on every interface there is.
                for scope in scopes {
                    let key = entry.key.replacingOccurrences(of: "*", with: scope)
                    assign(SysctlEntry(key: key, value: entry.value, evidence: entry.evidence))
                }
                continue
            }
            assign(entry)
            // Writing ip_forward sets conf.all.forwarding and every interface's (the kernel's devinet_sysctl_forward).
            if entry.key == "net.ipv4.ip_forward" || entry.key == "net.ipv4.conf.all.forwarding" {
                for scope in scopes {
                    assign(SysctlEntry(key: "net.ipv4.conf.\(scope).forwarding", value: entry.value, evidence: entry.evidence))
                }
                assign(SysctlEntry(key: "net.ipv4.ip_forward", value: entry.value, evidence: entry.evidence))
            }
        }
        table.isComplete = true
        return (table, overridden)
    }

    /// The saved IPVS rules, when something loads them at boot: RHEL's ipvsadm.service
    /// (`ipvsadm-restore < /etc/sysconfig/ipvsadm`), Debian's init script with `AUTO="true"` in
    /// /etc/default/ipvsadm (`/etc/ipvsadm.rules`). An empty table when the links say that
    /// neither that service nor keepalived starts: nothing rebuilds the table after a reboot.
    static func ipvsTable(_ files: [ConfigurationFile], units: UnitLinks, plan: inout NetworkPlan, used: inout Set<String>) -> ParsedCapture? {
        let rhel = files.first { $0.path == "/etc/sysconfig/ipvsadm" }
        let debian = files.first { $0.path == "/etc/ipvsadm.rules" }
        if let rhel { used.insert(rhel.path) }
        if let debian { used.insert(debian.path) }
        let keepalived = files.contains { $0.path.hasPrefix("/etc/keepalived/") }
        if let rhel, units.starts("ipvsadm.service") != false {
            return CaptureRecognizer.parse(rhel.capture, as: .ipvsadmSave, options: .boot)
        }
        if let debian {
            let defaults = files.first { $0.path == "/etc/default/ipvsadm" }.map { ShellAssignments($0.capture) }
            if defaults?.isTrue("AUTO") == true {
                return CaptureRecognizer.parse(debian.capture, as: .ipvsadmSave, options: .boot)
            }
        }
        // Known not to be loaded, and nothing else builds it: the table at boot is empty. Its
        // evidence is the saved file nothing loads, and what says it is not loaded.
        if (rhel != nil || debian != nil || units.known) && !keepalived && units.starts("keepalived.service") != true {
            var headers: [CaptureLine] = []
            if let saved = rhel ?? debian, let first = saved.capture.firstContentLines(1).first { headers.append(first) }
            let why =
                rhel != nil && units.known
                ? "ipvsadm.service has no link in /etc/systemd/system/*.wants/: nothing runs ipvsadm-restore at boot"
                : debian != nil
                    ? "/etc/default/ipvsadm does not say AUTO=\"true\": Debian's ipvsadm script loads no rules at boot"
                    : "neither ipvsadm.service nor keepalived.service is enabled (/etc/systemd/system/*.wants/): nothing builds an IPVS table at boot"
            let note = CaptureFile(path: "at boot", bytes: Array(why.utf8), lineOffset: -1)
            headers.append(CaptureLine(file: note, number: 0, start: 0, end: note.bytes.count))
            var capture = ParsedCapture(file: note, kind: .ipvsadmSave)
            capture.ipvs = IPVSTable(services: [], hasConfigurationColumns: true, headers: headers)
            return capture
        }
        return nil
    }

    static func ipvsGap(_ files: [ConfigurationFile], units: UnitLinks) -> Message {
        if let keepalived = files.first(where: { $0.path.hasPrefix("/etc/keepalived/") }) {
            return
                "keepalived builds this host's IPVS table at boot from \(keepalived.capture.path); lvslint derives it only for a host the description names as a director, from captures/<host>/etc/keepalived/keepalived.conf"
        }
        return
            "no saved IPVS rules (/etc/sysconfig/ipvsadm, /etc/ipvsadm.rules), keepalived.conf or unit links are in this host's configuration, so what builds its table at boot is not known"
    }
}
