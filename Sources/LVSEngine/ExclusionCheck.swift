import LVSDescription
import LVSModel

/// `.lvslint.yaml` exclusions are checked as strictly as the rest of the file: one that
/// names a host or service no description it applies to has is a located error (usually
/// a typo, which would otherwise exclude nothing, silently).
public enum ExclusionCheck {
    public static func errors(results: [CheckResult], configurations: [Configuration]) -> [DescriptionError] {
        errors(clusters: results.map(\.cluster), configurations: configurations)
    }

    /// The same, for descriptions read but not checked (`lvslint config`).
    public static func errors(clusters: [ClusterDescription], configurations: [Configuration]) -> [DescriptionError] {
        var byFile: [String: (configuration: Configuration, hosts: Set<String>, services: Set<String>)] = [:]
        for (cluster, configuration) in zip(clusters, configurations) {
            guard let file = configuration.file else { continue }
            var entry = byFile[file] ?? (configuration, [], [])
            entry.hosts.formUnion(cluster.hosts.map(\.name))
            for service in cluster.services {
                entry.services.insert(service.label)
                entry.services.insert(service.key.description)
                if let name = service.name { entry.services.insert(name) }
            }
            byFile[file] = entry
        }
        var errors: [DescriptionError] = []
        for file in byFile.keys.sorted() {
            guard let entry = byFile[file] else { continue }
            for exclusion in entry.configuration.exclusions {
                if let host = exclusion.host, !entry.hosts.contains(host) {
                    errors.append(
                        DescriptionError(
                            location: exclusion.location,
                            message:
                                "exclude: no description checked with this configuration has a host '\(host)'\(NearestName.hint(for: host, among: Array(entry.hosts)))"
                        ))
                }
                if let service = exclusion.service, !entry.services.contains(service) {
                    errors.append(
                        DescriptionError(
                            location: exclusion.location,
                            message:
                                "exclude: no description checked with this configuration has a service '\(service)'\(NearestName.hint(for: service, among: Array(entry.services)))"
                        ))
                }
            }
        }
        return errors
    }
}
