import ArgumentParser
import LVSDescription

struct LVSLint: ParsableCommand {
    static let version = "0.1.0"

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "lvslint",
            abstract: tr("Audit Linux Virtual Server (LVS/IPVS) clusters against the kernel's own rules."),
            discussion: """
                Describe the cluster in YAML (directors, real servers, services, forwarding method), put what you \
                captured on each host under captures/<host>/ (ip addr, ip route, sysctl -a, ipvsadm -Ln, or the old \
                ifconfig / route -n; any file names), and run:

                    lvslint check cluster.yaml

                Every finding names the rule, the host, the line of the description and the capture lines that \
                prove it. `lvslint explain DR003` tells why a rule matters and how to fix it.

                Exit status: 0 nothing at or above --fail-on, 1 findings, 2 the input could not be checked.

                Examples:
                  lvslint check cluster.yaml                # check one cluster
                  lvslint check --select DR --exit-zero     # DR rules only, never fail
                  lvslint check --format sarif -o lvslint.sarif cluster.yaml
                  lvslint collect > lvslint-collect.sh      # what to run on each host
                  lvslint infer captures > cluster.yaml     # draft a description
                  lvslint explain DR003                     # why a rule matters
                  lvslint rules                             # every rule
                  lvslint config                            # which settings apply
                  lvslint -V                                # the version
                """,
            version: "\(version) (libyaml \(YAMLLoader.libyamlVersion))",
            subcommands: [
                CheckCommand.self, RulesCommand.self, ExplainCommand.self, ParseCommand.self, ConfigCommand.self, CollectCommand.self,
                InferCommand.self,
                LabCommand.self,
            ],
            defaultSubcommand: nil
        )
    }
}
