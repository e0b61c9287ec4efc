import Foundation
import LVSModel

/// The commands boot scripts run that change what lvslint checks: `ip addr add`,
/// `ip route add`, `ifconfig`, `route add`, `ip link add … type dummy`, `ip link set … arp
/// off`, `sysctl -w` and `echo N > /proc/sys/…`. Found in ifupdown's `up`/`post-up` lines and
/// in rc.local; read as words, never run.
enum BootCommands {
    enum RouteOutcome {
        case route(PlannedRoute)
        case problem(Message)
    }

    /// Reads one shell line into `plan`; false when it holds none of these commands.
    @discardableResult
    static func read(_ text: String, line: CaptureLine, defaultDevice: String? = nil, into plan: inout NetworkPlan) -> Bool {
        var handled = false
        // `cmd1 && cmd2; cmd3`, `… || true`: each command on its own.
        for command in commands(in: text) {
            var words = command
            while let first = words.first, ["sudo", "exec", "command", "-"].contains(first) { words.removeFirst() }
            guard let tool = words.first.map({ ($0 as NSString).lastPathComponent }) else { continue }
            switch tool {
            case "ip": handled = readIP(Array(words.dropFirst()), line: line, defaultDevice: defaultDevice, into: &plan) || handled
            case "ifconfig": handled = readIfconfig(Array(words.dropFirst()), line: line, into: &plan) || handled
            case "route": handled = readRouteCommand(Array(words.dropFirst()), line: line, into: &plan) || handled
            case "sysctl": handled = readSysctl(Array(words.dropFirst()), line: line, into: &plan) || handled
            case "echo", "printf": handled = readProcWrite(command, line: line, into: &plan) || handled
            default: continue
            }
        }
        return handled
    }

    /// The commands of a line, split at `;`, `&&` and `||`, each as words (quotes removed).
    static func commands(in text: String) -> [[String]] {
        var out: [[String]] = []
        var words: [String] = []
        var word = ""
        var quote: Character?
        var hasWord = false
        func endWord() {
            if hasWord { words.append(word) }
            word = ""
            hasWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { out.append(words) }
            words = []
        }
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                i += 1
                continue
            }
            switch c {
            case "\"", "'": quote = c; hasWord = true
            case "#" where !hasWord: i = chars.count; continue
            case " ", "\t": endWord()
            case ";": endCommand()
            case "&", "|":
                if i + 1 < chars.count, chars[i + 1] == c { i += 1 }
                endCommand()
            case ">":
                endWord()
                words.append(">")
            default: word.append(c); hasWord = true
            }
            i += 1
        }
        chars.removeAll()
        endCommand()
        return out
    }

    static func value(after flag: String, in words: [String]) -> String? {
        guard let i = words.firstIndex(of: flag), i + 1 < words.count else { return nil }
        return words[i + 1]
    }

    static func readIP(_ words: [String], line: CaptureLine, defaultDevice: String?, into plan: inout NetworkPlan) -> Bool {
        var args = words
        if let family = args.first, family == "-4" || family == "-6" { args.removeFirst() }
        guard let object = args.first, args.count >= 2 else { return false }
        let verb = args[1]
        if ["addr", "address", "a", "ad", "add"].contains(object), ["add", "a", "replace"].contains(verb), args.count >= 3 {
            let rest = Array(args.dropFirst(2))
            let local = rest.first == "local" ? rest.dropFirst().first : rest.first
            guard let text = local, let prefix = PlannedPrefix.parse(text, classful: false) else {
                plan.problem(line, "`ip addr add` without an address lvslint can read")
                return true
            }
            guard let devWord = value(after: "dev", in: rest) ?? defaultDevice else {
                plan.problem(line, "`ip addr add \(text)` names no device")
                return true
            }
            // `dev lo:0` works (ip strips the alias); the label is what ip shows.
            let device = String(devWord.split(separator: ":").first ?? Substring(devWord))
            let label = value(after: "label", in: rest) ?? (devWord.contains(":") ? devWord : nil)
            plan.add(prefix, to: device, label: label, evidence: line)
            return true
        }
        if ["route", "r", "ro", "rou"].contains(object), ["add", "a", "replace", "append"].contains(verb) {
            switch route(words: Array(args.dropFirst(2)), defaultDevice: defaultDevice, line: line) {
            case let .route(r): plan.routes.append(r)
            case let .problem(reason): plan.problem(line, reason, facet: .routes)
            case .none: plan.problem(line, "`ip route add` lvslint cannot read", facet: .routes)
            }
            return true
        }
        if ["link", "l"].contains(object), ["add", "a"].contains(verb), args.count >= 3 {
            let rest = Array(args.dropFirst(2))
            let name = value(after: "name", in: rest) ?? (rest.first == "dev" ? rest.dropFirst().first : rest.first)
            guard let name else { return false }
            let index = plan.interface(name, evidence: line)
            if let type = value(after: "type", in: rest) {
                plan.interfaces[index].kind = type
                if ["dummy", "ipip", "gre", "sit"].contains(type) { plan.interfaces[index].noARP = type != "dummy" }
            }
            return true
        }
        if ["link", "l"].contains(object), verb == "set", args.count >= 3 {
            let rest = Array(args.dropFirst(2))
            let name = rest.first == "dev" ? rest.dropFirst().first : rest.first
            guard let name else { return false }
            if let arp = value(after: "arp", in: rest) {
                let index = plan.interface(name, evidence: line)
                plan.interfaces[index].noARP = arp == "off"
            }
            if rest.contains("up"), let index = plan.interfaces.firstIndex(where: { $0.name == name }) { plan.interfaces[index].up = true }
            return true
        }
        return false
    }

    /// `ip route` arguments after `add`: `default via GW [dev D]`, `PREFIX via GW`, `PREFIX dev D`.
    static func route(words: [String], defaultDevice: String?, line: CaptureLine) -> RouteOutcome? {
        var args = words
        if let type = args.first, ["unicast"].contains(type) { args.removeFirst() }
        guard let destinationWord = args.first else { return nil }
        let gateway = value(after: "via", in: args)
        let gatewayAddress = gateway.flatMap { IPAddress($0) }
        if gateway != nil && gatewayAddress == nil { return .problem("the gateway \(gateway ?? "") is not an address") }
        let destination: IPPrefix
        if destinationWord == "default" || destinationWord == "0/0" {
            destination = PlannedPrefix.everything(gatewayAddress?.family ?? .v4)
        } else if let prefix = PlannedPrefix.parse(destinationWord, classful: false) {
            destination = PlannedPrefix.network(of: prefix)
        } else {
            return nil
        }
        let device = value(after: "dev", in: args) ?? defaultDevice
        let metric = (value(after: "metric", in: args) ?? value(after: "preference", in: args)).flatMap { Int($0) } ?? 0
        return .route(PlannedRoute(destination: destination, gateway: gatewayAddress, device: device, metric: metric, evidence: line))
    }

    /// `ifconfig lo:0 192.0.2.100 netmask 255.255.255.255 broadcast … up`.
    static func readIfconfig(_ words: [String], line: CaptureLine, into plan: inout NetworkPlan) -> Bool {
        guard words.count >= 2, let devWord = words.first else { return false }
        var rest = Array(words.dropFirst())
        if rest.first == "inet" || rest.first == "add" { rest.removeFirst() }
        guard let text = rest.first else { return false }
        // `ifconfig eth0 up`, `ifconfig lo:0 down`: no address.
        guard text.first?.isNumber == true || text.contains(":") && IPAddress(text.split(separator: "/").first.map(String.init) ?? "") != nil else {
            return false
        }
        let device = String(devWord.split(separator: ":").first ?? Substring(devWord))
        guard let prefix = PlannedPrefix.parse(text, netmask: value(after: "netmask", in: rest)) else {
            plan.problem(line, "`ifconfig \(devWord) \(text)`: not an address with a netmask lvslint can read")
            return true
        }
        if rest.contains("down") { return true }
        plan.add(prefix, to: device, label: devWord.contains(":") ? devWord : nil, evidence: line)
        if rest.contains("-arp") { plan.interfaces[plan.interface(device, evidence: line)].noARP = true }
        return true
    }

    /// `route add default gw 192.0.2.1 [dev eth0]`, `route add -net 198.51.100.0/24 gw …`.
    static func readRouteCommand(_ words: [String], line: CaptureLine, into plan: inout NetworkPlan) -> Bool {
        guard words.first == "add" else { return false }
        let rest = Array(words.dropFirst())
        let gateway = value(after: "gw", in: rest).flatMap { IPAddress($0) }
        let device = value(after: "dev", in: rest) ?? rest.last.flatMap { w in rest.count >= 2 && rest[rest.count - 2] == "dev" ? w : nil }
        let destination: IPPrefix
        if rest.contains("default") {
            destination = PlannedPrefix.everything(gateway?.family ?? .v4)
        } else if let target = value(after: "-net", in: rest) ?? value(after: "-host", in: rest),
            let prefix = PlannedPrefix.parse(target, netmask: value(after: "netmask", in: rest), classful: false)
        {
            destination = PlannedPrefix.network(of: prefix)
        } else {
            plan.problem(line, "`route add` lvslint cannot read", facet: .routes)
            return true
        }
        plan.routes.append(PlannedRoute(destination: destination, gateway: gateway, device: device, evidence: line))
        return true
    }

    /// `sysctl -w key=value [key=value …]` (and `sysctl key=value`); `-p FILE` is not followed.
    static func readSysctl(_ words: [String], line: CaptureLine, into plan: inout NetworkPlan) -> Bool {
        var found = false
        for word in words where !word.hasPrefix("-") {
            guard let eq = word.firstIndex(of: "=") else { continue }
            let key = SysctlTable.normalise(String(word[..<eq]))
            plan.lateSysctls.append(SysctlEntry(key: key, value: String(word[word.index(after: eq)...]), evidence: line))
            found = true
        }
        return found
    }

    /// `echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore` (the seed tutorial's way).
    static func readProcWrite(_ words: [String], line: CaptureLine, into plan: inout NetworkPlan) -> Bool {
        guard let arrow = words.firstIndex(of: ">"), arrow + 1 < words.count, arrow >= 2 else { return false }
        let target = words[arrow + 1]
        guard target.hasPrefix("/proc/sys/") else { return false }
        let value = words[arrow - 1]
        let key = SysctlTable.normalise(String(target.dropFirst("/proc/sys/".count)))
        plan.lateSysctls.append(SysctlEntry(key: key, value: value, evidence: line))
        return true
    }
}
