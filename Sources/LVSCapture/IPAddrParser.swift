import LVSModel

/// `ip addr`, `ip a`, `ip -d addr`, `ip link`, and `ip -o addr` (one line per address,
/// continuation lines folded into the same line after a backslash).
enum IPAddrParser {
    /// Words that may open an indented detail line of `ip -d` (the link kind, or its
    /// attributes) and carry nothing a rule reads besides the kind.
    static let linkKinds: Set<String> = [
        "veth", "bridge", "bridge_slave", "bond", "bond_slave", "vlan", "ipip", "gre", "gretap", "sit", "ip6tnl",
        "ip6gre", "vti", "vxlan", "geneve", "dummy", "macvlan", "macvtap", "ipvlan", "team", "team_slave", "tun",
        "tap", "vrf", "vrf_slave", "openvswitch", "openvswitch_slave", "ifb", "wireguard", "can", "nlmon", "xfrm",
        "erspan", "ip6erspan", "hsr", "macsec", "netkit", "bareudp", "amt", "batadv", "infiniband", "ipoib",
    ]
    static let detailWords: Set<String> = [
        "promiscuity", "addrgenmode", "numtxqueues", "alias", "vf", "prop", "allmulti", "minmtu", "gso_max_size",
    ]

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
                    flags = Self.flags(fields[2].dropFirst().dropLast())
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
                if !detailWords.contains(word) && current?.kind == nil { current?.kind = word }
                return
            } else {
                lastWasLink = false
            }
            if !isAddress {
                let word = ByteFields.string(first)
                if linkKinds.contains(word) || detailWords.contains(word) { return }
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
