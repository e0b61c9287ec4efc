import LVSModel

/// /proc/net/route (IPv4: little-endian hex, a header line) and /proc/net/ipv6_route
/// (no header; 32-digit addresses, hex prefix lengths and flags).
enum ProcNetRouteParser {
    static let gatewayFlag: UInt128 = 0x0002
    static let rejectFlag: UInt128 = 0x0200
    static let localFlag: UInt128 = 0x8000_0000

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .procNetRoute)
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            guard let first = fields.first else { return }
            if ByteFields.equals(first, "Iface") { return }
            if fields.count == 10 && first.count == 32 {
                readIPv6(fields, line: line, out: &out)
            } else if fields.count >= 8 {
                readIPv4(fields, line: line, out: &out)
            } else {
                out.markUnparsed(line, "expected a /proc/net/route or /proc/net/ipv6_route row")
            }
        }
        return out
    }

    static func littleEndian(_ field: ArraySlice<UInt8>) -> IPAddress? {
        guard field.count == 8, let v = ByteFields.hex(field) else { return nil }
        let x = UInt32(v)
        return IPAddress(v4: x.byteSwapped)
    }

    static func readIPv4(_ f: [ArraySlice<UInt8>], line: CaptureLine, out: inout ParsedCapture) {
        guard let destination = littleEndian(f[1]), let gateway = littleEndian(f[2]), let flags = ByteFields.hex(f[3]),
            let metric = ByteFields.int(f[6]), let mask = littleEndian(f[7])?.v4Value,
            let length = IPPrefix.length(ofNetmask: mask), let prefix = IPPrefix(address: destination, length: length)
        else {
            out.markUnparsed(line, "expected `Iface Destination Gateway Flags RefCnt Use Metric Mask …` in hex")
            return
        }
        let device = ByteFields.string(f[0])
        // A route without a device (`*`) is a blackhole or unreachable route.
        let type = device == "*" ? "blackhole" : (flags & rejectFlag != 0 ? "unreachable" : "unicast")
        let via: RouteGateway? = flags & gatewayFlag != 0 && !gateway.isUnspecified ? .address(gateway) : nil
        out.routes.append(
            ObservedRoute(
                type: type, destination: prefix, gateway: via, device: device == "*" ? nil : InterfaceName.validated(device),
                scope: via == nil ? "link" : nil, metric: metric, evidence: line))
    }

    static func readIPv6(_ f: [ArraySlice<UInt8>], line: CaptureLine, out: inout ParsedCapture) {
        guard let dest = ByteFields.hex(f[0]), let plen = ByteFields.hex(f[1]), let next = ByteFields.hex(f[4]),
            let metric = ByteFields.hex(f[5]), let flags = ByteFields.hex(f[8]),
            let prefix = IPPrefix(address: IPAddress(v6: dest), length: Int(plen))
        else {
            out.markUnparsed(line, "expected an /proc/net/ipv6_route row (dest plen src splen nexthop metric refcnt use flags iface)")
            return
        }
        var type = "unicast", table = "main"
        if flags & rejectFlag != 0 { type = "unreachable" }
        if flags & localFlag != 0 { type = "local"; table = "local" }
        let via: RouteGateway? = flags & gatewayFlag != 0 && next != 0 ? .address(IPAddress(v6: next)) : nil
        out.routes.append(
            ObservedRoute(
                type: type, destination: prefix, gateway: via, device: InterfaceName.validated(ByteFields.string(f[9])), table: table,
                metric: Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: metric)), evidence: line))
    }
}
