import LVSModel

/// Where a NAT real server's replies enter a director.
struct ReplyPath {
    /// The director interface that receives the replies.
    var device: String
    /// The lines that show why: the real server's default route and the director's address,
    /// or the director's connected route to the real server.
    var evidence: [Evidence]
}

extension CheckContext {
    /// The director interface a real server's replies arrive on: the one holding the real
    /// server's gateway address when that is the director's, else the one whose connected
    /// route covers the real server.
    func replyPath(from target: RealServerTarget, to director: HostObservation) -> ReplyPath? {
        let family = target.server.address.family
        if let server = observations[target.host.name], let route = server.bestDefaultRoute(family: family),
            let gateway = route.gateway?.address,
            let owned = director.firstAddress(equalTo: gateway)
        {
            return ReplyPath(device: owned.interface, evidence: [route.evidence.evidence, owned.evidence.evidence])
        }
        if let route = director.route(to: target.server.address), route.isConnected, let device = route.device {
            return ReplyPath(device: device, evidence: [route.evidence.evidence])
        }
        return nil
    }
}
