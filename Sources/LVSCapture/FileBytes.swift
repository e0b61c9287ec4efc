#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import LVSModel

/// A file's bytes read straight into one array: a busy director's 150 MB connection listing
/// is held once, not once as `Data` and again as `[UInt8]`.
public enum FileBytes {
    /// The whole file, or nil when it cannot be opened or read, or is no regular file (a FIFO
    /// put in its place after it was listed would block: it is opened without waiting and
    /// refused). A file that grows while it is read stops at `limit` bytes.
    public static func contents(of path: String, limit: Int = 256 * 1024 * 1024) -> [UInt8]? {
        if case let .bytes(bytes) = outcome(of: path, limit: limit) { return bytes }
        return nil
    }

    public enum Outcome {
        case bytes([UInt8])
        /// Not opened or not read, or no regular file.
        case unreadable
        /// Larger than the `refusingOver` asked, in bytes: not read.
        case tooLarge(Int)
    }

    /// The whole file, as `contents(of:)`; with `followingLinks` false a symbolic link in
    /// its place is not opened; a file larger than `refusingOver` bytes is not read.
    public static func outcome(of path: String, limit: Int = 256 * 1024 * 1024, followingLinks: Bool = true, refusingOver maximum: Int? = nil)
        -> Outcome
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return .unreadable }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable }
        if let maximum, Int(info.st_size) > maximum { return .tooLarge(Int(info.st_size)) }
        // Read straight into the array's own storage, sized from fstat: no zeroed buffer per
        // file (each of a fleet's 30,000 files once paid for clearing a megabyte) and one copy
        // of the bytes. One byte more than the size, so the end is seen without a second
        // buffer; a file that grew since fstat is read on into doubled room.
        let size = Int(info.st_size)
        var capacity = min(max(size + 1, 256), limit)
        var bytes: [UInt8] = []
        while true {
            var failed = false
            var ended = false
            let previous = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else {
                    ended = true
                    return
                }
                if !previous.isEmpty { count = buffer.initialize(from: previous).1 }
                // A large file is read in pieces on every core at once: what reading costs is
                // mostly the kernel giving the buffer its pages, which each core does for its own.
                if previous.isEmpty, capacity > Self.parallelReadBytes {
                    count = readInPieces(fd, into: base, bytes: capacity - 1)
                }
                while count < capacity {
                    let got = read(fd, base + count, capacity - count)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failed = true
                        return
                    }
                    if got == 0 {
                        ended = true
                        return
                    }
                    count += got
                    // A regular file's read that stops short, just where fstat said the file
                    // ends, is its end: asking again would only hear so (one system call per
                    // file, 30,000 in a fleet). A file that grew since fstat filled the room.
                    if previous.isEmpty && count == size && count < capacity {
                        ended = true
                        return
                    }
                }
            }
            if failed { return .unreadable }
            if ended || bytes.count >= limit { return .bytes(bytes) }
            capacity = min(capacity * 2, limit)
        }
    }

    /// A file of more than this is read on every core at once.
    static let parallelReadBytes = 8 << 20

    /// Reads the first `bytes` bytes of `fd` into `target`, in one piece per core; how many
    /// were read from the start without a gap (fewer if the file shrank or a read failed:
    /// the caller reads on from there as ever).
    static func readInPieces(_ fd: Int32, into target: UnsafeMutablePointer<UInt8>, bytes: Int) -> Int {
        let pieces = max(1, min(ProcessInfo.processInfo.activeProcessorCount, bytes / (4 << 20)))
        let shared = SharedTarget(pointer: target)
        let got = Parallel.map(pieces) { n -> Int in
            let start = bytes / pieces * n
            let end = n == pieces - 1 ? bytes : bytes / pieces * (n + 1)
            var at = start
            while at < end {
                let read = pread(fd, shared.pointer + at, end - at, off_t(at))
                if read < 0 && errno == EINTR { continue }
                if read <= 0 { break }
                at += read
            }
            return at - start
        }
        // The bytes read without a gap from the start.
        var count = 0
        for n in 0..<pieces {
            let start = bytes / pieces * n
            guard count == start else { break }
            count += got[n]
        }
        // The next read must start where these ended.
        _ = lseek(fd, off_t(count), SEEK_SET)
        return count
    }
}

/// The buffer the pieces of a file are read into, each piece to its own part.
private struct SharedTarget: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
}
