/// A director's connection entries summed per path (protocol, service address, destination),
/// in the order the listing first shows each: what the connection rules judge, computed once
/// per host, so that a busy director's million entries are walked once, not once per rule.
public struct ConnectionPathSummary: Sendable {
    public var isTCP: Bool
    public var virtual: IPAddress
    public var virtualPort: Int
    public var destination: IPAddress
    public var destinationPort: Int
    /// Entries in SYN_RECV, ESTABLISHED, and persistence templates (state NONE).
    public var synRecv = 0
    public var established = 0
    public var templates = 0
    /// Every entry that is not a template.
    public var entries = 0
    /// The first few SYN_RECV entries, and the first ESTABLISHED and template entries: evidence.
    public var synRecvSamples: [IPVSConnection] = []
    public var establishedSample: IPVSConnection?
    public var templateSample: IPVSConnection?

    public static let sampleCount = 5

    struct Key: Hashable {
        var tcp: Bool
        var virtual: IPAddress
        var virtualPort: Int
        var destination: IPAddress
        var destinationPort: Int
    }

    /// The paths of `connections`; entries without addresses or ports (names not resolved) are left out.
    public static func summarise(_ connections: [IPVSConnection]) -> [ConnectionPathSummary] {
        var positions: [Key: Int] = [:]
        var out: [ConnectionPathSummary] = []
        for connection in connections {
            guard let virtual = connection.virtual, let virtualPort = connection.virtualPort,
                  let destination = connection.destination, let destinationPort = connection.destinationPort else { continue }
            let tcp = connection.isTCP
            let key = Key(tcp: tcp, virtual: virtual, virtualPort: virtualPort, destination: destination, destinationPort: destinationPort)
            let at: Int
            if let known = positions[key] {
                at = known
            } else {
                at = out.count
                positions[key] = at
                out.append(ConnectionPathSummary(isTCP: tcp, virtual: virtual, virtualPort: virtualPort, destination: destination, destinationPort: destinationPort))
            }
            if connection.isIn("NONE") {
                out[at].templates += 1
                if out[at].templateSample == nil { out[at].templateSample = connection }
                continue
            }
            out[at].entries += 1
            if connection.isIn("SYN_RECV") {
                out[at].synRecv += 1
                if out[at].synRecvSamples.count < sampleCount { out[at].synRecvSamples.append(connection) }
            } else if connection.isIn("ESTABLISHED") {
                out[at].established += 1
                if out[at].establishedSample == nil { out[at].establishedSample = connection }
            }
        }
        return out
    }
}

extension HostObservation {
    /// The connection entries per path: computed once before the rules run, else now.
    public var pathSummaries: [ConnectionPathSummary] { connectionPaths ?? ConnectionPathSummary.summarise(connections) }
}
