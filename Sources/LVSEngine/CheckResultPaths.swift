import LVSModel

extension CheckResult {
    /// The result with every file name a report shows passed through `rename`.
    func renamingFiles(_ rename: (String) -> String) -> CheckResult {
        func renamed(_ finding: Finding) -> Finding {
            var f = finding
            if let location = f.location { f.location = SourceLocation(file: rename(location.file), line: location.line, column: location.column) }
            f.evidence = f.evidence.map { e in
                var copy = e
                copy.file = rename(e.file)
                return copy
            }
            return f
        }
        var copy = self
        copy.findings = findings.map(renamed)
        copy.suppressed = suppressed.map(renamed)
        copy.excluded = excluded.map(renamed)
        copy.baselined = baselined.map(renamed)
        copy.inferredFrom = inferredFrom.map(rename)
        copy.configurationFile = configurationFile.map(rename)
        copy.cluster.file = rename(cluster.file)
        copy.cluster.capturesDirectory = rename(cluster.capturesDirectory)
        return copy
    }
}
