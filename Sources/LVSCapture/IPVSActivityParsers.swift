import Foundation
import LVSModel

/// `ipvsadm -Lnc` (`pro expire state source virtual destination`) and the kernel's own
/// /proc/net/ip_vs_conn (hex addresses and ports).
enum IPVSConnectionsParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture { parse(file, keepingEntries: true) }

    /// Keeping entries, every entry is kept as a value; otherwise they are counted per path
    /// (`ConnectionTally`) and only those printed with names, which need resolving, are kept.
    static func parse(_ file: CaptureFile, keepingEntries: Bool) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipvsConnections)
        var hex = false
        var connections: [IPVSConnection] = []
        var tally = ConnectionTally()
        // About 75 bytes an entry: one allocation instead of a doubling per million.
        if keepingEntries { connections.reserveCapacity(file.bytes.count / 72) }
        func keep(_ connection: IPVSConnection) {
            if keepingEntries || connection.hasPrintedNames { connections.append(connection) } else { tally.add(connection) }
        }
        file.bytes.withUnsafeBufferPointer { buffer in
            file.forEachLine { line in
                // Nearly every line of a busy director's listing is `TCP 14:46  ESTABLISHED
                // 203.0.113.7:40000 192.0.2.100:80 192.0.2.21:80`: read on the bytes, no field made.
                if !hex, let connection = fastEntry(buffer, line) {
                    keep(connection)
                    return
                }
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
                        let d = address(fields[5], hex: true), let dp = port(fields[6])
                    else {
                        out.markUnparsed(line, "expected `Pro FromIP FPrt ToIP TPrt DestIP DPrt State Expires`")
                        return
                    }
                    keep(
                        IPVSConnection(
                            protocolName: word, state: ByteFields.string(fields[7]), client: c, clientPort: cp,
                            virtual: v, virtualPort: vp, destination: d, destinationPort: dp, evidence: line))
                    return
                }
                // pro expire state source virtual destination [pe name, pe_data]; without -n, names.
                guard fields.count >= 6, let c = IPVSAdmParser.printedHostPort(fields[3], hex: false),
                    let v = IPVSAdmParser.printedHostPort(fields[4], hex: false),
                    let d = IPVSAdmParser.printedHostPort(fields[5], hex: false)
                else {
                    out.markUnparsed(line, "expected `pro expire state source virtual destination`")
                    return
                }
                var connection = IPVSConnection(
                    protocolName: word, state: ByteFields.string(fields[2]), client: c.address, clientPort: c.port,
                    virtual: v.address, virtualPort: v.port, destination: d.address, destinationPort: d.port, evidence: line)
                connection.virtualName = v.name
                connection.destinationName = d.name
                keep(connection)
            }
        }
        out.connections = connections
        out.connectionTally = tally
        return out
    }

    /// The states ipvsadm prints (ip_vs_proto_tcp.c, _udp.c, _sctp.c), kept as one string each.
    static let states: [String] = [
        "ESTABLISHED", "SYN_RECV", "FIN_WAIT", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
        "SYNACK", "SYN_SENT", "NONE", "UDP", "ICMP", "INIT", "COOKIE_WAIT", "COOKIE_ECHOED",
        "SHUTDOWN_SENT", "SHUTDOWN_RECEIVED", "SHUTDOWN_ACK_SENT", "REJECTED",
    ]

    /// An `ipvsadm -Lnc` entry with IPv4 addresses, read on the bytes of `buffer`; nil for any
    /// other line (a header, IPv6, names, /proc's hex), which the general reading takes.
    static func fastEntry(_ buffer: UnsafeBufferPointer<UInt8>, _ line: CaptureLine) -> IPVSConnection? {
        var i = line.start
        let end = line.end
        func token() -> Range<Int>? {
            while i < end && (buffer[i] == 32 || buffer[i] == 9) { i += 1 }
            let start = i
            while i < end && buffer[i] != 32 && buffer[i] != 9 { i += 1 }
            return i > start ? start..<i : nil
        }
        func equals(_ range: Range<Int>, _ word: String) -> Bool {
            var word = word
            guard word.utf8.count == range.count, let base = buffer.baseAddress else { return false }
            return word.withUTF8 { text in text.baseAddress.map { memcmp($0, base + range.lowerBound, range.count) == 0 } ?? false }
        }
        guard let proto = token() else { return nil }
        let protocolName: String
        if equals(proto, "TCP") {
            protocolName = "TCP"
        } else if equals(proto, "UDP") {
            protocolName = "UDP"
        } else if equals(proto, "SCTP") {
            protocolName = "SCTP"
        } else {
            return nil
        }
        guard let expire = token(), expire.count == 5, buffer[expire.lowerBound + 2] == 58, let stateRange = token(),
            let state = states.first(where: { equals(stateRange, $0) }),
            let client = endpoint(buffer, token()), let virtual = endpoint(buffer, token()), let destination = endpoint(buffer, token())
        else { return nil }
        // pe name and pe data may follow; anything else is not this shape.
        return IPVSConnection(
            protocolName: protocolName, state: state, client: client.address, clientPort: client.port,
            virtual: virtual.address, virtualPort: virtual.port, destination: destination.address,
            destinationPort: destination.port, evidence: line)
    }

    /// `192.0.2.7:40000` on the bytes: four decimal octets, a colon, a decimal port.
    static func endpoint(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>?) -> (address: IPAddress, port: Int)? {
        guard let range else { return nil }
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var k = range.lowerBound
        while k < range.upperBound {
            let b = buffer[k]
            if b >= 48 && b <= 57 {
                octet = octet * 10 + UInt32(b - 48)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else if b == 46 || b == 58 {
                guard digits > 0 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                if b == 58 { break }
                dots += 1
                guard dots <= 3 else { return nil }
            } else {
                return nil
            }
            k += 1
        }
        guard dots == 3, k < range.upperBound, buffer[k] == 58 else { return nil }
        var port = 0
        k += 1
        guard k < range.upperBound, range.upperBound - k <= 5 else { return nil }
        while k < range.upperBound {
            let b = buffer[k]
            guard b >= 48 && b <= 57 else { return nil }
            port = port * 10 + Int(b - 48)
            k += 1
        }
        guard port <= 65535 else { return nil }
        return (IPAddress(v4: value), port)
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
enum ProcIPVSStatsParser {
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
