import Foundation

/// The text of a `lvslint: disable=RULE[,RULE…] -- reason` comment, wherever it is written
/// (a description, a keepalived.conf, a captured configuration file): the rules it names and
/// why, or what is wrong with it.
public struct SuppressionDirective: Sendable, Equatable {
    public var rules: [String]
    public var reason: String

    /// nil when the comment is not a directive at all (it does not start with `lvslint:`).
    public static func parse(_ comment: String) -> Result<SuppressionDirective, SuppressionDirectiveError>? {
        let body = comment.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("lvslint:") else { return nil }
        let directive = body.dropFirst("lvslint:".count).trimmingCharacters(in: .whitespaces)
        guard directive.hasPrefix("disable=") else {
            return .failure(SuppressionDirectiveError(message: "unknown lvslint directive; write `# lvslint: disable=RULE -- reason`"))
        }
        let parts = directive.dropFirst("disable=".count).components(separatedBy: "--")
        let names = parts[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let reason = parts.dropFirst().joined(separator: "--").trimmingCharacters(in: .whitespaces)
        if names.isEmpty {
            return .failure(SuppressionDirectiveError(message: "the suppression names no rule; write `# lvslint: disable=RULE -- reason`"))
        }
        if reason.isEmpty {
            return .failure(
                SuppressionDirectiveError(message: "a suppression needs a reason: `# lvslint: disable=\(names.joined(separator: ",")) -- why`"))
        }
        return .success(SuppressionDirective(rules: names, reason: reason))
    }
}

public struct SuppressionDirectiveError: Error, Sendable, Equatable {
    public var message: String
}
