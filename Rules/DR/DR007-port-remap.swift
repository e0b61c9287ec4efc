import LVSModel

/// DR007: DR and TUN cannot change the destination port.
public struct PortRemap: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "DR007", slug: "port-remap", title: "Port remapping with DR or TUN",
        severity: .error, scope: .methods([.dr, .tun]),
        summary: "The described real-server port differs from the VIP port: DR and TUN cannot rewrite ports.",
        needs: [],
        checks:
            "For services with a VIP and port, a dr/tun real server's `port` must be absent or equal to the service port. The live table never shows the difference (ipvsadm rewrites the port), so only the description can.",
        mechanism: """
            DR and TUN deliver the client's packet unchanged apart from the MAC or an outer IPIP header: the \
            destination port stays the service port. ipvsadm knows this and silently replaces the real server \
            port you typed with the service port (keepalived logs \"ports don't match - resetting\"). An \
            application listening only on the port you meant receives nothing.
            """,
        symptom:
            "Connections to the real server are refused (RST) although the application is up on its own port; `ipvsadm -Ln` shows RIP:VPORT, not the port in your configuration.",
        fix: RuleFix(
            summary: "Make the application listen on the service port (on the VIP or 0.0.0.0), or use NAT for port translation.",
            runtime: ["ipvsadm -e -t VIP:PORT -r RIP:PORT -m   # only if NAT suits the network; otherwise change the listener"],
            persistentRHEL: ["change the listener's configuration (e.g. Listen 80 in httpd.conf) and the description's port"],
            persistentDebian: ["change the listener's configuration and the description's port"]),
        references: [
            "ipvsadm(8): \"With the tunneling and direct routing methods, port must be equal to that of the service address\"",
            "keepalived check_data.c: \"virtual server %s and real server %s ports don't match - resetting\"",
        ],
        examples: [
            RuleExample(
                "A DR real server on another port", .description,
                ExampleInputs.description(
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}
                              - {host: rs2, port: 8080}

                        """), finds: "8080"),
            RuleExample(
                "Every real server on the VIP's port", .description,
                ExampleInputs.description(
                    service: """
                            port: 80
                            protocol: tcp
                            method: dr
                            real_servers:
                              - {host: rs1}
                              - {host: rs2}

                        """), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for (service, server) in context.realServers(using: [.dr, .tun]) {
            guard let servicePort = service.port, servicePort != 0, let port = server.port, port != servicePort else { continue }
            report.add(
                host: server.host, service: service.label,
                message:
                    "real server \(server.address) is described on port \(port) but \(server.method.rawValue.uppercased()) delivers to the service port \(servicePort) unchanged; ipvsadm will quietly use \(servicePort)",
                location: server.portLocation ?? server.location, evidence: [])
        }
    }
}
