import LVSDescription
import LVSModel
import LVSRules

/// A report of a run in one format: what every reporter does with the results and the errors
/// that kept some input from being checked.
public protocol Reporter {
    func render(_ results: [CheckResult], errors: [DescriptionError]) -> String
}

/// The formats `--format` names, each with its reporter: the registry a new format joins.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, github, gitlab, html, dot

    /// The reporter for this format, with the settings the command line gave.
    public func reporter(_ settings: ReportSettings) -> any Reporter {
        switch self {
        case .text: return TextReporter(settings: settings)
        case .json: return JSONReporter(toolVersion: settings.toolVersion)
        case .sarif:
            return SARIFReport(toolVersion: settings.toolVersion, rules: Catalogue.rules.map(\.info), documentationURL: settings.documentationURL)
        case .junit: return JUnitReport()
        case .github: return GitHubReport()
        case .gitlab: return GitLabReport()
        case .html:
            var report = HTMLReport(toolVersion: settings.toolVersion)
            report.translations = settings.translations
            return report
        case .dot: return DotReporter(translations: settings.translations)
        }
    }
}

/// What the command line says about how to report; each reporter reads what concerns it.
public struct ReportSettings: Sendable {
    public var toolVersion: String
    /// Text: colour, the fix line, the width, the order, findings only, per-rule counts.
    public var color = false
    public var showFix = true
    public var width = 100
    public var groupBy: TextReport.GroupBy?
    public var quiet = false
    public var statistics = false
    /// Text: findings of one rule printed at most; nil prints every one.
    public var maximumPerRule: Int? = 100
    /// SARIF: where docs/rules.md is published, for helpUri links.
    public var documentationURL: String?
    /// The language of everything but ids and field names (results are localised before rendering).
    public var translations = Translations.english

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }
}

extension SARIFReport: Reporter {}
extension JUnitReport: Reporter {}
extension GitHubReport: Reporter {}
extension GitLabReport: Reporter {}
extension HTMLReport: Reporter {}

/// The text report of every description, one after another, and their total.
struct TextReporter: Reporter {
    var settings: ReportSettings

    func render(_ results: [CheckResult], errors: [DescriptionError]) -> String {
        var report = TextReport(
            color: settings.color, showFix: settings.showFix, width: settings.width, groupBy: settings.groupBy,
            quiet: settings.quiet, statistics: settings.statistics)
        report.maximumPerRule = settings.maximumPerRule
        report.translations = settings.translations
        var out = ""
        for (i, result) in results.enumerated() {
            if i > 0 && !settings.quiet { out += "\n" }
            out += report.render(result)
        }
        if results.count > 1 && !settings.quiet { out += report.grandTotal(results) }
        return out
    }
}

/// The JSON report; nothing at all when there is neither a result nor an error.
struct JSONReporter: Reporter {
    var toolVersion: String

    func render(_ results: [CheckResult], errors: [DescriptionError]) -> String {
        guard !results.isEmpty || !errors.isEmpty else { return "" }
        return JSONReport.render(results, toolVersion: toolVersion, errors: errors)
    }
}

/// Graphviz's dot text of each cluster drawn.
struct DotReporter: Reporter {
    var translations = Translations.english

    func render(_ results: [CheckResult], errors: [DescriptionError]) -> String {
        ClusterDrawing.failure(errors) + results.map { ClusterDrawing.dot($0, translations) }.joined(separator: "\n")
    }
}
