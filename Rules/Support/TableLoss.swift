import LVSModel

/// Why a running director's table lacks what its configuration says it should hold, from
/// what the bundle copied: the saved rules (or their absence), the units that load them, and
/// keepalived. An audit after a reboot needs the cause first: the table itself only says it
/// is empty.
enum TableLoss {
    struct Cause {
        var text: Message
        var evidence: [Evidence]
    }

    static func cause(of director: HostObservation, service: ServiceKey?) -> Cause? {
        // At boot the table was derived with the reason nothing loads it (a line of no file),
        // in lvslint's own words (BootState), not the input's: a text to translate.
        guard director.state == .runtime else {
            return director.ipvs?.headers.first { $0.number == 0 }.map { Cause(text: Message(stringLiteral: $0.text), evidence: []) }
        }
        let persistent = director.persistentIPVS
        var parts: [Message] = []
        var evidence: [Evidence] = []
        if let line = persistent.keepalivedVirtualServer {
            let unit = director.units["keepalived.service"]
            if let unit, !unit.isActive {
                // Named by its path on the host; the evidence cites the copy.
                let file = director.configurationFiles.first { $0.capture.path == line.file.path }?.path ?? line.file.path
                parts.append("keepalived, which builds this table from \(file), is \(unit.activeState ?? "not running")")
                if let e = unit.activeEvidence { evidence.append(e.evidence) }
            }
            evidence.append(line.evidence)
            return parts.isEmpty ? nil : Cause(text: parts.joined(separator: "; "), evidence: evidence)
        }
        // Only a bundle that copied the host's configuration can say what restores the table.
        guard !director.configurationFiles.isEmpty || !director.units.isEmpty else { return nil }
        if let path = persistent.savedPath, let saved = persistent.saved {
            if let service, let entry = saved.service(service) {
                parts.append("the saved rules in \(path) hold it, but were not loaded")
                evidence.append(entry.evidence.evidence)
            } else {
                parts.append(service == nil ? "the saved rules in \(path) hold no service" : "the saved rules in \(path) do not hold it either")
            }
            if path == "/etc/sysconfig/ipvsadm", let unit = director.units["ipvsadm.service"] {
                if unit.activeState == "failed" {
                    parts.append("ipvsadm.service failed")
                } else if !unit.isEnabled {
                    parts.append("ipvsadm.service is \(unit.fileState ?? "not enabled"): nothing loads them at boot")
                }
                if let e = unit.activeEvidence ?? unit.fileEvidence { evidence.append(e.evidence) }
            }
            if path == "/etc/ipvsadm.rules", persistent.debianAutoValue?.lowercased() != "true" {
                parts.append("/etc/default/ipvsadm says AUTO=\"\(persistent.debianAutoValue ?? "false")\": Debian's script loads nothing at boot")
                if let line = persistent.debianAuto { evidence.append(line.evidence) }
            }
        } else {
            parts.append(
                "no saved rules (/etc/sysconfig/ipvsadm, /etc/ipvsadm.rules) and no keepalived virtual_server: nothing rebuilds the table after a reboot"
            )
            if let unit = director.units["ipvsadm.service"], unit.activeState == "failed" {
                parts.append(
                    "ipvsadm.service failed (it restores /etc/sysconfig/ipvsadm, which was never written: no `ipvsadm-save -n > /etc/sysconfig/ipvsadm` saved the table)"
                )
                if let e = unit.activeEvidence { evidence.append(e.evidence) }
            }
        }
        return Cause(text: parts.joined(separator: "; "), evidence: evidence)
    }

    /// The commands that add a service to a director whose services nothing names (PORT and
    /// SCHEDULER left for the reader), then keep it across reboots.
    static func fix(vip: IPAddress?, realServers: [IPAddress], director: String) -> [Message] {
        func bracketed(_ address: IPAddress) -> String { address.family == .v6 ? "[\(address)]" : "\(address)" }
        let host = vip.map(bracketed) ?? "VIP"
        var commands: [Message] = ["ipvsadm -A -t \(host):PORT -s SCHEDULER   # on \(director)"]
        for server in realServers.prefix(8) {
            commands.append("ipvsadm -a -t \(host):PORT -r \(bracketed(server)):PORT -g -w 1   # on \(director)")
        }
        commands += saveCommands(director: director)
        return commands
    }

    static func saveCommands(director: String) -> [Message] {
        [
            "ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm   # on \(director), RHEL: restored at boot",
            "ipvsadm-save -n > /etc/ipvsadm.rules && sed -i 's/^AUTO=.*/AUTO=\"true\"/' /etc/default/ipvsadm   # on \(director), Debian: restored at boot",
        ]
    }

    /// The commands that put the described service back, then keep it across reboots.
    static func fix(_ service: ServiceDescription, director: String) -> [Message] {
        guard case .address = service.key else { return [] }
        let key = IPVSAdmWords.service(service.key)
        var commands: [Message] = [
            "ipvsadm -A \(key) -s \(ShellWord.quote(service.scheduler))\(service.persistence.map { " -p \($0)" } ?? "")   # on \(director)"
        ]
        for server in service.realServers {
            let port = server.port ?? service.port ?? 0
            commands.append(
                "ipvsadm -a \(key) -r \(IPVSAdmWords.hostPort(server.address, port)) \(IPVSAdmWords.flag(server.method)) -w \(server.weight)   # on \(director)"
            )
        }
        return commands + saveCommands(director: director)
    }
}
