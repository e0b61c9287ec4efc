import Foundation

/// `lvslint check DIR` (or no argument): the descriptions and keepalived configurations in a
/// repository. Descriptions are files named by the patterns (`cluster.yaml`, `cluster.yml`,
/// `*.lvslint.yaml` unless `.lvslint.yaml` says `descriptions:`); keepalived configurations
/// (`keepalived*.conf`) in a folder with no description are read together as one cluster, as
/// `lvslint check a/keepalived.conf b/keepalived.conf` would. Never searched: hidden folders,
/// `captures/` folders (hosts' captures and configuration trees, whose keepalived.conf is a
/// host's file), `.build` and `node_modules`. Inside a git work tree what git ignores is left
/// out (the file list comes from `git ls-files`, run with fixed arguments); elsewhere the tree
/// is walked. Symbolic links to folders are not followed.
public enum DescriptionDiscovery {
    public static let defaultPatterns = ["cluster.yaml", "cluster.yml", "*.lvslint.yaml"]
    /// Bounds on the walk: a repository of configuration, not a whole disk.
    static let maximumEntries = 200_000
    static let maximumDepth = 24

    public enum Run: Equatable, Sendable {
        case description(String)
        case keepalived([String])
    }

    public struct Found: Sendable {
        public var runs: [Run] = []
        /// How the files were listed: "git ls-files" or "the folder tree".
        public var listedBy = "the folder tree"
        /// True when the walk stopped at a bound.
        public var truncated = false
    }

    public static func find(in root: String, patterns: [String] = defaultPatterns) -> Found {
        var found = Found()
        let files: [String]
        if let listed = gitFiles(root) {
            files = listed
            found.listedBy = "git ls-files"
        } else {
            var out: [String] = []
            walk(root, relative: "", depth: 0, into: &out, truncated: &found.truncated)
            files = out
        }
        var descriptions: [String] = []
        var keepalivedByFolder: [String: [String]] = [:]
        for relative in files {
            let parts = relative.split(separator: "/").map(String.init)
            guard let name = parts.last, !parts.dropLast().contains(where: skipped) else { continue }
            let path = root == "." ? relative : (root as NSString).appendingPathComponent(relative)
            if name != ".lvslint.yaml", name != ".lvslint.yml", patterns.contains(where: { fnmatch($0, name, 0) == 0 }) {
                descriptions.append(path)
            } else if name.hasPrefix("keepalived"), name.hasSuffix(".conf") {
                keepalivedByFolder[(path as NSString).deletingLastPathComponent, default: []].append(path)
            }
        }
        let describedFolders = Set(descriptions.map { ($0 as NSString).deletingLastPathComponent })
        var runs = descriptions.sorted().map(Run.description)
        for folder in keepalivedByFolder.keys.sorted() where !describedFolders.contains(folder) {
            runs.append(.keepalived((keepalivedByFolder[folder] ?? []).sorted()))
        }
        found.runs = runs
        return found
    }

    static func skipped(_ folder: String) -> Bool {
        folder.hasPrefix(".") || folder == "captures" || folder == "node_modules"
    }

    static func walk(_ folder: String, relative: String, depth: Int, into out: inout [String], truncated: inout Bool) {
        guard depth < maximumDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() {
            guard out.count < maximumEntries else { truncated = true; return }
            let path = (folder as NSString).appendingPathComponent(name)
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !skipped(name) { walk(path, relative: child, depth: depth + 1, into: &out, truncated: &truncated) }
            case S_IFREG, S_IFLNK:
                out.append(child)
            default:
                continue
            }
        }
    }

    /// The files git tracks or would track (`--exclude-standard` honours .gitignore), relative
    /// to `root`; nil outside a work tree or without git.
    static func gitFiles(_ root: String) -> [String]? {
        guard let git = ["/usr/bin/git", "/bin/git", "/usr/local/bin/git"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        // No configuration of the repository may make git run anything (core.fsmonitor is a command).
        process.arguments = ["-c", "core.fsmonitor=false", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", "."]
        process.environment = ["PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent", "LC_ALL": "C"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let names = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        // Deleted but still tracked files are listed too: keep what is there.
        return names.prefix(maximumEntries).filter { FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent($0)) }
    }
}
