import Foundation
import LVSModel

/// Reads the files under a host's captures folder and never more: symbolic links are
/// followed only to files inside the captures folder (a link loop or a link out of it is
/// reported, not followed), only regular files are opened (a FIFO would block), and a file
/// too large to be any command's output is reported rather than read.
enum CaptureFileReader {
    /// `sysctl -a` is about 100 KB, a 10,000-route table a few MB; a busy director's bundle with
    /// its whole connection table can be 100 MB. Each section of a file is then read up to
    /// `OversizedSection.maximumBytes`.
    static let maximumFileBytes = 256 * 1024 * 1024
    /// Nested folders under a host's folder (`etc/sysctl.d/…` is three deep).
    static let maximumDepth = 12
    /// Files under one host's folder.
    static let maximumFiles = 10_000

    enum Entry {
        /// `listedAsFile`: the folder's listing said it is a regular file (not a link to one):
        /// it is opened without following links, and its size is judged as it is read.
        case file(path: String, listedAsFile: Bool)
        case problem(path: String, reason: Message)
        /// A symbolic link that is not followed (it leads out of the captures folder, or
        /// nowhere), with the target it names: a configuration tree's `*.wants/` link or a
        /// unit masked to /dev/null is read as a link. The target is never opened.
        case link(path: String, target: String, reason: Message)
    }

    /// The files of `folder`, in path order, with what could not be read and why. `realRoot`
    /// is the captures folder with its links resolved (`realPath`, once per run): no link
    /// leads out of it.
    static func entries(of folder: String, realRoot: String) -> [Entry] {
        var out: [Entry] = []
        walk(folder, depth: 0, realRoot: realRoot, into: &out)
        return out.sorted { path(of: $0) < path(of: $1) }
    }

    static func path(of entry: Entry) -> String {
        switch entry {
        case let .file(path, _), let .problem(path, _), let .link(path, _, _): return path
        }
    }

    static func walk(_ folder: String, depth: Int, realRoot: String, into out: inout [Entry]) {
        guard let listed = list(folder) else {
            out.append(.problem(path: folder, reason: "the folder cannot be listed (permission denied?)"))
            return
        }
        for (name, type) in listed.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
            guard out.count < maximumFiles else {
                out.append(.problem(path: folder, reason: "more than \(maximumFiles) files under this host's folder: the rest were not read"))
                return
            }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            // Folders are walked where they are, never through a link: no loop is possible.
            // The type the listing gives spares a fleet's 30,000 files an lstat each; where
            // the file system gives none, lstat says.
            var isFolder = type == UInt8(DT_DIR)
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            if isFolder {
                if depth + 1 >= maximumDepth {
                    out.append(.problem(path: path, reason: "folders nested more than \(maximumDepth) deep: not read"))
                } else {
                    walk(path, depth: depth + 1, realRoot: realRoot, into: &out)
                }
                continue
            }
            // A regular file as listed is opened without following a link (`FileBytes`), so one
            // put in its place since cannot lead out; its size is judged when it is read.
            if type == UInt8(DT_REG) {
                out.append(.file(path: path, listedAsFile: true))
                continue
            }
            if let entry = judge(path, realRoot: realRoot) { out.append(entry) }
        }
    }

    /// The names in `folder` with their types as the listing gives them (`DT_REG`, `DT_DIR`,
    /// `DT_LNK`, `DT_UNKNOWN` where the file system does not say); nil when it cannot be listed.
    static func list(_ folder: String) -> [(name: String, type: UInt8)]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [(name: String, type: UInt8)] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: bytes[0..<length], as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append((name, item.pointee.d_type))
        }
        return names
    }

    /// Why a file is not read for its size.
    static func tooLarge(_ size: Int) -> Message {
        "\(size / (1024 * 1024)) MB, more than any command prints (lvslint reads captures of at most \(maximumFileBytes / (1024 * 1024)) MB): not read"
    }

    enum HostFolder { case folder, absent, refused(Message) }

    /// Whether `captures/<host>` is a folder to walk. A symbolic link is followed only to a
    /// folder inside the captures folder (not the captures folder itself, nor above it): a
    /// host folder linked to /etc must not put the machine's own files into a report.
    static func hostFolder(_ path: String, realRoot: String) -> HostFolder {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK:
            guard let target = realPath(path) else { return .refused("a symbolic link that leads nowhere (or in a loop): not followed") }
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return .absent }
            guard target.hasPrefix(realRoot + "/") else {
                return .refused("a symbolic link to \(target), outside the captures folder: not followed")
            }
            return .folder
        default: return .absent
        }
    }

    /// One file named directly (`captures/<host>.txt`): the same checks.
    static func single(_ path: String, realRoot: String) -> Entry? {
        judge(path, realRoot: realRoot)
    }

    /// Whether a path that is not a folder may be read; nil when it does not exist.
    static func judge(_ path: String, realRoot: String) -> Entry? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        var type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            // A link is followed only when it ends inside the captures folder.
            let named = linkText(path)
            guard let target = realPath(path) else {
                let reason: Message = "a symbolic link that leads nowhere (or in a loop): not followed"
                return named.map { .link(path: path, target: $0, reason: reason) } ?? .problem(path: path, reason: reason)
            }
            guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                let reason: Message = "a symbolic link to \(target), outside the captures folder: not followed"
                return named.map { .link(path: path, target: $0, reason: reason) } ?? .problem(path: path, reason: reason)
            }
            guard stat(path, &info) == 0 else { return .problem(path: path, reason: "cannot be examined") }
            type = info.st_mode & S_IFMT
        }
        switch type {
        case S_IFREG:
            guard Int(info.st_size) <= maximumFileBytes else { return .problem(path: path, reason: tooLarge(Int(info.st_size))) }
            return .file(path: path, listedAsFile: false)
        case S_IFDIR:
            let wasLink = lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
            return .problem(
                path: path,
                reason: wasLink
                    ? "a symbolic link to a folder: not followed (copy the files instead)"
                    : "a folder where a file was expected (captures/<host>.txt is one file; captures/<host>/ a folder)")
        case S_IFIFO: return .problem(path: path, reason: "a FIFO, not a file: not read (reading it would wait for a writer)")
        default: return .problem(path: path, reason: "not a regular file (a device or socket): not read")
        }
    }

    /// What a symbolic link names, as written (`readlink`), without following it.
    static func linkText(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, 4096)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
