import LVSModel

extension RuleReport {
    /// The directors whose connection list (`ipvsadm -Lnc`, /proc/net/ip_vs_conn) was captured,
    /// each with its observation once it has every facet in `facets`. The connection list is
    /// optional evidence: a director without one is not judged by the connection rules, nor
    /// listed as not checked by them.
    mutating func directorsWithConnections(_ context: CheckContext, needing facets: [CaptureFacet] = [.ipvsActivity])
        -> [(director: HostDescription, observation: HostObservation)]
    {
        var out: [(HostDescription, HostObservation)] = []
        for director in context.cluster.hosts where director.roles.contains(.director) {
            guard context.observations[director.name]?.has(.ipvsActivity) == true,
                let observation = require(facets, of: director.name, in: context)
            else { continue }
            out.append((director, observation))
        }
        return out
    }
}
