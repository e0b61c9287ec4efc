import LVSModel

/// KA009: two directors' VRRP instances for one router id with the same priority.
public struct KeepalivedPriorityTie: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA009", slug: "keepalived-priority-tie", title: "Two directors' VRRP instances have the same priority",
        severity: .warning, scope: .all,
        summary:
            "VRRP instances of one virtual_router_id on two directors with the same priority (100 when none is given): the master is chosen by the higher interface address, not by the configuration.",
        needs: [],
        checks: """
            When several keepalived configurations are read together, vrrp_instances that share a \
            virtual_router_id are compared by priority (keepalived's default is 100). Equal priorities are \
            reported on the second instance, with both lines.
            """,
        mechanism: """
            VRRP (RFC 5798, section 6.4.3) elects the router with the highest priority; on a tie the one with the \
            higher primary IP address wins. Two instances both written `state MASTER` with equal priority, or both \
            left at the default, leave the choice to the addresses, and with `nopreempt` or a slow network both \
            can claim the VIP for a while.
            """,
        symptom: "The VIP sits on the director nobody intended, or both directors hold it briefly after a restart (ARP flapping).",
        fix: RuleFix(
            summary: "Give the intended master a higher priority than the backup (for example 150 and 100).",
            runtime: ["priority 150   # in the master's vrrp_instance; the backup keeps 100"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "RFC 5798 section 6.4.3: ties are broken by the primary IP address", "keepalived.conf(5): priority (default 100), state, nopreempt",
        ],
        examples: [
            RuleExample(
                "Two directors of one VRRP instance with the same priority",
                files: [
                    RuleExample.File(
                        "keepalived-lvs1.conf",
                        ExampleInputs.keepalived(
                            router: "lvs1", priority: 100,
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
                ], finds: "priority"),
            RuleExample(
                "The master's priority above the backup's",
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

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let configs = context.keepalived
        guard configs.count > 1 else { return }
        for (i, a) in configs.enumerated() {
            for b in configs[(i + 1)...] {
                for instance in a.vrrpInstances {
                    guard let id = instance.virtualRouterID?.value,
                        let twin = b.vrrpInstances.first(where: {
                            $0.virtualRouterID?.value == id && $0.interface?.value == instance.interface?.value
                        }),
                        instance.effectivePriority == twin.effectivePriority
                    else { continue }
                    let line = twin.priority?.line ?? twin.line
                    report.add(
                        host: b.director, service: nil,
                        message:
                            "keepalived: VRRP instances \(instance.name) on \(a.director ?? a.file) and \(twin.name) on \(b.director ?? b.file) (virtual_router_id \(id)) both have priority \(twin.effectivePriority)\(twin.priority == nil ? " (the default)" : "" as Message): the higher interface address decides which is master",
                        location: line.location, evidence: [(instance.priority?.line ?? instance.line).evidence, line.evidence],
                        key: "\(line.location)",
                        // In the instance of the first file (taken for the intended master): a higher priority.
                        fix: [],
                        edit: instance.priority.map { .replace($0.line, with: "priority \(twin.effectivePriority + 50)", inBlockAt: instance.line) }
                            ?? .insert("priority \(twin.effectivePriority + 50)", inBlockAt: instance.line))
                }
            }
        }
    }
}
