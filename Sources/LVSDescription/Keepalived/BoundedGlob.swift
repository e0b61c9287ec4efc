import Foundation

/// `include` globs expanded one path component at a time, with a budget of directory entries
/// looked at: `include /*/*/*/*/*/*` must end in bounded time, not walk a whole file system.
/// Hidden names match only a pattern that starts with `.`, as in the shell and in glob(3).
enum BoundedGlob {
    /// Directory entries examined, at most, for one `include`.
    static let budget = 20_000

    /// The paths `pattern` (absolute) names, sorted; `exhausted` when the budget ran out first.
    static func expand(_ pattern: String) -> (paths: [String], exhausted: Bool) {
        guard pattern.hasPrefix("/") else { return ([], false) }
        var current = ["/"]
        var seen = 0
        let components = pattern.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            let isLast = index == components.count - 1
            var next: [String] = []
            if !component.contains(where: { "*?[".contains($0) }) {
                for base in current {
                    let path = (base as NSString).appendingPathComponent(component)
                    if isLast || isFolder(path) { next.append(path) }
                }
            } else {
                for base in current {
                    guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { continue }
                    seen += names.count
                    if seen > budget { return (next.sorted(), true) }
                    for name in names.sorted() where fnmatch(component, name, FNM_PERIOD) == 0 {
                        let path = (base as NSString).appendingPathComponent(name)
                        if isLast || isFolder(path) { next.append(path) }
                    }
                }
            }
            current = next
            if current.isEmpty { break }
        }
        return (current.filter { FileManager.default.fileExists(atPath: $0) }.sorted(), false)
    }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
