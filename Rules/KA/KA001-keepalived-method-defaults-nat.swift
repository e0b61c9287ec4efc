import LVSModel

/// KA001: a virtual server without a forwarding method is NAT in keepalived.
public struct KeepalivedMethodDefaultsNAT: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "KA001", slug: "keepalived-method-defaults-nat", title: "keepalived forwards by NAT when no method is given",
        severity: .warning, otherSeverities: [.error], scope: .all,
        summary:
            "A keepalived `virtual_server` with no `lvs_method`/`lb_kind` (on it or on a real server) forwards by NAT, while ipvsadm's default is DR.",
        needs: [],
        checks: """
            Every virtual_server of every keepalived configuration read (given to `lvslint check` or named by a \
            host's `keepalived:`): when a real_server (or the sorry_server) has no `lvs_method` and neither has \
            the virtual_server, keepalived logs "no forwarding method set, setting default NAT" and programs \
            IPVS with masquerading. The finding is an error when the YAML description says the service is dr or tun.
            """,
        mechanism: """
            keepalived's configuration check sets the virtual server's forwarding method to NAT when a real \
            server needs one and none was given (check_data.c, validate_check_config). ipvsadm defaults to \
            direct routing (-g). A configuration written for DR without `lb_kind DR` therefore makes a NAT \
            service: the director rewrites the destination to the RIP, and the real servers — which answer \
            from the VIP on lo through their own gateway — send replies the client never matches.
            """,
        symptom:
            "`ipvsadm -Ln` shows Masq where Route was meant; connections hang after the SYN, or work only from clients the real servers route back through the director.",
        fix: RuleFix(
            summary: "Say the method: `lvs_method DR` (or NAT, TUN) in the virtual_server block.",
            runtime: ["lvs_method DR   # in the virtual_server block; then systemctl reload keepalived"],
            persistentRHEL: ["the same line in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same line in /etc/keepalived/keepalived.conf"]),
        references: [
            "keepalived check/check_data.c validate_check_config: \"no forwarding method set, setting default NAT\"",
            "keepalived.conf(5): lvs_method NAT|DR|TUN (lb_kind is its older name)", "ipvsadm(8): -g is the default",
        ],
        keepalivedSays: ["no forwarding method set, setting default NAT"],
        examples: [
            RuleExample(
                "No lb_kind", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: "NAT"),
            RuleExample(
                "lb_kind DR written out", .keepalived,
                ExampleInputs.keepalived(
                    virtualServer: """
                            lb_algo rr
                            lb_kind DR
                            protocol TCP

                        """ + ExampleInputs.realServer), finds: nil),
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        report.keepalivedAdjustments(
            context, [.methodDefaultsToNAT],
            severity: { adjustment in
                Self.describedOtherwise(adjustment, context) ? .error : .warning
            },
            explain: { adjustment, _ in
                Self.describedOtherwise(adjustment, context)
                    ? "; the description says this service is forwarded by DR or TUN" : "; ipvsadm's default would have been DR"
            },
            // The method the description names, else DR (what ipvsadm would have chosen); chosen, not defaulted.
            edit: { adjustment, vs in
                .insert("lb_kind \(Self.describedMethod(adjustment, context) ?? "DR")", inBlockAt: vs.line)
            })
    }

    /// The method (`DR`, `TUN`) the YAML description gives the service at that line, when it is not NAT.
    static func describedMethod(_ adjustment: KeepalivedDefaults.Adjustment, _ context: CheckContext) -> String? {
        guard describedOtherwise(adjustment, context) else { return nil }
        for config in context.keepalived {
            guard let vs = config.virtualServers.first(where: { $0.line == adjustment.virtualServer }),
                case let .address(address, port) = vs.key
            else { continue }
            return context.cluster.services.first { $0.vip == address && $0.port == port && $0.method != .nat }?.method.rawValue.uppercased()
        }
        return nil
    }

    /// Whether the YAML description (not keepalived) says DR or TUN for the service at that line.
    static func describedOtherwise(_ adjustment: KeepalivedDefaults.Adjustment, _ context: CheckContext) -> Bool {
        guard !context.describedByKeepalived else { return false }
        for config in context.keepalived {
            guard let vs = config.virtualServers.first(where: { $0.line == adjustment.virtualServer }),
                case let .address(address, port) = vs.key
            else { continue }
            return context.cluster.services.contains { $0.vip == address && $0.port == port && $0.method != .nat }
        }
        return false
    }
}
