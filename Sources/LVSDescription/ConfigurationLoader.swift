import Foundation
import LVSModel

/// Reads `.lvslint.yaml` as strictly as a description: unknown keys, unknown rule names
/// and wrong types are located errors.
///
/// ```yaml
/// disable: [DR004, NAT]            # ids, slugs, families, or all
/// enable: [NAT001]                 # back on, despite a family disabled above
/// severity: {DESC001: warning}
/// exclude:
///   - {rule: DR004, host: lvs3, reason: "old kernel, replaced in Q3"}
/// fail_on: error                   # error | warning | note | never
/// require_complete: true           # a check not made (missing or partial capture) fails the run
/// thresholds: {syn_recv_minimum: 3} # numbers the connection rules judge by (`lvslint explain CONN001`)
/// ```
public enum ConfigurationLoader {
    public static let fileNames = [".lvslint.yaml", ".lvslint.yml"]
    static let keys = ["disable", "enable", "severity", "exclude", "fail_on", "require_complete", "descriptions", "thresholds"]
    static let exclusionKeys = ["rule", "host", "service", "reason"]
    public static let failOnValues = ["error", "warning", "note", "never"]

    public static func load(path: String, rules: RuleNames) -> Result<Configuration, InputErrors> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(
                InputErrors([DescriptionError(location: SourceLocation(file: path, line: 1), message: "cannot read the configuration file")]))
        }
        return load(bytes: [UInt8](data), path: path, rules: rules)
    }

    public static func load(bytes: [UInt8], path: String, rules: RuleNames) -> Result<Configuration, InputErrors> {
        var configuration = Configuration(file: path)
        let root: YAMLNode?
        do {
            root = try YAMLLoader.load(bytes)
        } catch {
            return .failure(
                InputErrors([
                    DescriptionError(
                        location: SourceLocation(file: path, line: error.mark.line, column: error.mark.column), message: "YAML: \(error.message)")
                ]))
        }
        guard let root else { return .success(configuration) }
        var reader = SchemaReader(file: path)
        guard let fields = reader.mapping(root, "the configuration", allowed: keys) else { return .failure(InputErrors(reader.errors)) }
        if let node = fields["disable"]?.value { configuration.disable = reader.selectors(node, "disable", rules: rules) }
        if let node = fields["enable"]?.value { configuration.enable = reader.selectors(node, "enable", rules: rules) }
        if let node = fields["severity"]?.value {
            if case let .mapping(pairs, _) = node {
                for pair in pairs {
                    guard let selector = reader.selector(pair.key, "severity", rules: rules),
                        let text = reader.string(pair.value, "severity of \(selector.text)")
                    else { continue }
                    guard let severity = Severity(rawValue: text.lowercased()) else {
                        reader.error(
                            pair.value,
                            "severity '\(text)' is not error, warning or note\(NearestName.hint(for: text, among: ["error", "warning", "note"]))")
                        continue
                    }
                    configuration.severities.append(Configuration.SeverityOverride(selector: selector, severity: severity))
                }
            } else {
                reader.error(node, "severity must be a mapping of rule to severity, e.g. {DESC001: warning}")
            }
        }
        if let node = fields["exclude"]?.value {
            if case let .sequence(items, _) = node {
                for item in items {
                    guard let entry = reader.mapping(item, "an exclusion", allowed: exclusionKeys) else { continue }
                    let selector = entry["rule"].flatMap { reader.selector($0.value, "exclude", rules: rules) }
                    let host = entry["host"].flatMap { reader.string($0.value, "host") }
                    let service = entry["service"].flatMap { reader.string($0.value, "service") }
                    guard let reasonNode = entry["reason"]?.value else {
                        reader.error(item, "an exclusion needs a `reason`, so the next reader knows why")
                        continue
                    }
                    guard let reason = reader.string(reasonNode, "reason"), !reason.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    if selector == nil && host == nil && service == nil {
                        reader.error(item, "an exclusion must name a rule, a host or a service")
                        continue
                    }
                    configuration.exclusions.append(
                        Configuration.Exclusion(rules: selector, host: host, service: service, reason: reason, location: reader.location(item)))
                }
            } else {
                reader.error(node, "exclude must be a list of {rule, host, service, reason}")
            }
        }
        if let node = fields["fail_on"]?.value, let text = reader.string(node, "fail_on") {
            if failOnValues.contains(text) {
                configuration.failOn = (text, reader.location(node))
            } else {
                reader.error(
                    node, "fail_on '\(text)' is not one of \(failOnValues.joined(separator: ", "))\(NearestName.hint(for: text, among: failOnValues))"
                )
            }
        }
        if let node = fields["require_complete"]?.value {
            if case let .scalar(text, _, _) = node, ["true", "false"].contains(text) {
                configuration.requireComplete = (text == "true", reader.location(node))
            } else {
                reader.error(node, "require_complete must be true or false")
            }
        }
        if let node = fields["thresholds"]?.value {
            let names = Thresholds.settings.map(\.key)
            if case let .mapping(pairs, _) = node {
                for (keyNode, valueNode) in pairs {
                    guard let key = reader.string(keyNode, "a threshold name") else { continue }
                    guard names.contains(key) else {
                        reader.error(
                            keyNode,
                            "unknown threshold '\(key)'; thresholds are \(names.joined(separator: ", "))\(NearestName.hint(for: key, among: names))")
                        continue
                    }
                    guard case let .scalar(text, _, _) = valueNode, let value = Int(text), value >= 1, value <= 1_000_000_000 else {
                        reader.error(valueNode, "threshold \(key) must be a whole number from 1 to 1000000000")
                        continue
                    }
                    configuration.thresholds[key] = (value, reader.location(valueNode))
                }
            } else {
                reader.error(node, "thresholds must be a mapping, e.g. {syn_recv_minimum: 3}")
            }
        }
        if let node = fields["descriptions"]?.value {
            if case let .sequence(items, _) = node {
                var patterns: [String] = []
                for item in items {
                    guard let text = reader.string(item, "a description pattern") else { continue }
                    if text.isEmpty || text.contains("/") {
                        reader.error(item, "a description pattern matches a file name (`cluster.yaml`, `*.lvslint.yaml`), without a folder")
                        continue
                    }
                    patterns.append(text)
                }
                configuration.descriptionPatterns = (patterns, reader.location(node))
            } else {
                reader.error(node, "descriptions must be a list of file-name patterns, e.g. [cluster.yaml, \"*.lvs.yaml\"]")
            }
        }
        // In the order of the file, as a reader fixes them.
        return reader.errors.isEmpty ? .success(configuration) : .failure(InputErrors(reader.errors.sorted { $0.location < $1.location }))
    }

    /// What discovery found: the file that applies, and those passed over, with why.
    public struct Discovery: Sendable {
        public var path: String?
        public var ignored: [(path: String, reason: String)] = []
    }

    /// The configuration that applies to a description: the first `.lvslint.yaml` in its
    /// folder or a parent, stopping at the repository root (a folder holding `.git`), as ruff
    /// does; outside any repository, only the description's own folder. A file must be owned
    /// by the user or root and not writable by others: a configuration planted in a parent
    /// folder, or in a world-writable one, must not switch rules off unseen. Files passed
    /// over are returned, so that the run says so.
    public static func discover(from descriptionPath: String) -> Discovery {
        let start = URL(fileURLWithPath: descriptionPath).deletingLastPathComponent().standardizedFileURL
        let fm = FileManager.default
        var ancestors: [URL] = [start]
        while let last = ancestors.last, last.deletingLastPathComponent().path != last.path {
            ancestors.append(last.deletingLastPathComponent())
        }
        // The folders that may hold it: up to and including the repository root, else the first.
        let rootIndex = ancestors.firstIndex { fm.fileExists(atPath: $0.appendingPathComponent(".git").path) }
        let inside = ancestors.prefix((rootIndex ?? 0) + 1)
        var discovery = Discovery()
        for directory in inside {
            for name in fileNames {
                let candidate = directory.appendingPathComponent(name).path
                guard fm.fileExists(atPath: candidate) || isSymbolicLink(candidate) else { continue }
                if let problem = trustProblem(candidate) {
                    discovery.ignored.append((candidate, problem))
                    continue
                }
                discovery.path = candidate
                return discovery
            }
        }
        for directory in ancestors.dropFirst(inside.count) {
            for name in fileNames {
                let candidate = directory.appendingPathComponent(name).path
                guard fm.fileExists(atPath: candidate) else { continue }
                discovery.ignored.append(
                    (
                        candidate,
                        rootIndex == nil
                            ? "above the description's folder, and the description is in no repository (pass --config to use it)"
                            : "above the repository root \(ancestors[rootIndex ?? 0].path) (pass --config to use it)"
                    ))
            }
        }
        return discovery
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Why a discovered configuration is not trusted, or nil.
    static func trustProblem(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "cannot be examined" }
        if info.st_mode & S_IFMT == S_IFLNK { return "a symbolic link: not followed (pass --config to use its target)" }
        guard info.st_mode & S_IFMT == S_IFREG else { return "not a regular file" }
        if info.st_uid != getuid() && info.st_uid != 0 { return "owned by user \(info.st_uid), neither you nor root" }
        if info.st_mode & S_IWOTH != 0 { return "writable by every user" }
        return nil
    }
}

extension SchemaReader {
    mutating func selector(_ node: YAMLNode, _ what: String, rules: RuleNames) -> Configuration.Selector? {
        guard let text = string(node, "a rule in \(what)") else { return nil }
        guard let ids = rules.resolve(text) else {
            error(node, "unknown rule '\(text)' in \(what)\(NearestName.hint(for: text, among: rules.allNames)); `lvslint rules` lists them")
            return nil
        }
        return Configuration.Selector(text: text, ruleIDs: ids, location: location(node))
    }

    mutating func selectors(_ node: YAMLNode, _ what: String, rules: RuleNames) -> [Configuration.Selector] {
        switch node {
        case .scalar: return selector(node, what, rules: rules).map { [$0] } ?? []
        case let .sequence(items, _): return items.compactMap { selector($0, what, rules: rules) }
        case .mapping:
            error(node, "\(what) must be a list of rule ids, slugs or families")
            return []
        }
    }
}
