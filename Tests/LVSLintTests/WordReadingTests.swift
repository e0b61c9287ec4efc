import Foundation
@testable import LVSCapture
import LVSModel
import Testing

/// `ip route` and `ip addr` are read word by word on their bytes (`WordCursor`), with short
/// words made into Strings once per file (`WordCache`). They must read every line as the
/// readers did when each line was split into an array of slices: those readers are kept
/// here, unchanged, as the oracle, and both read the same lines.
@Suite("ip route and ip addr read on their bytes as they were read on slices")
struct WordReadingTests {
    @Test("A line's words are the words ByteFields.split cuts, on 2,000 random lines")
    func cursorSplitsAsSplit() {
        var random = SeededGenerator(seed: 29)
        let alphabet: [UInt8] = [32, 32, 32, 9, 13, 0, 0x2F, 0x3A, 0x40, 0x5C] + Array("abcxyz0189".utf8) + [0xC3, 0xA9]
        for _ in 0..<2_000 {
            let bytes = (0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let expected = ByteFields.split(bytes[...]).map { Array($0) }
            let found = bytes.withUnsafeBufferPointer { buffer in
                var words = WordCursor(buffer, from: 0, to: buffer.count)
                var found: [[UInt8]] = []
                while let word = words.next() { found.append(Array(buffer[word])) }
                return found
            }
            #expect(found == expected, "\(bytes)")
        }
    }

    @Test("A word's value is made once while the cache has room, and long words every time")
    func cacheMakesOnce() {
        let text = Array("dev eth0 dev lo eth0 averyveryverylongword averyveryverylongword e\0 e".utf8)
        var cache = WordCache<String>()
        var made: [String] = []
        var answers: [String] = []
        text.withUnsafeBufferPointer { buffer in
            var words = WordCursor(buffer, from: 0, to: buffer.count)
            while let word = words.next() {
                let value = String(decoding: UnsafeBufferPointer(rebasing: buffer[word]), as: UTF8.self)
                answers.append(
                    cache.value(of: word, in: buffer) {
                        made.append(value); return value
                    })
            }
        }
        #expect(answers == ["dev", "eth0", "dev", "lo", "eth0", "averyveryverylongword", "averyveryverylongword", "e\u{0}", "e"])
        #expect(made == ["dev", "eth0", "lo", "averyveryverylongword", "averyveryverylongword", "e\u{0}", "e"])
    }

    @Test("Every route key read is a valued word, and none is a bare one")
    func routeKeysAreValued() {
        let words = IPRouteParser.valued.union(IPRouteParser.bare).union(["preference", "lock", "vias", "de", "x"])
        for word in words {
            let bytes = Array(word.utf8)
            let key = bytes.withUnsafeBufferPointer { buffer in
                IPRouteParser.RouteKey(0..<buffer.count, WordCursor(buffer, from: 0, to: buffer.count))
            }
            if key != .other {
                #expect(IPRouteParser.valued.contains(word) && !IPRouteParser.bare.contains(word), "\(word)")
            }
        }
    }

    @Test("A program's name told on the bytes is never refused where the command is one lvslint reads")
    func programNames() {
        var random = SeededGenerator(seed: 3)
        let pieces = [
            "ip", "ipvsadm", "/usr/sbin/", "sbin/", "/", " ", "  ", "-Ln", " addr", " route", "sysctl", "cat", "\u{301}", "é", "x", "busybox",
            "sudo", "ip/", "\t", "ifconfig", " -a",
        ]
        var commands = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...5, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let bytes = ByteFields.trimmed(Array(text.utf8)[...])
            guard !bytes.isEmpty, CaptureMarker.isReadCommand(ByteFields.string(bytes)) else { continue }
            commands += 1
            #expect(CaptureMarker.namesReadProgram(bytes), "\(text)")
        }
        #expect(commands > 1_000, "\(commands) commands drawn")
        #expect(CaptureMarker.namesReadProgram(Array("/usr/sbin/ipvsadm/ -Ln".utf8)[...]))
        #expect(!CaptureMarker.namesReadProgram(Array("default via 192.0.2.1 dev eth0".utf8)[...]))
    }

    /// Route lines of every kind the reader tells apart, and words shuffled out of them.
    static let routeLines = [
        "default via 198.51.100.1 dev eth0 proto static metric 100 ",
        "198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.14 metric 100",
        "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1",
        "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1",
        "2001:db8:1::/64 dev eth0 proto kernel metric 256 pref medium",
        "default via 2001:db8:1::1 dev eth0 metric 1024 pref medium",
        "default via inet6 fe80::1 dev eth0 proto ra metric 1024 expires 1799sec hoplimit 64 pref medium",
        "default via inet 192.0.2.1 dev eth0",
        "default dev eth0 src 2001:db8::5",
        "default via inet",
        "default proto static metric 20",
        "\tnexthop via 192.0.2.1 dev eth0 weight 1",
        "  nexthop via 192.0.2.2 dev eth1 weight 1 onlink linkdown",
        "192.0.2.0/24 nhid 12 proto bird metric 32",
        "blackhole 203.0.113.0/24 proto static",
        "unreachable 203.0.113.5",
        "prohibit",
        "local",
        "multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium",
        "198.51.100.0/24 dev eth0 mtu lock 1400 advmss 1360",
        "198.51.100.0/24 dev eth0 lock mtu 1400",
        "198.51.100.0/24 dev eth0 mystery 7",
        "198.51.100.0/24 dev",
        "198.51.100.0/24 dev eth0 metric notanumber",
        "198.51.100.0/24 dev bad/name table 254",
        "198.51.100.0/24 dev averyveryverylongdevicename table main",
        "not-a-destination dev eth0",
        "Error: Peer netns reference is invalid.",
        "RTNETLINK answers: No such process",
        "Dump was interrupted and may be inconsistent.",
        "  Error: indented",
        "",
        "   \t ",
        "192.0.2.0/24 via 198.51.100.9 dev eth0 table 100 proto dhcp scope global src 198.51.100.14 metric 5 preference 7",
        "192.0.2.77 via fe80::1 dev eth0 realm 4 cache",
    ]

    @Test("ip route: every route, unread line and message as the slice reader had them")
    func routesAsBefore() {
        var random = SeededGenerator(seed: 7)
        var files = [Self.routeLines.joined(separator: "\n"), Self.routeLines.reversed().joined(separator: "\r\n")]
        for _ in 0..<300 {
            var lines: [String] = []
            for _ in 0..<Int(random.next() % 8) {
                let line = Self.routeLines[Int(random.next() % UInt64(Self.routeLines.count))]
                var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if random.next() % 3 == 0, words.count > 1 {
                    words.swapAt(Int(random.next() % UInt64(words.count)), Int(random.next() % UInt64(words.count)))
                }
                if random.next() % 5 == 0, !words.isEmpty { words.remove(at: Int(random.next() % UInt64(words.count))) }
                lines.append((random.next() % 6 == 0 ? "  " : "") + words.joined(separator: random.next() % 4 == 0 ? "\t" : " "))
            }
            files.append(lines.joined(separator: "\n"))
        }
        for text in files {
            let file = CaptureFile(path: "ip-route.txt", bytes: Array(text.utf8), lineOffset: 3)
            #expect(Self.describe(IPRouteParser.parse(file)) == Self.describe(SliceRouteReader.parse(file)), "\(text)")
        }
    }

    /// `ip addr` blocks of every kind the reader tells apart.
    static let addressLines = [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
        "    inet 192.0.2.100/32 scope global lo:0",
        "    inet6 2001:db8::100/128 scope global nodad ",
        "    inet6 fe80::1/64 scope link noprefixroute dadfailed tentative",
        "2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default",
        "    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0",
        "    veth numtxqueues 1",
        "    bridge_slave state forwarding priority 32",
        "    altname enp0s3",
        "    inet 198.51.100.14/24 brd 198.51.100.255 scope global dynamic eth0",
        "    inet 198.51.100.15/24 brd 198.51.100.255 scope global secondary eth0:1",
        "    inet 10.8.0.1 peer 10.8.0.2/32 scope global tun0",
        "    inet 10.8.0.1 scope global",
        "    inet 2001:db8::9/64 scope global",
        "    inet XXX.XXX.XXX.XXX/24 scope global eth0",
        "    inet",
        "    inet 192.0.2.9/24 scope",
        "    inet 192.0.2.9/24 brd",
        "    inet 192.0.2.9/24 scope global mystery eth0",
        "    inet 192.0.2.9/24 scope global eth1",
        "    inet 192.0.2.9/24 label with spaces",
        "    weird line here",
        "3: eth1    inet 192.0.2.1/24 brd 192.0.2.255 scope global eth1\\       valid_lft forever preferred_lft forever",
        "3: eth1    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff",
        "3: eth1    ",
        "4: bad/name: <UP> mtu 1500",
        "5: eth2: <BROADCAST,NOARP> mtu 1500 state DOWN state UP",
        "x: eth3: <UP>",
        "6:",
        "Error: Peer netns reference is invalid.",
        "\\ continued",
        "",
    ]

    @Test("ip addr: every interface, address, unread line and message as the slice reader had them")
    func addressesAsBefore() {
        var random = SeededGenerator(seed: 11)
        var files = [Self.addressLines.joined(separator: "\n"), Self.addressLines.reversed().joined(separator: "\r\n")]
        for _ in 0..<300 {
            var lines: [String] = []
            for _ in 0..<Int(random.next() % 12) {
                let line = Self.addressLines[Int(random.next() % UInt64(Self.addressLines.count))]
                var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if random.next() % 4 == 0, words.count > 5 {
                    words.swapAt(4 + Int(random.next() % UInt64(words.count - 4)), 4 + Int(random.next() % UInt64(words.count - 4)))
                }
                if random.next() % 6 == 0, words.count > 4 { words.remove(at: 4 + Int(random.next() % UInt64(words.count - 4))) }
                lines.append(words.joined(separator: " "))
            }
            files.append(lines.joined(separator: "\n"))
        }
        for text in files {
            let file = CaptureFile(path: "ip-addr.txt", bytes: Array(text.utf8), lineOffset: 0)
            #expect(Self.describe(IPAddrParser.parse(file)) == Self.describe(SliceAddressReader.parse(file)), "\(text)")
        }
    }

    /// Everything a reader of `ip route` or `ip addr` yields, as text to compare.
    static func describe(_ parsed: ParsedCapture) -> [String] {
        var out: [String] = []
        for route in parsed.routes {
            out.append(
                "route \(route.type) \(route.destination) \(String(describing: route.gateway)) \(String(describing: route.device)) "
                    + "\(route.table) \(String(describing: route.scope)) \(String(describing: route.proto)) "
                    + "\(String(describing: route.source)) \(route.metric) @\(route.evidence.number):\(route.evidence.start)-\(route.evidence.end)")
        }
        for interface in parsed.interfaces {
            out.append(
                "interface \(interface.name) \(interface.flags.rawValue) \(String(describing: interface.linkType)) "
                    + "\(String(describing: interface.kind)) \(String(describing: interface.operState)) \(interface.flagsKnown) "
                    + "@\(interface.evidence.number)")
            for address in interface.addresses {
                out.append(
                    "  address \(address.prefix) \(address.interface) \(String(describing: address.label)) "
                        + "\(String(describing: address.scope)) \(address.flags.sorted()) @\(address.evidence.number)")
            }
        }
        for line in parsed.unparsed { out.append("unparsed @\(line.line.number):\(line.line.start)-\(line.line.end) \(line.reason)") }
        for line in parsed.errorLines { out.append("error @\(line.number)") }
        for line in parsed.redacted { out.append("redacted @\(line.number)") }
        return out
    }
}

/// The `ip route` reader as it was before `WordCursor` (`git show 836bae0`), unchanged but
/// for the names of the sets it reads: the oracle.
private enum SliceRouteReader {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipRoute)
        file.forEachLine { line in
            if line.isBlank { return }
            var fields = line.fields[...]
            guard let first = fields.first else { return }
            if line.indent > 0 && ByteFields.equals(first, "nexthop") {
                // A multipath leg: keep it as its own route to the same destination.
                guard var parent = out.routes.last else {
                    out.markUnparsed(line, "a nexthop line without a route above it")
                    return
                }
                parent.evidence = line
                parent.gateway = nil
                parent.device = nil
                read(fields.dropFirst(), into: &parent, line: line, out: &out)
                out.routes.append(parent)
                return
            }
            if line.indent == 0 && IPRoute2Message.record(line, in: &out) { return }
            var type = "unicast"
            if IPRouteParser.typeWords.contains(first) {
                type = ByteFields.string(first)
                fields = fields.dropFirst()
            }
            guard let destination = fields.first else {
                out.markUnparsed(line, "a route type without a destination")
                return
            }
            let prefix: IPPrefix?
            if ByteFields.equals(destination, "default") {
                // Family is settled by the gateway below; default to IPv4 until then.
                prefix = IPPrefix(address: IPAddress(v4: 0), length: 0)
            } else {
                prefix = Field.prefix(destination)
            }
            guard let prefix else {
                out.markUnparsed(line, "'\(ByteFields.string(destination))' is not a route destination")
                return
            }
            var route = ObservedRoute(type: type, destination: prefix, evidence: line)
            read(fields.dropFirst(), into: &route, line: line, out: &out)
            if ByteFields.equals(destination, "default"), let gw = route.gateway?.address, gw.family == .v6 {
                route.destination = IPPrefix(address: IPAddress(v6: 0), length: 0) ?? route.destination
            } else if ByteFields.equals(destination, "default"), let src = route.source, src.family == .v6 {
                route.destination = IPPrefix(address: IPAddress(v6: 0), length: 0) ?? route.destination
            }
            if route.table == "local" || type == "local" || type == "broadcast" {
                if route.table == "main" && type != "unicast" { route.table = "local" }
            }
            out.routes.append(route)
        }
        return out
    }

    static func read(_ fields: ArraySlice<ArraySlice<UInt8>>, into route: inout ObservedRoute, line: CaptureLine, out: inout ParsedCapture) {
        var i = fields.startIndex
        while i < fields.endIndex {
            if IPRouteParser.bareWords.contains(fields[i]) { i += 1; continue }
            let word = fields[i]
            guard IPRouteParser.valuedWords.contains(word) else {
                out.markUnparsed(line, "unknown route attribute '\(ByteFields.string(word))'")
                return
            }
            guard i + 1 < fields.endIndex else {
                out.markUnparsed(line, "'\(ByteFields.string(word))' without a value")
                return
            }
            let value = fields[i + 1]
            // The key compared on its bytes: a String made of every word, then compared with
            // each case in turn, cost more than the route.
            switch RouteKey(word) {
            case .via:
                // `via inet6 fe80::1` names the family first.
                var v = value
                if (ByteFields.equals(v, "inet") || ByteFields.equals(v, "inet6")) && i + 2 < fields.endIndex {
                    i += 1
                    v = fields[i + 1]
                }
                if let a = Field.address(v) { route.gateway = .address(a) } else { route.gateway = .name(ByteFields.string(v)) }
            case .dev:
                // A device no kernel could name leaves the route's device unknown.
                route.device = InterfaceName.validated(ByteFields.string(value))
            case .table: route.table = ByteFields.string(value)
            case .proto: route.proto = ByteFields.string(value)
            case .scope: route.scope = ByteFields.string(value)
            case .src: route.source = Field.address(value)
            case .metric: route.metric = ByteFields.int(value) ?? route.metric
            case .lock:
                // `mtu lock 1400`: the value follows `lock`.
                i += 1
            case .other: break
            }
            i += 2
        }
    }

    /// The route keys the parser reads a value of (`metric` and `preference` alike).
    enum RouteKey {
        case via, dev, table, proto, scope, src, metric, lock, other

        init(_ word: ArraySlice<UInt8>) {
            switch word.first {
            case UInt8(ascii: "v") where ByteFields.equals(word, "via"): self = .via
            case UInt8(ascii: "d") where ByteFields.equals(word, "dev"): self = .dev
            case UInt8(ascii: "t") where ByteFields.equals(word, "table"): self = .table
            case UInt8(ascii: "p") where ByteFields.equals(word, "proto"): self = .proto
            case UInt8(ascii: "p") where ByteFields.equals(word, "preference"): self = .metric
            case UInt8(ascii: "s") where ByteFields.equals(word, "scope"): self = .scope
            case UInt8(ascii: "s") where ByteFields.equals(word, "src"): self = .src
            case UInt8(ascii: "m") where ByteFields.equals(word, "metric"): self = .metric
            case UInt8(ascii: "l") where ByteFields.equals(word, "lock"): self = .lock
            default: self = .other
            }
        }
    }
}

/// The `ip addr` reader as it was before `WordCursor`, unchanged but for the names of the
/// sets it reads: the oracle.
private enum SliceAddressReader {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipAddr)
        var current: ObservedInterface?
        var lastWasLink = false

        func flush() {
            if let c = current { out.interfaces.append(c) }
            current = nil
        }

        file.forEachLine { line in
            if line.isBlank { return }
            // `ip -o` folds continuation lines after a backslash; read up to it.
            var bytes = line.bytes
            if let bs = ByteFields.firstIndex(of: UInt8(ascii: "\\"), in: bytes) { bytes = bytes[bytes.startIndex..<bs] }
            guard let first = firstWord(bytes) else { return }

            if first.startIndex == bytes.startIndex {
                let fields = ByteFields.split(bytes)
                if IPRoute2Message.record(line, in: &out) { return }
                // "N: name: <FLAGS> ..." or "N: name    inet ..." (one-line form).
                guard fields.count >= 2, ByteFields.hasSuffix(first, ":"), ByteFields.int(first.dropLast()) != nil else {
                    out.markUnparsed(line, "expected an interface line such as `2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500 ...`")
                    return
                }
                var nameField = fields[1]
                let oneLine = !ByteFields.hasSuffix(nameField, ":")
                if !oneLine { nameField = nameField.dropLast() }
                let name = interfaceName(nameField)
                if let problem = InterfaceName.problem(name) {
                    flush()
                    out.markUnparsed(line, "not read: \(problem)")
                    return
                }
                if oneLine {
                    // `2: eth0    inet 192.0.2.1/24 ...` or `2: eth0    link/ether ...`
                    if current?.name != name {
                        flush()
                        let existing = out.interfaces.firstIndex { $0.name == name }
                        if let existing {
                            current = out.interfaces.remove(at: existing)
                        } else {
                            current = ObservedInterface(name: name, flags: [], evidence: line, flagsKnown: false)
                        }
                    }
                    let rest = Array(fields.dropFirst(2))
                    readDetail(rest, line: line, into: &current, output: &out)
                    lastWasLink = false
                    return
                }
                flush()
                var flags: InterfaceFlags = []
                var state: String?
                if fields.count >= 3, ByteFields.hasPrefix(fields[2], "<"), ByteFields.hasSuffix(fields[2], ">") {
                    flags = IPAddrParser.flags(fields[2].dropFirst().dropLast())
                }
                var i = 3
                while i + 1 < fields.count {
                    if ByteFields.equals(fields[i], "state") { state = ByteFields.string(fields[i + 1]) }
                    i += 1
                }
                if let existing = out.interfaces.firstIndex(where: { $0.name == name }) {
                    // `ip -o link` after `ip -o addr` in one file: the link line brings the flags.
                    var known = out.interfaces.remove(at: existing)
                    known.flags = flags
                    known.operState = state
                    known.flagsKnown = true
                    current = known
                } else {
                    current = ObservedInterface(name: name, flags: flags, operState: state, evidence: line)
                }
                lastWasLink = false
                return
            }

            guard current != nil else {
                out.markUnparsed(line, "an indented line before any interface line")
                return
            }
            // An indented line is known by its first word: only an address line, or one
            // that is not known, is split into its words (a `link/ether` line of `ip -d` holds
            // thirty, and every address is followed by a `valid_lft` line).
            if ByteFields.equals(first, "valid_lft") || ByteFields.equals(first, "preferred_lft") { return }
            let isAddress = ByteFields.equals(first, "inet") || ByteFields.equals(first, "inet6")
            if ByteFields.hasPrefix(first, "link/") {
                lastWasLink = true
                readDetail([first], line: line, into: &current, output: &out)
                return
            } else if lastWasLink && !isAddress && !ByteFields.equals(first, "altname") {
                // `ip -d`: the lines between link/… and the addresses describe the link;
                // the first word of the first one that is not a generic attribute is its kind
                // (veth, bridge, ipip, vlan, bond_slave, …), whatever new kinds iproute2 learns.
                let word = ByteFields.string(first)
                if !IPAddrParser.detailWords.contains(word) && current?.kind == nil { current?.kind = word }
                return
            } else {
                lastWasLink = false
            }
            if !isAddress {
                let word = ByteFields.string(first)
                if IPAddrParser.linkKinds.contains(word) || IPAddrParser.detailWords.contains(word) { return }
            }
            readDetail(ByteFields.split(bytes), line: line, into: &current, output: &out)
        }
        flush()
        return out
    }

    /// The first blank-separated word of `bytes`, if any.
    static func firstWord(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let start = bytes.firstIndex(where: { !ByteFields.isSpace($0) }) else { return nil }
        let end = bytes[start...].firstIndex(where: ByteFields.isSpace) ?? bytes.endIndex
        return bytes[start..<end]
    }

    /// `eth0@if5` → `eth0`.
    static func interfaceName(_ field: ArraySlice<UInt8>) -> String {
        if let at = field.firstIndex(of: UInt8(ascii: "@")) { return ByteFields.string(field[field.startIndex..<at]) }
        return ByteFields.string(field)
    }

    /// An `inet`, `inet6` or `link/…` line (fields without indentation).
    static func readDetail(
        _ fields: [ArraySlice<UInt8>], line: CaptureLine, into current: inout ObservedInterface?,
        output out: inout ParsedCapture
    ) {
        // Taken out of `current`, not copied: a copy would make every address appended copy the
        // interface's whole list (quadratic on a real server holding a hundred VIPs).
        guard let first = fields.first, current != nil, var interface = current.take() else { return }
        defer { current = interface }
        if ByteFields.hasPrefix(first, "link/") {
            interface.linkType = ByteFields.string(first.dropFirst(5))
            return
        }
        guard ByteFields.equals(first, "inet") || ByteFields.equals(first, "inet6") else {
            if ByteFields.equals(first, "altname") { return }
            out.markUnparsed(line, "expected `inet`, `inet6`, `link/…` or a link detail line")
            return
        }
        guard fields.count >= 2 else {
            out.markUnparsed(line, "an address line without an address")
            return
        }
        if Field.isRedacted(fields[1]) {
            out.redacted.append(line)
            return
        }
        // Point-to-point: `inet 10.8.0.1 peer 10.8.0.2/32` — the prefix belongs to the peer.
        let pointToPoint = fields.count > 2 && ByteFields.equals(fields[2], "peer") && !fields[1].contains(UInt8(ascii: "/"))
        guard pointToPoint || fields[1].contains(UInt8(ascii: "/")), let prefix = Field.prefix(fields[1]) else {
            out.markUnparsed(line, "'\(ByteFields.string(fields[1]))' is not an address with a prefix length")
            return
        }
        var scope: String?
        var label: String?
        var flags: Set<String> = []
        var unknown: [String] = []
        var i = 2
        while i < fields.count {
            // Told on the bytes: a String is made only of what is kept.
            switch AddressWord(fields[i]) {
            case .scope:
                if i + 1 < fields.count { scope = ByteFields.string(fields[i + 1]); i += 1 }
                i += 1
                continue
            case .beforeValue:
                i += 2
                continue
            case .flag:
                flags.insert(ByteFields.string(fields[i]))
                i += 1
                continue
            case .other:
                break
            }
            let f = ByteFields.string(fields[i])
            // The last word of an IPv4 line is its label (`lo`, `lo:100`): the kernel
            // requires a label to start with the device name.
            if i == fields.count - 1 && ByteFields.equals(first, "inet") && f.hasPrefix(interface.name)
                && InterfaceName.labelProblem(f, device: interface.name) == nil
            {
                label = f
            } else {
                unknown.append(f)
            }
            i += 1
        }
        if ByteFields.equals(first, "inet"), let p = IPPrefix(address: prefix.address, length: prefix.length),
            p.address.family != .v4
        {
            out.markUnparsed(line, "an `inet` line with an IPv6 address")
            return
        }
        if !unknown.isEmpty {
            out.markUnparsed(line, "unexpected \(unknown.map { "'\($0)'" }.joined(separator: " ")) after the address (the address was read)")
        }
        interface.addresses.append(
            ObservedAddress(
                prefix: prefix, interface: interface.name,
                label: label == interface.name ? nil : label, scope: scope,
                flags: flags, evidence: line))
    }

    /// The flags of `<BROADCAST,MULTICAST,UP,LOWER_UP>` without its brackets, read on the
    /// bytes; unknown words are ignored.
    static func flags(_ list: ArraySlice<UInt8>) -> InterfaceFlags {
        var flags: InterfaceFlags = []
        var start = list.startIndex
        while start <= list.endIndex {
            let end = list[start...].firstIndex(of: UInt8(ascii: ",")) ?? list.endIndex
            if let flag = InterfaceFlags(word: list[start..<end]) { flags.insert(flag) }
            start = end + 1
        }
        return flags
    }

    /// What a word after an address says, as `readDetail` reads it.
    enum AddressWord {
        /// `scope`: the next word is the scope.
        case scope
        /// `brd`, `peer`, `metric`, `valid_lft`, `preferred_lft`, `proto`: the next word is its value.
        case beforeValue
        /// A flag of the address (`secondary`, `noprefixroute`, …).
        case flag
        /// Anything else: a label, or a word lvslint does not know.
        case other

        init(_ word: ArraySlice<UInt8>) {
            guard word.count < Self.byLength.count else {
                self = .other
                return
            }
            self = Self.byLength[word.count].first { ByteFields.equals(word, $0.word) }?.meaning ?? .other
        }

        /// `known` by the length of the word: a word is compared only with those of its length.
        static let byLength: [[(word: StaticString, meaning: AddressWord)]] = {
            var table = Array(repeating: [(word: StaticString, meaning: AddressWord)](), count: 16)
            for entry in known { table[entry.word.utf8CodeUnitCount].append(entry) }
            return table
        }()

        /// Compared by length first (`ByteFields.equals`): most words are told in one comparison.
        static let known: [(word: StaticString, meaning: AddressWord)] = [
            ("scope", .scope), ("brd", .beforeValue), ("peer", .beforeValue), ("metric", .beforeValue), ("valid_lft", .beforeValue),
            ("preferred_lft", .beforeValue), ("proto", .beforeValue), ("secondary", .flag), ("dynamic", .flag), ("noprefixroute", .flag),
            ("deprecated", .flag), ("tentative", .flag), ("dadfailed", .flag), ("nodad", .flag), ("optimistic", .flag), ("home", .flag),
            ("mngtmpaddr", .flag), ("temporary", .flag), ("permanent", .flag), ("stable-privacy", .flag), ("autojoin", .flag),
            ("primary", .flag),
        ]
    }
}
