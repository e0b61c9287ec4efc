import LVSModel

/// The fix for a NAT real server whose replies do not return through the director: shared by
/// NAT002 (its default route bypasses the director) and IPVS012 (the director's connections to
/// it are stuck in SYN_RECV, which is what that route causes).
enum NATReturnRoute {
    /// The default route to set on the real server: a director's address on its own subnet
    /// (seen in the directors' captures), else the director's described address.
    static func fix(for target: RealServerTarget, device: String?, directors: [HostDescription], _ context: CheckContext) -> [Message]? {
        var gateway: (IPAddress, String)?
        for director in directors {
            guard let observation = context.observations[director.name] else { continue }
            if let address = observation.firstAddress(where: {
                $0.prefix.contains(target.server.address) && $0.prefix.length < $0.prefix.address.bitWidth
            }) {
                gateway = (address.prefix.address, director.name)
                break
            }
        }
        if gateway == nil, let director = directors.first, let address = director.address { gateway = (address, director.name) }
        guard let (address, director) = gateway else { return nil }
        let host = target.host.name
        var commands: [Message] = ["ip route replace default via \(address)   # on \(host): \(director)'s address on its subnet"]
        if let device {
            commands.append(
                "nmcli connection modify \(ShellWord.quote(device)) ipv4.gateway \(address)   # on \(host), to keep it (RHEL; the connection may have another name: nmcli -g NAME,DEVICE connection)"
            )
        }
        return commands
    }
}
