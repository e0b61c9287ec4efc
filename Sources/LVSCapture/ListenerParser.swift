import LVSModel

/// Listening sockets: `ss -ltnu` (`Netid State Recv-Q Send-Q Local Address:Port Peer …`),
/// `ss -ltn` (no Netid column: TCP) and `netstat -ltnu` (`Proto Recv-Q Send-Q Local Address
/// Foreign Address State`, tcp6/udp6 rows). Local addresses: `0.0.0.0:80`, `*:80`, `[::]:80`,
/// `:::80`, `192.0.2.21:80`, `[::ffff:192.0.2.21]:80`, `127.0.0.53%lo:53`.
enum ListenerParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .listeners)
        var columns: [String] = []
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields.map(ByteFields.string)
            guard let first = fields.first else { return }
            if first == "Active" { return }
            if first == "Netid" || first == "State" || first == "Proto" {
                columns = fields
                return
            }
            let hasNetid = columns.first == "Netid"
            let isNetstat = columns.first == "Proto"
            let proto: String
            let local: String
            if isNetstat {
                guard fields.count >= 4 else { return out.markUnparsed(line, "expected `Proto Recv-Q Send-Q Local-Address Foreign-Address [State]`") }
                proto = first.hasPrefix("udp") ? "udp" : "tcp"
                local = fields[3]
                if proto == "tcp", fields.count >= 6, fields[5] != "LISTEN" { return }
            } else {
                let offset = hasNetid ? 1 : 0
                guard fields.count >= 4 + offset else { return out.markUnparsed(line, "expected `[Netid] State Recv-Q Send-Q Local:Port Peer:Port`") }
                proto = hasNetid ? (first.hasPrefix("udp") ? "udp" : "tcp") : "tcp"
                if proto == "tcp", fields[offset] != "LISTEN" { return }
                local = fields[3 + offset]
            }
            guard let (address, port, wildcard) = endpoint(local) else {
                return out.markUnparsed(line, "'\(local)' is not ADDRESS:PORT")
            }
            out.listeners.append(Listener(protocolName: proto, address: wildcard ? nil : address, port: port, evidence: line))
        }
        return out
    }

    static func endpoint(_ text: String) -> (IPAddress?, Int, Bool)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let percent = host.firstIndex(of: "%") { host = String(host[..<percent]) }
        if ["*", "0.0.0.0", "::", ""].contains(host) { return (nil, port, true) }
        if host.hasPrefix("::ffff:"), let v4 = IPAddress(String(host.dropFirst(7))) { return (v4, port, false) }
        guard let address = IPAddress(host) else { return nil }
        return (address, port, false)
    }
}
