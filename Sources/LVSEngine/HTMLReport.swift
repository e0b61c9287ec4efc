import Foundation
import LVSDescription
import LVSModel

/// One self-contained file for a post-incident report or a learner: the cluster drawn (SVG
/// from Graphviz when it is installed, its DOT source otherwise), then the findings by host
/// with their evidence and fixes, then what was not checked. No scripts, nothing fetched:
/// styles are inline. Written as XHTML, so any XML parser can read it.
public struct HTMLReport {
    public var toolVersion: String
    /// The SVG of a DOT drawing; nil shows the DOT source instead.
    public var drawing: (String) -> String?

    public init(toolVersion: String, drawing: @escaping (String) -> String? = ClusterDrawing.svg) {
        self.toolVersion = toolVersion
        self.drawing = drawing
    }

    /// XML text and attribute escaping, shared with the JUnit report (control characters dropped).
    static func escape(_ text: String) -> String { JUnitReport.escape(text) }

    static let style = """
        body{font-family:sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}
        h1{font-size:1.5em}h2{border-bottom:1px solid #ccc}h3{margin-top:1.5em}
        .finding{border-left:6px solid #999;padding:.3em .8em;margin:.8em 0;background:#fafafa}
        .error{border-color:#b00020}.warning{border-color:#b06000}.note{border-color:#205080}
        .sev{font-weight:bold;text-transform:uppercase;font-size:.85em}
        .error .sev{color:#b00020}.warning .sev{color:#b06000}.note .sev{color:#205080}
        pre{background:#f0f0f0;padding:.4em;overflow-x:auto;white-space:pre-wrap}
        .where{color:#555;font-family:monospace}.drawing svg{max-width:100%;height:auto}
        """

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        let title = results.map(\.cluster.name).joined(separator: ", ")
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head><meta charset="utf-8"/><title>lvslint: \(Self.escape(title))</title><style>\(Self.style)</style></head>
            <body>

            """
        // What ended the run with status 2, at the top: a page of nothing must not read as a clean cluster.
        if !errors.isEmpty {
            out +=
                "<div class=\"finding error\">\n<h1>lvslint could not check everything (exit status 2)</h1>\n<pre>"
                + errors.map { Self.escape("\($0)") }.joined(separator: "\n") + "</pre>\n</div>\n"
        }
        for result in results { out += section(result) }
        out += "<p class=\"where\">lvslint \(Self.escape(toolVersion))</p>\n</body>\n</html>\n"
        return out
    }

    /// Hosts whose findings the page lists one by one.
    public static let maximumHostsListed = 500

    func section(_ result: CheckResult) -> String {
        let e = result.count(.error), w = result.count(.warning), n = result.count(.note)
        var out =
            "<h1>\(Self.escape(result.cluster.name)): \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(n) note\(n == 1 ? "" : "s")</h1>\n"
        let hosts = result.cluster.hosts.count, services = result.cluster.services.count
        out +=
            "<p class=\"where\">\(Self.escape(result.inferredFrom ?? result.cluster.file)) — \(hosts) host\(hosts == 1 ? "" : "s"), \(services) service\(services == 1 ? "" : "s")</p>\n"
        if let file = result.configurationFile {
            let off = result.disabledByConfiguration
            out +=
                "<p class=\"where\">configuration: \(Self.escape(file))\(off.isEmpty ? "" : "; disabled: \(Self.escape(off.joined(separator: ", ")))")</p>\n"
        }
        let dot = ClusterDrawing.dot(result)
        out += "<h2>The cluster</h2>\n<div class=\"drawing\">\n"
        if let svg = drawing(dot) {
            out += svg + "\n"
        } else {
            out +=
                "<p>Graphviz is not installed here (Debian: apt-get install graphviz), so the drawing is given as its DOT source: <code>dot -Tsvg</code> draws it.</p>\n<pre>\(Self.escape(dot))</pre>\n"
        }
        out += "<p>Colours: red, a host with an error; orange, a warning; blue, a note; green, nothing found.</p>\n</div>\n"
        out += "<h2>Findings by host</h2>\n"
        var byHost: [String: [Finding]] = [:]
        for finding in result.findings { byHost[finding.host ?? "(the cluster)", default: []].append(finding) }
        if byHost.isEmpty { out += "<p>None.</p>\n" }
        // A fleet's page lists the first hosts in full and counts the rest.
        let hostsListed = byHost.keys.sorted().prefix(Self.maximumHostsListed)
        if byHost.count > hostsListed.count {
            let rest = byHost.count - hostsListed.count
            let listed = Set(hostsListed)
            let findings = byHost.filter { !listed.contains($0.key) }.values.reduce(0) { $0 + $1.count }
            out +=
                "<p>The first \(hostsListed.count) hosts with findings are listed; \(rest) more hosts have \(findings) findings (<code>--format json</code> lists every one).</p>\n"
        }
        for host in hostsListed {
            let findings = (byHost[host] ?? []).sorted { $0.severity > $1.severity }
            let roles = result.cluster.host(named: host).map { $0.roles.map(\.rawValue).sorted().joined(separator: ", ") } ?? ""
            out += "<h3 id=\"host-\(Self.escape(host))\">\(Self.escape(host))\(roles.isEmpty ? "" : " (\(Self.escape(roles)))")</h3>\n"
            for finding in findings {
                let place = finding.location.map { "\($0.file):\($0.line):\($0.column)" } ?? result.cluster.file
                out += "<div class=\"finding \(finding.severity.rawValue)\">\n"
                out +=
                    "<p><span class=\"sev\">\(finding.severity.rawValue)</span> <code>\(finding.rule)</code> \(Self.escape(finding.slug)) <span class=\"where\">\(Self.escape(place))</span></p>\n"
                out += "<p>\(Self.escape(finding.statedMessage))</p>\n"
                if !finding.evidence.isEmpty {
                    out +=
                        "<pre class=\"evidence\">" + finding.evidence.map { Self.escape("\($0.file):\($0.line): \($0.text)") }.joined(separator: "\n")
                        + "</pre>\n"
                }
                if let fix = finding.fix { out += "<p>Fix: \(Self.escape(fix)) (<code>lvslint explain \(finding.rule)</code>)</p>\n" }
                if finding.fixCommandsAreSpecific, !finding.fixCommands.isEmpty {
                    out += "<pre>" + finding.fixCommands.map { Self.escape("$ \($0)") }.joined(separator: "\n") + "</pre>\n"
                }
                out += "</div>\n"
            }
        }
        out += "<h2>Not checked</h2>\n"
        if result.notChecked.isEmpty {
            out += "<p>Every check was made.</p>\n"
        } else {
            out += "<ul>\n"
            for entry in result.notChecked.sorted(by: { ($0.host, $0.rule) < ($1.host, $1.rule) }) {
                out += "<li><code>\(entry.rule)</code> on \(Self.escape(entry.host)): \(Self.escape(entry.reason))</li>\n"
            }
            out += "</ul>\n"
        }
        return out
    }
}
