import Foundation
import LVSModel

/// Reads a keepalived configuration into `KeepalivedConfig`: virtual servers and their real
/// and sorry servers, virtual server groups, VRRP instances and sync groups, router_id and
/// lvs_sync_daemon. Every other keyword keepalived knows is accepted where it may stand;
/// a keyword it does not know, or a value lvslint cannot read, is recorded with its line.
/// The reader never judges: defaults are `KeepalivedDefaults`' business, findings the rules'.
public enum KeepalivedReader {
    /// `root`: the folder includes must stay in, and in which an absolute include is read
    /// (`--root`); without it, the folder of `path`, and absolute includes must already be in it.
    /// `configurationID`: the host it is read for (`keepalived -i`, by default the host name), which
    /// decides the `@id` lines; nil when not known (see `usesConditionals` to read it again once known).
    public static func read(path: String, displayPath: String? = nil, root: String? = nil, configurationID: String? = nil) -> KeepalivedConfig {
        let shown = displayPath ?? path
        var config = KeepalivedConfig(file: shown)
        guard FileManager.default.isReadableFile(atPath: path) else {
            config.unread.append(
                KAUnreadLine(
                    line: KALine(location: SourceLocation(file: shown, line: 0), text: ""),
                    reason: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"))
            return config
        }
        var source =
            root.map { KeepalivedStatementReader(root: $0, configurationID: configurationID) }
            ?? KeepalivedStatementReader(configurationID: configurationID)
        return interpret(source.read(path: path, displayPath: shown), from: source, into: config)
    }

    /// The configuration the statements describe, with what the reader could not read.
    static func interpret(_ statements: [KAStatement], from source: KeepalivedStatementReader, into config: KeepalivedConfig) -> KeepalivedConfig {
        var config = config
        config.files = source.files
        config.unread = source.unread
        config.suppressions = source.suppressions
        config.usesConditionals = source.usesConditionals
        config.suppressionProblems = source.suppressionProblems
        for statement in statements { readRoot(statement, into: &config) }
        // A file of a million junk lines is said in a bounded number of lines.
        if config.unread.count > maximumUnreadListed, let last = config.unread.last {
            let more = config.unread.count - maximumUnreadListed
            config.unread = Array(config.unread.prefix(maximumUnreadListed))
            config.unread.append(
                KAUnreadLine(
                    line: last.line,
                    reason: "and \(more) more lines not read (only the first \(maximumUnreadListed) are listed; the rest are not checked)"))
        }
        return config
    }

    /// Whether a file reads as a keepalived configuration: its first statement is one of
    /// keepalived's top-level keywords or an `include`.
    public static func looksLikeKeepalived(path: String) -> Bool {
        // A FIFO or device must not block the check (opening a FIFO waits for a writer): only
        // regular files are opened.
        guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeRegular,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024) else { return false }
        let head = String(decoding: data, as: UTF8.self)
        // Conditional lines as keepalived reads them: `@id` and `@^id` prefixes both taken, so that
        // a file of `@high …` lines reads as keepalived whatever host it is for; definitions skipped.
        var inDefinition = false
        // The first 200 lines with content, taken one at a time: the answer usually comes on
        // the first, and a long description is not cut into lines it never reads.
        var rest = head[...]
        var seen = 0
        while seen < 200, !rest.isEmpty {
            let cut = rest.firstIndex(of: "\n")
            let line = rest[..<(cut ?? rest.endIndex)]
            rest = cut.map { rest[rest.index(after: $0)...] } ?? rest[rest.endIndex...]
            if line.isEmpty { continue }
            seen += 1
            var text = Substring(line.drop { $0 == " " || $0 == "\t" })
            // A definition's value goes on over the lines that follow one ending in `\`.
            let continues = line.trimmingCharacters(in: .whitespaces).hasSuffix("\\")
            if inDefinition {
                inDefinition = continues
                continue
            }
            if text.hasPrefix("@") { text = text.drop { $0 != " " && $0 != "\t" } }
            if text.hasPrefix("$") {
                inDefinition = continues
                continue
            }
            if text.hasPrefix("~SEQ") || text.hasPrefix("~LST") { continue }
            guard let words = KeepalivedStatementReader.words(String(text)), let first = words.first else { continue }
            return first == "include" || KeepalivedKeywords.roots[first] != nil
        }
        return false
    }

    /// A configuration given as text (standard input, a test, a fuzzer): includes are not followed.
    public static func read(text: String, displayPath: String) -> KeepalivedConfig {
        var source = KeepalivedStatementReader()
        return interpret(source.read(text: text, displayPath: displayPath), from: source, into: KeepalivedConfig(file: displayPath))
    }

    static func readRoot(_ s: KAStatement, into config: inout KeepalivedConfig) {
        switch s.keyword {
        case "virtual_server":
            if let vs = virtualServer(s, into: &config) { config.virtualServers.append(vs) }
        case "virtual_server_group":
            if let group = virtualServerGroup(s, into: &config) { config.groups.append(group) }
        case "vrrp_instance":
            if let instance = vrrpInstance(s, into: &config) { config.vrrpInstances.append(instance) }
        case "vrrp_sync_group":
            guard let name = s.arguments.first else { return unread(s, "`vrrp_sync_group` needs a name", &config) }
            var group = KASyncGroup(name: name, line: s.line)
            for child in s.children ?? [] {
                if child.keyword == "group" {
                    for entry in child.children ?? [] { group.instances += entry.words.map { KASetting($0, entry.line) } }
                } else if child.children == nil, !KeepalivedKeywords.vrrp.contains(child.keyword) {
                    unread(
                        child, "`\(child.keyword)` is not a keyword keepalived knows in vrrp_sync_group: instance names go inside `group { … }`",
                        &config)
                } else {
                    check(child, against: KeepalivedKeywords.vrrp, in: "vrrp_sync_group", &config)
                }
            }
            config.syncGroups.append(group)
        case "global_defs":
            for child in s.children ?? [] {
                switch child.keyword {
                case "router_id": if let id = child.arguments.first { config.routerID = KASetting(id, child.line) }
                case "dynamic_interfaces": config.dynamicInterfaces = child.line
                case "lvs_sync_daemon":
                    guard let interface = child.arguments.first else { break }
                    config.syncDaemon = KASetting(interface, child.line)
                    (config.syncDaemonInstance, config.syncDaemonID) = syncDaemonOptions(Array(child.arguments.dropFirst()))
                default: check(child, against: KeepalivedKeywords.global, in: "global_defs", &config)
                }
            }
        case "static_ipaddress":
            // Addresses keepalived brings up at start, outside any VRRP instance (vrrp_parser.c).
            config.staticAddresses += (s.children ?? []).compactMap { virtualAddress($0, &config) }
        case "static_routes", "static_rules":
            // Lines of `ip route` / `ip rule` words, not keywords: keepalived's own parser reads them.
            break
        default:
            guard let allowed = KeepalivedKeywords.roots[s.keyword] else {
                return unread(
                    s, "`\(s.keyword)` is not a keepalived keyword at the top level\(hint(s.keyword, KeepalivedKeywords.roots.keys, config))", &config
                )
            }
            for child in s.children ?? [] { check(child, against: allowed, in: s.keyword, &config) }
        }
    }

    /// Accepts a statement whose keyword `allowed` holds (and its block), or records it.
    static func check(_ s: KAStatement, against allowed: Set<String>, in block: String, _ config: inout KeepalivedConfig) {
        guard allowed.contains(s.keyword) || KeepalivedKeywords.valueBlocks.contains(s.keyword) else {
            return unread(s, "`\(s.keyword)` is not a keyword keepalived knows in \(block)\(hint(s.keyword, allowed, config))", &config)
        }
        guard !KeepalivedKeywords.valueBlocks.contains(s.keyword) else { return }
        for child in s.children ?? [] { check(child, against: allowed, in: s.keyword, &config) }
    }

    /// Keywords read here as settings take no block. keepalived ends a statement at each `{`
    /// (`weight 3 TCP_CHECK {` is `weight` with a block): it reports "Unexpected '{'", ignores the
    /// brace, and the braces after it pair up differently, so the rest of the block is not
    /// what it seems.
    static func takesNoBlock(_ s: KAStatement, _ config: inout KeepalivedConfig) -> Bool {
        guard s.children != nil else { return true }
        unread(
            s,
            "`\(s.keyword)` takes no block, but a `{` follows `\(s.words.joined(separator: " "))` on this line: keepalived ignores that `{`, and the braces after it no longer pair up as written",
            &config)
        return false
    }

    static func unread(_ s: KAStatement, _ reason: Message, _ config: inout KeepalivedConfig) {
        config.unread.append(KAUnreadLine(line: s.line, reason: reason))
    }

    /// Suggestions stop after this many lines were not read: a file of a million junk
    /// keywords is not a typo to correct, and each suggestion costs a distance per keyword.
    static let maximumHints = 500
    /// Lines not read that are listed one by one.
    static let maximumUnreadListed = 1_000

    static func hint(_ word: String, _ names: some Sequence<String>, _ config: KeepalivedConfig) -> Message {
        guard config.unread.count < maximumHints else { return "" }
        return NearestName.hintText(for: word, among: Array(names))
    }

    // MARK: virtual servers

    /// The settings read below that hold a value, never a block.
    static let scalarKeywords: Set<String> = [
        "protocol", "lb_kind", "lvs_method", "lb_algo", "lvs_sched", "persistence_timeout", "quorum", "hysteresis", "weight",
        "ops", "ha_suspend", "inhibit_on_failure", "ip_family", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method",
        "state", "interface", "virtual_router_id", "priority", "nopreempt", "delay_loop", "connect_timeout", "retry",
        "delay_before_retry", "advert_int",
    ]

    static func virtualServer(_ s: KAStatement, into config: inout KeepalivedConfig) -> KAVirtualServer? {
        let args = Array(s.arguments)
        let key: KAVirtualServer.Key
        if args.count == 2, args[0] == "fwmark", let mark = UInt32(args[1]) {
            key = .fwmark(mark)
        } else if args.count == 2, args[0] == "group" {
            key = .group(args[1])
        } else if args.count == 2, let address = IPAddress(args[0]), let port = Int(args[1]), (0...65535).contains(port) {
            key = .address(address, port: port)
        } else if args.count == 1, let address = IPAddress(args[0]) {
            key = .address(address, port: 0)
        } else {
            unread(s, "expected `virtual_server ADDRESS PORT`, `virtual_server fwmark N` or `virtual_server group NAME`", &config)
            return nil
        }
        var vs = KAVirtualServer(key: key, line: s.line)
        vs.end = s.end
        for child in s.children ?? [] {
            let value = child.arguments.first
            if Self.scalarKeywords.contains(child.keyword), !takesNoBlock(child, &config) { continue }
            switch child.keyword {
            case "protocol":
                guard let value, let proto = ServiceProtocol(rawValue: value.lowercased()) else {
                    unread(child, "`protocol` takes TCP, UDP or SCTP", &config); continue
                }
                vs.protocolName = KASetting(proto, child.line)
            case "lb_kind", "lvs_method":
                guard let method = forwardingMethod(value) else { unread(child, "`\(child.keyword)` takes NAT, DR or TUN", &config); continue }
                vs.method = KASetting(method, child.line)
            case "lb_algo", "lvs_sched":
                guard let value else { unread(child, "`\(child.keyword)` needs a scheduler name", &config); continue }
                vs.scheduler = KASetting(value, child.line)
            case "persistence_timeout":
                if let value {
                    guard let seconds = Int(value), seconds > 0 else {
                        unread(child, "`persistence_timeout` takes a number of seconds", &config); continue
                    }
                    vs.persistence = KASetting(seconds, child.line)
                } else {
                    vs.persistence = KASetting(nil, child.line)
                }
            case "quorum", "hysteresis", "weight":
                guard let value, let number = Int(value), number >= 0 else { unread(child, "`\(child.keyword)` takes a number", &config); continue }
                switch child.keyword {
                case "quorum": vs.quorum = KASetting(number, child.line)
                case "hysteresis": vs.hysteresis = KASetting(number, child.line)
                default: vs.weight = KASetting(number, child.line)
                }
            case "delay_loop":
                guard let value, let seconds = Double(value), seconds > 0 else {
                    unread(child, "`delay_loop` takes a number of seconds", &config); continue
                }
                vs.delayLoop = KASetting(seconds, child.line)
            case "ops": vs.ops = child.line
            case "ha_suspend": vs.haSuspend = child.line
            case "inhibit_on_failure": vs.inhibitOnFailure = child.line
            case "ip_family":
                switch value {
                case "inet": vs.family = KASetting(.v4, child.line)
                case "inet6": vs.family = KASetting(.v6, child.line)
                default: unread(child, "`ip_family` takes inet or inet6", &config)
                }
            case "real_server":
                if let server = realServer(child, into: &config) { vs.realServers.append(server) }
            case "sorry_server":
                if let server = realServer(child, into: &config) { vs.sorryServer = server }
            case "sorry_server_inhibit":
                if vs.sorryServer != nil { vs.sorryServer?.inhibitOnFailure = child.line }
            case "sorry_server_lvs_method":
                guard let method = forwardingMethod(value) else { unread(child, "`sorry_server_lvs_method` takes NAT, DR or TUN", &config); continue }
                vs.sorryServer?.method = KASetting(method, child.line)
            default:
                check(child, against: KeepalivedKeywords.checker, in: "virtual_server", &config)
            }
        }
        return vs
    }

    /// `lvs_sync_daemon IF [inst NAME] [id N] [maxlen …]`, or the old `IF NAME [ID]` (global_parser.c):
    /// the VRRP instance whose state decides the daemon's role, and the sync id (default: its router id).
    static func syncDaemonOptions(_ words: [String]) -> (instance: String?, id: Int?) {
        var instance: String?
        var id: Int?
        var i = 0
        while i < words.count {
            let word = words[i]
            let value = i + 1 < words.count ? words[i + 1] : nil
            switch word {
            case "inst": instance = value; i += 2
            case "id": id = value.flatMap { Int($0) }; i += 2
            case "maxlen", "port", "ttl", "group": i += 2
            default:
                // The old positional form: the instance, then the sync id.
                if i == 0 { instance = word } else if i == 1, let number = Int(word) { id = number }
                i += 1
            }
        }
        return (instance, id)
    }

    /// A checker's block: the settings that decide what it tests and how long it takes. Values it
    /// cannot read are left to keepalived's defaults (keepalived logs them; KA011 is for keywords).
    static func checker(_ s: KAStatement) -> KAChecker {
        var checker = KAChecker(kind: KASetting(s.keyword, s.line))
        for child in s.children ?? [] {
            guard let value = child.arguments.first else { continue }
            switch child.keyword {
            case "connect_port": if let port = Int(value), (0...65535).contains(port) { checker.connectPort = KASetting(port, child.line) }
            case "connect_ip": if let address = IPAddress(value) { checker.connectIP = KASetting(address, child.line) }
            case "connect_timeout": if let seconds = Double(value), seconds >= 0 { checker.connectTimeout = KASetting(seconds, child.line) }
            case "retry", "nb_get_retry": if let count = Int(value), count >= 0 { checker.retry = KASetting(count, child.line) }
            case "delay_before_retry": if let seconds = Double(value), seconds >= 0 { checker.delayBeforeRetry = KASetting(seconds, child.line) }
            default: break
            }
        }
        return checker
    }

    static func realServer(_ s: KAStatement, into config: inout KeepalivedConfig) -> KARealServer? {
        let args = Array(s.arguments)
        guard let first = args.first, let address = IPAddress(first) else {
            unread(s, "expected `\(s.keyword) ADDRESS [PORT]`", &config)
            return nil
        }
        var port: Int?
        if args.count >= 2 {
            guard let number = Int(args[1]), (0...65535).contains(number) else { unread(s, "`\(args[1])` is not a port", &config); return nil }
            port = number
        }
        var server = KARealServer(address: address, port: port, line: s.line)
        for child in s.children ?? [] {
            let value = child.arguments.first
            if Self.scalarKeywords.contains(child.keyword), !takesNoBlock(child, &config) { continue }
            switch child.keyword {
            case "weight":
                guard let value, let weight = Int(value), weight >= 0 else { unread(child, "`weight` takes a number", &config); continue }
                server.weight = KASetting(weight, child.line)
            case "lvs_method", "lb_kind":
                guard let method = forwardingMethod(value) else { unread(child, "`\(child.keyword)` takes NAT, DR or TUN", &config); continue }
                server.method = KASetting(method, child.line)
            case "inhibit_on_failure": server.inhibitOnFailure = child.line
            case let keyword where keyword.hasSuffix("_CHECK") || keyword.hasSuffix("_GET"):
                server.checkers.append(checker(child))
                check(child, against: KeepalivedKeywords.checker, in: "real_server", &config)
            default:
                check(child, against: KeepalivedKeywords.checker, in: "real_server", &config)
            }
        }
        return server
    }

    /// `NAT`, `DR`, `TUN` (`TUN type ipip|gue|gre …`).
    static func forwardingMethod(_ word: String?) -> ForwardingMethod? {
        switch word?.uppercased() {
        case "NAT": return .nat
        case "DR": return .dr
        case "TUN": return .tun
        default: return nil
        }
    }

    static func virtualServerGroup(_ s: KAStatement, into config: inout KeepalivedConfig) -> KAVirtualServerGroup? {
        guard let name = s.arguments.first else { unread(s, "`virtual_server_group` needs a name", &config); return nil }
        var group = KAVirtualServerGroup(name: name, line: s.line)
        for entry in s.children ?? [] {
            let words = entry.words
            if words.count == 2, words[0] == "fwmark", let mark = UInt32(words[1]) {
                group.entries.append(.fwmark(mark, line: entry.line))
                continue
            }
            guard words.count == 2, let port = Int(words[1]), (0...65535).contains(port), let range = addressRange(words[0]) else {
                unread(entry, "expected `ADDRESS PORT`, `FIRST-LAST PORT` or `fwmark N` in a virtual_server_group", &config)
                continue
            }
            group.entries.append(.addresses(first: range.first, count: range.count, port: port, line: entry.line))
        }
        return group
    }

    /// `192.0.2.100`, `192.0.2.100-110` (the last part varies), `2001:db8::1-ff`.
    static func addressRange(_ text: String) -> (first: IPAddress, count: Int)? {
        if let address = IPAddress(text) { return (address, 1) }
        guard let dash = text.lastIndex(of: "-"), let first = IPAddress(String(text[..<dash])) else { return nil }
        let end = String(text[text.index(after: dash)...])
        let separator: Character = first.family == .v4 ? "." : ":"
        let radix = first.family == .v4 ? 10 : 16
        guard let lastPart = String(text[..<dash]).split(separator: separator).last, let start = Int(lastPart, radix: radix),
            let stop = Int(end, radix: radix), stop >= start, stop - start < 65536
        else { return nil }
        return (first, stop - start + 1)
    }

    // MARK: VRRP

    static func vrrpInstance(_ s: KAStatement, into config: inout KeepalivedConfig) -> KAVRRPInstance? {
        guard let name = s.arguments.first else { unread(s, "`vrrp_instance` needs a name", &config); return nil }
        var instance = KAVRRPInstance(name: name, line: s.line)
        for child in s.children ?? [] {
            let value = child.arguments.first
            if Self.scalarKeywords.contains(child.keyword), !takesNoBlock(child, &config) { continue }
            switch child.keyword {
            case "state": if let value { instance.state = KASetting(value.uppercased(), child.line) }
            case "interface": if let value { instance.interface = KASetting(value, child.line) }
            case "virtual_router_id", "priority":
                guard let value, let number = Int(value), (0...255).contains(number) else {
                    unread(child, "`\(child.keyword)` takes a number from 0 to 255", &config); continue
                }
                if child.keyword == "priority" {
                    instance.priority = KASetting(number, child.line)
                } else {
                    instance.virtualRouterID = KASetting(number, child.line)
                }
            case "nopreempt": instance.noPreempt = child.line
            case "advert_int":
                if let value = child.arguments.first { instance.advertInterval = KASetting(value, child.line) }
            case "unicast_src_ip":
                if let value = child.arguments.first, let address = IPAddress(value) { instance.unicastSource = KASetting(address, child.line) }
            case "authentication":
                for entry in child.children ?? [] {
                    switch entry.keyword {
                    case "auth_type": if let value = entry.arguments.first { instance.authType = KASetting(value.uppercased(), entry.line) }
                    // keepalived keeps the first 8 characters of a PASS password (vrrp_parser.c): so is it compared.
                    case "auth_pass": if let value = entry.arguments.first { instance.authPass = KASetting(String(value.prefix(8)), entry.line) }
                    default: check(entry, against: KeepalivedKeywords.vrrp, in: "authentication", &config)
                    }
                }
            case "virtual_ipaddress", "virtual_ipaddress_excluded":
                let addresses = (child.children ?? []).compactMap { virtualAddress($0, &config) }
                if child.keyword == "virtual_ipaddress" { instance.addresses += addresses } else { instance.excludedAddresses += addresses }
            case "unicast_peer":
                for peer in child.children ?? [] {
                    guard let address = peer.words.first.flatMap(IPAddress.init) else { unread(peer, "expected an address", &config); continue }
                    instance.unicastPeers.append(KASetting(address, peer.line))
                }
            default:
                check(child, against: KeepalivedKeywords.vrrp, in: "vrrp_instance", &config)
            }
        }
        return instance
    }

    /// `198.51.100.100/24 dev eth0 label eth0:1 scope global`, or just the address (/32).
    static func virtualAddress(_ s: KAStatement, _ config: inout KeepalivedConfig) -> KAVirtualAddress? {
        guard let first = s.words.first, let prefix = IPPrefix(first) ?? IPAddress(first).flatMap({ IPPrefix(address: $0, length: $0.bitWidth) })
        else {
            unread(s, "expected `ADDRESS[/PREFIX] [dev IFACE] [label LABEL] …`", &config)
            return nil
        }
        var device: String?, label: String?
        var index = 1
        while index + 1 < s.words.count {
            switch s.words[index] {
            case "dev": device = s.words[index + 1]
            case "label": label = s.words[index + 1]
            default: break
            }
            index += 2
        }
        return KAVirtualAddress(prefix: prefix, device: device, label: label, line: s.line)
    }
}
