import Foundation
import LVSModel

/// A finding made at boot that cites a sysctl line which replaced an earlier file's value says
/// so, and cites that earlier line: the earlier file looks right and is not what counts
/// (`99-hardening.conf` read after `90-lvs.conf`), so editing it would change nothing.
enum BootOverrides {
    static func explain(_ finding: inout Finding, in observation: HostObservation) {
        guard observation.state == .boot, !observation.overriddenSysctls.isEmpty || !observation.maskedSysctls.isEmpty else { return }
        var notes: [String] = []
        // A key left at the kernel's default that a masked file would have set.
        for evidence in finding.evidence where evidence.line == 0 {
            guard let key = evidence.text.split(separator: " ").first.map(String.init),
                let (entry, path, maskedBy) = observation.maskedSysctls.last(where: { $0.entry.key == key })
            else { continue }
            let masked = entry.evidence.evidence
            guard !finding.evidence.contains(masked) else { continue }
            notes.append(
                "\(path) sets \(key) = \(entry.value) but is never read: \(maskedBy), a file of the same name in an earlier directory, masks it")
            finding.evidence.append(masked)
        }
        for evidence in finding.evidence {
            for (winner, earlier) in observation.overriddenSysctls
            where winner.evidence.file.path == evidence.file && winner.evidence.number == evidence.line {
                let earlierEvidence = earlier.evidence.evidence
                guard !finding.evidence.contains(earlierEvidence) else { continue }
                let later = "\((evidence.file as NSString).lastPathComponent):\(evidence.line)"
                let first = "\((earlierEvidence.file as NSString).lastPathComponent):\(earlierEvidence.line)"
                notes.append(
                    "\(later) replaces the \(earlier.key) = \(earlier.value) of \(first) (sysctl files are applied in lexical order of their names, the last assignment wins): fix or remove \(later), not \(first)"
                )
                finding.evidence.append(earlierEvidence)
            }
        }
        guard !notes.isEmpty else { return }
        finding.message += ". " + notes.joined(separator: "; ")
    }
}
