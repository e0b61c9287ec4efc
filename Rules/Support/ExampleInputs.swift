/// The parts every rule example shares, so that each example in a `RuleInfo` writes only what
/// it is about: a director's keepalived.conf around one virtual server, a description around
/// one service. `explain` prints the whole text.
enum ExampleInputs {
    /// `real_server 192.0.2.21 80 { weight 1 }`, as a virtual server's body holds it.
    static let realServer = """
            real_server 192.0.2.21 80 {
                weight 1
            }

        """

    /// A director's keepalived.conf: VRRP instance VI_1 holding 192.0.2.100, and the virtual
    /// server `address` port 80 with `body`. `router` adds a global_defs naming the director
    /// (how a pair's files say whose they are).
    static func keepalived(
        router: String? = nil, state: String = "MASTER", priority: Int = 150,
        address: String = "192.0.2.100", virtualServer body: String
    ) -> String {
        var out = router.map { "global_defs {\n    router_id \($0)\n}\n\n" } ?? ""
        out += """
            vrrp_instance VI_1 {
                state \(state)
                interface eth0
                virtual_router_id 51
                priority \(priority)
                virtual_ipaddress {
                    192.0.2.100/32
                }
            }

            virtual_server \(address) 80 {

            """
        return out + body + "}\n"
    }

    /// cluster.yaml: director lvs1, real servers rs1 and rs2, and the service web on
    /// 192.0.2.100 whose remaining lines (port, method, real servers) are `service`.
    /// `director` replaces lvs1's line (to name its keepalived.conf).
    static func description(
        director: String = "lvs1: {role: director, address: 192.0.2.11}", serviceName: String = "- name: web",
        service: String
    ) -> String {
        """
        cluster: web
        hosts:
          \(director)
          rs1: {role: real-server, address: 192.0.2.21}
          rs2: {role: real-server, address: 192.0.2.22}
        services:
          \(serviceName)
            vip: 192.0.2.100

        """ + service
    }
}
