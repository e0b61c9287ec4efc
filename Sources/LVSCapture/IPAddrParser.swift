#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
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
        var reader = Reader(file: file)
        reader.readLines(of: file)
        reader.flush()
        return reader.out
    }

    /// One file's interfaces, read line by line on its bytes: a word becomes a String only
    /// when it is kept.
    struct Reader: ByteLineReader {
        let file: CaptureFile
        var out: ParsedCapture
        var current: ObservedInterface?
        var lastWasLink = false
        var strings = WordCache<String>()
        var flagSets = WordCache<Set<String>>()

        init(file: CaptureFile) {
            self.file = file
            out = ParsedCapture(file: file, kind: .ipAddr)
        }

        mutating func flush() {
            if let c = current.take() { out.interfaces.append(c) }
        }

        mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, number: Int) {
            guard let base = buffer.baseAddress else { return }
            // `ip -o` folds continuation lines after a backslash; read up to it.
            let stop =
                memchr(base + start, Int32(UInt8(ascii: "\\")), end - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
                ?? end
            var words = WordCursor(buffer, from: start, to: stop)
            guard let first = words.next() else {
                // A blank line, or one that is nothing but a backslash's continuation.
                return
            }
            let line = CaptureLine(file: file, number: number, start: start, end: end)
            if first.lowerBound == start {
                readInterface(buffer, line: line, stop: stop)
                return
            }
            guard current != nil else {
                out.markUnparsed(line, "an indented line before any interface line")
                return
            }
            // An indented line is known by its first word: only an address line, or one
            // that is not known, is read word by word (a `link/ether` line of `ip -d` holds
            // thirty, and every address is followed by a `valid_lft` line).
            if words.equals(first, "valid_lft") || words.equals(first, "preferred_lft") { return }
            let isAddress = words.equals(first, "inet") || words.equals(first, "inet6")
            if words.hasPrefix(first, "link/") {
                lastWasLink = true
                current?.linkType = ByteFields.string(file.bytes[(first.lowerBound + 5)..<first.upperBound])
                return
            } else if lastWasLink && !isAddress && !words.equals(first, "altname") {
                // `ip -d`: the lines between link/… and the addresses describe the link;
                // the first word of the first one that is not a generic attribute is its kind
                // (veth, bridge, ipip, vlan, bond_slave, …), whatever new kinds iproute2 learns.
                let word = ByteFields.string(file.bytes[first])
                if !detailWords.contains(word) && current?.kind == nil { current?.kind = word }
                return
            } else {
                lastWasLink = false
            }
            if !isAddress {
                let word = ByteFields.string(file.bytes[first])
                if linkKinds.contains(word) || detailWords.contains(word) { return }
            }
            readDetail(&words, first: first, line: line)
        }

        /// A line that is not indented: an interface's first line, or a line of `ip -o`.
        mutating func readInterface(_ buffer: UnsafeBufferPointer<UInt8>, line: CaptureLine, stop: Int) {
            var words = WordCursor(buffer, from: line.start, to: stop)
            guard let index = words.next() else { return }
            if IPRoute2Message.record(line, in: &out) { return }
            // "N: name: <FLAGS> ..." or "N: name    inet ..." (one-line form).
            let first = file.bytes[index]
            guard let nameWord = words.next(), ByteFields.hasSuffix(first, ":"), ByteFields.int(first.dropLast()) != nil else {
                out.markUnparsed(line, "expected an interface line such as `2: eth0: <BROADCAST,UP,LOWER_UP> mtu 1500 ...`")
                return
            }
            var nameField = file.bytes[nameWord]
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
                if let detail = words.next() { readDetail(&words, first: detail, line: line) }
                lastWasLink = false
                return
            }
            flush()
            var flags: InterfaceFlags = []
            var state: String?
            if let third = words.next() {
                let list = file.bytes[third]
                if ByteFields.hasPrefix(list, "<"), ByteFields.hasSuffix(list, ">") {
                    flags = IPAddrParser.flags(list.dropFirst().dropLast())
                }
                // From the fourth word on, the word after each `state`: the last one stands.
                var previous = words.next()
                while let word = words.next() {
                    if let key = previous, words.equals(key, "state") { state = ByteFields.string(file.bytes[word]) }
                    previous = word
                }
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
        }

        /// An `inet`, `inet6` or `link/…` line, or the like after an `ip -o` line's name:
        /// `first` is its first word, `words` the rest.
        mutating func readDetail(_ words: inout WordCursor, first: Range<Int>, line: CaptureLine) {
            // Taken out of `current`, not copied: a copy would make every address appended copy the
            // interface's whole list (quadratic on a real server holding a hundred VIPs).
            guard var interface = current.take() else { return }
            defer { current = interface }
            if words.hasPrefix(first, "link/") {
                interface.linkType = ByteFields.string(file.bytes[(first.lowerBound + 5)..<first.upperBound])
                return
            }
            let isInet = words.equals(first, "inet")
            guard isInet || words.equals(first, "inet6") else {
                if words.equals(first, "altname") { return }
                out.markUnparsed(line, "expected `inet`, `inet6`, `link/…` or a link detail line")
                return
            }
            guard let addressWord = words.next() else {
                out.markUnparsed(line, "an address line without an address")
                return
            }
            let address = file.bytes[addressWord]
            if Field.isRedacted(address) {
                out.redacted.append(line)
                return
            }
            // Point-to-point: `inet 10.8.0.1 peer 10.8.0.2/32` — the prefix belongs to the peer.
            let slashed = address.contains(UInt8(ascii: "/"))
            var ahead = words
            let pointToPoint = !slashed && ahead.next().map { words.equals($0, "peer") } == true
            guard pointToPoint || slashed, let prefix = Field.prefix(address) else {
                out.markUnparsed(line, "'\(ByteFields.string(address))' is not an address with a prefix length")
                return
            }
            var scope: String?
            var label: String?
            var flags: Set<String> = []
            var unknown: [String] = []
            while let word = words.next() {
                // Told on the bytes: a String is made only of what is kept.
                switch AddressWord(word, words) {
                case .scope:
                    if let value = words.next() { scope = string(value, words.buffer) }
                    continue
                case .beforeValue:
                    _ = words.next()
                    continue
                case .flag:
                    if flags.isEmpty {
                        // Most addresses have one flag at most (`nodad`, `noprefixroute`): its set
                        // is made once per file and shared, not hashed anew per address.
                        let buffer = words.buffer
                        flags = flagSets.value(of: word, in: buffer) {
                            [String(decoding: UnsafeBufferPointer(rebasing: buffer[word]), as: UTF8.self)]
                        }
                    } else {
                        flags.insert(string(word, words.buffer))
                    }
                    continue
                case .other:
                    break
                }
                let f = string(word, words.buffer)
                // The last word of an IPv4 line is its label (`lo`, `lo:100`): the kernel
                // requires a label to start with the device name.
                var rest = words
                if rest.next() == nil && isInet && f.hasPrefix(interface.name) && InterfaceName.labelProblem(f, device: interface.name) == nil {
                    label = f
                } else {
                    unknown.append(f)
                }
            }
            if isInet, let p = IPPrefix(address: prefix.address, length: prefix.length), p.address.family != .v4 {
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

        /// `word` as a String, made once per distinct short word of the file.
        mutating func string(_ word: Range<Int>, _ buffer: UnsafeBufferPointer<UInt8>) -> String {
            strings.value(of: word, in: buffer) { String(decoding: UnsafeBufferPointer(rebasing: buffer[word]), as: UTF8.self) }
        }
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

        init(_ word: Range<Int>, _ words: WordCursor) {
            guard word.count < Self.byLength.count else {
                self = .other
                return
            }
            self = Self.byLength[word.count].first { words.equals(word, $0.word) }?.meaning ?? .other
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
