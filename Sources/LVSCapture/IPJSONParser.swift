import Foundation
import LVSModel

/// `ip -j addr` / `ip -j -d addr` and `ip -j route`. Values carry no line numbers, so
/// each element is traced back to the line where its value is written.
enum IPJSONParser {
    static func parseAddresses(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipAddrJSON)
        guard let array = decode(file, &out) else { return out }
        let lines = file.lines
        var cursor = 0
        for element in array {
            guard let link = element as? [String: Any], let name = link["ifname"] as? String else {
                if let line = lines.first { out.markUnparsed(line, "a JSON element without \"ifname\"") }
                continue
            }
            let linkOffset = file.offset(of: Array("\"\(name)\"".utf8), from: cursor) ?? cursor
            cursor = linkOffset
            guard let linkLine = file.line(atOffset: linkOffset, in: lines) ?? lines.first else { continue }
            if let problem = InterfaceName.problem(name) {
                out.markUnparsed(linkLine, "not read: \(problem)")
                continue
            }
            var flags: InterfaceFlags = []
            for word in link["flags"] as? [String] ?? [] { if let f = InterfaceFlags(word: word) { flags.insert(f) } }
            let kind = (link["linkinfo"] as? [String: Any])?["info_kind"] as? String
            var interface = ObservedInterface(
                name: name, flags: flags, linkType: link["link_type"] as? String, kind: kind,
                operState: link["operstate"] as? String, evidence: linkLine)
            for info in link["addr_info"] as? [[String: Any]] ?? [] {
                guard let local = info["local"] as? String else { continue }
                let offset = file.offset(of: Array("\"\(local)\"".utf8), from: cursor) ?? cursor
                cursor = offset
                let line = file.line(atOffset: offset, in: lines) ?? linkLine
                guard let address = IPAddress(local), let length = info["prefixlen"] as? Int,
                    let prefix = IPPrefix(address: address, length: length)
                else {
                    out.markUnparsed(line, "'\(local)' is not an address with a prefix length")
                    continue
                }
                var addressFlags: Set<String> = []
                for flag in [
                    "secondary", "dynamic", "noprefixroute", "deprecated", "tentative", "dadfailed", "nodad", "optimistic", "home", "mngtmpaddr",
                    "temporary",
                ]
                where (info[flag] as? Bool) == true {
                    addressFlags.insert(flag)
                }
                // A label no kernel could hold is not kept (the address still is).
                let label = (info["label"] as? String).flatMap { InterfaceName.labelProblem($0, device: name) == nil ? $0 : nil }
                interface.addresses.append(
                    ObservedAddress(
                        prefix: prefix, interface: name, label: label == name ? nil : label,
                        scope: info["scope"] as? String, flags: addressFlags, evidence: line))
            }
            out.interfaces.append(interface)
        }
        return out
    }

    static func parseRoutes(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipRouteJSON)
        guard let array = decode(file, &out) else { return out }
        let lines = file.lines
        var cursor = 0
        for element in array {
            guard let entry = element as? [String: Any], let dst = entry["dst"] as? String else {
                if let line = lines.first { out.markUnparsed(line, "a JSON route without \"dst\"") }
                continue
            }
            let offset = file.offset(of: Array("\"\(dst)\"".utf8), from: cursor) ?? cursor
            cursor = offset + 1
            guard let line = file.line(atOffset: offset, in: lines) ?? lines.first else { continue }
            let gateway = (entry["gateway"] as? String).flatMap(IPAddress.init)
            let destination: IPPrefix?
            if dst == "default" {
                destination = IPPrefix(address: gateway?.family == .v6 ? IPAddress(v6: 0) : IPAddress(v4: 0), length: 0)
            } else {
                destination = IPPrefix(dst)
            }
            guard let destination else {
                out.markUnparsed(line, "'\(dst)' is not a route destination")
                continue
            }
            out.routes.append(
                ObservedRoute(
                    type: entry["type"] as? String ?? "unicast", destination: destination,
                    gateway: gateway.map { .address($0) }, device: InterfaceName.validated(entry["dev"] as? String),
                    table: (entry["table"] as? String) ?? "main", scope: entry["scope"] as? String,
                    proto: entry["protocol"] as? String,
                    source: (entry["prefsrc"] as? String).flatMap(IPAddress.init),
                    metric: entry["metric"] as? Int ?? 0, evidence: line))
        }
        return out
    }

    private static func decode(_ file: CaptureFile, _ out: inout ParsedCapture) -> [Any]? {
        do {
            let value = try JSONSerialization.jsonObject(with: Data(file.bytes))
            guard let array = value as? [Any] else {
                if let line = file.lines.first { out.markUnparsed(line, "expected a JSON array as `ip -j` prints") }
                return nil
            }
            return array
        } catch {
            if let line = file.lines.first { out.markUnparsed(line, "not valid JSON (is the capture cut short?): \(Self.describe(error))") }
            return nil
        }
    }

    /// Foundation's own words for a JSON error, without its generic preamble.
    static func describe(_ error: any Error) -> String {
        let text = "\((error as NSError).userInfo["NSDebugDescription"] ?? error.localizedDescription)"
        return text.isEmpty ? "unreadable" : text
    }
}
