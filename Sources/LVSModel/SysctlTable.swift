import Foundation

public struct SysctlEntry: Sendable {
    public var key: String
    public var value: String
    public var evidence: CaptureLine

    public init(key: String, value: String, evidence: CaptureLine) {
        self.key = key
        self.value = value
        self.evidence = evidence
    }

    public var intValue: Int? { Self.integer(value) }

    /// `text` as an integer once blanks around it are dropped (Foundation's `.whitespaces`:
    /// in ASCII only space and tab). The ASCII case is trimmed on the bytes: Foundation's
    /// trimming took thousands of instructions, and the rules ask this of every interface
    /// of every host.
    static func integer(_ text: String) -> Int? {
        if let plain = Int(text) { return plain }
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return Int(text.trimmingCharacters(in: .whitespaces)) }
        let isBlank = { (byte: UInt8) in byte == 32 || byte == 9 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else { return nil }
        return Int(text[first...last])
    }
}

/// The sysctls of one host, by dotted key (`net.ipv4.conf.all.arp_ignore`).
public struct SysctlTable: Sendable {
    /// The entries by key, once the table was filled entry by entry or is large.
    private var byKey: [String: SysctlEntry] = [:]
    /// One capture's entries as `setAll` took them (a fleet's hosts each keep a few dozen):
    /// looked up from the last, so the last line for a key stands, as in `byKey`. Hashing
    /// every key into a dictionary cost more than all the lookups a check makes of them.
    /// Empty whenever `byKey` is not.
    private var listed: [SysctlEntry] = []
    /// The most entries kept `listed`: past it, a lookup's walk would cost more than the hashing.
    static let listedAtMost = 96

    /// True when the captures hold a whole `sysctl -a` (hundreds of keys across kernel.,
    /// net. and vm.) read without gaps: there a per-interface key that is absent means the
    /// interface did not exist. Otherwise (`sysctl -a | grep arp`, one key, a file with
    /// unreadable parts) an absent key is unknown, never the kernel's default.
    public var isComplete = false

    public init() {}

    /// Every entry by its key.
    public var entries: [String: SysctlEntry] {
        guard !listed.isEmpty else { return byKey }
        return Dictionary(listed.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    public var isEmpty: Bool { byKey.isEmpty && listed.isEmpty }
    public var count: Int { listed.isEmpty ? byKey.count : entries.count }

    /// Moves the listed entries into `byKey`, before an entry is set one by one.
    private mutating func spill() {
        guard !listed.isEmpty else { return }
        byKey = entries
        listed = []
    }

    /// Keys are normalised to dots (`net/ipv4/ip_forward` is the same key).
    public mutating func set(_ entry: SysctlEntry) {
        spill()
        var e = entry
        e.key = SysctlTable.normalise(entry.key)
        byKey[e.key] = e
    }

    /// Sets `entry`, unless its key holds another value read from another file: that entry
    /// stays, and is returned (the captures disagree). One hash of the key, not two.
    public mutating func set(unlessContradicting entry: SysctlEntry) -> SysctlEntry? {
        spill()
        var new = entry
        new.key = SysctlTable.normalise(entry.key)
        var kept: SysctlEntry?
        Self.modify(&byKey[new.key]) { slot in
            if let existing = slot, existing.value != new.value, existing.evidence.file != new.evidence.file {
                kept = existing
            } else {
                slot = new
            }
        }
        return kept
    }

    /// Sets the entries of one capture, into an empty table: within one file the last line
    /// for a key stands, as `set(unlessContradicting:)` has it. Every host of a fleet has one
    /// `sysctl -a`, of which a few dozen keys are kept: those are listed as they are, keys
    /// normalised, not hashed.
    public mutating func setAll(ofOneCapture captured: [SysctlEntry]) {
        precondition(isEmpty, "setAll(ofOneCapture:) fills an empty table")
        guard captured.count <= Self.listedAtMost else {
            byKey.reserveCapacity(captured.count)
            for entry in captured {
                var entry = entry
                entry.key = SysctlTable.normalise(entry.key)
                byKey[entry.key] = entry
            }
            return
        }
        listed = captured
        // `listed` is written only once a key needs it: the compiler makes an array its own
        // before the loop that writes it, so a loop that wrote nothing still copied every
        // host's entries.
        guard let first = captured.firstIndex(where: { !SysctlTable.isNormal($0.key) }) else { return }
        for index in first..<captured.count where !SysctlTable.isNormal(captured[index].key) {
            listed[index].key = SysctlTable.normalise(captured[index].key)
        }
    }

    private static func modify<Value>(_ value: inout Value, _ body: (inout Value) -> Void) { body(&value) }

    public mutating func reserveCapacity(_ count: Int) {
        spill()
        byKey.reserveCapacity(count)
    }

    public subscript(key: String) -> SysctlEntry? {
        let key = SysctlTable.normalise(key)
        guard !listed.isEmpty else { return byKey[key] }
        // From the last: the last line for a key stands. A key of another length is passed
        // over on its count alone.
        let length = key.utf8.count
        for index in listed.indices.reversed() where listed[index].key.utf8.count == length && listed[index].key == key {
            return listed[index]
        }
        return nil
    }

    /// The key as `sysctl -a` prints it. As in procps `sysctl` and systemd-sysctl, the first
    /// separator decides: after a `.` dots separate and a `/` is a dot inside a name
    /// (`net.ipv4.conf.eth0/100.arp_ignore`); after a `/` the key is a path, slashes
    /// separate and dots are literal (`net/ipv4/conf/eth0.100/arp_ignore`).
    public static func normalise(_ key: String) -> String {
        if isNormal(key) { return key }
        return String(
            decoding: key.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: ".") : $0 == UInt8(ascii: ".") ? UInt8(ascii: "/") : $0 },
            as: UTF8.self)
    }

    /// Whether `normalise` leaves `key` as it is: its first separator is a dot, or it has none.
    static func isNormal(_ key: String) -> Bool {
        // Checked on the UTF-8 bytes: this runs for every key of every host. A native key's
        // bytes are read in place (walking the UTF-8 view cost a hundred instructions more).
        let dotFirst = key.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes {
                if byte == UInt8(ascii: ".") { return true }
                if byte == UInt8(ascii: "/") { return false }
            }
            return true
        }
        if let dotFirst { return dotFirst }
        for byte in key.utf8 {
            if byte == UInt8(ascii: ".") { return true }
            if byte == UInt8(ascii: "/") { return false }
        }
        return true
    }

    /// The per-interface key: sysctl writes a dot inside a device name (`eth0.100`) as `/`.
    public static func interfaceKey(family: String = "ipv4", device: String, parameter: String) -> String {
        // Most names hold no dot: Foundation's replacing is not asked of them.
        let name =
            device.utf8.contains(UInt8(ascii: "."))
            ? String(decoding: device.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "/") : $0 }, as: UTF8.self) : device
        return "net.\(family).conf.\(name).\(parameter)"
    }
}

/// How the kernel combines `conf.all.X` with `conf.<iface>.X` (include/linux/inetdevice.h).
public enum SysctlCombination: String, Sendable {
    /// IN_DEV_MAXCONF: arp_ignore, arp_announce, rp_filter.
    case maximum
    /// IN_DEV_ORCONF: send_redirects, accept_local, arp_filter, proxy_arp, log_martians.
    case either
    /// IN_DEV_CONF_GET: forwarding — the ingress interface's own value only.
    case interfaceOnly

    public static func of(_ parameter: String) -> SysctlCombination {
        switch parameter {
        case "arp_ignore", "arp_announce", "rp_filter": return .maximum
        case "forwarding": return .interfaceOnly
        default: return .either
        }
    }
}

/// An interface sysctl as the kernel uses it, with the lines it was computed from.
public struct EffectiveSysctl: Sendable {
    public var parameter: String
    public var device: String
    public var value: Int
    public var combination: SysctlCombination
    /// The captured entries that decided the value (`all` and the interface's own).
    public var sources: [SysctlEntry]
    /// Set when one of the keys the kernel reads was not in the capture.
    public var missingKeys: [String]

    public var evidence: [Evidence] { sources.map(\.evidence.evidence) }

    /// "max(all=0, eth0=0) = 0" — how the value was reached, for messages.
    public var explanation: Message {
        let parts = sources.map { entry -> String in
            let scope = entry.key.split(separator: ".").dropLast().last.map(String.init) ?? entry.key
            return "\(scope.replacingOccurrences(of: "/", with: "."))=\(entry.value)"
        }
        switch combination {
        case .maximum: return Message(verbatim: "\(parameter) = max(\(parts.joined(separator: ", "))) = \(value)")
        case .either: return Message(verbatim: "\(parameter) = either(\(parts.joined(separator: ", "))) = \(value)")
        case .interfaceOnly: return "\(parameter) on \(device) = \(value)"
        }
    }
}

extension SysctlTable {
    /// `net.ipv4.conf.all.<parameter>`: the parameters the rules ask of every host as
    /// literals, made once into the program (a key built each time was an allocation).
    static func allKey(_ parameter: String) -> String {
        switch parameter {
        case "arp_ignore": "net.ipv4.conf.all.arp_ignore"
        case "arp_announce": "net.ipv4.conf.all.arp_announce"
        case "rp_filter": "net.ipv4.conf.all.rp_filter"
        case "arp_filter": "net.ipv4.conf.all.arp_filter"
        case "proxy_arp": "net.ipv4.conf.all.proxy_arp"
        case "forwarding": "net.ipv4.conf.all.forwarding"
        case "send_redirects": "net.ipv4.conf.all.send_redirects"
        case "accept_local": "net.ipv4.conf.all.accept_local"
        default: "net.ipv4.conf.all.\(parameter)"
        }
    }

    /// The value the kernel uses for `net.ipv4.conf.<device>.<parameter>`, combining
    /// `conf.all` as the kernel does. `conf.default` is never read: it only seeds
    /// interfaces created later. Nil when neither key was captured.
    public func effective(_ parameter: String, on device: String) -> EffectiveSysctl? {
        let combination = SysctlCombination.of(parameter)
        let allKey = Self.allKey(parameter)
        let ownKey = SysctlTable.interfaceKey(device: device, parameter: parameter)
        let all = self[allKey]
        let own = self[ownKey]
        switch combination {
        case .interfaceOnly:
            guard let own, let v = own.intValue else { return nil }
            return EffectiveSysctl(
                parameter: parameter, device: device, value: v, combination: combination,
                sources: [own], missingKeys: [])
        case .maximum, .either:
            // The two values combined as they are, without the arrays a general reduction
            // makes: this is asked for every interface a rule looks at, on every host.
            let a = all?.intValue, o = own?.intValue
            guard a != nil || o != nil else { return nil }
            let value =
                combination == .maximum
                ? max(a ?? .min, o ?? .min) : ((a ?? 0) != 0 || (o ?? 0) != 0 ? 1 : 0)
            let sources = [all, own].compactMap { $0 }
            let missing = (all == nil ? [allKey] : []) + (own == nil ? [ownKey] : [])
            return EffectiveSysctl(
                parameter: parameter, device: device, value: value, combination: combination,
                sources: sources, missingKeys: missing)
        }
    }
}

extension SysctlTable {
    /// Whether packets arriving on `device` are forwarded: that interface's own
    /// `forwarding`, or `net.ipv4.ip_forward` (= conf.all.forwarding, copied to every
    /// interface when written) only when the interface's key was not captured or the
    /// interface is not known. `fromGlobal` says which was used.
    public func forwarding(on device: String?) -> (value: Int, entry: SysctlEntry, fromGlobal: Bool)? {
        if let device, let own = self[SysctlTable.interfaceKey(device: device, parameter: "forwarding")], let value = own.intValue {
            return (value, own, false)
        }
        if let global = self["net.ipv4.ip_forward"], let value = global.intValue { return (value, global, true) }
        return nil
    }
}

/// The value the kernel uses for an interface sysctl, or the keys the capture lacks to
/// know it.
public enum SysctlLookup: Sendable {
    case known(EffectiveSysctl)
    /// Keys the kernel reads that a partial capture does not hold.
    case unknown(missing: [String])
}

extension SysctlTable {
    /// Whether `entries` look like a whole `sysctl -a`: many keys, from the kernel., net.
    /// and vm. trees alike.
    public static func looksComplete(_ keys: some Sequence<String>) -> Bool {
        var count = 0
        var roots: Set<Substring> = []
        for key in keys {
            count += 1
            if let dot = key.firstIndex(of: ".") { roots.insert(key[..<dot]) }
        }
        return count >= 200 && roots.isSuperset(of: ["kernel", "net", "vm"])
    }

    /// `effective`, but a partial capture that lacks a key the kernel combines gives
    /// `.unknown` naming it, instead of a value computed from half the inputs. A complete
    /// capture that lacks the interface's own key (the interface was gone when it was
    /// taken) uses `conf.all` alone, as the message says.
    /// The value when it is known (see `lookup`), else nil.
    public func known(_ parameter: String, on device: String) -> EffectiveSysctl? {
        if case let .known(value) = lookup(parameter, on: device) { return value }
        return nil
    }

    public func lookup(_ parameter: String, on device: String) -> SysctlLookup {
        guard let value = effective(parameter, on: device) else {
            let keys =
                SysctlCombination.of(parameter) == .interfaceOnly
                ? [SysctlTable.interfaceKey(device: device, parameter: parameter)]
                : ["net.ipv4.conf.all.\(parameter)", SysctlTable.interfaceKey(device: device, parameter: parameter)]
            return .unknown(missing: keys)
        }
        if !value.missingKeys.isEmpty && !isComplete { return .unknown(missing: value.missingKeys) }
        return .known(value)
    }
}

/// What the captured configuration files set at boot, in load order (see
/// `SysctlConfiguration`): a later assignment wins.
public struct PersistentSysctls: Sendable {
    public var assignments: [SysctlEntry]
    /// Each assignment's file as its path on the host (`/etc/sysctl.conf`).
    public var hostPaths: [String]

    public init(_ assignments: [(entry: SysctlEntry, hostPath: String)]) {
        self.assignments = assignments.map(\.entry)
        self.hostPaths = assignments.map(\.hostPath)
    }

    /// The value boot leaves `key` at, with the line that sets it and that file's path on the
    /// host; nil when nothing sets it.
    public func value(of key: String) -> (entry: SysctlEntry, hostPath: String)? {
        guard let i = assignments.lastIndex(where: { Self.matches($0.key, key) }) else { return nil }
        return (assignments[i], hostPaths[i])
    }

    /// An assignment that means `key` but names a dotted interface (`eth0.100`) with plain
    /// dots: sysctl reads `net.ipv4.conf.eth0.100.arp_ignore` as the path
    /// `net/ipv4/conf/eth0/100/arp_ignore`, which does not exist, and never applies it.
    public func misspelling(of key: String) -> (entry: SysctlEntry, hostPath: String)? {
        guard key.contains("/") else { return nil }
        let dotted = key.replacingOccurrences(of: "/", with: ".")
        guard let i = assignments.lastIndex(where: { $0.key == dotted }) else { return nil }
        return (assignments[i], hostPaths[i])
    }

    /// `net.ipv4.conf.*.arp_ignore` (systemd 245 and later) matches `net.ipv4.conf.all.arp_ignore`.
    static func matches(_ pattern: String, _ key: String) -> Bool {
        guard pattern.contains("*") else { return pattern == key }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let last = parts.last, key.hasPrefix(first), key.hasSuffix(last),
            key.count >= first.count + last.count
        else { return false }
        var rest = Substring(key.dropFirst(first.count).dropLast(last.count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
