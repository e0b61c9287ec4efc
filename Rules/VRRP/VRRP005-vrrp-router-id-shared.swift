import LVSModel

/// VRRP005: two clusters' VRRP instances use one virtual_router_id on one segment.
public struct VRRPRouterIDShared: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "VRRP005", slug: "vrrp-router-id-shared", title: "Two clusters use one virtual_router_id on a segment",
        severity: .error, otherSeverities: [.warning], scope: .all,
        summary:
            "A vrrp_instance of this cluster and one of another cluster checked in the same run advertise the same `virtual_router_id` on the same network: each takes the other's adverts for its own instance's, and they fight over mastership or log errors endlessly.",
        needs: [],
        checks: """
            When several descriptions (or keepalived.conf files) are checked in one run, the multicast VRRP \
            instances of each cluster are compared with the other clusters': the same virtual_router_id, in one \
            address family, on one network is reported at the instance's virtual_router_id line. The network is \
            that of the director's captured addresses on the instance's interface (an error), or, without \
            captures, that of the virtual_ipaddress entries written with a prefix (a warning). Instances with \
            unicast_peer are left out: their adverts go to their peers only.
            """,
        mechanism: """
            A VRRP advert names its virtual router by its id (1 to 255), and is multicast to 224.0.0.18 (ff02::12) \
            on the link: every router on the segment receives every advert. keepalived matches a received advert \
            to its instance by interface and router id alone. When two clusters use one id, each instance receives \
            the other cluster's adverts as if from its peer: their virtual addresses, authentication or priority \
            differ, so keepalived logs \"received an invalid ip address count\" or \"bogus VRRP packet\" for each, \
            and where they are accepted the higher priority wins and the other cluster's master steps down to \
            BACKUP. Both clusters' VIPs can end up on no director. The virtual MAC (00:00:5e:00:01:ID, with \
            use_vmac) is then shared too.
            """,
        symptom:
            "keepalived logs floods of invalid or bogus VRRP packets; a cluster's VIP flaps or disappears when another cluster's director starts, although neither configuration changed.",
        fix: RuleFix(
            summary:
                "Give each VRRP instance on a segment its own virtual_router_id (keep a registry of ids per VLAN), or use unicast_peer so adverts go to the peers only.",
            runtime: ["edit virtual_router_id in one cluster's keepalived.conf on both its directors, then systemctl reload keepalived"],
            persistentRHEL: ["the same in /etc/keepalived/keepalived.conf"],
            persistentDebian: ["the same in /etc/keepalived/keepalived.conf"]),
        references: [
            "RFC 9568 (VRRPv3) 5.2.3 Virtual Rtr ID (VRID) and 7.1 receiving VRRP packets",
            "keepalived vrrp/vrrp.c vrrp_check_packet(): \"received an invalid ip address count\"",
            "keepalived.conf(5): virtual_router_id, unicast_peer",
        ],
        examples: [
            RuleExample(
                "two clusters checked together, one virtual_router_id, VIPs in one /24",
                files: [
                    RuleExample.File("web/keepalived.conf", Self.instance(name: "VI_WEB", routerID: 51, vip: "192.0.2.100/24")),
                    RuleExample.File("db/keepalived.conf", Self.instance(name: "VI_DB", routerID: 51, vip: "192.0.2.150/24")),
                ], finds: "virtual_router_id 51"),
            RuleExample(
                "the same clusters with their own ids",
                files: [
                    RuleExample.File("web/keepalived.conf", Self.instance(name: "VI_WEB", routerID: 51, vip: "192.0.2.100/24")),
                    RuleExample.File("db/keepalived.conf", Self.instance(name: "VI_DB", routerID: 52, vip: "192.0.2.150/24")),
                ], finds: nil),
        ])

    static func instance(name: String, routerID: Int, vip: String) -> String {
        """
        vrrp_instance \(name) {
            state MASTER
            interface eth0
            virtual_router_id \(routerID)
            priority 150
            virtual_ipaddress {
                \(vip)
            }
        }

        """
    }

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        guard !context.vrrpNeighbours.isEmpty else { return }
        let mine = VRRPAdvertiser.all(cluster: context.cluster.name, keepalived: context.keepalived, observations: context.observations)
        for advertiser in mine {
            for other in context.vrrpNeighbours where advertiser.collides(with: other) {
                let network = advertiser.segments.first { mine in other.segments.contains { $0 == mine } } ?? advertiser.segments[0]
                let observed = advertiser.segmentsObserved && other.segmentsObserved
                let how: Message =
                    observed
                    ? "both directors have addresses in \(network) on the instances' interfaces"
                    : "their virtual addresses are in \(network) (judged from keepalived.conf: capture the directors' `ip addr` to know their segments)"
                report.add(
                    host: advertiser.director, service: nil,
                    message:
                        "vrrp_instance \(advertiser.instance) of cluster \(advertiser.cluster) and vrrp_instance \(other.instance) of cluster \(other.cluster) (\(other.routerID.line.location.file)) both use virtual_router_id \(advertiser.routerID.value), and \(how): each receives the other's adverts as its own instance's",
                    location: advertiser.routerID.line.location,
                    evidence: [advertiser.routerID.line.evidence, other.routerID.line.evidence],
                    severity: observed ? .error : .warning,
                    key: "\(advertiser.routerID.line.location)|\(other.routerID.line.location)",
                    identity: "\(advertiser.instance)|\(other.cluster)|\(other.instance)")
            }
        }
    }
}
