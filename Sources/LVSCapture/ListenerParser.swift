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
                // Unix, raw and netlink rows (`netstat -a`) are no IP listeners.
                guard let family = transport(first) else { return }
                guard fields.count >= 4 else { return out.markUnparsed(line, "expected `Proto Recv-Q Send-Q Local-Address Foreign-Address [State]`") }
                proto = family
                local = fields[3]
                if proto == "tcp", fields.count >= 6, fields[5] != "LISTEN" { return }
                // A connected UDP socket (`ESTABLISHED`) takes only its peer's datagrams.
                if proto == "udp", fields.count >= 6, fields[5] == "ESTABLISHED" { return }
            } else {
                let offset = hasNetid ? 1 : 0
                let family = hasNetid ? transport(first) : "tcp"
                guard let family else { return }  // u_str, u_dgr, nl, p_raw, … of `ss -a`
                guard fields.count >= 4 + offset else { return out.markUnparsed(line, "expected `[Netid] State Recv-Q Send-Q Local:Port Peer:Port`") }
                proto = family
                if proto == "tcp" || proto == "sctp", fields[offset] != "LISTEN" { return }
                if proto == "udp", fields[offset] == "ESTAB" { return }
                local = fields[3 + offset]
            }
            let v6 = first.hasSuffix("6") || (hasNetid && local.hasPrefix("["))
            guard let (address, port, wildcard) = endpoint(local, v6: v6) else {
                let printedName = local.lastIndex(of: ":").map { !local[..<$0].isEmpty && local[..<$0].contains { $0.isLetter } } ?? false
                return out.markUnparsed(
                    line,
                    printedName
                        ? "'\(local)' names its address by host name (printed without -n): capture `ss -ltnu` (-n) to read it"
                        : "'\(local)' is not ADDRESS:PORT")
            }
            out.listeners.append(Listener(protocolName: proto, address: wildcard ? nil : address, port: port, evidence: line))
        }
        return out
    }

    /// The transport of a Netid or Proto word: tcp, udp or sctp (tcp6, udp6 too); nil for
    /// unix, raw, netlink and packet sockets, which no service listens on.
    static func transport(_ word: String) -> String? {
        for name in ["tcp", "udp", "sctp"] where word == name || word == name + "6" { return name }
        return nil
    }

    /// `192.0.2.21:80`, `[2001:db8::1]:80`, `[fe80::1]%eth0:123`, `127.0.0.53%lo:53`, and ports
    /// by name as `ss` and `netstat` print them without `-n` (`0.0.0.0:ssh`, `*:bootpc`).
    /// `localhost` (`ip6-localhost`), as printed without `-n`, is the loopback address of the
    /// socket's family; any other host name is not read.
    static func endpoint(_ text: String, v6: Bool = false) -> (IPAddress?, Int, Bool)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let portText = String(text[text.index(after: colon)...])
        guard let port = Int(portText) ?? ServiceNames.port(portText) else { return nil }
        var host = String(text[..<colon])
        // The zone follows the address, inside or outside the brackets.
        if let percent = host.firstIndex(of: "%") {
            host = String(host[..<percent]) + (host.hasSuffix("]") && !host[..<percent].hasSuffix("]") ? "]" : "")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if ["*", "0.0.0.0", "::", ""].contains(host) { return (nil, port, true) }
        if host.hasPrefix("::ffff:"), let v4 = IPAddress(String(host.dropFirst(7))) { return (v4, port, false) }
        if host == "localhost" || host == "ip6-localhost", let loopback = IPAddress(v6 || host == "ip6-localhost" ? "::1" : "127.0.0.1") {
            return (loopback, port, false)
        }
        guard let address = IPAddress(host) else { return nil }
        return (address, port, false)
    }
}
