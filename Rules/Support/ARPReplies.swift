import LVSModel

/// Whether the kernel answers an ARP request for a local address, after net/ipv4/arp.c's
/// arp_ignore(): shared by the rules that ask "does this host answer for the VIP?".
enum ARPReplies {
    /// - Parameters:
    ///   - arpIgnore: the effective value, max(conf.all, conf.<incoming interface>).
    ///   - onIncomingInterface: the address is configured on the interface the request came in on.
    ///   - scope: the address's scope (`host` is refused by 3).
    /// 0 and the reserved 4–7 reply for any local address; 1 and 2 only for addresses on
    /// the incoming interface (2 also wants the sender in one of its subnets, which a
    /// neighbour on that segment is); 3 refuses scope-host addresses; 8 refuses all.
    static func answers(arpIgnore: Int, onIncomingInterface: Bool, scope: String?) -> Bool {
        switch arpIgnore {
        case 1, 2: return onIncomingInterface
        case 3: return scope != "host"
        case 8: return false
        default: return true
        }
    }
}
