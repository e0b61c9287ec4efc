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
                // New form: "name: flags=N<…>  mtu M"; old form: "name   Link encap:…".
                var nameField: ArraySlice<UInt8>
                var newForm = false
                if fields.count >= 2, ByteFields.hasSuffix(first, ":"), ByteFields.hasPrefix(fields[1], "flags=") {
                    nameField = first.dropLast()
                    newForm = true
                } else if fields.count >= 2, ByteFields.hasPrefix(fields[1], "Link") || ByteFields.hasPrefix(fields[1], "encap:") {
                    nameField = first
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
                if newForm {
                    let flagsField = fields[1].dropFirst(6)
                    if let open = flagsField.firstIndex(of: UInt8(ascii: "<")), let close = flagsField.lastIndex(of: UInt8(ascii: ">")), open < close
                    {
                        var flags: InterfaceFlags = []
                        for word in flagsField[(open + 1)..<close].split(separator: UInt8(ascii: ",")) {
                            if let f = InterfaceFlags(word: ByteFields.string(word)) { flags.insert(f) }
                        }
                        // An alias shares its device's flags; the device line wins.
                        if currentLabel == nil || out.interfaces[index].flags.isEmpty { out.interfaces[index].flags = flags }
                    }
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
            switch word {
            case "inet":
                // New: `inet 1.2.3.4  netmask 255.0.0.0`; old: `inet addr:1.2.3.4  Mask:…`; fr: `inet adr:…  Masque:…`.
                readInet(fields, line: line, device: interfaceName, label: currentLabel, into: &out, index: index)
            case "inet6":
                readInet6(Array(fields.dropFirst()), line: line, device: interfaceName, into: &out, index: index)
            case "adr", "Adresse":
                // French old form: `adr inet6: fe80::…/64 Scope:Lien`.
                if fields.count >= 3, ByteFields.hasPrefix(fields[1], "inet6") {
                    readInet6(Array(fields.dropFirst(2)), line: line, device: interfaceName, into: &out, index: index)
                } else {
                    out.markUnparsed(line, "unrecognised address line")
                }
            default:
                if isOldFlagsLine(fields) {
                    var flags: InterfaceFlags = []
                    for f in fields {
                        if ByteFields.hasPrefix(f, "MTU") || ByteFields.hasPrefix(f, "Metric") { break }
                        if let flag = InterfaceFlags(word: ByteFields.string(f)) { flags.insert(flag) }
                    }
                    if currentLabel == nil || out.interfaces[index].flags.isEmpty { out.interfaces[index].flags = flags }
                    return
                }
                // net-tools 2.x names the link type at the end of a line: `tunnel  txqueuelen 1000  (IPIP Tunnel)`.
                if ByteFields.contains(line.bytes, "(IPIP Tunnel)") { out.interfaces[index].linkType = "ipip" }
                if ignoredWords.contains(word) || word.hasPrefix("RX") || word.hasPrefix("TX") || word.hasPrefix("collisions")
                    || word.hasPrefix("Interrupt") || word.hasPrefix("Memory")
                {
                    return
                }
                out.markUnparsed(line, "unrecognised ifconfig line")
            }
        }
        return out
    }

    static func isOldFlagsLine(_ fields: [ArraySlice<UInt8>]) -> Bool {
        guard fields.contains(where: { ByteFields.hasPrefix($0, "MTU:") || ByteFields.hasPrefix($0, "mtu:") }) else { return false }
        return true
    }

    static func readInet(
        _ fields: [ArraySlice<UInt8>], line: CaptureLine, device: String, label: String?,
        into out: inout ParsedCapture, index: Int
    ) {
        var address: ArraySlice<UInt8>?
        var mask: ArraySlice<UInt8>?
        var i = 1
        while i < fields.count {
            let f = fields[i]
            if let colon = f.firstIndex(of: UInt8(ascii: ":")) {
                let key = f[f.startIndex..<colon]
                let value = f[(colon + 1)...]
                if ByteFields.equals(key, "addr") || ByteFields.equals(key, "adr") {
                    address = value
                } else if ByteFields.equals(key, "Mask") || ByteFields.equals(key, "Masque") || ByteFields.equals(key, "netmask") {
                    mask = value
                }
            } else if ByteFields.equals(f, "netmask"), i + 1 < fields.count {
                mask = fields[i + 1]; i += 1
            } else if (ByteFields.equals(f, "broadcast") || ByteFields.equals(f, "destination")), i + 1 < fields.count {
                i += 1
            } else if i == 1 {
                address = f
            }
            i += 1
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

    /// `fe80::1  prefixlen 64  scopeid 0x20<link>` or `addr: fe80::1/64 Scope:Link`.
    static func readInet6(_ fields: [ArraySlice<UInt8>], line: CaptureLine, device: String, into out: inout ParsedCapture, index: Int) {
        var rest = fields[...]
        if let f = rest.first, ByteFields.equals(f, "addr:") || ByteFields.equals(f, "adr:") { rest = rest.dropFirst() }
        guard let text = rest.first else {
            out.markUnparsed(line, "an inet6 line without an address")
            return
        }
        var prefix = Field.prefix(text)
        var scope: String?
        var i = rest.startIndex + 1
        while i < rest.endIndex {
            let f = rest[i]
            if ByteFields.equals(f, "prefixlen"), i + 1 < rest.endIndex, let l = ByteFields.int(rest[i + 1]), let p = prefix {
                prefix = IPPrefix(address: p.address, length: l)
                i += 1
            } else if ByteFields.hasPrefix(f, "Scope:") {
                scope = ByteFields.string(f.dropFirst(6)).lowercased()
            } else if ByteFields.equals(f, "scopeid"), i + 1 < rest.endIndex {
                let s = rest[i + 1]
                if let open = s.firstIndex(of: UInt8(ascii: "<")) { scope = ByteFields.string(s[(open + 1)...].dropLast()) }
                i += 1
            }
            i += 1
        }
        guard let prefix, prefix.address.family == .v6 else {
            out.markUnparsed(line, "'\(ByteFields.string(text))' is not an IPv6 address")
            return
        }
        out.interfaces[index].addresses.append(ObservedAddress(prefix: prefix, interface: device, scope: scope, evidence: line))
    }
}
