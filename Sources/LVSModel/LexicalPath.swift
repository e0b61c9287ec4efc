import Foundation

/// A path made absolute against the working directory and cleaned of `.` and `..` by its
/// text alone. Foundation's `URL(fileURLWithPath:).standardized` on a relative path drops
/// the `..` that climb above it (`../../etc/passwd` from /tmp/kd comes out as
/// /tmp/kd/etc/passwd), which would let a path out of a folder pass for one inside it.
public enum LexicalPath {
    public static func absolute(_ path: String, from directory: String = FileManager.default.currentDirectoryPath) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` with its symbolic links resolved (realpath); the lexical form when it does not exist.
    public static func canonical(_ path: String) -> String {
        let lexical = absolute(path)
        guard let resolved = realpath(lexical, nil) else { return lexical }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is `folder` or inside it (both absolute and clean).
    public static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
