import LVSModel

/// KUBE006: kube-proxy's ipvs.scheduler names a scheduler kube-proxy refuses.
public struct KubeSchedulerNotAccepted: Rule {
    public init() {}

    /// The schedulers kube-proxy's configuration validation accepts (validateIPVSSchedulerMethod); empty means rr.
    static let accepted: Set<String> = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "sh", "dh", "sed", "nq", ""]

    public let info = RuleInfo(
        id: "KUBE006", slug: "kube-scheduler-not-accepted", title: "kube-proxy's IPVS scheduler is one it refuses",
        severity: .error, scope: .all,
        summary:
            "kube-proxy's configuration sets ipvs.scheduler to a name its validation refuses (it accepts rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq): kube-proxy does not start, and the node's Services stop being updated.",
        needs: [.kubernetes],
        checks: """
            kube-proxy's configuration (its KubeProxyConfiguration file, or the kube-proxy ConfigMap as kubectl \
            prints it) must name, in ipvs.scheduler, one of the schedulers kube-proxy's validation accepts: rr, wrr, \
            lc, wlc, lblc, lblcr, sh, dh, sed, nq, or nothing (rr). ipvsadm's mh, fo, ovf and twos are refused, \
            as is a misspelling.
            """,
        mechanism: """
            kube-proxy validates its configuration before it starts (validateIPVSSchedulerMethod) and exits with \
            `KubeProxyConfiguration.IPVSConfiguration.Scheduler: Invalid value` when the scheduler is not in its \
            list. The pods of its DaemonSet crash-loop; the nodes keep the IPVS table of the last kube-proxy that \
            ran, which no longer follows Services or endpoints.
            """,
        symptom:
            "kube-proxy pods in CrashLoopBackOff after a configuration change; new Services and new pods are not reachable through their ClusterIP.",
        fix: RuleFix(
            summary:
                "Set ipvs.scheduler to one of rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq (or leave it empty for rr), then restart kube-proxy.",
            runtime: ["kubectl -n kube-system edit configmap kube-proxy"],
            persistentRHEL: ["ipvs.scheduler in the KubeProxyConfiguration of kubeadm's configuration, so that upgrades keep it"],
            persistentDebian: ["ipvs.scheduler in the KubeProxyConfiguration of kubeadm's configuration, so that upgrades keep it"]),
        references: [
            "Kubernetes pkg/proxy/apis/config/validation/validation.go: validateIPVSSchedulerMethod",
            "Kubernetes pkg/proxy/apis/config/types.go: IPVSSchedulerMethod constants",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for host in context.observations.keys.sorted() {
            guard let settings = context.observations[host]?.kubernetes.kubeProxy, let scheduler = settings.scheduler,
                !Self.accepted.contains(scheduler.value)
            else { continue }
            // ipvsadm's own schedulers are refused on purpose, not misspelt: no suggestion for them.
            let ipvsadm: Set<String> = ["fo", "ovf", "mh", "twos"]
            let near =
                ipvsadm.contains(scheduler.value)
                ? nil : NearestName.suggestion(for: scheduler.value, among: Self.accepted.filter { !$0.isEmpty }.sorted())
            let hint: Message =
                near.map { " (did you mean \($0)?)" } ?? (ipvsadm.contains(scheduler.value) ? " (IPVS has it, kube-proxy does not offer it)" : "")
            report.add(
                host: host, service: nil,
                message:
                    "kube-proxy's configuration on \(host) sets ipvs.scheduler to \(scheduler.value), which kube-proxy refuses\(hint): it accepts rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed and nq",
                location: context.cluster.host(named: host)?.location, evidence: [scheduler.evidence.evidence], key: host)
        }
    }
}
