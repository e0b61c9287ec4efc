import LVSModel

/// What makes a host a director when its IPVS table lists no service and nothing it saved
/// names one (the seed tutorial's director after a reboot): a unit that builds a table
/// (ipvsadm.service, keepalived.service) enabled, running or failed, or the ip_vs module
/// loaded (in `lsmod` or /proc/modules, or an `ipvsadm -Ln` header printed) beside a second
/// address on a network interface's subnet, the way a VIP is added to a director.
struct DirectorSigns {
    /// Why the host is taken for a director, in words for a comment and a finding.
    var reasons: [String]
    /// Addresses that look like the VIPs it carries: the second and later global addresses
    /// of a subnet on an interface other than lo.
    var vips: [ObservedAddress]

    static let tableUnits = ["ipvsadm.service", "keepalived.service", "ipvsadm"]

    static func of(_ observation: HostObservation) -> DirectorSigns? {
        var reasons: [String] = []
        for name in tableUnits {
            guard let unit = observation.units[name] else { continue }
            let states = (unit.isEnabled ? ["enabled"] : []) + (unit.isActive ? ["running"] : unit.activeState == "failed" ? ["failed"] : [])
            if !states.isEmpty { reasons.append("\(name) is \(states.joined(separator: " and "))") }
        }
        let vips = secondaryAddresses(observation)
        // ip_vs is loaded when the module list names it, or when `ipvsadm -Ln` printed its header.
        let loaded =
            observation.modules["ip_vs"] != nil
            ? "ip_vs is in its module list" : observation.has(.ipvs) ? "ip_vs is loaded (its `ipvsadm -Ln` printed the header)" : nil
        if let loaded, !vips.isEmpty {
            let listed = vips.prefix(3).map { "\($0.prefix.address) on \($0.interface)" }.joined(separator: ", ")
            reasons.append("\(loaded) and it holds \(listed) beside its own address")
        }
        return reasons.isEmpty ? nil : DirectorSigns(reasons: reasons, vips: vips)
    }

    /// Global addresses after the first of their subnet on an interface other than lo.
    static func secondaryAddresses(_ observation: HostObservation) -> [ObservedAddress] {
        var out: [ObservedAddress] = []
        for interface in observation.interfaces where interface.name != "lo" {
            var seen: [IPPrefix] = []
            for address in interface.addresses where address.scope != "host" && address.scope != "link" && !address.prefix.address.isLinkLocal {
                if seen.contains(where: { $0.length == address.prefix.length && $0.contains(address.prefix.address) }) {
                    out.append(address)
                } else {
                    seen.append(address.prefix)
                }
            }
        }
        return out
    }
}
