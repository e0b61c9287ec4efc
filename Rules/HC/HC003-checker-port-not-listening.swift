import LVSModel

/// HC003: a TCP health checker connects to a port the real server does not listen on there.
public struct CheckerPortNotListening: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "HC003", slug: "checker-port-not-listening", title: "A health checker connects where nothing listens",
        severity: .error, scope: .all,
        summary:
            "A keepalived TCP_CHECK, HTTP_GET, SSL_GET or SMTP_CHECK connects to a real server's address and port (`connect_ip`/`connect_port`, or the real server's own) where the real server's captured sockets show no listener: the check always fails and keepalived keeps the server out of the table, however healthy the service is.",
        needs: [.listeners],
        checks: """
            For each real server (and sorry server) of each virtual_server in the directors' keepalived.conf, \
            each checker that opens a TCP connection is compared with the listening sockets (`ss -ltn`, \
            `netstat -ltn`) of the host that holds the real server's address: some socket must accept TCP on the \
            checker's port (connect_port, else the real server's port, else the virtual server's) at the address \
            it connects to (connect_ip, else the real server's address). A listener bound to another address (the \
            VIP alone, in DR) does not count. Hosts whose sockets were not captured are listed as not checked.
            """,
        mechanism: """
            keepalived's checkers run on the director and connect to the real server directly, not through IPVS: \
            TCP_CHECK completes a TCP handshake with connect_ip:connect_port (default: the real server's address \
            and port), HTTP_GET and SSL_GET then send their request there. When nothing listens there the real \
            server answers with a reset (or a firewall stays silent until connect_timeout), the check fails, and \
            after retry attempts keepalived removes the server from the IPVS table (or sets its weight to 0 with \
            inhibit_on_failure). A checker left on a port the application moved from, a connect_port for a \
            management port that is not running, or (in DR) an application bound to the VIP alone, which the \
            checker never connects to, all look like a dead server to keepalived.
            """,
        symptom:
            "A real server that answers fine when tested by hand never receives traffic: keepalived logs `TCP connection to [RIP]:tcp:PORT failed` and `Removing service` for it at every check.",
        fix: RuleFix(
            summary:
                "Point the checker at the port and address the application really listens on (connect_port / connect_ip), or make the application listen there (in DR, on the RIP or on all addresses, not the VIP alone).",
            runtime: [
                "ss -ltn   # on the real server: what listens where; then correct connect_port in keepalived.conf and systemctl reload keepalived"
            ],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived.conf(5): TCP_CHECK, HTTP_GET, connect_ip, connect_port",
            "keepalived check/check_tcp.c tcp_connect_thread(): \"TCP connection to … failed\"",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        guard context.observations.values.contains(where: { $0.has(.listeners) }) else { return }
        for config in context.keepalived {
            for vs in config.virtualServers {
                let servicePort: Int?
                if case let .address(_, port) = vs.key { servicePort = port } else { servicePort = nil }
                for server in vs.realServers + (vs.sorryServer.map { [$0] } ?? []) {
                    for checker in server.checkers where checker.speaksTCP {
                        guard let port = checker.connectPort?.value ?? server.port ?? servicePort, port > 0 else { continue }
                        let address = checker.connectIP?.value ?? server.address
                        guard let host = Self.host(of: address, in: context) else { continue }
                        guard let observation = report.require([.listeners], of: host, in: context) else { continue }
                        if observation.listeners.contains(where: { $0.accepts(address, port: port, protocolName: "tcp") }) { continue }
                        let onPort = observation.listeners.filter { $0.port == port && $0.protocolName == "tcp" }
                        let whose: Message = checker.connectPort != nil ? "its connect_port \(port)" : "port \(port)"
                        let message: Message =
                            onPort.isEmpty
                            ? "keepalived: \(checker.kind.value) of real server \(server.address) in \(vs.label) connects to \(whose) on \(address), where nothing on \(host) listens: the check always fails and keepalived keeps the server out"
                            : "keepalived: \(checker.kind.value) of real server \(server.address) in \(vs.label) connects to \(address):\(port), but \(host) listens on TCP port \(port) only on \(onPort.compactMap(\.address).map { "\($0)" }.joined(separator: ", ")): the check always fails and keepalived keeps the server out"
                        let sockets = onPort.isEmpty ? Array(observation.listeners.filter { $0.protocolName == "tcp" }.prefix(4)) : onPort
                        report.add(
                            host: host, service: vs.label, message: message,
                            location: (checker.connectPort?.line ?? checker.kind.line).location,
                            evidence: [(checker.connectPort?.line ?? checker.kind.line).evidence] + sockets.map(\.evidence.evidence),
                            key: "\(checker.kind.line.location)", fix: [])
                    }
                }
            }
        }
    }

    /// The described host that holds `address`: from the captured addresses (a RIP, not a VIP
    /// on lo), else the description's own address for it.
    static func host(of address: IPAddress, in context: CheckContext) -> String? {
        let owners = context.addressIndex[address].filter { !$0.interface.isLoopback }.map(\.host)
        if let owner = owners.first, Set(owners).count == 1 { return owner }
        return context.cluster.hosts.first { $0.address == address }?.name
    }
}
