/// A VRRP instance as the segment sees it: the router id its adverts carry, on which link.
/// Two clusters whose instances share an id on one segment fight over it (`VRRP005`); when
/// several descriptions are checked together, each is told of the others' advertisers.
public struct VRRPAdvertiser: Sendable {
    /// The cluster (description) the instance belongs to, and the file that describes it.
    public var cluster: String
    public var director: String?
    public var instance: String
    public var routerID: KASetting<Int>
    public var interface: String?
    public var family: IPAddress.Family
    /// The networks of the link the adverts go out on: the director's captured addresses on
    /// the interface, else the virtual addresses written with a network prefix.
    public var segments: [IPPrefix]
    /// True when the segments come from captured addresses, not from keepalived.conf.
    public var segmentsObserved: Bool

    public init(
        cluster: String, director: String?, instance: String, routerID: KASetting<Int>, interface: String?, family: IPAddress.Family,
        segments: [IPPrefix], segmentsObserved: Bool
    ) {
        self.cluster = cluster
        self.director = director
        self.instance = instance
        self.routerID = routerID
        self.interface = interface
        self.family = family
        self.segments = segments
        self.segmentsObserved = segmentsObserved
    }

    /// True when both advertise the same router id, in one family, on a shared network.
    public func collides(with other: VRRPAdvertiser) -> Bool {
        routerID.value == other.routerID.value && family == other.family
            && segments.contains { mine in other.segments.contains { $0.length == mine.length && $0.network == mine.network } }
    }

    /// The multicast advertisers of a cluster's keepalived configurations (an instance with
    /// `unicast_peer` sends its adverts to its peers only, and is left out).
    public static func all(cluster: String, keepalived: [KeepalivedConfig], observations: [String: HostObservation]) -> [VRRPAdvertiser] {
        var out: [VRRPAdvertiser] = []
        for config in keepalived {
            for instance in config.vrrpInstances where instance.unicastPeers.isEmpty {
                guard let id = instance.virtualRouterID else { continue }
                let family = instance.addresses.first?.prefix.address.family ?? .v4
                var segments: [IPPrefix] = []
                var observed = false
                if let name = instance.interface?.value, let director = config.director, let observation = observations[director],
                    let interface = observation.interfaces.first(where: { $0.name == name })
                {
                    segments = interface.addresses.map(\.prefix).filter { $0.address.family == family && !$0.isHostPrefix }
                    observed = !segments.isEmpty
                }
                if segments.isEmpty {
                    segments = instance.addresses.map(\.prefix).filter { !$0.isHostPrefix }
                }
                let networks = segments.compactMap { IPPrefix(address: $0.network, length: $0.length) }
                guard !networks.isEmpty else { continue }
                out.append(
                    VRRPAdvertiser(
                        cluster: cluster, director: config.director, instance: instance.name, routerID: id, interface: instance.interface?.value,
                        family: family, segments: networks, segmentsObserved: observed))
            }
        }
        return out
    }
}
