import LVSModel

/// KA008: the directors' keepalived configurations disagree on what they serve.
public struct KeepalivedPairMismatch: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA008", slug: "keepalived-pair-mismatch", title: "Directors' keepalived configurations differ",
        severity: .warning, scope: .all,
        summary:
            "Two directors' keepalived configurations (a MASTER/BACKUP pair) differ in their virtual servers, real servers, scheduler, method or persistence, or in the addresses of a VRRP instance they share: a failover changes the service.",
        needs: [],
        checks: """
            When several keepalived configurations are read together, each virtual server as keepalived runs it \
            (defaults applied) in one is compared with the same virtual server in each other: present or not, \
            scheduler, forwarding method, persistence, and the real servers with their ports and weights. VRRP \
            instances with the same virtual_router_id are compared by their virtual_ipaddress lists.
            """,
        mechanism: """
            Each director programs IPVS from its own file. Edits made on the master and not copied to the backup \
            stay invisible until a failover, when the backup takes the VIP and serves with its own, older table.
            """,
        symptom: "After a failover some clients reach other real servers, a service disappears, or sessions lose their persistence.",
        fix: RuleFix(
            summary: "Keep one keepalived.conf for the pair (only state and priority differ), deployed to both directors.",
            runtime: ["diff <(ssh lvs1 cat /etc/keepalived/keepalived.conf) <(ssh lvs2 cat /etc/keepalived/keepalived.conf)"],
            persistentRHEL: ["generate both files from one template (configuration management)"],
            persistentDebian: ["generate both files from one template (configuration management)"]),
        references: [
            "keepalived.conf(5): vrrp_instance, virtual_server",
            "Red Hat Load Balancer Administration: the backup router's keepalived.conf mirrors the master's",
        ],
        examples: [
            RuleExample(
                "A pair whose virtual servers differ",
                files: [
                    RuleExample.File(
                        "keepalived-lvs1.conf",
                        ExampleInputs.keepalived(
                            router: "lvs1",
                            virtualServer: """
                                    lb_algo rr
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                    RuleExample.File(
                        "keepalived-lvs2.conf",
                        ExampleInputs.keepalived(
                            router: "lvs2", state: "BACKUP", priority: 100,
                            virtualServer: """
                                    lb_algo wlc
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                ], finds: "wlc"),
            RuleExample(
                "A pair with the same virtual servers",
                files: [
                    RuleExample.File(
                        "keepalived-lvs1.conf",
                        ExampleInputs.keepalived(
                            router: "lvs1",
                            virtualServer: """
                                    lb_algo rr
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                    RuleExample.File(
                        "keepalived-lvs2.conf",
                        ExampleInputs.keepalived(
                            router: "lvs2", state: "BACKUP", priority: 100,
                            virtualServer: """
                                    lb_algo rr
                                    lb_kind DR
                                    protocol TCP

                                """ + ExampleInputs.realServer)),
                ], finds: nil),
        ])

    /// What a virtual server serves, as keepalived runs it, for comparison.
    static func summary(_ effective: KeepalivedDefaults.Effective) -> [String: String] {
        var out: [String: String] = [
            "scheduler": effective.scheduler, "persistence": effective.persistence.map { "\($0) s" } ?? "none",
            "protocol": effective.protocolName?.rawValue ?? "none",
        ]
        out["real servers"] = effective.realServers.map {
            "\($0.source.address):\($0.port.map(String.init) ?? "-") \($0.method.rawValue) w\($0.weight)"
        }
        .sorted().joined(separator: ", ")
        return out
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let configs = context.keepalived
        guard configs.count > 1 else { return }
        for (i, a) in configs.enumerated() {
            for b in configs[(i + 1)...] {
                compareVirtualServers(a, b, &report)
                compareVRRP(a, b, &report)
            }
        }
    }

    func name(_ config: KeepalivedConfig) -> String { config.director.map { "\($0) (\(config.file))" } ?? config.file }

    func compareVirtualServers(_ a: KeepalivedConfig, _ b: KeepalivedConfig, _ report: inout RuleReport) {
        for (this, other) in [(a, b), (b, a)] {
            for vs in this.virtualServers where !other.virtualServers.contains(where: { $0.key == vs.key }) {
                report.add(
                    host: this.director, service: vs.label,
                    message:
                        "keepalived: \(vs.label) is in \(name(this)) but not in \(name(other)): a failover to \(other.director ?? "the other director") drops it",
                    location: vs.line.location, evidence: [vs.line.evidence], key: "missing|\(this.file)|\(other.file)|\(vs.line.location)")
            }
        }
        for vs in a.virtualServers {
            guard let twin = b.virtualServers.first(where: { $0.key == vs.key }) else { continue }
            let left = Self.summary(KeepalivedDefaults.apply(vs, in: a).0), right = Self.summary(KeepalivedDefaults.apply(twin, in: b).0)
            for field in left.keys.sorted() where left[field] != right[field] {
                report.add(
                    host: b.director, service: vs.label,
                    message:
                        "keepalived: \(vs.label) differs in \(field): \(name(a)) has \(left[field] ?? "none"), \(name(b)) has \(right[field] ?? "none")",
                    location: twin.line.location, evidence: [vs.line.evidence, twin.line.evidence], key: "\(field)|\(twin.line.location)")
            }
        }
    }

    func compareVRRP(_ a: KeepalivedConfig, _ b: KeepalivedConfig, _ report: inout RuleReport) {
        for instance in a.vrrpInstances {
            guard let id = instance.virtualRouterID?.value,
                let twin = b.vrrpInstances.first(where: { $0.virtualRouterID?.value == id })
            else { continue }
            let left = Set(instance.addresses.map(\.prefix.description)), right = Set(twin.addresses.map(\.prefix.description))
            guard left != right else { continue }
            report.add(
                host: b.director, service: nil,
                message:
                    "keepalived: VRRP instance \(twin.name) (virtual_router_id \(id)) brings up \(right.sorted().joined(separator: ", ")) on \(name(b)), but \(left.sorted().joined(separator: ", ")) on \(name(a))",
                location: twin.line.location, evidence: [instance.line.evidence, twin.line.evidence], key: "vrrp|\(twin.line.location)")
        }
    }
}
