import LVSModel

/// `ipvsadm-save -n` / `ipvsadm -Sn`, and rules files in that format (what `ipvsadm -R`
/// reads, lines optionally starting with `ipvsadm`): one command per line, applied in
/// order, so `-C`, `-D` and `-d` lines are honoured too.
enum IPVSAdmSaveParser {
    static let valued: Set<String> = [
        "-t", "--tcp-service", "-u", "--udp-service", "--sctp-service", "-f", "--fwmark-service", "-s", "--scheduler",
        "-M", "--netmask", "--pe", "-b", "--sched-flags", "-r", "--real-server", "-w", "--weight", "-x", "--u-threshold",
        "-y", "--l-threshold", "--tun-type", "--tun-port",
    ]
    static let bare: Set<String> = [
        "-g", "--gatewaying", "-i", "--ipip", "-m", "--masquerading", "-o", "--ops", "-6", "--ipv6", "--tun-nocsum",
        "--tun-csum", "--tun-remcsum", "-n", "--numeric",
    ]
    static let commands: [String: String] = [
        "-A": "add-service", "--add-service": "add-service", "-E": "edit-service", "--edit-service": "edit-service",
        "-D": "delete-service", "--delete-service": "delete-service", "-a": "add-server", "--add-server": "add-server",
        "-e": "edit-server", "--edit-server": "edit-server", "-d": "delete-server", "--delete-server": "delete-server",
        "-C": "clear", "--clear": "clear",
    ]

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipvsadmSave)
        var table = IPVSTable()
        file.forEachLine { line in
            let trimmed = ByteFields.trimmed(line.bytes)
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return }
            if table.headers.isEmpty { table.headers.append(line) }
            var words = ByteFields.split(trimmed).map(ByteFields.string)[...]
            if words.first == "ipvsadm" || words.first?.hasSuffix("/ipvsadm") == true { words = words.dropFirst() }
            guard let commandWord = words.first, let command = commands[commandWord] else {
                out.markUnparsed(line, "expected an ipvsadm rule such as `-A -t VIP:PORT -s rr` or `-a -t VIP:PORT -r RIP:PORT -g -w 1`")
                return
            }
            if command == "clear" {
                table.services.removeAll()
                return
            }
            var options: [String: String] = [:]
            var flags: Set<String> = []
            var rest = words.dropFirst()
            while let word = rest.first {
                rest = rest.dropFirst()
                if valued.contains(word) {
                    // `-p` may stand alone (300 s); every other valued option needs its value.
                    guard let value = rest.first else {
                        out.markUnparsed(line, "'\(word)' without a value")
                        return
                    }
                    options[canonical(word)] = value
                    rest = rest.dropFirst()
                } else if word == "-p" || word == "--persistent" {
                    if let value = rest.first, Int(value) != nil {
                        options["-p"] = value
                        rest = rest.dropFirst()
                    } else {
                        options["-p"] = "300"
                    }
                } else if bare.contains(word) {
                    flags.insert(canonical(word))
                } else {
                    out.markUnparsed(line, "unknown option '\(word)'")
                    return
                }
            }
            guard let key = serviceKey(options, flags: flags, line: line, out: &out) else { return }
            let index = table.services.firstIndex { $0.key == key }
            switch command {
            case "add-service", "edit-service":
                var service = index.map { table.services[$0] } ?? IPVSService(key: key, scheduler: "wlc", evidence: line)
                service.evidence = line
                if let s = options["-s"] { service.scheduler = s }
                if let p = options["-p"] { service.persistence = Int(p) }
                if let m = options["-M"] { service.persistenceMask = m }
                if let b = options["-b"] { service.schedulerFlags = b.split(separator: ",").map(String.init) }
                if let pe = options["--pe"] { service.otherFlags.append("pe \(pe)") }
                service.onePacket = flags.contains("-o")
                if let index { table.services[index] = service } else { table.services.append(service) }
            case "delete-service":
                if let index { table.services.remove(at: index) }
            default:
                guard let index else {
                    out.markUnparsed(line, "a real server for \(key), which no earlier line added")
                    return
                }
                guard let target = options["-r"], let (address, port) = IPVSAdmParser.hostPort(target[...].utf8Slice) ?? bareAddress(target) else {
                    out.markUnparsed(line, "'\(options["-r"] ?? "")' is not RIP:PORT (save with -n so names are not resolved)")
                    return
                }
                var destinations = table.services[index].destinations
                let existing = destinations.firstIndex { $0.address == address && $0.port == port }
                if command == "delete-server" {
                    if let existing { destinations.remove(at: existing) }
                } else {
                    var forwarding: IPVSForwarding = .route
                    if flags.contains("-m") { forwarding = .masq } else if flags.contains("-i") { forwarding = .tunnel }
                    var destination =
                        existing.map { destinations[$0] }
                        ?? IPVSDestination(address: address, port: port, forwarding: forwarding, weight: 1, evidence: line)
                    destination.evidence = line
                    if command == "add-server" || flags.contains("-m") || flags.contains("-i") || flags.contains("-g") {
                        destination.forwarding = forwarding
                    }
                    if let w = options["-w"] {
                        guard let weight = Int(w) else {
                            out.markUnparsed(line, "weight '\(w)' is not a number")
                            return
                        }
                        destination.weight = weight
                    }
                    if let existing { destinations[existing] = destination } else { destinations.append(destination) }
                }
                table.services[index].destinations = destinations
            }
        }
        out.ipvs = table
        return out
    }

    static func canonical(_ option: String) -> String {
        switch option {
        case "--tcp-service": return "-t"
        case "--udp-service": return "-u"
        case "--fwmark-service": return "-f"
        case "--scheduler": return "-s"
        case "--netmask": return "-M"
        case "--sched-flags": return "-b"
        case "--real-server": return "-r"
        case "--weight": return "-w"
        case "--u-threshold": return "-x"
        case "--l-threshold": return "-y"
        case "--gatewaying": return "-g"
        case "--ipip": return "-i"
        case "--masquerading": return "-m"
        case "--ops": return "-o"
        case "--ipv6": return "-6"
        case "--numeric": return "-n"
        default: return option
        }
    }

    static func serviceKey(_ options: [String: String], flags: Set<String>, line: CaptureLine, out: inout ParsedCapture) -> ServiceKey? {
        if let mark = options["-f"] {
            guard let value = UInt32(mark) else {
                out.markUnparsed(line, "'\(mark)' is not a firewall mark")
                return nil
            }
            return .fwmark(value, family: flags.contains("-6") ? .v6 : .v4)
        }
        for (option, proto) in [("-t", ServiceProtocol.tcp), ("-u", .udp), ("--sctp-service", .sctp)] {
            guard let text = options[option] else { continue }
            guard let (address, port) = IPVSAdmParser.hostPort(text[...].utf8Slice) ?? bareAddress(text) else {
                out.markUnparsed(line, "'\(text)' is not VIP:PORT (save with -n so names are not resolved)")
                return nil
            }
            return .address(protocol: proto, vip: address, port: port)
        }
        out.markUnparsed(line, "no service given (-t, -u, --sctp-service or -f)")
        return nil
    }

    /// ipvsadm accepts an address without a port for fwmark real servers.
    static func bareAddress(_ text: String) -> (IPAddress, Int)? {
        var t = text
        if t.hasPrefix("[") && t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        return IPAddress(t).map { ($0, 0) }
    }
}

extension String {
    var utf8Slice: ArraySlice<UInt8> { Array(utf8)[...] }
}

extension Substring {
    var utf8Slice: ArraySlice<UInt8> { Array(utf8)[...] }
}
