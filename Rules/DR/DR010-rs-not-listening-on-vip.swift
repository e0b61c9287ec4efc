import LVSModel

/// DR010: a DR/TUN real server must accept connections addressed to the VIP.
public struct RSNotListeningOnVIP: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR010", slug: "rs-not-listening-on-vip", title: "Real server does not listen on the VIP",
        severity: .error, scope: .methods([.dr, .tun]),
        summary:
            "From `ss -ltn`/`netstat -ltn`: the service port is bound only to addresses that exclude the VIP (e.g. `Listen RIP:80`), so packets for the VIP are refused.",
        needs: [.listeners],
        checks: """
            On every dr/tun real server whose listening sockets were captured (`ss -ltnu`, `netstat -ltnu`; a \
            `lvslint collect` bundle has them), a socket of the service's protocol must take the service port \
            on the VIP: bound to the VIP itself or to a wildcard (0.0.0.0, *, [::]). Fwmark services, whose \
            ports the description does not give, are not judged.
            """,
        mechanism: """
            In DR and TUN the director hands the real server the client's packet unchanged: its destination is \
            still VIP:port. The real server's kernel delivers it only to a socket bound to that address or to \
            a wildcard. A server configured to listen on its own address (`Listen 192.168.150.12:80` in \
            httpd.conf, `listen 192.168.150.12:80;` in nginx) refuses it with a reset, although the same \
            server answers a direct test to its RIP perfectly.
            """,
        symptom:
            "Clients get connection refused through the VIP while `curl http://RIP/` on each real server works; health checks against the RIP pass, so the director keeps sending traffic there.",
        fix: RuleFix(
            summary: "Make the service listen on all addresses (or on the VIP as well as the RIP).",
            runtime: [
                "ss -ltn 'sport = :PORT'   # see what the service is bound to",
                "systemctl restart SERVICE   # after changing its Listen/bind address",
            ],
            persistentRHEL: ["httpd: `Listen 80` (not `Listen RIP:80`) in /etc/httpd/conf/httpd.conf; nginx: `listen 80;`"],
            persistentDebian: ["apache2: `Listen 80` in /etc/apache2/ports.conf; nginx: `listen 80;` in the site file"]),
        references: [
            "LVS-HOWTO, LVS-DR: the real servers' services must listen on the VIP (or on 0.0.0.0)",
            "ss(8): -l listening sockets, -t TCP, -n numeric",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let anyCaptured = context.observations.values.contains { $0.has(.listeners) }
        guard anyCaptured else { return }
        for target in report.realServersNotDirecting(context, [.dr, .tun]) {
            guard case let .address(proto, vip, port) = target.service.key else { continue }
            guard let observation = report.require([.listeners], of: target, in: context) else { continue }
            let protocolName = proto == .udp ? "udp" : "tcp"
            if observation.listeners.contains(where: { $0.accepts(vip, port: port, protocolName: protocolName) }) { continue }
            let onPort = observation.listeners.filter { $0.port == port && $0.protocolName == protocolName }
            let bound = onPort.compactMap(\.address).map { "\($0)" }
            let message: Message =
                onPort.isEmpty
                ? "nothing listens on \(protocolName) port \(port) on \(target.host.name): packets the director hands it for \(vip):\(port) are refused"
                : "\(target.host.name) listens on \(protocolName) port \(port) only on \(bound.joined(separator: ", ")), not on VIP \(vip): packets the director hands it are refused"
            report.add(
                host: target.host.name, service: target.service.label, message: message, location: target.server.location,
                evidence: (onPort.isEmpty ? Array(observation.listeners.prefix(4)) : onPort).map(\.evidence.evidence),
                key: "\(target.host.name)|\(vip)|\(port)",
                fix: [
                    "ss -ltn 'sport = :\(port)'   # on \(target.host.name): then make the service listen on *:\(port) (or on \(vip)) and restart it"
                ])
        }
    }
}
