import LVSModel

/// net-tools `ifconfig -a`: the 2.x form (`eth0: flags=4163<UP,…>  mtu 1500`, CentOS 7+),
/// the older form (`eth0      Link encap:Ethernet`, with `inet addr:` / `Mask:`, also
/// localised as `inet adr:` / `Masque:`), busybox, and alias interfaces (`lo:100`),
/// which are folded into their device with the alias kept as the address label.
enum IfconfigParser {
    /// First words of indented lines that carry counters or hardware details only.
    static let ignoredWords: Set<String> = [
        "RX", "TX", "collisions:0", "ether", "loop", "infiniband", "unspec", "device", "Interrupt", "Memory",
        "Base", "DMA", "txqueuelen", "media:", "status:", "options=", "nd6", "lladdr", "tunnel", "ppp",
    ]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ifconfig)
        var devices: [String: Int] = [:]
        var currentDevice: Int?
        var currentLabel: String?
        /// net-tools 2 (`flags=`) or the older form (`Link encap:`): values sit at other places.
        var newForm = false

        func device(named name: String, line: CaptureLine) -> Int {
            if let i = devices[name] { return i }
            out.interfaces.append(ObservedInterface(name: name, flags: [], evidence: line))
            devices[name] = out.interfaces.count - 1
            return out.interfaces.count - 1
        }

        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            guard let first = fields.first else { return }
            if line.indent == 0 {
                if ByteFields.contains(line.bytes, "hardware address can be incorrect") { return }
                // New form: "name: flags=N<…>  mtu M"; old form: "name   Link encap:…" (or its translation).
                var nameField: ArraySlice<UInt8>
                if fields.count >= 2, ByteFields.hasSuffix(first, ":"), ByteFields.hasPrefix(fields[1], "flags=") {
                    nameField = first.dropLast()
                    newForm = true
                } else if IfconfigWords.isOldHeader(fields) || (fields.count >= 2 && ByteFields.hasPrefix(fields[1], "Link")) {
                    nameField = first
                    newForm = false
                } else {
                    out.markUnparsed(line, "expected an interface line such as `eth0: flags=4163<UP,…>  mtu 1500` or `eth0  Link encap:Ethernet`")
                    currentDevice = nil
                    return
                }
                let full = ByteFields.string(nameField)
                let base = full.split(separator: ":", maxSplits: 1).first.map(String.init) ?? full
                if let problem = InterfaceName.problem(base) ?? (full == base ? nil : InterfaceName.labelProblem(full, device: base)) {
                    out.markUnparsed(line, "not read: \(problem)")
                    currentDevice = nil
                    return
                }
                let index = device(named: base, line: line)
                currentDevice = index
                currentLabel = full == base ? nil : full
                if ByteFields.contains(line.bytes, "Local Loopback") { out.interfaces[index].linkType = "loopback" }
                if ByteFields.contains(line.bytes, "IPIP Tunnel") { out.interfaces[index].linkType = "ipip" }
                if newForm, let flags = newFormFlags(fields[1]) {
                    // An alias shares its device's flags; the device line wins.
                    if currentLabel == nil || out.interfaces[index].flags.isEmpty { out.interfaces[index].flags = flags }
                }
                if currentLabel == nil { out.interfaces[index].evidence = line }
                return
            }

            guard let index = currentDevice else {
                out.markUnparsed(line, "an indented line before any interface line")
                return
            }
            let word = ByteFields.string(first)
            let interfaceName = out.interfaces[index].name
            if word == "inet" || (word.hasPrefix("inet") && !word.hasPrefix("inet6") && word.contains(":")) {
                // `inet 1.2.3.4  netmask 255.0.0.0`; `inet addr:1.2.3.4  Mask:…`; `inet 地址:… 掩码:…`;
                // ja writes `inetアドレス:1.2.3.4` as one word.
                let values =
                    word == "inet"
                    ? Array(fields.dropFirst()) : [first[(first.firstIndex(of: UInt8(ascii: ":")) ?? first.startIndex)...]] + fields.dropFirst()
                readInet(values, newForm: newForm && word == "inet", line: line, device: interfaceName, label: currentLabel, into: &out, index: index)
                return
            }
            if word.hasPrefix("inet6") {
                readInet6(Array(fields.dropFirst()), newForm: newForm, line: line, device: interfaceName, into: &out, index: index)
                return
            }
            if fields.count >= 3, ByteFields.hasPrefix(fields[1], "inet6") {
                // The older form's `inet6 addr:` translated word first: `adr inet6:` (fr), `endereço inet6:` (pt_BR).
                readInet6(Array(fields.dropFirst(2)), newForm: false, line: line, device: interfaceName, into: &out, index: index)
                return
            }
            if isOldFlagsLine(fields) {
                var flags: InterfaceFlags = []
                for f in fields {
                    if ByteFields.hasPrefix(f, "MTU") || ByteFields.hasPrefix(f, "Metric") { break }
                    flags.formUnion(IfconfigWords.oldFlags(ByteFields.string(f)))
                }
                if currentLabel == nil || out.interfaces[index].flags.isEmpty { out.interfaces[index].flags = flags }
                return
            }
            // net-tools 2.x names the link type at the end of a line: `tunnel  txqueuelen 1000  (IPIP Tunnel)`;
            // `loop` opens the loopback device's line whatever the language of its `(Local Loopback)`.
            if ByteFields.contains(line.bytes, "(IPIP Tunnel)") { out.interfaces[index].linkType = "ipip" }
            if word == "loop" && out.interfaces[index].linkType == nil { out.interfaces[index].linkType = "loopback" }
            if ignoredWords.contains(word) || word.hasPrefix("RX") || word.hasPrefix("TX") || word.hasPrefix("collisions")
                || word.hasPrefix("Interrupt") || word.hasPrefix("Memory") || IfconfigWords.isCounterLine(fields)
            {
                return
            }
            out.markUnparsed(line, "unrecognised ifconfig line")
        }
        // The loopback device's type is named in the output's language (`Link encap:本地环回`):
        // its LOOPBACK flag names it in every one.
        for i in out.interfaces.indices where out.interfaces[i].linkType == nil && out.interfaces[i].flags.contains(.loopback) {
            out.interfaces[i].linkType = "loopback"
        }
        return out
    }

    /// `flags=4163<UP,BROADCAST,RUNNING,MULTICAST>`: the number, which no translation changes;
    /// the words only when there is no number.
    static func newFormFlags(_ field: ArraySlice<UInt8>) -> InterfaceFlags? {
        let value = field.dropFirst(6)
        let open = value.firstIndex(of: UInt8(ascii: "<"))
        if let number = ByteFields.int(value[value.startIndex..<(open ?? value.endIndex)]) { return IfconfigWords.flags(fromNumber: number) }
        guard let open, let close = value.lastIndex(of: UInt8(ascii: ">")), open < close else { return nil }
        var flags: InterfaceFlags = []
        for word in value[(open + 1)..<close].split(separator: UInt8(ascii: ",")) {
            if let f = InterfaceFlags(word: ByteFields.string(word)) { flags.insert(f) }
        }
        return flags
    }

    static func isOldFlagsLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        fields.contains(where: { ByteFields.hasPrefix($0, "MTU:") || ByteFields.hasPrefix($0, "mtu:") })
    }

    /// The words after `inet`. New form, by position: the address, a keyword, the mask
    /// (`192.0.2.1  netmask 255.255.255.0`, `192.0.2.1 síťová_maska 255.255.255.0`, BSD's
    /// `netmask 0xffffff00`). Older form, `label:value` words in any language: the first
    /// address is the interface's, the last the mask (`地址:192.0.2.1  广播:192.0.2.255  掩码:255.255.255.0`).
    static func readInet(
        _ fields: [ArraySlice<UInt8>], newForm: Bool, line: CaptureLine, device: String, label: String?,
        into out: inout ParsedCapture, index: Int
    ) {
        var address: ArraySlice<UInt8>?
        var mask: ArraySlice<UInt8>?
        if newForm || !(fields.first?.contains(UInt8(ascii: ":")) ?? false) {
            address = fields.first
            if fields.count >= 3 { mask = fields[2] }
        } else {
            var values: [ArraySlice<UInt8>] = []
            for field in fields {
                let value = field.lastIndex(of: UInt8(ascii: ":")).map { field[($0 + 1)...] } ?? field
                if !value.isEmpty, Field.isRedacted(value) || IPAddress.parse(bytes: value)?.v4Value != nil { values.append(value) }
            }
            address = values.first
            if values.count >= 2 { mask = values.last }
        }
        guard let address else {
            out.markUnparsed(line, "an inet line without an address")
            return
        }
        if Field.isRedacted(address) {
            out.redacted.append(line)
            return
        }
        guard let ip = Field.address(address), ip.family == .v4 else {
            out.markUnparsed(line, "'\(ByteFields.string(address))' is not an IPv4 address")
            return
        }
        var length = 32
        if let mask {
            if let m = IPAddress.parse(bytes: mask)?.v4Value, let l = IPPrefix.length(ofNetmask: m) {
                length = l
            } else if ByteFields.hasPrefix(mask, "0x"), let m = ByteFields.hex(mask.dropFirst(2)),
                let l = IPPrefix.length(ofNetmask: UInt32(truncatingIfNeeded: m))
            {
                length = l
            } else {
                out.markUnparsed(line, "'\(ByteFields.string(mask))' is not a netmask")
                return
            }
        }
        guard let prefix = IPPrefix(address: ip, length: length) else { return }
        out.interfaces[index].addresses.append(ObservedAddress(prefix: prefix, interface: device, label: label, evidence: line))
    }

    /// New form, by position: `fe80::1  prefixlen 64  scopeid 0x20<link>` (the keywords may be
    /// translated: `délka_prefixu`, `<stroj>`). Older form: `addr: fe80::1/64 Scope:Link`, or
    /// translated (`地址: …/64 Scope:Host`, `範囲:リンク`).
    static func readInet6(
        _ fields: [ArraySlice<UInt8>], newForm: Bool, line: CaptureLine, device: String, into out: inout ParsedCapture, index: Int
    ) {
        var prefix: IPPrefix?
        var scope: String?
        var text = fields.first
        if newForm, let first = fields.first, !first.contains(UInt8(ascii: "/")), Field.prefix(first) != nil {
            prefix = Field.prefix(first)
            if fields.count >= 3, let length = ByteFields.int(fields[2]), let p = prefix { prefix = IPPrefix(address: p.address, length: length) }
            if fields.count >= 5 {
                let id = fields[4].firstIndex(of: UInt8(ascii: "<")).map { fields[4][..<$0] } ?? fields[4]
                if ByteFields.hasPrefix(id, "0x"), let value = ByteFields.hex(id.dropFirst(2)) {
                    scope = IfconfigWords.scope(fromScopeID: Int(value))
                }
            }
        } else {
            for field in fields where prefix == nil {
                if field.contains(UInt8(ascii: "/")), let p = Field.prefix(field) {
                    prefix = p
                    text = field
                }
            }
            if prefix == nil, let first = fields.first(where: { !ByteFields.hasSuffix($0, ":") }) {
                text = first
                prefix = Field.prefix(first)
            }
            if let last = fields.last, let colon = last.lastIndex(of: UInt8(ascii: ":")), last != text {
                let word = ByteFields.string(last[(colon + 1)...]).lowercased()
                if !word.isEmpty { scope = IfconfigWords.scopes[word] ?? word }
            }
        }
        guard let prefix, prefix.address.family == .v6 else {
            out.markUnparsed(line, "'\(text.map(ByteFields.string) ?? "")' is not an IPv6 address")
            return
        }
        out.interfaces[index].addresses.append(ObservedAddress(prefix: prefix, interface: device, scope: scope, evidence: line))
    }
}
