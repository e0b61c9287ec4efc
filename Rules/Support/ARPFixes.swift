import LVSModel

/// The commands that fix a real server's ARP settings, written with the cluster's own
/// host, keys and VIP. DR003 and DR004 write the same file, so following both gives one
/// consistent /etc/sysctl.d/90-lvs-dr.conf.
enum ARPFixes {
    static let file = "/etc/sysctl.d/90-lvs-dr.conf"

    /// `sysctl -w` for conf.all (and for an interface whose own value would still win),
    /// then the persistent file with both keys.
    static func realServer(_ host: String, parameter: String, value: Int, overriding interfaces: [(String, EffectiveSysctl)]) -> [Message] {
        var commands: [Message] = ["sysctl -w net.ipv4.conf.all.\(parameter)=\(value)   # on \(host)"]
        var fileLines = ["net.ipv4.conf.all.arp_ignore = 1", "net.ipv4.conf.all.arp_announce = 2"]
        for (device, effective) in interfaces {
            // max(all, iface): an interface's own higher value keeps winning over conf.all.
            guard let own = effective.sources.first(where: { !$0.key.contains(".conf.all.") }), let v = own.intValue, v > value else { continue }
            let key = SysctlTable.interfaceKey(device: device, parameter: parameter)
            commands.append("sysctl -w \(ShellWord.quote("\(key)=\(value)"))   # on \(host): its own \(v) would still win")
            fileLines.append("\(key) = \(value)")
        }
        commands.append(
            "\(ShellWord.writeLines(fileLines, to: file)) && sysctl --system   # on \(host): kept across reboots (DR003 and DR004 write this same file)"
        )
        return commands
    }

    /// `arping -U` from the director that holds the VIP, so that the router forgets the
    /// real server's MAC now instead of when its cache entry expires.
    static func refreshRouter(vip: IPAddress, service: ServiceDescription, context: CheckContext) -> Message {
        for director in context.cluster.directors(of: service) {
            guard let observation = context.observations[director.name] else { continue }
            for address in observation.addresses(equalTo: vip) where observation.interface(named: address.interface)?.doesARP == true {
                return
                    "arping -U -c 3 -I \(ShellWord.quote(address.interface)) \(vip)   # on \(director.name): routers keep the real server's MAC until their entry expires"
            }
        }
        return "arping -U -c 3 -I IFACE \(vip)   # on the active director: routers keep the real server's MAC until their entry expires"
    }

    /// Settings in the capture that look like ARP suppression but change nothing for ARP
    /// arriving on `interfaces`: conf.lo (requests never arrive on lo) and conf.default
    /// (copied only into interfaces created later).
    static func ineffective(_ parameter: String, in observation: HostObservation, interfaces: [String]) -> (Message, [Evidence])? {
        var notes: [Message] = []
        var evidence: [Evidence] = []
        for scope in ["lo", "default"] where !interfaces.contains(scope) {
            guard let entry = observation.sysctls["net.ipv4.conf.\(scope).\(parameter)"], (entry.intValue ?? 0) > 0 else { continue }
            let names = interfaces.joined(separator: ", ")
            let why: Message =
                scope == "lo"
                ? (parameter == "arp_announce"
                    ? "ARP requests leave through \(names), never through lo" : "ARP requests arrive on \(names), never on lo")
                : "conf.default is copied only into interfaces created after it was set"
            notes.append("\(entry.key) = \(entry.value) has no effect here: \(why)")
            evidence.append(entry.evidence.evidence)
        }
        return notes.isEmpty ? nil : (Message.joined(notes, separator: "; "), evidence)
    }
}
