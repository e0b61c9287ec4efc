import ArgumentParser
import Foundation
import LVSEngine
import LVSLab
import LVSModel
import LVSRules

struct LabCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "lab",
            abstract: tr("Rebuild the cluster in network namespaces and show what the kernel does: who answers ARP for each VIP."),
            discussion: """
                Builds the cluster's segment on this machine, never connected to its own interfaces: one network \
                namespace per captured host (its interfaces, addresses with their labels and prefixes, routes, and the \
                ARP and forwarding sysctls at all, default and interface level, as captured), a bridge per subnet, and a \
                client on the VIP's subnet. Then, from the client: who answers ARP for each VIP and RIP (arping), whether \
                each DR/TUN real server's own ARP requests carry the VIP as their sender, and whether each real server \
                reaches its gateway and its directors. Each observation is set beside the static findings it confirms or \
                contradicts; a disagreement is a bug in lvslint or in the kernel model, and makes the exit status 1.

                Needs root and iproute2 (and arping from iputils-arping for the ARP probes). The namespaces are named \
                lvslab-<pid>-…, and every one of them is removed at the end, on an error, on Ctrl-C and when the output's \
                reader goes away. Each is marked in /run/lvslint/lab/, so that what a lab killed with SIGKILL left behind \
                is removed by the next lab (or by `lvslint lab --clean`); no other namespace is ever touched. Nothing read \
                from the captures is run: every `ip` command is an argument vector, and an interface name the kernel \
                could not hold is refused where it is read. IPVS itself is not \
                needed (and ipip or dummy devices are not built): the report lists what could not be built or probed.

                Examples:
                  sudo lvslint lab Fixtures/seed-centos7-dr/cluster.yaml
                  sudo lvslint lab --explain Fixtures/seed-centos7-dr/cluster.yaml
                  sudo lvslint lab --format json cluster.yaml
                  sudo lvslint lab --clean        # remove what killed labs left
                """
        )
    }

    @Argument(help: ArgumentHelp("The cluster description (YAML).", valueName: "file"))
    var file: String?

    @Flag(help: "Remove the namespaces left by labs that were killed (their process is gone), then stop.")
    var clean = false

    @OptionGroup var capturesFolder: CapturesFolderOption

    @OptionGroup var language: LanguageOption
    var captures: String? { capturesFolder.captures }

    @Option(help: "Output format: text or json.")
    var format: LabFormat = .text

    @Flag(help: "Walk through what the probes showed, in plain words, with `lvslint explain` of each rule they confirmed.")
    var explain = false

    enum LabFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    /// For each rule, the hosts it judged: examined, and not listed as not checked there (a
    /// partial capture can be examined and still lack the key a check needs).
    static func judged(_ result: CheckResult) -> [String: Set<String>] {
        var judged = result.checkedHosts
        for gap in result.notChecked { judged[gap.rule]?.remove(gap.host) }
        return judged
    }

    func run() throws {
        guard getuid() == 0 else {
            Terminal.error("lvslint lab: needs root: it creates network namespaces, veth links and a bridge (run it with sudo)\n")
            throw ExitCode(2)
        }
        guard let ip = LabNetwork.ipPath else {
            Terminal.error("lvslint lab: needs iproute2 (`ip`): apt-get install iproute2\n")
            throw ExitCode(2)
        }
        if clean {
            let removed = LabMarkers.sweep(ip: ip)
            Terminal.write(
                removed.isEmpty
                    ? "no namespace of a killed lab was left\n"
                    : "removed \(removed.count) namespace\(removed.count == 1 ? "" : "s") left by killed labs: \(removed.joined(separator: ", "))\n")
            return
        }
        guard let file else {
            Terminal.error("lvslint lab: name the cluster description (lvslint lab cluster.yaml), or --clean\n")
            throw ExitCode(2)
        }
        let swept = LabMarkers.sweep(ip: ip)
        if !swept.isEmpty { Terminal.error("lvslint lab: removed \(swept.count) namespace\(swept.count == 1 ? "" : "s") left by a killed lab\n") }
        // Before any other thread exists: the signals are then blocked in all of them.
        let network = LabNetwork()
        let interrupts = LabInterruptGuard(network: network)
        let result: CheckResult
        if let captures, let problem = CapturesFolder.problem(captures, needsHosts: false) {
            Terminal.error("lvslint lab: --captures \(captures): \(problem); no lab was built\n")
            throw ExitCode(2)
        }
        switch Checker.run(.description(file), options: RunOptions(captures: captures)) {
        case let .success(r): result = r
        case let .failure(failure):
            Terminal.inputErrors(failure.errors)
            Terminal.error("\(file): \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s") in the input; no lab was built\n")
            throw ExitCode(2)
        }
        let plan = LabPlan(cluster: result.cluster, observations: result.observations)
        defer {
            network.removeAll()
            interrupts.release()
        }
        if Terminal.isInteractiveError {
            Terminal.error("building the lab (\(plan.hosts.count) hosts, \(plan.segments.count) segment\(plan.segments.count == 1 ? "" : "s"))…\n")
        }
        let built: LabBuilder.Built
        do {
            built = try LabBuilder(plan: plan, network: network).build()
        } catch {
            // Ctrl-C while building: the handler is removing the namespaces; wait for it, and
            // end as an interrupted command does.
            if network.interrupted {
                network.removeAll()
                throw ExitCode(130)
            }
            Terminal.error("lvslint lab: could not build the lab: \(error)\n")
            throw ExitCode(2)
        }
        var probes = LabProbes(plan: plan, built: built, network: network, cluster: result.cluster)
        let observations = probes.run()
        let verdict = LabVerdict(
            observations: observations, cluster: result.cluster,
            findings: result.findings + result.suppressed + result.excluded + result.baselined,
            judged: Self.judged(result), labHosts: Set(built.namespaces.keys),
            incomparable: Set(plan.hosts.filter { $0.notComparable != nil }.map(\.name)))
        let report = LabReport(plan: plan, built: built, verdict: verdict, notRun: probes.notRun)
        var output = ""
        switch format {
        case .json: output = report.json()
        case .text:
            output = report.text(language.translations)
            if explain {
                let directors = Set(result.cluster.hosts.filter { $0.roles.contains(.director) }.map(\.name))
                output += "\n" + report.explanation(directors: directors, language.translations)
                let confirmed = Set(verdict.probes.flatMap(\.confirms).map { String($0.prefix { $0 != "@" }) })
                for id in confirmed.sorted() {
                    guard let rule = Catalogue.rule(named: id) else { continue }
                    output += "\n" + RuleDocumentation.explain(rule.info, language.translations)
                }
            }
        }
        // The namespaces go before anything is written: a reader that went away cannot stop it.
        network.removeAll()
        if format == .text { Terminal.writeText(output) } else { Terminal.write(output) }
        if !verdict.disagreements.isEmpty { throw ExitCode(1) }
    }
}
