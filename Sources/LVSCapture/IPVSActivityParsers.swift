import LVSModel

/// `ipvsadm -Lnc` (`pro expire state source virtual destination`) and the kernel's own
/// /proc/net/ip_vs_conn (hex addresses and ports).
enum IPVSConnectionsParser: CaptureParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipvsConnections)
        var hex = false
        var connections: [IPVSConnection] = []
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            guard let first = fields.first else { return }
            let word = ByteFields.string(first)
            if word == "IPVS" || word == "pro" { return }
            if word == "Pro" { hex = true; return }
            // A grep of /proc/net/ip_vs_conn keeps no header: its hex fields say what it is.
            let looksHex = fields.count >= 9 && fields[2].count == 4 && ByteFields.hex(fields[2]) != nil && !fields[1].contains(UInt8(ascii: ":"))
            if hex || looksHex {
                // Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires [PEName PEData]
                guard fields.count >= 9, let c = address(fields[1], hex: true), let cp = port(fields[2]),
                      let v = address(fields[3], hex: true), let vp = port(fields[4]),
                      let d = address(fields[5], hex: true), let dp = port(fields[6]) else {
                    out.markUnparsed(line, "expected `Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires`")
                    return
                }
                connections.append(IPVSConnection(protocolName: word, state: ByteFields.string(fields[7]), client: c, clientPort: cp,
                                                  virtual: v, virtualPort: vp, destination: d, destinationPort: dp, evidence: line))
                return
            }
            // pro expire state source virtual destination [pe name, pe_data]; without -n, names.
            guard fields.count >= 6, let c = IPVSAdmParser.printedHostPort(fields[3], hex: false),
                  let v = IPVSAdmParser.printedHostPort(fields[4], hex: false),
                  let d = IPVSAdmParser.printedHostPort(fields[5], hex: false) else {
                out.markUnparsed(line, "expected `pro expire state source virtual destination`")
                return
            }
            var connection = IPVSConnection(protocolName: word, state: ByteFields.string(fields[2]), client: c.address, clientPort: c.port,
                                            virtual: v.address, virtualPort: v.port, destination: d.address, destinationPort: d.port, evidence: line)
            connection.virtualName = v.name
            connection.destinationName = d.name
            connections.append(connection)
        }
        out.connections = connections
        return out
    }

    static func address(_ field: ArraySlice<UInt8>, hex: Bool) -> IPAddress? {
        if field.count == 8, let v = ByteFields.hex(field) { return IPAddress(v4: UInt32(v)) }
        return IPAddress.parse(bytes: field)
    }

    static func port(_ field: ArraySlice<UInt8>) -> Int? {
        ByteFields.hex(field).flatMap { $0 <= 65535 ? Int($0) : nil }
    }
}

/// /proc/net/ip_vs_stats: totals and rates in hex under two header blocks.
enum ProcIPVSStatsParser: CaptureParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .procIPVSStats)
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            guard let first = fields.first else { return }
            if ["Total", "Conns", "Conns/s"].contains(ByteFields.string(first)) { return }
            for f in fields where ByteFields.hex(f) == nil {
                out.markUnparsed(line, "'\(ByteFields.string(f))' is not a hexadecimal counter")
                return
            }
        }
        return out
    }
}
