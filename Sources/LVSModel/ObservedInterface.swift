/// Interface flags as `ip link` and `ifconfig` print them.
public struct InterfaceFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let up = InterfaceFlags(rawValue: 1 << 0)
    public static let lowerUp = InterfaceFlags(rawValue: 1 << 1)
    public static let noARP = InterfaceFlags(rawValue: 1 << 2)
    public static let loopback = InterfaceFlags(rawValue: 1 << 3)
    public static let running = InterfaceFlags(rawValue: 1 << 4)
    public static let broadcast = InterfaceFlags(rawValue: 1 << 5)
    public static let pointToPoint = InterfaceFlags(rawValue: 1 << 6)
    public static let multicast = InterfaceFlags(rawValue: 1 << 7)
    public static let noCarrier = InterfaceFlags(rawValue: 1 << 8)

    /// Maps one flag word (`UP`, `LOWER_UP`, `NOARP`, …); unknown words are ignored.
    public init?(word: String) {
        guard let flag = Self.known.first(where: { $0.word.description == word }) else { return nil }
        self = flag.flag
    }

    /// `init(word:)` of a word's bytes, with no String made of them: asked of every flag of
    /// every interface of a fleet `ip addr` lists.
    public init?(word: ArraySlice<UInt8>) {
        guard let flag = Self.known.first(where: { ByteFields.equals(word, $0.word) }) else { return nil }
        self = flag.flag
    }

    /// The flag words, for both spellings of `init(word:)`.
    private static let known: [(word: StaticString, flag: InterfaceFlags)] = [
        ("UP", .up), ("LOWER_UP", .lowerUp), ("NOARP", .noARP), ("LOOPBACK", .loopback), ("RUNNING", .running),
        ("BROADCAST", .broadcast), ("POINTOPOINT", .pointToPoint), ("MULTICAST", .multicast), ("NO-CARRIER", .noCarrier),
    ]

    public var words: [String] {
        var out: [String] = []
        if contains(.up) { out.append("UP") }
        if contains(.lowerUp) { out.append("LOWER_UP") }
        if contains(.running) { out.append("RUNNING") }
        if contains(.noARP) { out.append("NOARP") }
        if contains(.loopback) { out.append("LOOPBACK") }
        if contains(.broadcast) { out.append("BROADCAST") }
        if contains(.pointToPoint) { out.append("POINTOPOINT") }
        if contains(.multicast) { out.append("MULTICAST") }
        if contains(.noCarrier) { out.append("NO-CARRIER") }
        return out
    }
}

public struct ObservedInterface: Sendable {
    /// The kernel device name (`lo`, `eth0`, `eth0.100`); an ifconfig alias such as
    /// `lo:100` is folded into its device, the alias kept as the address label.
    public var name: String
    public var flags: InterfaceFlags
    /// `link/ether`, `link/loopback`, `link/ipip`, … without the `link/` prefix.
    public var linkType: String?
    /// From `ip -d`: `ipip`, `dummy`, `vlan`, `bridge`, …
    public var kind: String?
    public var operState: String?
    public var addresses: [ObservedAddress]
    public var evidence: CaptureLine
    /// False when the capture prints no link flags (`ip -o addr`): up and ARP are then unknown.
    public var flagsKnown: Bool

    public init(
        name: String, flags: InterfaceFlags, linkType: String? = nil, kind: String? = nil,
        operState: String? = nil, addresses: [ObservedAddress] = [], evidence: CaptureLine, flagsKnown: Bool = true
    ) {
        self.name = name
        self.flags = flags
        self.flagsKnown = flagsKnown
        self.linkType = linkType
        self.kind = kind
        self.operState = operState
        self.addresses = addresses
        self.evidence = evidence
    }

    /// Up as far as the capture tells; an interface whose flags were not captured counts as up.
    public var isUp: Bool { flags.contains(.up) || !flagsKnown }

    public var isLoopback: Bool { flags.contains(.loopback) || linkType == "loopback" || name == "lo" }

    /// ARP requests for an address arrive on interfaces that do ARP: up, not loopback,
    /// not NOARP (tunnels and dummies are NOARP).
    /// Without captured flags, any interface but lo and tunnels is taken to do ARP.
    public var doesARP: Bool {
        flagsKnown ? isUp && !isLoopback && !flags.contains(.noARP) : !isLoopback && !isTunnel
    }

    public var isTunnel: Bool {
        kind == "ipip" || linkType == "ipip" || name == "tunl0" || name.hasPrefix("tunl")
    }
}

public struct ObservedAddress: Sendable {
    public var prefix: IPPrefix
    public var interface: String
    /// `lo:100`, `eth0:0`: the label ip prints last on the line, or the ifconfig alias.
    public var label: String?
    public var scope: String?
    public var flags: Set<String>
    public var evidence: CaptureLine

    public init(
        prefix: IPPrefix, interface: String, label: String? = nil, scope: String? = nil,
        flags: Set<String> = [], evidence: CaptureLine
    ) {
        self.prefix = prefix
        self.interface = interface
        self.label = label
        self.scope = scope
        self.flags = flags
        self.evidence = evidence
    }

    public var dadFailed: Bool { flags.contains("dadfailed") }
}
