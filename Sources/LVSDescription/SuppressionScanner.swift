import Foundation
import LVSModel

/// Finds `# lvslint: disable=RULE[,RULE…] -- reason` comments in a description's text
/// (libyaml drops comments, so the raw lines are read) and attaches each to the host,
/// service or real server on its line, or on the next line when the comment stands alone.
enum SuppressionScanner {
    struct Comment {
        var line: Int
        var column: Int
        var text: String
        var standsAlone: Bool
    }

    static func scan(
        _ bytes: [UInt8], file: String, description: ClusterDescription,
        errors: inout [DescriptionError]
    ) -> [InlineSuppression] {
        // Lines are cut on the bytes, as the YAML reader numbers them (a CRLF line too), and only
        // a line holding a `#` is made a String: a fleet's description has 100,000 lines and few comments.
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { $0.last == 13 ? $0.dropLast() : $0 }
        var out: [InlineSuppression] = []
        for (index, raw) in lines.enumerated() where raw.contains(UInt8(ascii: "#")) {
            guard let comment = comment(in: String(decoding: raw, as: UTF8.self), line: index + 1) else { continue }
            guard let parsed = SuppressionDirective.parse(comment.text) else { continue }
            let location = SourceLocation(file: file, line: comment.line, column: comment.column)
            let names: [String]
            let reason: String
            switch parsed {
            case let .failure(error):
                errors.append(DescriptionError(location: location, message: error.message))
                continue
            case let .success(directive):
                names = directive.rules
                reason = directive.reason
            }
            var targetLine = comment.line
            if comment.standsAlone {
                // The next line with content.
                var next = index + 1
                while next < lines.count {
                    let t = lines[next].drop { $0 == 32 || $0 == 9 }
                    if let first = t.first, first != UInt8(ascii: "#") { break }
                    next += 1
                }
                targetLine = next + 1
            }
            guard let target = target(for: targetLine, in: description) else {
                errors.append(
                    DescriptionError(
                        location: location,
                        message: "a suppression must be on a host, service or real-server line (or on a comment line just above one)"))
                continue
            }
            out.append(InlineSuppression(rules: names, reason: reason, location: location, target: target))
        }
        return out
    }

    /// The comment of a YAML line: a `#` at the start or after white space, outside quotes.
    static func comment(in line: String, line number: Int) -> Comment? {
        var quote: Character?
        var previous: Character = " "
        var column = 0
        for character in line {
            column += 1
            if let q = quote {
                if character == q { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" && (previous == " " || previous == "\t" || column == 1) {
                let text = String(line.dropFirst(column))
                let before = line.prefix(column - 1).trimmingCharacters(in: .whitespaces)
                return Comment(line: number, column: column, text: text, standsAlone: before.isEmpty)
            }
            previous = character
        }
        return nil
    }

    /// The element that starts at or most recently before `line`.
    static func target(for line: Int, in description: ClusterDescription) -> InlineSuppression.Target? {
        var best: (Int, InlineSuppression.Target)?
        func consider(_ start: Int, _ target: InlineSuppression.Target) {
            if start <= line && start >= (best?.0 ?? 0) { best = (start, target) }
        }
        for host in description.hosts { consider(host.location.line, .host(host.name)) }
        for service in description.services {
            consider(service.location.line, .service(service.label))
            for server in service.realServers { consider(server.location.line, .realServer(line: server.location.line)) }
        }
        guard let (start, target) = best else { return nil }
        // A real server is matched on its own line only.
        if case .realServer = target, start != line { return nil }
        return target
    }
}
