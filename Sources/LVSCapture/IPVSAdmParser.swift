import LVSModel

/// `ipvsadm -Ln` and its listing variants (`--stats`, `--rate`, `--thresholds`,
/// `--persistent-conn`, `--tun-info`, `--exact`), with or without the version line
/// (`-t VIP:PORT` prints none), IPv6 in brackets, FWM services, collapsed spacing,
/// and DPVS additions (`FullNat`, `conn-timeout N`, `inhibited`).
/// `/proc/net/ip_vs` is the same listing as the kernel prints it: addresses, ports and
/// fwmarks in hexadecimal, the persistence netmask in hex, columns not aligned.
enum IPVSAdmParser {
    /// The columns of a real-server line that hold numbers.
    static let numericColumns: Set<String> = ["Weight", "ActiveConn", "InActConn", "PersistConn", "Uthreshold", "Lthreshold"]

    static let protocols: Set<String> = ["TCP", "UDP", "SCTP"]

    /// A destination row's columns after the address in `ipvsadm -Ln`, which prints no header for them.
    static let defaultColumns = ["Forward", "Weight", "ActiveConn", "InActConn"]
    static let defaultKinds = defaultColumns.map(DestinationColumn.init)

    /// What a destination column holds, by the name its header gives it.
    enum DestinationColumn {
        case forward, weight, activeConnections, inactiveConnections
        /// Another column of numbers (`numericColumns`).
        case otherNumber
        /// Words after the columns (DPVS `inhibited`).
        case flag
        case other

        init(_ name: String) {
            switch name {
            case "Forward": self = .forward
            case "Weight": self = .weight
            case "ActiveConn": self = .activeConnections
            case "InActConn": self = .inactiveConnections
            case "flag": self = .flag
            default: self = IPVSAdmParser.numericColumns.contains(name) ? .otherNumber : .other
            }
        }

        var isNumeric: Bool {
            switch self {
            case .weight, .activeConnections, .inactiveConnections, .otherNumber: true
            case .forward, .flag, .other: false
            }
        }
    }

    /// `IPVSForwarding(word:)` of a Forward column, the four words ipvsadm prints told on their bytes.
    static func forwarding(_ word: ArraySlice<UInt8>) -> IPVSForwarding {
        if ByteFields.equals(word, "Route") { return .route }
        if ByteFields.equals(word, "Masq") { return .masq }
        if ByteFields.equals(word, "Tunnel") { return .tunnel }
        if ByteFields.equals(word, "Local") { return .local }
        return IPVSForwarding(word: ByteFields.string(word))
    }

    static func parse(_ file: CaptureFile) -> ParsedCapture { parse(file, hex: false) }

    static func parse(_ file: CaptureFile, hex: Bool) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: hex ? .procIPVS : .ipvsadm)
        var table = IPVSTable()
        /// Column names after `RemoteAddress:Port`, from the header; nil before one is seen.
        var destColumns: [String]?
        var statistics = false
        /// Whether the last service line went to `pendingServices` (its VIP or port printed as a name).
        var lastPending = false
        /// What each of `destColumns` holds, settled where they are read.
        var destKinds: [DestinationColumn]?

        file.forEachLine { line in
            if line.isBlank { return }
            if table.headers.isEmpty { table.headers.append(line) }
            let fields = line.fields
            guard let first = fields.first else { return }
            // A destination row, the most frequent line by far, is told on its bytes.
            if ByteFields.equals(first, "->") {
                guard fields.count >= 2 else {
                    out.markUnparsed(line, "a destination line without an address")
                    return
                }
                if ByteFields.hasPrefix(fields[1], "RemoteAddress") {
                    // Listings other than -Ln name their columns on the Prot line instead.
                    if fields.count > 2 {
                        destColumns = fields.dropFirst(2).map(ByteFields.string)
                        destKinds = destColumns?.map(DestinationColumn.init)
                    }
                    return
                }
                guard lastPending ? !table.pendingServices.isEmpty : !table.services.isEmpty else {
                    out.markUnparsed(line, "a destination before any service line")
                    return
                }
                // A row pasted without its port (`-> 192.0.2.21  Route 1 0 0`) forwards to the
                // service's own port, as ipvsadm does when -r names no port; the name says so.
                // Asked only of a field that is no ADDRESS:PORT (`??` evaluates it lazily).
                func bare() -> (address: IPAddress?, port: Int?, name: PrintedName?)? {
                    guard !hex, let address = IPAddress.parse(bytes: fields[1]) else { return nil }
                    let service = lastPending ? table.pendingServices.last : table.services.last
                    guard address.family == .v4, case let .address(_, _, port)? = service?.key, service?.key != Self.pendingKey else {
                        return nil
                    }
                    return (
                        address, port,
                        PrintedName(
                            host: nil, port: nil, portNumber: port,
                            text: "\(address) (no port printed: the service's \(port) taken)")
                    )
                }
                guard let printed = printedHostPort(fields[1], hex: hex) ?? bare() else {
                    out.markUnparsed(line, "'\(ByteFields.string(fields[1]))' is not ADDRESS:PORT")
                    return
                }
                let address = printed.address ?? IPAddress(v4: 0), port = printed.port ?? 0
                let columns = destColumns ?? (statistics ? [] : Self.defaultColumns)
                let values = fields.dropFirst(2)
                var destination = IPVSDestination(address: address, port: port, forwarding: nil, weight: nil, evidence: line)
                if statistics || columns.first.map({ $0 == "Conns" || $0 == "CPS" }) == true || columns.isEmpty {
                    for v in values where largeNumber(v) == nil {
                        out.markUnparsed(line, "'\(ByteFields.string(v))' is not a counter")
                        return
                    }
                } else {
                    // The columns' meanings, settled once per header rather than by comparing
                    // names for every value of every row.
                    let columnKinds = destKinds ?? Self.defaultKinds
                    for (i, value) in zip(0..., values) {
                        let kind = i < columnKinds.count ? columnKinds[i] : .flag
                        let number = kind.isNumeric ? ByteFields.int(value) : nil
                        switch kind {
                        case .forward: destination.forwarding = Self.forwarding(value)
                        case .weight: destination.weight = number
                        case .activeConnections: destination.activeConnections = number
                        case .inactiveConnections: destination.inactiveConnections = number
                        case .flag: destination.flags.append(ByteFields.string(value))
                        case .otherNumber, .other: break
                        }
                        if kind.isNumeric, number == nil {
                            out.markUnparsed(line, "'\(ByteFields.string(value))' in column \(columns[i]) is not a number")
                            return
                        }
                    }
                    if !columns.isEmpty, values.count < columns.count {
                        out.markUnparsed(line, "expected \(columns.joined(separator: " ")) after the address")
                        return
                    }
                }
                destination.printedName = printed.name
                // A name not known as an address or port waits for the description to resolve it.
                let pending = printed.address == nil || printed.port == nil
                if lastPending {
                    let i = table.pendingServices.count - 1
                    if pending {
                        table.pendingServices[i].pendingDestinations.append(destination)
                    } else {
                        table.pendingServices[i].destinations.append(destination)
                    }
                } else {
                    let i = table.services.count - 1
                    if pending {
                        table.services[i].pendingDestinations.append(destination)
                    } else {
                        table.services[i].destinations.append(destination)
                    }
                }
                return
            }
            let word = ByteFields.string(first)
            if word == "IP" && ByteFields.contains(line.bytes, "Virtual Server version") { return }
            if word == "Prot" {
                // `Prot LocalAddress:Port Scheduler Flags` for -Ln; otherwise the listing's
                // columns follow the address: Conns…/CPS… (--stats, --rate: counters on
                // service lines too), or Weight PersistConn…/Uthreshold… (--persistent-conn,
                // --thresholds: service lines as usual, no Forward column on destinations).
                if ByteFields.contains(line.bytes, "Scheduler") {
                    statistics = false
                    return
                }
                let columns = fields.dropFirst(2).map(ByteFields.string)
                statistics = ["Conns", "CPS"].contains(columns.first ?? "")
                table.hasConfigurationColumns = false
                destColumns = statistics ? [] : columns
                destKinds = destColumns?.map(DestinationColumn.init)
                return
            }
            if protocols.contains(word) || word == "FWM" {
                guard let service = readService(fields, line: line, statistics: statistics, hex: hex, out: &out) else { return }
                lastPending = service.key == Self.pendingKey
                if lastPending { table.pendingServices.append(service) } else { table.services.append(service) }
                return
            }
            out.markUnparsed(line, "expected a service line (`TCP  VIP:PORT sched …`, `FWM  N sched`) or a `  -> RIP:PORT …` line")
        }
        out.ipvs = table
        return out
    }

    static func readService(
        _ fields: [ArraySlice<UInt8>], line: CaptureLine, statistics: Bool, hex: Bool,
        out: inout ParsedCapture
    ) -> IPVSService? {
        guard fields.count >= 2 else {
            out.markUnparsed(line, "a service line without an address")
            return nil
        }
        let proto = ByteFields.string(fields[0])
        var rest = fields.dropFirst(2)
        let key: ServiceKey
        var name: PrintedName?
        var printedProtocol: ServiceProtocol?
        if proto == "FWM" {
            let parsedMark: Int? = hex ? ByteFields.hex(fields[1]).flatMap { $0 <= UInt128(UInt32.max) ? Int($0) : nil } : ByteFields.int(fields[1])
            guard let mark = parsedMark, mark >= 0, mark <= Int(UInt32.max) else {
                out.markUnparsed(line, "'\(ByteFields.string(fields[1]))' is not a firewall mark")
                return nil
            }
            var family = IPAddress.Family.v4
            if let f = rest.first, ByteFields.equals(f, "IPv6") { family = .v6; rest = rest.dropFirst() }
            key = .fwmark(UInt32(mark), family: family)
        } else {
            guard let printed = printedHostPort(fields[1], hex: hex), let p = ServiceProtocol(rawValue: proto.lowercased()) else {
                out.markUnparsed(line, "'\(ByteFields.string(fields[1]))' is not VIP:PORT")
                return nil
            }
            if let address = printed.address, let port = printed.port {
                key = .address(protocol: p, vip: address, port: port)
            } else {
                key = pendingKey
                printedProtocol = p
            }
            name = printed.name
        }
        var service = IPVSService(key: key, scheduler: nil, evidence: line)
        service.printedName = name
        service.printedProtocol = printedProtocol
        if statistics {
            for v in rest where largeNumber(v) == nil {
                out.markUnparsed(line, "'\(ByteFields.string(v))' is not a counter")
                return nil
            }
            return service
        }
        guard let scheduler = rest.first else { return service }
        service.scheduler = ByteFields.string(scheduler)
        rest = rest.dropFirst()
        while let f = rest.first {
            let w = ByteFields.string(f)
            rest = rest.dropFirst()
            switch w {
            case "persistent":
                if let v = rest.first, let n = ByteFields.int(v) { service.persistence = n; rest = rest.dropFirst() }
                // The kernel prints the netmask right after the timeout, in hex.
                if hex, let v = rest.first, let m = ByteFields.hex(v), m <= UInt128(UInt32.max) {
                    service.persistenceMask = IPAddress(v4: UInt32(m)).description
                    rest = rest.dropFirst()
                }
            case "mask":
                if let v = rest.first { service.persistenceMask = ByteFields.string(v); rest = rest.dropFirst() }
            case "ops":
                service.onePacket = true
            case "pe", "conn-timeout", "synproxy", "expire-quiescent", "hashtag":
                // Valued extras (`pe sip`, DPVS `conn-timeout 60`) are kept as they are.
                if let v = rest.first {
                    service.otherFlags.append("\(w) \(ByteFields.string(v))"); rest = rest.dropFirst()
                } else {
                    service.otherFlags.append(w)
                }
            default:
                if w.hasPrefix("(") && w.hasSuffix(")") {
                    service.schedulerFlags = w.dropFirst().dropLast().split(separator: ",").map(String.init)
                } else {
                    service.otherFlags.append(w)
                }
            }
        }
        return service
    }

    /// The key of a service kept pending until its printed name is resolved: never a real
    /// VIP (0.0.0.0 port 0), and never in `IPVSTable.services`.
    static let pendingKey = ServiceKey.address(protocol: .tcp, vip: IPAddress(v4: 0), port: 0)

    /// `ADDRESS:PORT` as numbers, or as names the way `ipvsadm -L` prints them
    /// (`lb.example.com:http`): the numbers known (a port name through `ServiceNames`), and
    /// the names as printed. Nil when the field is no `host:port` at all.
    static func printedHostPort(_ field: ArraySlice<UInt8>, hex: Bool) -> (address: IPAddress?, port: Int?, name: PrintedName?)? {
        if let (address, port) = hostPort(field, hex: hex) { return (address, port, nil) }
        guard !hex, let colon = field.lastIndex(of: UInt8(ascii: ":")), colon > field.startIndex, colon + 1 < field.endIndex else { return nil }
        var hostBytes = field[field.startIndex..<colon]
        if hostBytes.first == UInt8(ascii: "["), hostBytes.last == UInt8(ascii: "]") { hostBytes = hostBytes.dropFirst().dropLast() }
        let portText = ByteFields.string(field[(colon + 1)...])
        let hostText = ByteFields.string(hostBytes)
        // A host name: letters, digits, dots, hyphens, underscores (what a resolver returns).
        let hostOK = hostText.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" || $0 == ":" }
        let portOK = portText.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard hostOK, portOK, !hostText.isEmpty, !portText.isEmpty else { return nil }
        let address = IPAddress.parse(bytes: hostBytes)
        let port = ServiceNames.port(portText)
        let name = PrintedName(
            host: address == nil ? hostText : nil, port: Int(portText) == nil ? portText : nil,
            portNumber: port, text: ByteFields.string(field))
        return (address, port, name)
    }

    /// `192.0.2.1:80` or `[2001:db8::1]:80`; in /proc, `C000020A:0050` or `[2001:0db8:…]:0050`.
    static func hostPort(_ field: ArraySlice<UInt8>, hex: Bool = false) -> (IPAddress, Int)? {
        guard let colon = field.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        let portBytes = field[(colon + 1)...]
        let parsedPort: Int? = hex ? ByteFields.hex(portBytes).flatMap { $0 <= 65535 ? Int($0) : nil } : ByteFields.int(portBytes)
        guard let port = parsedPort, (0...65535).contains(port) else { return nil }
        var host = field[field.startIndex..<colon]
        let bracketed = host.first == UInt8(ascii: "[") && host.last == UInt8(ascii: "]")
        if bracketed { host = host.dropFirst().dropLast() }
        if hex && !bracketed {
            guard host.count == 8, let value = ByteFields.hex(host) else { return nil }
            return (IPAddress(v4: UInt32(value)), port)
        }
        guard let address = IPAddress.parse(bytes: host) else { return nil }
        return (address, port)
    }

    /// ipvsadm's `print_largenum`: digits, optionally followed by K, M, G or T.
    static func largeNumber(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard let last = field.last else { return nil }
        var digits = field
        var scale: UInt64 = 1
        switch last {
        case UInt8(ascii: "K"): scale = 1_000; digits = field.dropLast()
        case UInt8(ascii: "M"): scale = 1_000_000; digits = field.dropLast()
        case UInt8(ascii: "G"): scale = 1_000_000_000; digits = field.dropLast()
        case UInt8(ascii: "T"): scale = 1_000_000_000_000; digits = field.dropLast()
        default: break
        }
        guard let n = ByteFields.int(digits), n >= 0 else { return nil }
        return UInt64(n).multipliedReportingOverflow(by: scale).partialValue
    }
}
