import Foundation
import LVSDescription
import LVSModel
import LVSRules

/// Runs a rule's example through the checker as `lvslint check` would, with no capture: what
/// `explain` prints beneath it and what the example test asserts.
public enum RuleExampleRun {
    /// The findings of rule `id` for the example, or the errors that kept it from being checked.
    public static func findings(of example: RuleExample, rule id: String, _ t: Translations = .english) -> Result<[Finding], CheckFailure> {
        // An empty folder of its own stands for the captures, so that nothing around the
        // process (a captures/ in the current folder) is read.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-example-\(UUID().uuidString)")
        let captures = scratch.appendingPathComponent("captures")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        } catch {
            return .failure(
                CheckFailure(errors: [
                    DescriptionError(location: SourceLocation(file: scratch.path, line: 1), message: "cannot make a scratch folder")
                ]))
        }
        var options = RunOptions(captures: captures.path, configuration: Configuration(), inlineSuppressions: true, baseline: nil)
        options.keepalivedRoot = scratch.path
        for file in example.files {
            let url = scratch.appendingPathComponent(file.name)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard (try? file.text.write(to: url, atomically: true, encoding: .utf8)) != nil else {
                return .failure(
                    CheckFailure(errors: [DescriptionError(location: SourceLocation(file: file.name, line: 1), message: "cannot write the example")]))
            }
        }
        let outcome: Result<CheckResult, CheckFailure>
        let folders = example.clusterFolders
        if folders.count > 1 {
            // Clusters checked together, as `lvslint check web db` does: the first one's findings.
            var request = CheckRequest(
                inputs: CheckInputs.classify(folders.map { scratch.appendingPathComponent($0).path }, explicitConfiguration: nil))
            request.keepalivedRoot = scratch.path
            let run = CheckRun.run(request)
            if let first = run.results.first {
                outcome = .success(first)
            } else {
                outcome = .failure(CheckFailure(errors: run.errors))
            }
        } else if let description = example.files.first(where: \.isDescription) {
            outcome = Checker.run(.description(scratch.appendingPathComponent(description.name).path), options: options)
        } else {
            outcome = Checker.run(
                .keepalived(example.files.map { scratch.appendingPathComponent($0.name).path }, captures: captures.path), options: options)
        }
        switch outcome {
        case let .success(result):
            // The scratch folder is no part of what a reader should see.
            return .success(
                result.findings.filter { $0.rule == id }.map { finding in
                    var shown = t.language == .english ? finding : finding.localized(t)
                    shown.message = shown.message.replacingOccurrences(of: scratch.path + "/", with: "")
                    return shown
                })
        case let .failure(failure):
            return .failure(failure)
        }
    }

    /// The example as `explain` prints it: the caption, the input, and what the rule says of it.
    public static func rendered(_ example: RuleExample, rule id: String, _ t: Translations = .english) -> String {
        var out = "\(t[example.caption]):\n"
        for file in example.files {
            out +=
                "\n  \(file.name):\n"
                + file.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    \($0)" }.joined(separator: "\n").trimmingTrailingNewlines() + "\n"
        }
        out += "\n"
        switch findings(of: example, rule: id, t) {
        case let .success(found) where found.isEmpty:
            out += t("\(id) reports nothing.") + "\n"
        case let .success(found):
            out += found.map(line).joined(separator: "\n") + "\n"
        case let .failure(failure):
            out += t("not checked: ") + failure.errors.map(\.message).joined(separator: "; ") + "\n"
        }
        return out
    }

    /// A finding as the example shows it: the file and line, not the scratch folder.
    static func line(_ finding: Finding) -> String {
        let at = finding.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line): " } ?? ""
        return "\(at)\(finding.severity.rawValue)[\(finding.rule)]: \(finding.message)"
    }
}
