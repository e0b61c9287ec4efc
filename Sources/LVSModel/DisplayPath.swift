import Foundation

/// A path as a report shows it: relative to the working directory when it lies under it
/// (`captures/rs1/sysctl.txt`, not `/home/me/repo/captures/rs1/sysctl.txt`), as given otherwise,
/// so that an editor or a CI annotation opened from where lvslint ran finds the file.
public enum DisplayPath {
    public static func relative(_ path: String, to directory: String = FileManager.default.currentDirectoryPath) -> String {
        guard path.hasPrefix("/"), !directory.isEmpty else { return path }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) && path.count > base.count ? String(path.dropFirst(base.count)) : path
    }
}
