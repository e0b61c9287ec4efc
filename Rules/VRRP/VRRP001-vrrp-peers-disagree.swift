import LVSModel

/// VRRP001: the two ends of one VRRP instance (same virtual_router_id on the same interface, on
/// two directors) disagree on the advert interval or on authentication, so that each drops the
/// other's adverts. (Different VIP lists are KA008's.)
public struct VRRPPeersDisagree: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP001", slug: "vrrp-peers-disagree", title: "The two ends of a VRRP instance disagree",
        severity: .error, scope: .all,
        summary:
            "VRRP instances of one virtual_router_id on one interface, on two directors, differ in `advert_int` or `authentication`: each drops the other's adverts, and both become MASTER.",
        needs: [],
        checks: """
            When several keepalived configurations are read together, the vrrp_instances that share a \
            virtual_router_id and an interface are one VRRP instance seen from each director. Their advert_int \
            (default 1) and authentication (auth_type, and whether the passwords' first 8 characters match; the \
            passwords are never shown) must agree. Each difference is reported once per pair, on the second \
            director's line. Different virtual_ipaddress lists are KA008's.
            """,
        mechanism: """
            A backup stays backup only while it accepts the master's adverts. keepalived drops a VRRPv2 advert whose \
            interval differs from its own ("advertisement interval mismatch") and one whose PASS password differs \
            ("received an invalid passwd"), or whose authentication type differs: the backup hears nothing, \
            declares the master dead after three intervals and takes the VIPs too. Both directors then answer \
            ARP for them (split brain): the router's cache flips between two MACs, and established connections \
            reset each time it flips.
            """,
        symptom:
            "Both directors hold the VIP (`ip addr` shows it on each; clients reset as the router's ARP entry flips); keepalived logs \"advertisement interval mismatch\" or \"received an invalid passwd\".",
        fix: RuleFix(
            summary: "Give both ends of the instance the same advert_int and authentication.",
            runtime: ["systemctl reload keepalived   # on each director, after making the two vrrp_instance blocks agree"],
            persistentRHEL: ["the same vrrp_instance settings in /etc/keepalived/keepalived.conf on both directors"],
            persistentDebian: ["the same vrrp_instance settings in /etc/keepalived/keepalived.conf on both directors"]),
        references: [
            "keepalived vrrp/vrrp.c vrrp_in_chk(): adverts with another interval, authentication type or password are dropped",
            "RFC 3768 section 7.1: a VRRPv2 router MUST discard an advert whose interval or authentication does not match its own",
            "keepalived.conf(5): advert_int, authentication",
        ],
        examples: [
            RuleExample(
                "The backup advertises every 2 s, the master every second",
                files: [
                    RuleExample.File("keepalived-lvs1.conf", VRRPPeersDisagree.example(router: "lvs1", state: "MASTER", priority: 150, extra: "")),
                    RuleExample.File(
                        "keepalived-lvs2.conf", VRRPPeersDisagree.example(router: "lvs2", state: "BACKUP", priority: 100, extra: "    advert_int 2\n")
                    ),
                ], finds: "advert_int"),
            RuleExample(
                "Both ends alike",
                files: [
                    RuleExample.File("keepalived-lvs1.conf", VRRPPeersDisagree.example(router: "lvs1", state: "MASTER", priority: 150, extra: "")),
                    RuleExample.File("keepalived-lvs2.conf", VRRPPeersDisagree.example(router: "lvs2", state: "BACKUP", priority: 100, extra: "")),
                ], finds: nil),
        ])

    /// A director's keepalived.conf for the examples, `extra` added to its vrrp_instance.
    static func example(router: String, state: String, priority: Int, extra: String) -> String {
        ExampleInputs.keepalived(
            router: router, state: state, priority: priority,
            virtualServer: """
                    lb_algo rr
                    lb_kind DR
                    protocol TCP

                """ + ExampleInputs.realServer
        ).replacingOccurrences(of: "    priority \(priority)\n", with: "    priority \(priority)\n" + extra)
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        let configs = context.keepalived
        guard configs.count > 1 else { return }
        for (i, a) in configs.enumerated() {
            for b in configs[(i + 1)...] where a.director != b.director || a.director == nil {
                for mine in a.vrrpInstances {
                    guard let id = mine.virtualRouterID?.value,
                        let theirs = b.vrrpInstances.first(where: {
                            $0.virtualRouterID?.value == id && $0.interface?.value == mine.interface?.value
                        })
                    else { continue }
                    compare(mine, in: a, with: theirs, in: b, id: id, &report)
                }
            }
        }
    }

    func compare(
        _ mine: KAVRRPInstance, in a: KeepalivedConfig, with theirs: KAVRRPInstance, in b: KeepalivedConfig, id: Int, _ report: inout RuleReport
    ) {
        let here = a.director ?? a.file, there = b.director ?? b.file
        let pair: Message = "VRRP instance \(theirs.name) on \(there) and \(mine.name) on \(here) (virtual_router_id \(id))"
        let interval = mine.advertInterval?.value ?? "1", otherInterval = theirs.advertInterval?.value ?? "1"
        if Double(interval) != Double(otherInterval) {
            let line = theirs.advertInterval?.line ?? theirs.line
            report.add(
                host: b.director, service: nil,
                message:
                    "\(pair): advert_int is \(interval) on \(here) and \(otherInterval) on \(there): each drops the other's adverts, and both become MASTER",
                location: line.location, evidence: [(mine.advertInterval?.line ?? mine.line).evidence, line.evidence],
                key: "\(line.location)|advert_int", fix: [])
        }
        let type = mine.authType?.value ?? "none", otherType = theirs.authType?.value ?? "none"
        if type != otherType || mine.authPass?.value != theirs.authPass?.value {
            // The type's lines are shown, never the password's.
            let line = theirs.authType?.line ?? theirs.line
            let what: Message =
                type != otherType
                ? "authentication is \(type) on \(here) and \(otherType) on \(there)" : "the auth_pass passwords differ (in their first 8 characters)"
            report.add(
                host: b.director, service: nil,
                message: "\(pair): \(what): each drops the other's adverts, and both become MASTER",
                location: line.location, evidence: [(mine.authType?.line ?? mine.line).evidence, line.evidence],
                key: "\(line.location)|authentication", fix: [])
        }
    }
}
