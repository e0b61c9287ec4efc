#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes read straight into one array: a busy director's 150 MB connection listing
/// is held once, not once as `Data` and again as `[UInt8]`.
public enum FileBytes {
    /// The whole file, or nil when it cannot be opened or read, or is no regular file (a FIFO
    /// put in its place after it was listed would block: it is opened without waiting and
    /// refused). A file that grows while it is read stops at `limit` bytes.
    public static func contents(of path: String, limit: Int = 256 * 1024 * 1024) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(Int(info.st_size), 0) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<min(count, limit - bytes.count)])
            if bytes.count >= limit { break }
        }
        return bytes
    }
}
