import LVSModel

/// What one line of output looks like on its own: enough to tell where one command's
/// output ends and the next one's begins in a file that holds several, with no marker
/// between them (`{ ip -d addr; ip route; sysctl -a; } > rs2.txt`).
///
/// `start` says which format a line begins; `accepts` says whether a line can continue a
/// region of a format. Both are cheap byte tests; the parsers still read every line.
enum LineShape {
    /// Formats grouped by what a region of them holds: an `ipvsadm -Ln` region may turn out
    /// to be `/proc/net/ip_vs`, a JSON region either JSON kind; the recogniser decides.
    enum Family: Equatable {
        case ipAddr, ifconfig, ipRoute, routeN, procNetRoute, sysctl, ipvsTable, ipvsSave, ipvsConnections, ipvsStats, json, systemctl, sockets, arpFilter

        var kind: CaptureKind {
            switch self {
            case .ipAddr: return .ipAddr
            case .ifconfig: return .ifconfig
            case .ipRoute: return .ipRoute
            case .routeN: return .routeN
            case .procNetRoute: return .procNetRoute
            case .sysctl: return .sysctl
            case .ipvsTable: return .ipvsadm
            case .ipvsSave: return .ipvsadmSave
            case .ipvsConnections: return .ipvsConnections
            case .ipvsStats: return .procIPVSStats
            case .json: return .ipAddrJSON
            case .systemctl: return .systemctlUnits
            case .sockets: return .listeners
            case .arpFilter: return .arptables
            }
        }
    }

    struct Start {
        var family: Family
        /// A header: begins a new region even after a region of the same family (a second
        /// `IP Virtual Server version …` is a second table).
        var isHeader: Bool
        /// Strong starts are checked before the current region may claim the line.
        var isStrong: Bool
    }

    static let neighbourStates: Set<String> = ["REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "INCOMPLETE", "NOARP", "PERMANENT", "NONE"]
    static let protocols: Set<String> = ["TCP", "UDP", "SCTP", "FWM"]
    static let saveServiceOptions: Set<String> = ["-t", "-u", "-f", "--tcp-service", "--udp-service", "--sctp-service", "--fwmark-service"]

    /// The format this line begins, if any. Indented lines never begin a format.
    static func start(_ line: CaptureLine) -> Start? {
        let bytes = line.bytes
        // /proc/net/ip_vs_stats indents its header; every other header starts the line.
        let trimmed = ByteFields.trimmed(bytes)
        if ByteFields.hasPrefix(trimmed, "Total Incoming") { return Start(family: .ipvsStats, isHeader: true, isStrong: true) }
        // systemctl indents its list-units header by two columns.
        if ByteFields.hasPrefix(trimmed, "UNIT FILE") || (ByteFields.hasPrefix(trimmed, "UNIT ") && ByteFields.contains(trimmed, " LOAD ")) {
            return Start(family: .systemctl, isHeader: true, isStrong: true)
        }
        guard let b0 = bytes.first, !ByteFields.isSpace(b0) else { return nil }
        if b0 == UInt8(ascii: "[") || b0 == UInt8(ascii: "{") { return Start(family: .json, isHeader: true, isStrong: true) }
        if ByteFields.hasPrefix(bytes, "IP Virtual Server version") { return Start(family: .ipvsTable, isHeader: true, isStrong: true) }
        if ByteFields.hasPrefix(bytes, "Prot LocalAddress") { return Start(family: .ipvsTable, isHeader: false, isStrong: true) }
        if ByteFields.hasPrefix(bytes, "IPVS connection entries") { return Start(family: .ipvsConnections, isHeader: true, isStrong: true) }
        if ByteFields.hasPrefix(bytes, "Pro FromIP") || ByteFields.hasPrefix(bytes, "pro expire state") {
            return Start(family: .ipvsConnections, isHeader: false, isStrong: true)
        }
        if ((ByteFields.hasPrefix(bytes, "Netid") || ByteFields.hasPrefix(bytes, "State")) && ByteFields.contains(bytes, "Recv-Q"))
            || ByteFields.hasPrefix(bytes, "Active Internet connections") || (ByteFields.hasPrefix(bytes, "Proto ") && ByteFields.contains(bytes, "Recv-Q")) {
            return Start(family: .sockets, isHeader: true, isStrong: true)
        }
        // `Chain INPUT (policy ACCEPT)`: one listing holds several chains, so not a header.
        if ByteFields.hasPrefix(bytes, "Chain ") && (ByteFields.contains(bytes, "(policy ") || ByteFields.contains(bytes, " references)")) {
            return Start(family: .arpFilter, isHeader: false, isStrong: true)
        }
        if ByteFields.hasPrefix(bytes, "Kernel IP routing table") || ByteFields.hasPrefix(bytes, "Kernel IPv6 routing table") {
            return Start(family: .routeN, isHeader: true, isStrong: true)
        }
        let fields = line.fields
        guard let f0 = fields.first else { return nil }
        if ByteFields.equals(f0, "Iface"), fields.count > 2, ByteFields.equals(fields[1], "Destination") {
            return Start(family: .procNetRoute, isHeader: true, isStrong: true)
        }
        if ByteFields.equals(f0, "Destination"), ByteFields.contains(bytes, "Gateway") || ByteFields.contains(bytes, "Next Hop") {
            return Start(family: .routeN, isHeader: false, isStrong: true)
        }
        if isInterfaceLine(fields) { return Start(family: .ipAddr, isHeader: false, isStrong: true) }
        if isIfconfigHeader(fields) { return Start(family: .ifconfig, isHeader: false, isStrong: true) }
        if isSysctlLine(bytes) { return Start(family: .sysctl, isHeader: false, isStrong: true) }
        if isRouteLine(fields) { return Start(family: .ipRoute, isHeader: false, isStrong: false) }
        if isSaveLine(fields) { return Start(family: .ipvsSave, isHeader: false, isStrong: false) }
        if protocols.contains(ByteFields.string(f0)), fields.count >= 2 { return Start(family: .ipvsTable, isHeader: false, isStrong: false) }
        if fields.count == 10, f0.count == 32, ByteFields.hex(f0) != nil { return Start(family: .procNetRoute, isHeader: false, isStrong: false) }
        return nil
    }

    /// The same question as `continues`, asked of raw bytes [start, end) without making a
    /// line: true only for lines that continue a region of `family` and can be no marker
    /// and no other format's start (no `#` or `$`, no `=` in a route, no `N:` interface
    /// line). False means "look closer".
    static func plainlyContinues(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ family: Family) -> Bool {
        guard start < end else { return false }
        let b0 = buffer[start]
        let indented = b0 == 32 || b0 == 9
        var equals = -1
        var i = start
        while i < end {
            let b = buffer[i]
            if b == 35 || b == 36 { return false }          // '#', '$': a marker may hide here
            if b == 61 && equals < 0 { equals = i }         // '='
            i += 1
        }
        switch family {
        case .sysctl:
            guard !indented, equals > start + 1, buffer[equals - 1] == 32, equals + 1 == end || buffer[equals + 1] == 32 else { return false }
            var keyEnd = equals - 1
            while keyEnd > start && buffer[keyEnd - 1] == 32 { keyEnd -= 1 }
            var dot = false
            for k in start..<keyEnd {
                let b = buffer[k]
                if b == 32 || b == 9 { return false }
                if b == 46 { dot = true }
            }
            return dot
        case .ipAddr, .ifconfig, .ipvsTable, .json:
            guard indented else { return false }
            var k = start
            while k < end && (buffer[k] == 32 || buffer[k] == 9) { k += 1 }
            if k == end { return false }                     // blank: the slow path skips it
            return !(buffer[k] == 84 && end - k >= 14 && buffer[k + 1] == 111 && buffer[k + 6] == 73)   // not "Total Incoming"
        case .ipRoute:
            if indented { return equals < 0 }
            guard equals < 0 else { return false }
            var tokenEnd = start
            while tokenEnd < end && buffer[tokenEnd] != 32 && buffer[tokenEnd] != 9 { tokenEnd += 1 }
            let token = UnsafeBufferPointer(rebasing: buffer[start..<tokenEnd])
            if token.elementsEqual("default".utf8) { return true }
            if routeTypeWords.contains(where: { token.elementsEqual($0.utf8) }) { return true }
            guard let last = token.last, last != 58 else { return false }   // `2:` begins an interface line
            let hexDigit = (b0 >= 48 && b0 <= 57) || (b0 >= 97 && b0 <= 102)
            return hexDigit && token.contains(where: { $0 == 46 || $0 == 58 })
        case .routeN, .procNetRoute:
            // A table row: no indent, six or more columns, not an `N:` interface line.
            guard !indented, equals < 0 else { return false }
            var fields = 0
            var inField = false
            var firstEnd = -1
            for k in start..<end {
                let space = buffer[k] == 32 || buffer[k] == 9
                if !space && !inField { fields += 1; inField = true }
                if space && inField { inField = false; if firstEnd < 0 { firstEnd = k } }
            }
            if firstEnd < 0 { firstEnd = end }
            return fields >= (family == .routeN ? 6 : 8) && buffer[firstEnd - 1] != 58
        default:
            return false
        }
    }

    static let routeTypeWords = ["local", "broadcast", "multicast", "anycast", "unicast", "unreachable", "prohibit", "blackhole", "throw", "nat"]

    /// A cheap test for the lines that make up most of a region and can begin no other
    /// format: a `key = value` line in sysctl output, an indented line in a block format.
    /// False means "look closer", not "does not continue".
    static func continues(_ line: CaptureLine, _ family: Family) -> Bool {
        let bytes = line.bytes
        switch family {
        case .sysctl:
            return isSysctlLine(bytes)
        case .ipAddr, .ifconfig, .ipvsTable, .ipRoute, .json:
            guard let b0 = bytes.first, ByteFields.isSpace(b0) else { return false }
            return !ByteFields.hasPrefix(ByteFields.trimmed(bytes), "Total Incoming")
        default:
            return false
        }
    }

    /// Whether `line` can continue a region of `family`.
    static func accepts(_ line: CaptureLine, _ family: Family) -> Bool {
        let bytes = line.bytes
        let indented = bytes.first.map(ByteFields.isSpace) ?? true
        switch family {
        case .json:
            // Pretty-printed JSON indents all but its brackets; `ip -j` prints one line.
            return indented || [UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\""), UInt8(ascii: ",")].contains(bytes.first ?? 0)
        case .ipvsStats: return indented
        case .sysctl:
            let first = ByteFields.trimmed(bytes).first
            return isSysctlLine(bytes) || ByteFields.hasPrefix(bytes, "sysctl: ") || (indented && bytes.contains(UInt8(ascii: "=")))
                || first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
        case .ipAddr: return indented || isInterfaceLine(line.fields)
        case .ifconfig: return indented || isIfconfigHeader(line.fields)
        case .ipRoute: return indented || isRouteLine(line.fields) || isRouteDestination(line.fields)
        case .routeN: return line.fields.count >= 6 || ByteFields.hasPrefix(bytes, "Kernel ")
        case .procNetRoute: return line.fields.count >= 8
        case .ipvsTable:
            let fields = line.fields
            return indented || fields.first.map { protocols.contains(ByteFields.string($0)) } == true
                || ByteFields.hasPrefix(bytes, "Prot ") || ByteFields.hasPrefix(bytes, "IP Virtual Server")
        case .ipvsSave: return isSaveLine(line.fields) || bytes.first == UInt8(ascii: "#")
        case .ipvsConnections: return line.fields.count >= 5
        case .systemctl: return true   // rows, legend and counts until the next start
        case .sockets: return line.fields.count >= 4 || ByteFields.hasPrefix(bytes, "Proto ")
        case .arpFilter:
            // `-j DROP …`, `1 -j DROP …` (--line-numbers), or iptables' `target prot opt` table.
            let fields = line.fields
            guard let f0 = fields.first else { return false }
            return ByteFields.equals(f0, "-j") || (ByteFields.int(f0) != nil && fields.count > 1 && ByteFields.equals(fields[1], "-j"))
                || fields.count >= 4
        }
    }

    /// `2: eth0: <BROADCAST,…>` (ip addr, ip link) or `2: eth0    inet 192.0.2.1/24 …` (ip -o).
    static func isInterfaceLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 3, ByteFields.hasSuffix(fields[0], ":"), ByteFields.int(fields[0].dropLast()) != nil else { return false }
        if ByteFields.hasSuffix(fields[1], ":") { return fields[2].first == UInt8(ascii: "<") }
        return ByteFields.equals(fields[2], "inet") || ByteFields.equals(fields[2], "inet6") || ByteFields.hasPrefix(fields[2], "link/")
    }

    /// `eth0: flags=4163<UP,…>` (net-tools 2) or `eth0      Link encap:Ethernet` (older and busybox).
    static func isIfconfigHeader(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.count >= 2 else { return false }
        if ByteFields.hasSuffix(fields[0], ":") && ByteFields.hasPrefix(fields[1], "flags=") { return true }
        return ByteFields.equals(fields[1], "Link") && fields.count >= 3 && ByteFields.hasPrefix(fields[2], "encap:")
    }

    /// `net.ipv4.conf.all.arp_ignore = 1`: a dotted key without spaces, then ` = `.
    static func isSysctlLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")), eq > bytes.startIndex, bytes[eq - 1] == 32,
              eq + 1 == bytes.endIndex || bytes[eq + 1] == 32 else { return false }
        let key = ByteFields.trimmed(bytes[bytes.startIndex..<eq])
        return key.contains(UInt8(ascii: ".")) && !key.contains(32) && !key.contains(9) && key.first != UInt8(ascii: "#")
    }

    /// `default via 192.0.2.1 dev eth0`, `192.0.2.0/24 dev eth0 …`, `local 192.0.2.100 dev lo table local …`.
    static func isRouteLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        var rest = fields[...]
        guard let f = rest.first else { return false }
        let typed = IPRouteParser.types.contains(ByteFields.string(f))
        if typed { rest = rest.dropFirst() }
        guard let dest = rest.first, ByteFields.equals(dest, "default") || Field.prefix(dest) != nil else { return false }
        // `ip neigh` prints `192.0.2.1 dev eth0 lladdr … REACHABLE`: a neighbour, not a route.
        if rest.contains(where: { ByteFields.equals($0, "lladdr") }) { return false }
        if let state = rest.last, neighbourStates.contains(ByteFields.string(state)) { return false }
        return typed || rest.contains { ByteFields.equals($0, "dev") || ByteFields.equals($0, "via") || ByteFields.equals($0, "proto") }
    }

    /// A route whose next hops follow on indented lines: `default proto static metric 100`.
    static func isRouteDestination(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard let dest = fields.first else { return false }
        return ByteFields.equals(dest, "default") || Field.prefix(dest) != nil
    }

    /// `-A -t 192.0.2.100:80 -s rr`, `-a -t … -r … -g -w 1`, `-C` (ipvsadm-save), optionally after `ipvsadm`.
    static func isSaveLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        var rest = fields[...]
        if let w = rest.first, ByteFields.equals(w, "ipvsadm") || ByteFields.hasSuffix(w, "/ipvsadm") { rest = rest.dropFirst() }
        guard let command = rest.first, IPVSAdmSaveParser.commands[ByteFields.string(command)] != nil else { return false }
        guard let option = rest.dropFirst().first else { return rest.count == 1 }
        return saveServiceOptions.contains(ByteFields.string(option))
    }
}
