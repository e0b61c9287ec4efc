import LVSModel

/// Tells a capture's format from its content, never from its name: the first
/// meaningful lines of each format are distinctive.
public enum CaptureRecognizer {
    public static func kind(of file: CaptureFile) -> CaptureKind? {
        let firstLines = file.firstContentLines(6)
        guard let first = firstLines.first else { return nil }
        let firstFields = first.fields
        let head = ByteFields.trimmed(first.bytes)

        if head.first == UInt8(ascii: "[") || head.first == UInt8(ascii: "{") {
            if file.offset(of: Array("\"ifname\"".utf8)) != nil { return .ipAddrJSON }
            if file.offset(of: Array("\"dst\"".utf8)) != nil { return .ipRouteJSON }
            return nil
        }
        if ByteFields.hasPrefix(head, "IP Virtual Server version") || ByteFields.hasPrefix(head, "Prot LocalAddress:Port") {
            return firstLines.contains(where: isHexServiceLine) ? .procIPVS : .ipvsadm
        }
        if ByteFields.hasPrefix(head, "IPVS connection entries") || (ByteFields.hasPrefix(head, "pro expire state"))
            || (ByteFields.hasPrefix(head, "Pro FromIP")) {
            return .ipvsConnections
        }
        if ByteFields.hasPrefix(head, "Total Incoming Outgoing") { return .procIPVSStats }
        if ByteFields.hasPrefix(head, "UNIT FILE") && ByteFields.contains(head, "STATE") { return .systemctlUnitFiles }
        if (ByteFields.hasPrefix(head, "Netid") || ByteFields.hasPrefix(head, "State")) && ByteFields.contains(head, "Recv-Q") { return .listeners }
        if ByteFields.hasPrefix(head, "Active Internet connections") || (ByteFields.hasPrefix(head, "Proto") && ByteFields.contains(head, "Recv-Q")) {
            return .listeners
        }
        // iptables -L heads each chain's rules with `target prot opt …`; arptables has no header.
        if ByteFields.hasPrefix(head, "Chain ") && ByteFields.contains(head, "(")
            && !firstLines.contains(where: { ["target", "pkts", "num"].contains($0.fields.first.map(ByteFields.string) ?? "") }) {
            return .arptables
        }
        if ByteFields.hasPrefix(head, "UNIT") && ByteFields.contains(head, "LOAD") && ByteFields.contains(head, "ACTIVE") { return .systemctlUnits }
        if ByteFields.hasPrefix(head, "Iface") && ByteFields.contains(head, "Destination") && ByteFields.contains(head, "Gateway") {
            return .procNetRoute
        }
        if firstFields.count == 10, firstFields[0].count == 32, ByteFields.hex(firstFields[0]) != nil { return .procNetRoute }
        if looksLikeIPVSRules(firstLines) { return .ipvsadmSave }
        if ByteFields.hasPrefix(head, "Kernel IP routing table") || ByteFields.hasPrefix(head, "Kernel IPv6 routing table")
            || (ByteFields.hasPrefix(head, "Destination") && ByteFields.contains(head, "Gateway") || ByteFields.contains(head, "Next Hop")) {
            return .routeN
        }
        if let f0 = firstFields.first {
            // `1: lo: <LOOPBACK,UP,LOWER_UP> …` or `1: lo    inet 127.0.0.1/8 …`
            if LineShape.isInterfaceLine(firstFields) { return .ipAddr }
            if firstFields.count >= 2 {
                if ByteFields.hasSuffix(f0, ":") && ByteFields.hasPrefix(firstFields[1], "flags=") { return .ifconfig }
                if ByteFields.hasPrefix(firstFields[1], "Link") && firstLines.count > 1 { return .ifconfig }
            }
            // ipvsadm without its headers: a service line then a destination line.
            if ["TCP", "UDP", "SCTP", "FWM"].contains(ByteFields.string(f0)), firstLines.count > 1,
               ByteFields.hasPrefix(ByteFields.trimmed(firstLines[1].bytes), "->") {
                return .ipvsadm
            }
        }
        if looksLikeSysctl(firstLines) { return .sysctl }
        if looksLikeIPRoute(firstLines) { return .ipRoute }
        return nil
    }

    /// A /proc/net/ip_vs service line: `TCP  C000020A:0050 …` or `FWM  00000064 …`.
    static func isHexServiceLine(_ line: CaptureLine) -> Bool {
        let f = line.fields
        guard f.count >= 2, ["TCP", "UDP", "SCTP", "FWM"].contains(ByteFields.string(f[0])) else { return false }
        if ByteFields.equals(f[0], "FWM") { return f[1].count == 8 && ByteFields.hex(f[1]) != nil }
        guard let colon = f[1].lastIndex(of: UInt8(ascii: ":")) else { return false }
        let port = f[1][(colon + 1)...]
        return port.count == 4 && ByteFields.hex(port) != nil && !f[1].contains(UInt8(ascii: "."))
            && (f[1].first == UInt8(ascii: "[") || colon - f[1].startIndex == 8)
    }

    /// Lines of `ipvsadm-save`: `-A -t …`, `-a -t …`, optionally after `ipvsadm`.
    static func looksLikeIPVSRules(_ lines: [CaptureLine]) -> Bool {
        let meaningful = lines.filter { ByteFields.trimmed($0.bytes).first != UInt8(ascii: "#") }
        guard !meaningful.isEmpty else { return false }
        return meaningful.allSatisfy { line in
            var f = line.fields[...]
            if let w = f.first, ByteFields.equals(w, "ipvsadm") || ByteFields.hasSuffix(w, "/ipvsadm") { f = f.dropFirst() }
            guard let w = f.first else { return false }
            return IPVSAdmSaveParser.commands[ByteFields.string(w)] != nil
        }
    }

    static func looksLikeSysctl(_ lines: [CaptureLine]) -> Bool {
        var matches = 0
        for line in lines {
            let b = line.bytes
            guard let eq = b.firstIndex(of: UInt8(ascii: "=")), eq > b.startIndex,
                  b[eq - 1] == 32, eq + 1 == b.endIndex || b[eq + 1] == 32 else { continue }
            let key = ByteFields.trimmed(b[b.startIndex..<eq])
            if key.contains(UInt8(ascii: ".")) && !key.contains(32) && !key.contains(UInt8(ascii: "#")) { matches += 1 }
        }
        return matches * 2 > lines.count
    }

    static func looksLikeIPRoute(_ lines: [CaptureLine]) -> Bool {
        var matches = 0
        for line in lines {
            var fields = line.fields[...]
            guard let f = fields.first else { continue }
            if IPRouteParser.types.contains(ByteFields.string(f)) { fields = fields.dropFirst() }
            guard let dest = fields.first else { continue }
            let isDest = ByteFields.equals(dest, "default") || Field.prefix(dest) != nil
            let hasKey = fields.contains { ByteFields.equals($0, "dev") || ByteFields.equals($0, "via") }
                || IPRouteParser.types.contains(ByteFields.string(f))
            if isDest && hasKey { matches += 1 }
        }
        return matches * 2 > lines.count
    }

    public static func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions = .everything) -> ParsedCapture {
        switch kind {
        case .ipAddr: return IPAddrParser.parse(file)
        case .ipAddrJSON: return IPJSONParser.parseAddresses(file)
        case .ifconfig: return IfconfigParser.parse(file)
        case .ipRoute: return IPRouteParser.parse(file)
        case .ipRouteJSON: return IPJSONParser.parseRoutes(file)
        case .routeN: return RouteNParser.parse(file)
        case .procNetRoute: return ProcNetRouteParser.parse(file)
        case .sysctl: return SysctlParser.parse(file, options: options)
        case .ipvsadm: return IPVSAdmParser.parse(file, hex: false)
        case .procIPVS: return IPVSAdmParser.parse(file, hex: true)
        case .ipvsadmSave: return IPVSAdmSaveParser.parse(file)
        case .procIPVSStats: return ProcIPVSStatsParser.parse(file)
        case .ipvsConnections: return IPVSConnectionsParser.parse(file)
        case .systemctlUnitFiles, .systemctlUnits: return SystemctlParser.parse(file, kind: kind)
        case .listeners: return ListenerParser.parse(file)
        case .arptables: return ARPTablesParser.parse(file)
        }
    }
}
