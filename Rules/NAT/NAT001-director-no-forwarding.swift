import LVSModel

/// NAT001: a NAT director must forward on the interface the replies arrive on.
public struct DirectorNoForwarding: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT001", slug: "director-no-forwarding", title: "NAT director does not forward real-server replies",
        severity: .error, scope: .methods([.nat]),
        summary:
            "`forwarding` is off on a director interface that receives real-server replies (or ip_forward is 0 where per-interface values were not captured).",
        needs: [.sysctls],
        checks: """
            For each NAT real server and each director of its service, find the director interface its replies \
            arrive on (the one holding the real server's gateway, else the one whose connected route covers it), \
            and read net.ipv4.conf.<that interface>.forwarding. Only when per-interface keys were not captured is \
            net.ipv4.ip_forward used instead, and the finding says so.
            """,
        mechanism: """
            In NAT the real server's reply (RIP to client) is routed through the director, which rewrites its \
            source back to the VIP and forwards it to the client. The kernel forwards a packet only when \
            `forwarding` is on for the interface the packet arrived on; conf.all.forwarding is not consulted per \
            packet. net.ipv4.ip_forward=1 sets every existing interface, but a later per-interface write (or an \
            interface created with conf.default.forwarding=0) can leave the inside interface at 0.
            """,
        symptom:
            "Clients' SYNs reach the real servers but no SYN-ACK comes back; `ipvsadm -Lnc` shows SYN_RECV; the director's `nstat` shows IpInAddrErrors/forwarding drops.",
        fix: RuleFix(
            summary: "Turn forwarding on for the director's inside interface (or everywhere) and persist it.",
            runtime: ["sysctl -w net.ipv4.ip_forward=1", "sysctl -w net.ipv4.conf.IFACE.forwarding=1"],
            persistentRHEL: ["echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-lvs-nat.conf && sysctl --system"],
            persistentDebian: ["echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-lvs-nat.conf && sysctl --system"]),
        references: [
            "ipvsadm(8) Example 1: the director \"will need to be configured to forward\"",
            "Linux Documentation/networking/ip-sysctl.rst, forwarding: \"controls whether packets received _on_ this interface can be forwarded\"",
            "include/linux/inetdevice.h: IN_DEV_FORWARD reads the interface's own value",
        ],
        readsSysctls: ["forwarding", "net.ipv4.ip_forward"])

    /// Turn forwarding on where the replies arrive, now and at boot, on this director.
    static func fix(_ director: String, device: String?, family: IPAddress.Family) -> [Message] {
        if family == .v6 {
            return [
                "sysctl -w net.ipv6.conf.all.forwarding=1   # on \(director)",
                "echo 'net.ipv6.conf.all.forwarding = 1' > /etc/sysctl.d/90-lvs-nat.conf && sysctl --system   # on \(director): kept across reboots",
            ]
        }
        var commands: [Message] = ["sysctl -w net.ipv4.ip_forward=1   # on \(director): also sets forwarding on every interface"]
        var file = ["net.ipv4.ip_forward = 1"]
        if let device {
            let key = SysctlTable.interfaceKey(device: device, parameter: "forwarding")
            commands.append("sysctl -w \(ShellWord.quote("\(key)=1"))   # on \(director): \(ShellWord.comment(device)) receives the replies")
            file.append("\(key) = 1")
        }
        commands.append(
            "\(ShellWord.writeLines(file, to: "/etc/sysctl.d/90-lvs-nat.conf")) && sysctl --system   # on \(director): kept across reboots")
        return commands
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.nat]) {
            for director in context.cluster.directors(of: target.service) {
                guard let observation = report.require([.sysctls], of: director.name, in: context) else { continue }
                let path = context.replyPath(from: target, to: observation)
                let family = target.server.address.family
                var value: Int?
                var evidence: [Evidence] = path?.evidence ?? []
                var how: Message = ""
                if family == .v6 {
                    let own = path.flatMap { observation.sysctls["net.ipv6.conf.\($0.device.replacingOccurrences(of: ".", with: "/")).forwarding"] }
                    if let entry = own ?? observation.sysctls["net.ipv6.conf.all.forwarding"] {
                        value = entry.intValue
                        evidence.append(entry.evidence.evidence)
                        how = "\(entry.key) = \(entry.value)"
                    }
                } else if let forwarding = observation.sysctls.forwarding(on: path?.device) {
                    if forwarding.fromGlobal, forwarding.value != 0, let path, !observation.sysctls.isComplete {
                        // ip_forward = 1 was copied to every interface when written, but eth0's own value
                        // may have been changed since, and a partial capture does not show it.
                        report.notChecked(
                            host: director.name,
                            reason:
                                "the sysctl capture is partial and lacks \(SysctlTable.interfaceKey(device: path.device, parameter: "forwarding")), which decides whether replies arriving on \(path.device) are forwarded",
                            missing: .sysctls)
                        continue
                    }
                    value = forwarding.value
                    evidence.append(forwarding.entry.evidence.evidence)
                    if let path, !forwarding.fromGlobal {
                        how = "forwarding on \(path.device), where the replies arrive, is \(forwarding.value)"
                    } else {
                        how =
                            "net.ipv4.ip_forward is \(forwarding.entry.value) (used because \(path.map { "net.ipv4.conf.\($0.device).forwarding was not captured" as Message } ?? "the interface that receives the replies is not known from the captures"))"
                    }
                }
                guard let value else {
                    report.notChecked(
                        host: director.name,
                        reason:
                            "the sysctl capture holds neither \(path.map { SysctlTable.interfaceKey(family: family == .v6 ? "ipv6" : "ipv4", device: $0.device, parameter: "forwarding") + " nor " } ?? "")\(family == .v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward")",
                        missing: .sysctls)
                    continue
                }
                guard value == 0 else { continue }
                report.add(
                    host: director.name, service: target.service.label,
                    message: "director \(director.name) does not forward the replies of NAT real server \(target.host.name): \(how)",
                    location: target.server.location, evidence: unique(evidence),
                    key: "\(director.name)|\(path?.device ?? "-")|\(family)", fix: Self.fix(director.name, device: path?.device, family: family))
            }
        }
    }
}
