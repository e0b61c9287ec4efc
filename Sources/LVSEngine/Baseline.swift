import Foundation
import LVSModel

/// Findings accepted as they are, so that only new ones fail a run. Keyed by fingerprint
/// (rule, host, service, evidence content), counted, so two equal findings need two
/// entries.
public struct Baseline: Sendable {
    public var counts: [String: Int]
    public var file: String

    public init(file: String) {
        self.file = file
        counts = [:]
    }

    static func key(cluster: String, _ finding: Finding) -> String { "\(cluster)|\(finding.fingerprint)" }

    public static func load(path: String) -> Result<Baseline, CheckFailure> {
        func failure(_ message: String) -> Result<Baseline, CheckFailure> {
            .failure(CheckFailure(errors: [.init(location: SourceLocation(file: path, line: 1), message: message)]))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return failure("cannot read the baseline file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["version"] as? Int == 1, let entries = object["findings"] as? [[String: Any]]
        else {
            return failure("not an lvslint baseline (write one with --write-baseline)")
        }
        var baseline = Baseline(file: path)
        for entry in entries {
            guard let fingerprint = entry["fingerprint"] as? String, let cluster = entry["cluster"] as? String else {
                return failure("a baseline entry has no cluster or fingerprint")
            }
            baseline.counts["\(cluster)|\(fingerprint)", default: 0] += 1
        }
        return .success(baseline)
    }

    /// The baseline file: one entry per finding, with enough text for a reviewer.
    public static func render(_ results: [CheckResult]) -> String {
        let entries = results.flatMap { r in (r.findings + r.baselined).map { (r.cluster.name, $0) } }
            .sorted { ($0.0, $0.1.fingerprint) < ($1.0, $1.1.fingerprint) }
        return JSONValue.object([
            ("version", .int(1)),
            ("tool", .string("lvslint")),
            (
                "findings",
                .array(
                    entries.map { cluster, f in
                        .object([
                            ("cluster", .string(cluster)), ("fingerprint", .string(f.fingerprint)), ("rule", .string(f.rule)),
                            ("host", .optional(f.host)), ("service", .optional(f.service)), ("message", .string(f.message)),
                        ])
                    })
            ),
        ]).serialized() + "\n"
    }

    /// Splits findings into new ones and those the baseline accepts.
    func filter(_ findings: [Finding], cluster: String) -> (kept: [Finding], baselined: [Finding]) {
        var remaining = counts
        var kept: [Finding] = [], baselined: [Finding] = []
        for finding in findings {
            let key = Self.key(cluster: cluster, finding)
            if let n = remaining[key], n > 0 {
                remaining[key] = n - 1
                baselined.append(finding)
            } else {
                kept.append(finding)
            }
        }
        return (kept, baselined)
    }
}
