import Foundation
import LVSModel

/// Reads `cluster.yaml` (schema version 1) into a `ClusterDescription`, collecting every
/// error of the file instead of stopping at the first.
public enum DescriptionLoader {
    public static let schedulers = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"]

    public enum Outcome: Sendable {
        case loaded(ClusterDescription)
        case failed([DescriptionError])
    }

    /// - Parameters:
    ///   - displayPath: the path shown in messages and findings.
    ///   - baseDirectory: where a relative `captures` folder is resolved.
    ///   - allowingNoServices: an empty `services:` is accepted (a draft whose directors'
    ///     services nothing captured names); a description someone wrote needs one.
    public static func load(bytes: [UInt8], displayPath: String, baseDirectory: String, allowingNoServices: Bool = false) -> Outcome {
        let root: YAMLNode?
        do {
            root = try YAMLLoader.load(bytes)
        } catch {
            return .failed([
                DescriptionError(
                    location: SourceLocation(file: displayPath, line: error.mark.line, column: error.mark.column),
                    message: "YAML: \(error.message)")
            ])
        }
        var reader = SchemaReader(file: displayPath)
        reader.allowsNoServices = allowingNoServices
        guard let root else {
            return .failed([
                DescriptionError(
                    location: SourceLocation(file: displayPath, line: 1),
                    message: "the description is empty; it needs `cluster`, `hosts` and `services`")
            ])
        }
        var description = reader.readCluster(root, baseDirectory: baseDirectory)
        if var loaded = description {
            loaded.suppressions = SuppressionScanner.scan(bytes, file: displayPath, description: loaded, errors: &reader.errors)
            description = loaded
        }
        if let description, reader.errors.isEmpty { return .loaded(description) }
        return .failed(reader.errors.sorted { $0.location < $1.location })
    }

    /// Reads a description file; a folder means the `cluster.yaml` inside it.
    public static func load(path: String) -> Outcome {
        var path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path = (path as NSString).appendingPathComponent("cluster.yaml")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return .failed([DescriptionError(location: SourceLocation(file: path, line: 1), message: "no such file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failed([DescriptionError(location: SourceLocation(file: path, line: 1), message: "cannot read the file")])
        }
        let base = (path as NSString).deletingLastPathComponent
        return load(bytes: [UInt8](data), displayPath: path, baseDirectory: base.isEmpty ? "." : base)
    }
}
