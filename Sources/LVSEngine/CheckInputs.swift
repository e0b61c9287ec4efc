import Foundation
import LVSDescription
import LVSModel

/// What one `check` is given, classified: each argument becomes a description, standard input,
/// a folder of undescribed captures, or keepalived configurations read together as one cluster;
/// a folder is searched for what it holds (`DescriptionDiscovery`).
public struct CheckInputs: Sendable {
    /// One cluster to check.
    public enum Target: Sendable, Equatable {
        /// A YAML description.
        case description(String)
        /// A description read from standard input (`-`).
        case standardInput
        /// A folder of hosts' captures with no description: checked with an inferred one.
        case undescribedCaptures(String)
        /// keepalived configurations, one per director, that describe one cluster.
        case keepalived([String])

        /// The same target with paths under the working directory made relative to it.
        public var relativeToWorkingDirectory: Target {
            switch self {
            case let .description(path): return .description(DisplayPath.relative(path))
            case .standardInput: return .standardInput
            case let .undescribedCaptures(path): return .undescribedCaptures(DisplayPath.relative(path))
            case let .keepalived(paths): return .keepalived(paths.map { DisplayPath.relative($0) })
            }
        }

        /// The path that names it in messages.
        public var path: String {
            switch self {
            case let .description(path), let .undescribedCaptures(path): return path
            case .standardInput: return "-"
            case let .keepalived(paths): return paths.first ?? "keepalived.conf"
            }
        }
    }

    public var targets: [Target] = []
    /// The arguments that are files (and `-`), with the descriptions found in folders: what
    /// the command line names one by one, keepalived configurations found in folders aside.
    public var files: [String] = []
    /// For each folder searched, what it gave and how it was listed.
    public var notes: [String] = []
    /// Folders that hold nothing to check.
    public var emptyFolders: [String] = []

    /// Classifies the command line's arguments (none: the current folder). `explicitConfiguration`
    /// is `--config`, whose `descriptions:` patterns say what a folder's descriptions are named.
    public static func classify(_ arguments: [String], explicitConfiguration: String?) -> CheckInputs {
        var out = CheckInputs()
        var files: [String] = []
        var groups: [[String]] = []
        for argument in arguments.isEmpty ? ["."] : arguments {
            var isFolder: ObjCBool = false
            guard argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue else {
                files.append(argument)
                continue
            }
            // A folder named captures is hosts' captures (their etc/ trees hold keepalived.conf
            // files that are hosts' files, not descriptions): checked as such, not searched.
            if URL(fileURLWithPath: argument).standardizedFileURL.lastPathComponent == "captures" {
                files.append(argument)
                continue
            }
            let patterns = descriptionPatterns(in: argument, explicit: explicitConfiguration)
            let found = FoundDescriptions.shared.find(in: argument, patterns: patterns)
            if found.runs.isEmpty {
                // No description here: a folder of hosts' captures, checked with an inferred
                // description; or nothing to check at all, which the run says.
                if isUndescribedCaptures(argument) { files.append(argument) } else { out.emptyFolders.append(argument) }
                continue
            }
            for run in found.runs {
                switch run {
                case let .description(path): files.append(path)
                case let .keepalived(paths): groups.append(paths)
                }
            }
            out.notes.append(
                "\(argument): \(found.runs.count) to check (descriptions named \(patterns.joined(separator: ", ")), keepalived*.conf outside captures/; listed by \(found.listedBy))\(found.truncated ? "; the search stopped at \(200_000) files" : "")"
            )
        }
        out.files = files
        // keepalived files named on the command line are one cluster (a MASTER/BACKUP pair);
        // those found in a folder are one cluster per folder.
        let named = files.filter(isKeepalived)
        for file in files where !named.contains(file) {
            if file == "-" {
                out.targets.append(.standardInput)
            } else if isUndescribedCaptures(file) {
                out.targets.append(.undescribedCaptures(file))
            } else {
                out.targets.append(.description(file))
            }
        }
        if !named.isEmpty { out.targets.append(.keepalived(named)) }
        out.targets += groups.map(Target.keepalived)
        return out
    }

    /// Whether a named file is a keepalived configuration rather than a YAML description.
    public static func isKeepalived(_ file: String) -> Bool {
        file != "-" && KeepalivedReader.looksLikeKeepalived(path: file)
    }

    /// The `descriptions:` patterns of the configuration that applies to the folder, else the defaults.
    public static func descriptionPatterns(in folder: String, explicit: String?) -> [String] {
        let probe = (folder as NSString).appendingPathComponent("cluster.yaml")
        if case let .success(configuration) = ConfigurationResolution.configuration(for: probe, explicit: explicit),
            let patterns = configuration.descriptionPatterns?.value, !patterns.isEmpty
        {
            return patterns
        }
        return DescriptionDiscovery.defaultPatterns
    }

    /// A folder with host captures but no cluster.yaml: a cluster nobody described.
    public static func isUndescribedCaptures(_ path: String) -> Bool {
        CapturesFolder.problem(path, needsHosts: true) == nil
            && !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("cluster.yaml"))
    }
}

/// A folder is searched once per run (validation and the run both ask what it holds).
final class FoundDescriptions: @unchecked Sendable {
    static let shared = FoundDescriptions()
    private let lock = NSLock()
    private var found: [String: DescriptionDiscovery.Found] = [:]

    func find(in folder: String, patterns: [String]) -> DescriptionDiscovery.Found {
        let key = folder + "\u{0}" + patterns.joined(separator: "\u{0}")
        lock.lock()
        defer { lock.unlock() }
        if let known = found[key] { return known }
        let result = DescriptionDiscovery.find(in: folder, patterns: patterns)
        found[key] = result
        return result
    }
}
