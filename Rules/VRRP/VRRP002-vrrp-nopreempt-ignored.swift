import LVSModel

/// VRRP002: `nopreempt` in a `state MASTER` instance, which keepalived clears.
public struct VRRPNopreemptIgnored: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP002", slug: "vrrp-nopreempt-ignored", title: "nopreempt with state MASTER is ignored",
        severity: .warning, scope: .all,
        summary:
            "A vrrp_instance with `nopreempt` and `state MASTER`: keepalived clears nopreempt, so the director takes the VIP back whenever it returns.",
        needs: [],
        checks: """
            Each vrrp_instance that has `nopreempt` and `state MASTER` is reported on its \
            nopreempt line. keepalived -t says "nopreempt will not work with initial state MASTER - clearing".
            """,
        mechanism: """
            nopreempt means: a higher-priority router that comes back does not take over from the current master. \
            keepalived honours it only for instances that start as BACKUP; one that starts as MASTER takes the \
            master role at once, so keepalived clears nopreempt on it (vrrp.c) and the instance preempts like any \
            other. The failover the operator wanted to be one-way (stay on the backup until someone moves it back) \
            happens twice: out when the master fails, back as soon as it returns, with a second gap in service.
            """,
        symptom:
            "After the failed master comes back (a reboot, a restarted keepalived) the VIP moves back to it at once, with a second short outage.",
        fix: RuleFix(
            summary: "Start every instance of a nopreempt pair as BACKUP and let the priorities decide the first master.",
            runtime: ["state BACKUP   # in the vrrp_instance, beside nopreempt; then systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived vrrp/vrrp.c: \"nopreempt will not work with initial state MASTER - clearing\"",
            "keepalived.conf(5): nopreempt (\"the initial state of this entry must be BACKUP\")",
        ],
        keepalivedSays: ["nopreempt will not work with initial state MASTER"],
        examples: [
            RuleExample(
                "nopreempt on an instance that starts as MASTER",
                files: [
                    RuleExample.File(
                        "keepalived.conf", VRRPPeersDisagree.example(router: "lvs1", state: "MASTER", priority: 150, extra: "    nopreempt\n"))
                ],
                finds: "nopreempt"),
            RuleExample(
                "nopreempt on an instance that starts as BACKUP",
                files: [
                    RuleExample.File(
                        "keepalived.conf", VRRPPeersDisagree.example(router: "lvs1", state: "BACKUP", priority: 150, extra: "    nopreempt\n"))
                ],
                finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for config in context.keepalived {
            for instance in config.vrrpInstances {
                guard let line = instance.noPreempt, let state = instance.state, state.value.uppercased() == "MASTER" else { continue }
                report.add(
                    host: config.director, service: nil,
                    message:
                        "keepalived: vrrp_instance \(instance.name) has nopreempt and state MASTER: keepalived clears nopreempt, so this director takes the VIP back whenever it returns",
                    location: line.location, evidence: [state.line.evidence, line.evidence],
                    key: "\(line.location)",
                    edit: .replace(state.line, with: "state BACKUP", inBlockAt: instance.line))
            }
        }
    }
}
