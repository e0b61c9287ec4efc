import LVSModel

/// `ip route`, `ip -6 route`, `ip route show table all`: one route per line, an optional
/// type word first, then key/value words. Multipath `nexthop` lines attach to the route above.
enum IPRouteParser {
    static let types: Set<String> = ["unicast", "local", "broadcast", "multicast", "anycast", "blackhole", "unreachable", "prohibit", "throw", "nat"]
    /// Keys that take one value.
    static let valued: Set<String> = [
        "via", "dev", "table", "proto", "scope", "src", "metric", "preference", "pref", "mtu", "advmss", "expires",
        "realm", "realms", "tos", "dsfield", "weight", "hoplimit", "initcwnd", "initrwnd", "rtt", "rttvar", "window",
        "cwnd", "ssthresh", "reordering", "nhid", "congctl", "features", "quickack", "fastopen_no_cookie", "encap",
        "error", "from", "vrf", "ttl-propagate", "cache", "iif", "oif", "uid", "mark", "rto_min", "mtu_lock", "lock",
    ]
    /// Words that stand alone.
    static let bare: Set<String> = [
        "linkdown", "onlink", "pervasive", "notify", "dead", "offload", "trap", "rt_offload", "rt_trap", "rt_offload_failed", "cloned", "nexthop",
    ]

    /// The same words, looked up on a line's bytes without making a String of each word.
    static let typeWords = ByteStringSet(types.map { Array($0.utf8) })
    static let valuedWords = ByteStringSet(valued.map { Array($0.utf8) })
    static let bareWords = ByteStringSet(bare.map { Array($0.utf8) })

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var reader = Reader(file: file)
        reader.readLines(of: file)
        return reader.out
    }

    /// One file's routes, read line by line on its bytes.
    struct Reader: ByteLineReader {
        let file: CaptureFile
        var out: ParsedCapture
        var strings = WordCache<String>()
        var devices = WordCache<String?>()

        init(file: CaptureFile) {
            self.file = file
            out = ParsedCapture(file: file, kind: .ipRoute)
            // About one route per 64 bytes (an `ip route` line is 50 to 90): grown once or not at all.
            out.routes.reserveCapacity(min(max(file.bytes.count / 64, 4), 4096))
        }

        mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, number: Int) {
            var words = WordCursor(buffer, from: start, to: end)
            guard var word = words.next() else { return }
            let line = CaptureLine(file: file, number: number, start: start, end: end)
            let indented = word.lowerBound > start
            if indented && words.equals(word, "nexthop") {
                // A multipath leg: keep it as its own route to the same destination.
                guard var parent = out.routes.last else {
                    out.markUnparsed(line, "a nexthop line without a route above it")
                    return
                }
                parent.evidence = line
                parent.gateway = nil
                parent.device = nil
                readAttributes(&words, into: &parent, line: line)
                out.routes.append(parent)
                return
            }
            // Only a line starting with E, R or D can be one of iproute2's messages.
            let head = buffer[start]
            if !indented, head == UInt8(ascii: "E") || head == UInt8(ascii: "R") || head == UInt8(ascii: "D"), IPRoute2Message.record(line, in: &out)
            {
                return
            }
            var type = "unicast"
            if words.isIn(typeWords, word) {
                type = string(word, buffer)
                guard let destination = words.next() else {
                    out.markUnparsed(line, "a route type without a destination")
                    return
                }
                word = destination
            }
            let destination = file.bytes[word]
            let isDefault = words.equals(word, "default")
            // Family is settled by the gateway below; default to IPv4 until then.
            let prefix = isDefault ? IPPrefix(address: IPAddress(v4: 0), length: 0) : Field.prefix(destination)
            guard let prefix else {
                out.markUnparsed(line, "'\(ByteFields.string(destination))' is not a route destination")
                return
            }
            var route = ObservedRoute(type: type, destination: prefix, evidence: line)
            readAttributes(&words, into: &route, line: line)
            if isDefault, let gw = route.gateway?.address, gw.family == .v6 {
                route.destination = IPPrefix(address: IPAddress(v6: 0), length: 0) ?? route.destination
            } else if isDefault, let src = route.source, src.family == .v6 {
                route.destination = IPPrefix(address: IPAddress(v6: 0), length: 0) ?? route.destination
            }
            if route.table == "local" || type == "local" || type == "broadcast" {
                if route.table == "main" && type != "unicast" { route.table = "local" }
            }
            out.routes.append(route)
        }

        /// `word` as a String, made once per distinct short word of the file.
        mutating func string(_ word: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) -> String {
            strings.value(of: word, in: buffer) { String(decoding: UnsafeBufferPointer(rebasing: buffer[word]), as: UTF8.self) }
        }

        /// The key/value words that follow the destination (or `nexthop`).
        mutating func readAttributes(_ words: inout WordCursor, into route: inout ObservedRoute, line: CaptureLine) {
            let buffer = words.buffer
            while let word = words.next() {
                // The key compared on its bytes: a String made of every word, then compared with
                // each case in turn, cost more than the route. Each key read is a valued word,
                // so the sets are asked only of the others.
                let key = RouteKey(word, words)
                if key == .other {
                    if words.isIn(bareWords, word) { continue }
                    guard words.isIn(valuedWords, word) else {
                        out.markUnparsed(line, "unknown route attribute '\(ByteFields.string(file.bytes[word]))'")
                        return
                    }
                }
                guard let value = words.next() else {
                    out.markUnparsed(line, "'\(ByteFields.string(file.bytes[word]))' without a value")
                    return
                }
                switch key {
                case .via:
                    // `via inet6 fe80::1` names the family first.
                    var gateway = value
                    if words.equals(value, "inet") || words.equals(value, "inet6") {
                        // The word after the family, when there is one.
                        var ahead = words
                        if let address = ahead.next() {
                            gateway = address
                            words = ahead
                        }
                    }
                    let v = file.bytes[gateway]
                    if let a = Field.address(v) { route.gateway = .address(a) } else { route.gateway = .name(ByteFields.string(v)) }
                case .dev:
                    // A device no kernel could name leaves the route's device unknown.
                    route.device = devices.value(of: value, in: buffer) {
                        InterfaceName.validated(String(decoding: UnsafeBufferPointer(rebasing: buffer[value]), as: UTF8.self))
                    }
                case .table: route.table = string(value, buffer)
                case .proto: route.proto = string(value, buffer)
                case .scope: route.scope = string(value, buffer)
                case .src: route.source = Field.address(file.bytes[value])
                case .metric: route.metric = ByteFields.int(file.bytes[value]) ?? route.metric
                case .lock:
                    // `mtu lock 1400`: the value follows `lock`.
                    _ = words.next()
                case .other: break
                }
            }
        }
    }

    /// The route keys the parser reads a value of (`metric` and `preference` alike).
    enum RouteKey {
        case via, dev, table, proto, scope, src, metric, lock, other

        init(_ word: Range<Int>, _ words: WordCursor) {
            switch words.first(word) {
            case UInt8(ascii: "v") where words.equals(word, "via"): self = .via
            case UInt8(ascii: "d") where words.equals(word, "dev"): self = .dev
            case UInt8(ascii: "t") where words.equals(word, "table"): self = .table
            case UInt8(ascii: "p") where words.equals(word, "proto"): self = .proto
            case UInt8(ascii: "p") where words.equals(word, "preference"): self = .metric
            case UInt8(ascii: "s") where words.equals(word, "scope"): self = .scope
            case UInt8(ascii: "s") where words.equals(word, "src"): self = .src
            case UInt8(ascii: "m") where words.equals(word, "metric"): self = .metric
            case UInt8(ascii: "l") where words.equals(word, "lock"): self = .lock
            default: self = .other
            }
        }
    }
}

/// net-tools `route -n`, `route -ee`, `route -6 -n`, and `netstat -rn` (same table, other
/// trailing columns). Columns are found from the header line.
enum RouteNParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .routeN)
        var columns: [String: Int] = [:]
        /// Where each column is, found once per header rather than per row.
        var at: (destination: Int?, gateway: Int?, genmask: Int?, flags: Int?, device: Int?, metric: Int?) = (nil, nil, nil, nil, nil, nil)
        var ipv6 = false
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            guard let first = fields.first else { return }
            if ByteFields.equals(first, "Kernel") {
                ipv6 = ByteFields.contains(line.bytes, "IPv6")
                return
            }
            if ByteFields.equals(first, "Destination") {
                columns = [:]
                var index = 0
                var i = 0
                while i < fields.count {
                    var name = ByteFields.string(fields[i])
                    // "Next Hop" is one column printed as two words.
                    if name == "Next", i + 1 < fields.count, ByteFields.equals(fields[i + 1], "Hop") { name = "Next Hop"; i += 1 }
                    columns[name] = index
                    index += 1
                    i += 1
                }
                at = (
                    columns["Destination"], columns["Gateway"] ?? columns["Next Hop"], columns["Genmask"], columns["Flags"] ?? columns["Flag"],
                    columns["Iface"] ?? columns["If"], columns["Metric"] ?? columns["Met"]
                )
                return
            }
            guard !columns.isEmpty else {
                out.markUnparsed(line, "a route row before the `Destination  Gateway  Genmask …` header")
                return
            }
            func column(_ index: Int?) -> ArraySlice<UInt8>? {
                guard let index, index < fields.count else { return nil }
                return fields[index]
            }
            guard let destField = column(at.destination) else {
                out.markUnparsed(line, "a route row with too few columns")
                return
            }
            let gatewayField = column(at.gateway)
            let flags = column(at.flags) ?? []
            // The interface is the last column in every variant but `-ee`, which names it.
            let device = column(at.device).map(ByteFields.string)
            let metric = column(at.metric).flatMap { ByteFields.int($0) } ?? 0

            var destination: IPPrefix?
            if ipv6 || ByteFields.contains(destField, ":") || ByteFields.contains(destField, "/") {
                destination = Field.prefix(destField)
                // `[::]/0`: the default route as route -6 prints it without -n.
                if destination == nil, destField.first == UInt8(ascii: "["), let close = destField.firstIndex(of: UInt8(ascii: "]")) {
                    destination = IPPrefix(
                        ByteFields.string(destField[(destField.startIndex + 1)..<close]) + ByteFields.string(destField[(close + 1)...]))
                }
                if destination == nil, let slash = destField.firstIndex(of: UInt8(ascii: "/")),
                    let v4 = IPAddress.parse(bytes: destField[destField.startIndex..<slash])?.v4Value,
                    let length = ByteFields.int(destField[(slash + 1)...])
                {
                    // net-tools' route -6 prints the IPv4-mapped block ::ffff:0.0.0.0/96 as `0.0.0.0/96`.
                    destination = IPPrefix(address: IPAddress(v6: (UInt128(0xffff) << 32) | UInt128(v4)), length: length)
                }
            } else {
                let address: IPAddress? = ByteFields.equals(destField, "default") ? IPAddress(v4: 0) : Field.address(destField)
                let maskField = column(at.genmask)
                let mask = maskField.flatMap { IPAddress.parse(bytes: $0)?.v4Value }
                if let address, let mask, let length = IPPrefix.length(ofNetmask: mask) {
                    destination = IPPrefix(address: address, length: length)
                } else if let address, maskField == nil {
                    destination = IPPrefix(address: address, length: 32)
                }
            }
            // `localhost/128` (route -6 without -n) is the loopback address.
            if destination == nil, ByteFields.hasPrefix(destField, "localhost"), let loopback = IPAddress(ipv6 ? "::1" : "127.0.0.1") {
                let rest = destField.dropFirst("localhost".utf8.count)
                let mask = ipv6 ? nil : column(at.genmask).flatMap { IPAddress.parse(bytes: $0)?.v4Value }.flatMap(IPPrefix.length(ofNetmask:))
                let length = rest.first == UInt8(ascii: "/") ? ByteFields.int(rest.dropFirst()) : (rest.isEmpty ? mask ?? loopback.bitWidth : nil)
                destination = length.flatMap { IPPrefix(address: loopback, length: $0) }
            }
            guard let destination else {
                let text = ByteFields.string(destField)
                let isName = text.contains { $0.isLetter } && !text.contains(":")
                out.markUnparsed(
                    line,
                    isName
                        ? "'\(text)' is a host name route printed for an address (without -n): capture `route -n` or `ip route` to read it"
                        : "'\(text)' is not a destination this parser can read")
                return
            }
            var gateway: RouteGateway?
            if var g = gatewayField, !ByteFields.equals(g, "*") {
                // `[::]`: the next hop of a connected IPv6 route, in brackets.
                if g.first == UInt8(ascii: "["), g.last == UInt8(ascii: "]") { g = g.dropFirst().dropLast() }
                if let a = Field.address(g) {
                    gateway = a.isUnspecified ? nil : .address(a)
                } else {
                    gateway = .name(ByteFields.string(g))
                }
            }
            let reject = flags.contains(UInt8(ascii: "!")), n = flags.contains(UInt8(ascii: "n")), g = flags.contains(UInt8(ascii: "G"))
            var type = "unicast"
            if reject { type = n ? "unreachable" : "prohibit" }
            var table = "main"
            // IPv6 `Un` rows are the local table's host routes.
            if ipv6 && n && !reject { type = "local"; table = "local" }
            if !g && !reject && type == "unicast" { gateway = gateway.flatMap { $0.address == nil ? $0 : nil } }
            out.routes.append(
                ObservedRoute(
                    type: type, destination: destination, gateway: gateway, device: device,
                    table: table, scope: gateway == nil ? "link" : nil, metric: metric, evidence: line))
        }
        return out
    }
}
