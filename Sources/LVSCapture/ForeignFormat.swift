import LVSModel

/// Output of commands that look like a format lvslint reads but are another one: refused by
/// name, with what to capture instead, rather than misread. `systemctl list-sockets` has a
/// listener-like first column; BSD and macOS `netstat -r` prints a route table with
/// columns and names Linux's does not have (`link#2`, `Netif`, classful `192.168.1`).
public enum ForeignFormat {
    /// The foreign format a line heads, named, with what to capture instead.
    public static func of(_ line: CaptureLine) -> String? {
        // Most lines begin with none of the four words: decided on the first byte, unsplit.
        guard let b0 = line.bytes.first, b0 == UInt8(ascii: "L") || b0 == UInt8(ascii: "R") || b0 == UInt8(ascii: "I") || b0 == UInt8(ascii: "D")
        else { return nil }
        let fields = line.fields.map(ByteFields.string)
        guard let first = fields.first else { return nil }
        if first == "LISTEN", fields.contains("UNIT"), fields.contains("ACTIVATES") {
            return
                "`systemctl list-sockets` output (the sockets systemd holds for units, not the host's listeners), which lvslint does not read: capture `ss -ltnu` for listeners"
        }
        if fields == ["Routing", "tables"] || fields == ["Internet:"] || fields == ["Internet6:"]
            || (first == "Destination" && fields.contains("Netif"))
        {
            return
                "BSD or macOS `netstat -r` output (not a Linux routing table; IPVS is Linux's), which lvslint does not read: capture `ip route show table all` on the Linux host"
        }
        return nil
    }
}
