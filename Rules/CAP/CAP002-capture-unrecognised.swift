import Foundation
import LVSModel

/// CAP002: a capture file of no known kind.
public struct CaptureUnrecognised: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "CAP002", slug: "capture-unrecognised", title: "Capture file of unknown format",
        severity: .note, scope: .captures,
        summary: "A capture file's format is unknown, or a capture folder names no host of the description.",
        needs: [],
        checks:
            "Each file under captures/<host>/ must be recognised, by its content, as one of the formats lvslint reads (`lvslint parse FILE` shows how a file is read); each folder under captures/ must be a described host. Error lines a command printed amid output that was read (iproute2's `Error: …`, kept by `collect`'s `2>&1`) are said here: the output around them is read.",
        mechanism: "An unrecognised file contributes nothing: whatever it shows is not checked.",
        symptom: "Checks are listed as not done although you captured the data.",
        fix: RuleFix(
            summary:
                "Capture one of the supported commands (ip -d addr, ip route show table all, sysctl -a, ipvsadm -Ln, ifconfig -a, route -n) unedited, or rename the folder to the host's name in the description.",
            runtime: [
                "{ ip -d addr; ip route show table all; sysctl -a 2>/dev/null; ipvsadm -Ln; } > captures/HOST.txt",
                "mv captures/OLDNAME captures/HOST   # a folder per host, named as in the description",
            ],
            persistentRHEL: ["keep notes and other files out of captures/, or in a folder no host is named after"],
            persistentDebian: ["keep notes and other files out of captures/, or in a folder no host is named after"]),
        references: ["README: Captures (the formats lvslint reads, and `lvslint parse` to see what it read)"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for host in context.cluster.hosts {
            guard let observation = context.observations[host.name] else { continue }
            for file in observation.unrecognisedFiles {
                report.add(
                    host: host.name, service: nil,
                    message: "not a capture format lvslint reads: \(file.reason)",
                    location: SourceLocation(file: file.file.path, line: max(1, file.file.lineOffset)),
                    evidence: file.file.lines.prefix(1).map(\.evidence))
            }
            // A host checked from its configuration files: what they leave unknown before boot.
            for note in observation.configurationNotes {
                report.add(
                    host: host.name, service: nil, message: "at boot: \(note.reason)",
                    location: SourceLocation(file: note.line.file.path, line: note.line.number),
                    evidence: [note.line.evidence])
            }
        }
        // A bundle's failed commands: one note per host, naming each (a missing tool is no fault of
        // the cluster, but what it would have shown is not checked).
        for host in context.cluster.hosts {
            // A real server without ipvsadm is the normal case.
            let failed = (context.observations[host.name]?.failedCommands ?? []).filter { f in
                host.roles.contains(.director) || !(f.command.hasPrefix("ipvsadm") || f.command.hasPrefix("cat /proc/net/ip_vs"))
            }
            guard let first = failed.first else { continue }
            let list = failed.map { f -> Message in
                f.outputRead
                    ? "`\(f.command)` (exit \(f.status); its output was read, error lines skipped: only what it could not print is missing)"
                    : "`\(f.command)` (exit \(f.status)\(f.output.map { ": \($0.text.trimmingCharacters(in: .whitespaces))" } ?? ""))"
            }
            report.add(
                host: host.name, service: nil,
                message:
                    "\(failed.count) command\(failed.count == 1 ? "" : "s") of the bundle failed on \(host.name): \(list.joined(separator: "; "))",
                location: SourceLocation(file: first.file.path, line: max(1, first.file.lineOffset)),
                evidence: failed.prefix(5).compactMap { $0.output?.evidence })
        }
        // Error lines amid output that was read: the listing stands, the side lookup that failed
        // is said (iproute2 naming a peer namespace another process was deleting).
        for host in context.cluster.hosts {
            guard let lines = context.observations[host.name]?.errorLines, let first = lines.first else { continue }
            let shown = lines.prefix(3).map { "`\($0.text.trimmingCharacters(in: .whitespaces))`" }.joined(separator: ", ")
            report.add(
                host: host.name, service: nil,
                message:
                    "\(lines.count) error line\(lines.count == 1 ? "" : "s") printed amid \(host.name)'s output (\(shown)\(lines.count > 3 ? ", …" : "")): the output around \(lines.count == 1 ? "it" : "them") was read",
                location: SourceLocation(file: first.file.path, line: first.number),
                evidence: lines.prefix(5).map(\.evidence))
        }
        for stray in context.strayCaptures {
            report.add(
                host: nil, service: nil,
                message: "\(stray) matches no host of the description\(NearestHost.hint(stray, context.cluster.hosts.map(\.name)))",
                location: SourceLocation(file: stray, line: 1), evidence: [])
        }
    }
}

enum NearestHost {
    static func hint(_ path: String, _ hosts: [String]) -> Message {
        let name = String(path.split(separator: "/").last ?? "").replacingOccurrences(of: ".txt", with: "")
        let close = hosts.filter { $0.lowercased() == name.lowercased() || $0.hasPrefix(name) || name.hasPrefix($0) }
        return close.first.map { " (did you mean '\($0)'?)" } ?? "; its files are not read"
    }
}
