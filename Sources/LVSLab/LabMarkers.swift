import Foundation

/// What marks a namespace as a lab's: a file `/run/lvslint/lab/<namespace>` holding the pid
/// of the lab that made it and that process's start time (field 22 of /proc/<pid>/stat, so a
/// pid reused by another process does not pass for the lab). A lab killed with SIGKILL cannot
/// remove its namespaces; the next lab's sweep (or `lvslint lab --clean`) removes every
/// namespace whose marker names a process that is gone, and nothing without a marker.
public enum LabMarkers {
    public static let directory = "/run/lvslint/lab"
    /// Namespace names a lab may hold: the marker's own name, so that a marker file planted
    /// by someone else can never make a sweep delete another namespace.
    static let namePrefix = "lvslab-"

    static func path(_ namespace: String) -> String { directory + "/" + namespace }

    public static func write(namespace: String) {
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let pid = getpid()
        let stamp = "\(pid) \(startTime(of: pid) ?? "?")\n"
        // Written whole or not at all (a sweep running in another lab must never read it half-written).
        try? Data(stamp.utf8).write(to: URL(fileURLWithPath: path(namespace)), options: .atomic)
    }

    public static func remove(namespace: String) {
        try? FileManager.default.removeItem(atPath: path(namespace))
    }

    /// The start time of process `pid` in clock ticks since boot, or nil when it is gone.
    static func startTime(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces): state is field 3, starttime 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? String(fields[19]) : nil
    }

    /// Namespaces whose lab is gone: their marker names a pid that is not running, or that
    /// now belongs to a process started at another time.
    public static func orphaned() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.sorted().filter { name in
            guard name.hasPrefix(namePrefix),
                let text = try? String(contentsOfFile: path(name), encoding: .utf8)
            else { return false }
            let words = text.split(whereSeparator: \.isWhitespace)
            // A marker that does not say whose it is proves nothing: it is left alone.
            guard words.count == 2, let pid = pid_t(words[0]), words[1] != "?" else { return false }
            return startTime(of: pid) != String(words[1])
        }
    }

    /// Removes the namespaces of labs that are gone (their processes first) and their markers;
    /// returns the names removed.
    @discardableResult
    public static func sweep(ip: String) -> [String] {
        var removed: [String] = []
        let orphans = orphaned()
        guard !orphans.isEmpty else { return [] }
        let existing = Set(
            LabNetwork.run(ip, ["netns", "list"]).output.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for name in orphans {
            if existing.contains(name) {
                for pid in LabNetwork.run(ip, ["netns", "pids", name]).output.split(separator: "\n") {
                    if let pid = pid_t(pid) { kill(pid, SIGKILL) }
                }
                _ = LabNetwork.run(ip, ["netns", "del", name])
                removed.append(name)
            }
            remove(namespace: name)
        }
        return removed
    }
}
