import LVSModel

/// NAT007: a NAT real server must listen on the address and port the director sends to.
public struct RSNotListening: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "NAT007", slug: "rs-not-listening", title: "Nothing listens on the NAT real server's address and port",
        severity: .error, scope: .methods([.nat]),
        summary: "Nothing listens on the real server's address and port.",
        needs: [.listeners],
        checks: """
            On every nat real server whose listening sockets were captured (`ss -ltnu`, `netstat -ltnu`), a \
            socket of the service's protocol must take the real server's port (its own `port`, else the \
            service's) on its address or on a wildcard (0.0.0.0, *, [::]).
            """,
        mechanism: """
            In NAT the director rewrites the destination to RIP:port, possibly another port than the VIP's. If \
            the service listens on another port, or only on another address (127.0.0.1, a second interface), \
            the real server answers the director's forwarded SYN with a reset.
            """,
        symptom:
            "Every connection scheduled to that server is refused; `ipvsadm -Lnc` shows them closing at once; the health check (if any) takes the server out.",
        fix: RuleFix(
            summary: "Make the service listen on the real server's address and the port the director uses, or fix the port in the table.",
            runtime: [
                "ss -ltn 'sport = :PORT'   # see what listens",
                "ipvsadm -e -t VIP:PORT -r RIP:RPORT -m   # or change the real server's port in the table",
            ],
            persistentRHEL: ["the service's Listen/bind setting (httpd.conf `Listen 8080`, nginx `listen 8080;`), then `systemctl restart SERVICE`"],
            persistentDebian: ["the service's Listen/bind setting (ports.conf `Listen 8080`, nginx `listen 8080;`), then `systemctl restart SERVICE`"]
        ),
        references: ["ipvsadm(8): -r server-address[:port] with -m (masquerading, port translation)", "ss(8)"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let anyCaptured = context.observations.values.contains { $0.has(.listeners) }
        guard anyCaptured else { return }
        for target in context.targets([.nat]) {
            guard case let .address(proto, _, servicePort) = target.service.key else { continue }
            guard let observation = report.require([.listeners], of: target, in: context) else { continue }
            let port = target.server.port ?? servicePort
            let protocolName = proto == .udp ? "udp" : "tcp"
            if observation.listeners.contains(where: { $0.accepts(target.server.address, port: port, protocolName: protocolName) }) { continue }
            let onPort = observation.listeners.filter { $0.port == port && $0.protocolName == protocolName }
            let message: Message =
                onPort.isEmpty
                ? "nothing listens on \(protocolName) port \(port) on NAT real server \(target.host.name): the director's connections to \(target.server.address):\(port) are refused"
                : "\(target.host.name) listens on \(protocolName) port \(port) only on \(onPort.compactMap(\.address).map { "\($0)" }.joined(separator: ", ")), not on \(target.server.address), where the director sends"
            report.add(
                host: target.host.name, service: target.service.label, message: message, location: target.server.location,
                evidence: (onPort.isEmpty ? Array(observation.listeners.prefix(4)) : onPort).map(\.evidence.evidence),
                key: "\(target.host.name)|\(target.server.address)|\(port)")
        }
    }
}
