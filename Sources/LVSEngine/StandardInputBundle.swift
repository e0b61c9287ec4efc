import Foundation
import LVSDescription
import LVSModel

/// `lvslint check -` without `--captures`: one host's capture bundle on standard input (what
/// `lvslint collect` prints, or any concatenation of commands' output), checked as a captures
/// folder holding that host alone is checked. The host is the one `--host` names, else the
/// one the bundle's `# lvslint bundle 1: host NAME, …` header names.
public enum StandardInputBundle {
    /// The name every report gives the bundle's lines.
    public static let displayName = "<stdin>"

    /// The host a collect bundle's header names, in its first lines.
    public static func headerHost(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        for line in head.split(separator: "\n").prefix(20) {
            guard let range = line.range(of: "# lvslint bundle ") else { continue }
            let rest = line[range.upperBound...]
            guard let hostRange = rest.range(of: "host ") else { continue }
            let name = rest[hostRange.upperBound...].prefix { $0 != "," && $0 != " " }
            return name.isEmpty ? nil : String(name)
        }
        return nil
    }

    static func check(_ bytes: [UInt8], host: String?, options: RunOptions) -> Result<CheckResult, CheckFailure> {
        let origin = SourceLocation(file: displayName, line: 1)
        guard let host = host ?? headerHost(bytes) else {
            return .failure(
                CheckFailure(errors: [
                    DescriptionError(
                        location: origin,
                        message:
                            "standard input holds no `# lvslint bundle` header naming its host: name it with --host NAME (or give --captures DIR to read a description from standard input)"
                    )
                ]))
        }
        guard HostName.isSafe(host) else {
            return .failure(
                CheckFailure(errors: [
                    DescriptionError(
                        location: origin,
                        message: "the host name '\(TextReport.printable(host))' cannot name a host: letters, digits, '.', '-' and '_' only")
                ]))
        }
        // The checker reads captures from a folder: a private one, removed before returning.
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("lvslint-stdin-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            return .failure(
                CheckFailure(errors: [DescriptionError(location: origin, message: "cannot make a temporary folder to read standard input")]))
        }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = (folder as NSString).appendingPathComponent(host + ".txt")
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            return .failure(CheckFailure(errors: [DescriptionError(location: origin, message: "cannot write standard input to \(folder)")]))
        }
        return Checker.run(.undescribedCaptures(folder), options: options).map { result in
            var named = result.renamingFiles { path in path.hasPrefix(folder) ? displayName : path }
            named.cluster.name = host
            return named
        }.mapError { failure in
            // The private folder is no one's business: errors name standard input.
            CheckFailure(
                errors: failure.errors.map { error in
                    var renamed = error
                    renamed.location = SourceLocation(file: displayName, line: error.location.file.hasPrefix(folder) ? 1 : error.location.line)
                    renamed.message = error.message
                        .replacingOccurrences(
                            of: "(`lvslint infer \(folder)` drafts it)", with: "(`lvslint check --captures DIR -` reads one from standard input)"
                        )
                        .replacingOccurrences(of: folder, with: "\(host)'s bundle")
                    return renamed
                })
        }
    }
}
