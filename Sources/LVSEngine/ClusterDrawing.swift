import Foundation
import LVSDescription
import LVSModel

/// The cluster as Graphviz DOT: directors, real servers and VIPs, the subnets the hosts'
/// addresses are on, each host coloured by its worst finding. `--format dot` prints it; the
/// HTML report draws it with `dot -Tsvg` when Graphviz is installed.
public enum ClusterDrawing {
    static func colour(_ severity: Severity?) -> (fill: String, line: String) {
        switch severity {
        case .error?: return ("#f8d0d0", "#b00020")
        case .warning?: return ("#fbe8c8", "#b06000")
        case .note?: return ("#d8e8f8", "#205080")
        case nil: return ("#d8f0d8", "#207020")
        }
    }

    /// A DOT string: our line breaks become `\n`; every other control character from an
    /// input is shown as `\u{…}` text (a raw one would end or corrupt the label).
    static func quoted(_ text: String) -> String {
        let printable = text.split(separator: "\n", omittingEmptySubsequences: false).map { TextReport.printable(String($0)) }.joined(separator: "\n")
        return "\""
            + printable.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                of: "\n", with: "\\n") + "\""
    }

    /// The subnets each host is on, from its captured addresses (or its described address as a /24).
    static func subnets(_ result: CheckResult) -> [String: [IPPrefix]] {
        var out: [String: [IPPrefix]] = [:]
        for host in result.cluster.hosts {
            var prefixes: [IPPrefix] = []
            if let observation = result.observations[host.name] {
                for address in observation.addresses
                where !address.prefix.isHostPrefix && !address.prefix.address.isLoopback && !address.prefix.address.isLinkLocal {
                    if let network = IPPrefix(address: address.prefix.network, length: address.prefix.length), !prefixes.contains(network) {
                        prefixes.append(network)
                    }
                }
            }
            out[host.name] = prefixes
        }
        return out
    }

    /// What ended the run with status 2, for `--format dot`: comments before the drawings, and a
    /// graph that says it when there is nothing to draw.
    public static func failure(_ errors: [DescriptionError]) -> String {
        guard !errors.isEmpty else { return "" }
        let comments = errors.map { "// lvslint: error: " + TextReport.printable("\($0)").replacingOccurrences(of: "\n", with: " ") }.joined(
            separator: "\n")
        return comments + "\ndigraph \"lvslint\" {\n  graph [label=\(quoted("lvslint could not check: \(errors[0].message)")), labelloc=t];\n}\n"
    }

    /// Hosts drawn at most: past this a drawing is unreadable, and Graphviz takes minutes.
    public static let maximumHostsDrawn = 200

    public static func dot(_ result: CheckResult, _ translations: Translations = .english) -> String {
        var worst: [String: Severity] = [:]
        for finding in result.findings { if let host = finding.host { worst[host] = max(worst[host] ?? .note, finding.severity) } }
        var lines = ["digraph \(quoted(result.cluster.name)) {"]
        if let file = result.configurationFile {
            lines.append(
                "  comment=\(quoted("configuration: \(file)" + (result.disabledByConfiguration.isEmpty ? "" : "; disabled: \(result.disabledByConfiguration.joined(separator: ", "))")));"
            )
        }
        lines += [
            "  graph [rankdir=LR, fontname=\"sans-serif\", label=\(quoted("\(result.cluster.name): \(SeverityCounts(result.findings).phrase(translations))")), labelloc=t];",
            "  node [fontname=\"sans-serif\", style=filled];", "  edge [fontname=\"sans-serif\", fontsize=10];",
        ]
        let nets = subnets(result)
        for subnet in Set(nets.values.flatMap { $0 }).sorted(by: { "\($0)" < "\($1)" }) {
            lines.append("  \(quoted("net \(subnet)")) [label=\(quoted("\(subnet)")), shape=note, fillcolor=\"#eeeeee\"];")
        }
        var byHost: [String: [Finding]] = [:]
        for finding in result.findings { if let host = finding.host { byHost[host, default: []].append(finding) } }
        // A fleet is drawn in part: directors first, then hosts up to the limit; the rest are one node.
        let ordered = result.cluster.hosts.filter { $0.roles.contains(.director) } + result.cluster.hosts.filter { !$0.roles.contains(.director) }
        let drawn = Array(ordered.prefix(maximumHostsDrawn))
        let drawnNames = Set(drawn.map(\.name))
        if ordered.count > drawn.count {
            let rest = ordered.dropFirst(drawn.count)
            let withFindings = rest.filter { byHost[$0.name] != nil }.count
            let label = translations("and \(rest.count) more hosts, not drawn") + "\n" + translations("(\(withFindings) with findings)")
            lines.append("  \(quoted("more hosts")) [label=\(quoted(label)), shape=folder, fillcolor=\"#ffffff\"];")
        }
        for host in drawn {
            let (fill, line) = colour(worst[host.name] == nil ? nil : worst[host.name])
            let roles = host.roles.map(\.rawValue).sorted().joined(separator: "+")
            let found = SeverityCounts(byHost[host.name] ?? [])
            let label = "\(host.name)\n\(roles)\(host.address.map { "\n\($0)" } ?? "")\(found.total > 0 ? "\n" + found.phrase(translations) : "")"
            let shape = host.roles.contains(.director) ? "box" : "ellipse"
            lines.append(
                "  \(quoted("host \(host.name)")) [label=\(quoted(label)), shape=\(shape), fillcolor=\"\(fill)\", color=\"\(line)\", penwidth=2];")
            for subnet in nets[host.name] ?? [] {
                lines.append("  \(quoted("host \(host.name)")) -> \(quoted("net \(subnet)")) [dir=none, style=dotted];")
            }
        }
        for service in result.cluster.services {
            let id = "service \(service.key)"
            lines.append(
                "  \(quoted(id)) [label=\(quoted("\(service.label)\n\(service.key)\n\(service.method.rawValue) \(service.scheduler)")), shape=diamond, fillcolor=\"#ffffff\"];"
            )
            for director in result.cluster.directors(of: service) {
                lines.append("  \(quoted("host \(director.name)")) -> \(quoted(id)) [label=\"directs\"];")
            }
            var undrawn = 0
            for server in service.realServers {
                if let host = server.host, !drawnNames.contains(host) {
                    undrawn += 1
                    continue
                }
                let target = server.host.map { "host \($0)" } ?? "address \(server.address)"
                if server.host == nil {
                    lines.append("  \(quoted(target)) [label=\(quoted("\(server.address)")), shape=ellipse, fillcolor=\"#ffffff\"];")
                }
                lines.append("  \(quoted(id)) -> \(quoted(target)) [label=\(quoted("\(server.method.rawValue) w\(server.weight)"))];")
            }
            if undrawn > 0 { lines.append("  \(quoted(id)) -> \(quoted("more hosts")) [label=\(quoted("\(undrawn) more"))];") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `dot -Tsvg` of the drawing, when Graphviz is installed; nil otherwise.
    public static func svg(_ dot: String) -> String? {
        guard let path = ["/usr/bin/dot", "/usr/local/bin/dot", "/bin/dot"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // Inline SVG starts at its element: the XML declaration and DOCTYPE are for files.
        return text.range(of: "<svg").map { String(text[$0.lowerBound...]) }
    }
}
