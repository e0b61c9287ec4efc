import Foundation

/// Paths as CI systems want them: relative to the repository root (the nearest folder
/// holding `.git` above the working directory), with forward slashes.
public struct RepositoryPaths: Sendable {
    public var root: String
    public var workingDirectory: String

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
        var directory = URL(fileURLWithPath: workingDirectory).standardizedFileURL
        var found = workingDirectory
        while true {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(".git").path) {
                found = directory.path
                break
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        root = found
    }

    /// `path` (relative to the working directory, or absolute) relative to the root; a
    /// path outside the repository stays absolute.
    public func relative(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        let standard = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return standard.hasPrefix(prefix) ? String(standard.dropFirst(prefix.count)) : standard
    }
}
