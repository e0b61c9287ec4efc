import Foundation
import LVSDescription
import LVSModel

/// One self-contained file for a post-incident report or a learner: what is wrong first (the
/// errors, each linked to its host), the cluster drawn (SVG from Graphviz when it is
/// installed, its DOT source otherwise), then the findings by host, the worst host first,
/// with their evidence and fixes, then what was not checked. No scripts, nothing fetched:
/// styles are inline. Written as XHTML, so any XML parser can read it.
public struct HTMLReport {
    public var toolVersion: String
    /// The SVG of a DOT drawing; nil shows the DOT source instead.
    public var drawing: (String) -> String?
    /// The page's language (results arrive localised; this writes the page's own words).
    public var translations = Translations.english

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
        .summary{border:1px solid #ccc;padding:.3em 1em;background:#fff}.summary li{margin:.2em 0}
        """

    func t(_ message: Message) -> String { translations(message) }

    /// Escaped text whose `code spans` become <code> elements.
    static func prose(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, piece in
            index % 2 == 1 ? "<code>\(escape(String(piece)))</code>" : escape(String(piece))
        }.joined()
    }

    public func render(_ results: [CheckResult], errors: [DescriptionError] = []) -> String {
        let title = results.map(\.cluster.name).joined(separator: ", ")
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="\(translations.language.rawValue)" xml:lang="\(translations.language.rawValue)">
            <head><meta charset="utf-8"/><title>lvslint: \(Self.escape(title))</title><style>\(Self.style)</style></head>
            <body>

            """
        // What ended the run with status 2, at the top: a page of nothing must not read as a clean cluster.
        if !errors.isEmpty {
            out +=
                "<div class=\"finding error\">\n<h1>\(Self.escape(t("lvslint could not check everything (exit status 2)")))</h1>\n<pre>"
                + errors.map { Self.escape("\($0)") }.joined(separator: "\n") + "</pre>\n</div>\n"
        }
        for result in results { out += section(result) }
        out += "<p class=\"where\">lvslint \(Self.escape(toolVersion))</p>\n</body>\n</html>\n"
        return out
    }

    /// Hosts whose findings the page lists one by one.
    public static let maximumHostsListed = 500
    /// Errors the summary at the top names one by one.
    public static let maximumErrorsSummed = 20

    /// The hosts with findings, the worst first: most errors, then warnings, then notes, then by name.
    static func hostsBySeverity(_ byHost: [String: [Finding]]) -> [String] {
        let counts = byHost.mapValues { SeverityCounts($0) }
        return byHost.keys.sorted { a, b in
            guard let ca = counts[a], let cb = counts[b], let order = SeverityCounts.moreSevere(ca, cb) else { return a < b }
            return order
        }
    }

    func section(_ result: CheckResult) -> String {
        let counts = SeverityCounts(result.findings)
        var out = "<h1>\(Self.escape(result.cluster.name)): \(Self.escape(counts.phrase(translations)))</h1>\n"
        let hosts = result.cluster.hosts.count, services = result.cluster.services.count
        out +=
            "<p class=\"where\">\(Self.escape(result.inferredFrom ?? result.cluster.file)) — \(Self.escape(t("\(hosts) host\(hosts == 1 ? "" : "s"), \(services) service\(services == 1 ? "" : "s")")))</p>\n"
        if let file = result.configurationFile {
            let off = result.disabledByConfiguration
            let disabled: Message = off.isEmpty ? "" : "; disabled: \(off.joined(separator: ", "))"
            out += "<p class=\"where\">\(Self.escape(t("configuration: \(file)\(disabled)")))</p>\n"
        }
        var byHost: [String: [Finding]] = [:]
        let clusterWide = t("(the cluster)")
        for finding in result.findings { byHost[finding.host ?? clusterWide, default: []].append(finding) }
        out += summary(result, byHost: byHost)
        let dot = ClusterDrawing.dot(result, translations)
        out += "<h2>\(Self.escape(t("The cluster")))</h2>\n<div class=\"drawing\">\n"
        if let svg = drawing(dot) {
            out += svg + "\n"
        } else {
            out +=
                "<p>\(Self.prose(t("Graphviz is not installed here (Debian: apt-get install graphviz), so the drawing is given as its DOT source: `dot -Tsvg` draws it.")))</p>\n<pre>\(Self.escape(dot))</pre>\n"
        }
        out += "<p>\(Self.escape(t("Colours: red, a host with an error; orange, a warning; blue, a note; green, nothing found.")))</p>\n</div>\n"
        out += "<h2>\(Self.escape(t("Findings by host, the worst first")))</h2>\n"
        if byHost.isEmpty { out += "<p>\(Self.escape(t("None.")))</p>\n" }
        // A fleet's page lists the first hosts in full and counts the rest.
        let ordered = Self.hostsBySeverity(byHost)
        let hostsListed = ordered.prefix(Self.maximumHostsListed)
        if ordered.count > hostsListed.count {
            let rest = ordered.count - hostsListed.count
            let findings = ordered.dropFirst(hostsListed.count).reduce(0) { $0 + (byHost[$1]?.count ?? 0) }
            out +=
                "<p>\(Self.prose(t("The first \(hostsListed.count) hosts with findings are listed; \(rest) more hosts have \(findings) findings (`--format json` lists every one).")))</p>\n"
        }
        for host in hostsListed {
            let findings = (byHost[host] ?? []).sorted { $0.severity > $1.severity }
            let roles = result.cluster.host(named: host).map { $0.roles.map(\.rawValue).sorted().joined(separator: ", ") } ?? ""
            out +=
                "<h3 id=\"host-\(Self.escape(host))\">\(Self.escape(host))\(roles.isEmpty ? "" : " (\(Self.escape(roles)))") — \(Self.escape(SeverityCounts(findings).phrase(translations)))</h3>\n"
            for finding in findings {
                let place = finding.location?.place ?? SourceLocation.unambiguous(result.cluster.file)
                out += "<div class=\"finding \(finding.severity.rawValue)\">\n"
                out +=
                    "<p><span class=\"sev\">\(Self.escape(RuleDocumentation.severityWord(finding.severity, translations)))</span> <code>\(finding.rule)</code> \(Self.escape(finding.slug)) <span class=\"where\">\(Self.escape(place))</span></p>\n"
                out += "<p>\(Self.escape(finding.statedMessage))</p>\n"
                if !finding.evidence.isEmpty {
                    out +=
                        "<pre class=\"evidence\">" + finding.evidence.map { Self.escape("\($0.place): \($0.text)") }.joined(separator: "\n")
                        + "</pre>\n"
                }
                if let fix = finding.fix {
                    out += "<p>\(Self.escape(t("Fix:"))) \(Self.escape(fix)) (<code>lvslint explain \(finding.rule)</code>)</p>\n"
                }
                if finding.fixCommandsAreSpecific, !finding.fixCommands.isEmpty {
                    out += "<pre>" + finding.fixCommands.map { Self.escape("$ \($0)") }.joined(separator: "\n") + "</pre>\n"
                }
                out += "</div>\n"
            }
        }
        out += "<h2>\(Self.escape(t("Not checked")))</h2>\n"
        if result.notChecked.isEmpty {
            out += "<p>\(Self.escape(t("Every check was made.")))</p>\n"
        } else {
            out += "<ul>\n"
            for entry in result.notChecked.sorted(by: { ($0.host, $0.rule) < ($1.host, $1.rule) }) {
                out += "<li>\(Self.escape(t("\(entry.rule) on \(entry.host): \(entry.reason)")))</li>\n"
            }
            out += "</ul>\n"
        }
        return out
    }

    /// At the top: how many of each severity, and every error (up to a limit) with its host,
    /// linked to where the page lists it, so that a reader starts with what breaks traffic.
    func summary(_ result: CheckResult, byHost: [String: [Finding]]) -> String {
        let errors = result.findings.filter { $0.severity == .error }
        var out = "<div class=\"summary\">\n"
        if errors.isEmpty {
            out += "<p>\(Self.escape(t(result.findings.isEmpty ? "Nothing wrong was found." : "No errors: what was found is listed below.")))</p>\n"
        } else {
            let affected = Set(errors.compactMap(\.host)).count
            out +=
                "<p><strong>\(Self.escape(t("\(errors.count) error\(errors.count == 1 ? "" : "s") on \(affected) host\(affected == 1 ? "" : "s"): fix these first.")))</strong></p>\n<ul>\n"
            let ordered = Self.hostsBySeverity(byHost)
            let sorted = errors.sorted {
                (ordered.firstIndex(of: $0.host ?? "") ?? 0, $0.rule) < (ordered.firstIndex(of: $1.host ?? "") ?? 0, $1.rule)
            }
            for finding in sorted.prefix(Self.maximumErrorsSummed) {
                let host = finding.host ?? ""
                let link = host.isEmpty ? "" : "<a href=\"#host-\(Self.escape(host))\">\(Self.escape(host))</a>: "
                let message = finding.statedMessage
                let short = message.count > 160 ? String(message.prefix(159)) + "…" : message
                out += "<li>\(link)<code>\(finding.rule)</code> \(Self.escape(short))</li>\n"
            }
            if errors.count > Self.maximumErrorsSummed {
                out += "<li>\(Self.escape(t("… and \(errors.count - Self.maximumErrorsSummed) more errors below")))</li>\n"
            }
            out += "</ul>\n"
        }
        out += "</div>\n"
        return out
    }
}
