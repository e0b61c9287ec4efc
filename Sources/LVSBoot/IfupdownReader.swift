import Foundation
import LVSModel

/// Debian's ifupdown: `/etc/network/interfaces` and the files it `source`s (Debian's default
/// `source /etc/network/interfaces.d/*`; a file there that nothing sources is never read by
/// ifupdown, and lvslint says so). Stanzas `auto`/`allow-auto`/`allow-hotplug` (what comes up
/// at boot) and `iface NAME inet|inet6 METHOD` with `address` (a bare address gets its class's
/// mask, as `ifup -n` shows), `netmask`, `gateway`, and the commands of `up`, `post-up`,
/// `pre-up` lines (`ip addr add`, `ifconfig`, `ip route add`, `sysctl -w`).
enum IfupdownReader {
    static let main = "/etc/network/interfaces"

    static func read(_ files: [ConfigurationFile]) -> NetworkPlan {
        var plan = NetworkPlan()
        guard let root = files.first(where: { $0.path == main }) else {
            for file in files where file.path.hasPrefix("/etc/network/interfaces.d/") {
                if let line = file.capture.firstContentLines(1).first {
                    plan.problem(
                        line,
                        "\(file.path) is read only when /etc/network/interfaces sources it, and no /etc/network/interfaces is in the configuration",
                        facet: nil)
                }
            }
            return plan
        }
        var state = State()
        var sourced: Set<String> = [main]
        read(root, files: files, into: &state, sourced: &sourced, depth: 0)
        for file in files where file.path.hasPrefix("/etc/network/interfaces.d/") && !sourced.contains(file.path) {
            if let line = file.capture.firstContentLines(1).first {
                plan.problem(line, "\(file.path) is not sourced by /etc/network/interfaces: ifupdown never reads it", facet: nil)
            }
        }
        for stanza in state.stanzas {
            apply(stanza, auto: state.auto, into: &plan)
        }
        plan.problems += state.problems
        return plan
    }

    struct Stanza {
        var name: String
        var family: String
        var method: String
        var line: CaptureLine
        var options: [(key: String, value: String, line: CaptureLine)] = []
    }

    struct State {
        var stanzas: [Stanza] = []
        var auto: Set<String> = []
        var problems: [ConfigurationProblem] = []
    }

    static func read(_ file: ConfigurationFile, files: [ConfigurationFile], into state: inout State, sourced: inout Set<String>, depth: Int) {
        var current: Stanza?
        func close() {
            if let stanza = current { state.stanzas.append(stanza) }
            current = nil
        }
        // A line ending in `\` continues on the next.
        var pending = ""
        var pendingLine: CaptureLine?
        file.capture.forEachLine { raw in
            var text = raw.text
            if pendingLine != nil { text = pending + " " + text.trimmingCharacters(in: .whitespaces) }
            if text.hasSuffix("\\") {
                pending = String(text.dropLast())
                if pendingLine == nil { pendingLine = raw }
                return
            }
            let line = pendingLine ?? raw
            pending = ""
            pendingLine = nil
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = words.first else { return }
            switch keyword {
            case "auto", "allow-auto", "allow-hotplug":
                close()
                state.auto.formUnion(words.dropFirst())
            case "iface":
                close()
                guard words.count >= 4 else {
                    state.problems.append(ConfigurationProblem(line: line, reason: "`iface` needs a name, a family and a method", facet: .addresses))
                    return
                }
                current = Stanza(name: words[1], family: words[2], method: words[3], line: line)
            case "mapping", "no-auto-down", "no-scripts", "rename":
                close()
            case "source", "source-directory":
                close()
                guard depth < 8 else { return }
                for pattern in words.dropFirst() {
                    let target = pattern.hasPrefix("/") ? pattern : "/etc/network/" + pattern
                    let matched = files.filter { file in
                        keyword == "source"
                            ? Glob.matches(pattern: target, path: file.path)
                            : file.path.hasPrefix(target.hasSuffix("/") ? target : target + "/")
                                && Glob.isRunPartsName((file.path as NSString).lastPathComponent)
                    }.sorted { $0.path < $1.path }
                    for included in matched where !sourced.contains(included.path) {
                        sourced.insert(included.path)
                        read(included, files: files, into: &state, sourced: &sourced, depth: depth + 1)
                    }
                }
            default:
                guard current != nil else {
                    state.problems.append(
                        ConfigurationProblem(line: line, reason: "`\(keyword)` outside an iface stanza: ifupdown refuses the file", facet: .addresses)
                    )
                    return
                }
                current?.options.append((keyword, words.dropFirst().joined(separator: " "), line))
            }
        }
        close()
    }

    static func apply(_ stanza: Stanza, auto: Set<String>, into plan: inout NetworkPlan) {
        let device = String(stanza.name.split(separator: ":").first ?? Substring(stanza.name))
        let label = stanza.name.contains(":") ? stanza.name : nil
        let index = plan.interface(device, evidence: stanza.line)
        let comesUp = auto.contains(stanza.name)
        if label == nil { plan.interfaces[index].up = comesUp }
        guard comesUp else { return }
        let family: IPAddress.Family = stanza.family == "inet6" ? .v6 : .v4
        switch stanza.method {
        case "static":
            let netmask = stanza.options.last { $0.key == "netmask" }?.value
            for option in stanza.options where option.key == "address" {
                guard let prefix = PlannedPrefix.parse(option.value, netmask: netmask, classful: family == .v4),
                    prefix.address.family == family
                else {
                    plan.problem(
                        option.line, "`address \(option.value)` is not an \(family == .v4 ? "IPv4" : "IPv6") address with a mask lvslint can read")
                    continue
                }
                plan.add(prefix, to: device, label: label, evidence: option.line)
            }
            if let gateway = stanza.options.last(where: { $0.key == "gateway" }) {
                if let address = IPAddress(gateway.value) {
                    plan.routes.append(
                        PlannedRoute(destination: PlannedPrefix.everything(address.family), gateway: address, device: device, evidence: gateway.line))
                } else {
                    plan.problem(gateway.line, "`gateway \(gateway.value)` is not an address", facet: .routes)
                }
            }
        case "dhcp", "bootp":
            plan.problem(stanza.line, "\(stanza.name) takes its address from DHCP: which address it gets is not known before boot", facet: nil)
        default:
            break  // loopback (lo gets 127.0.0.1/8 from the kernel), manual, auto, …
        }
        for option in stanza.options where ["up", "post-up", "pre-up"].contains(option.key) {
            BootCommands.read(option.value, line: option.line, defaultDevice: device, into: &plan)
        }
    }
}

/// Shell globs for `source` lines and run-parts' name rule for `source-directory`.
enum Glob {
    static func matches(pattern: String, path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0
    }

    /// run-parts (what `source-directory` uses) reads names of letters, digits, `_` and `-` only.
    static func isRunPartsName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" || $0 == "-"
                    || ("0"..."9").contains($0)
            }
    }
}
