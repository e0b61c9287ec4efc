import Foundation
import LVSModel

/// Lines no command prints, taken out before any parser sees them (their place stays, so line
/// numbers do not move) and reported with their place: a line longer than any output (`ip -j
/// addr` of a host with a thousand interfaces is one line of about a megabyte), or one holding
/// a NUL byte (binary data). A UTF-8 byte-order mark an editor left at the start is dropped.
enum UnreadableLines {
    static let limit = 4 * 1024 * 1024

    /// Whether some line of `bytes` is longer than `limit` bytes, without walking every line:
    /// from a line's start, the last newline within the next `limit` + 1 bytes ends every line
    /// begun before it within the limit, and the next look starts after it. A 50 MB listing
    /// is a dozen looks, not a million and a half (and no byte is looked at twice).
    static func hasLongLine(_ bytes: [UInt8], longerThan limit: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var start = 0
            while buffer.count - start > limit {
                // Backwards from the window's end: in a listing the last newline is a few bytes back.
                var newline = start + limit
                while newline >= start && base[newline] != 10 { newline -= 1 }
                if newline < start { return true }
                start = newline + 1
            }
            return false
        }
    }

    /// The file with every such line emptied, and those lines as they were.
    static func cut(_ file: CaptureFile) -> (CaptureFile, [CaptureLine]) {
        var file = file
        if file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            file = CaptureFile(path: file.path, bytes: Array(file.bytes.dropFirst(3)), lineOffset: file.lineOffset, command: file.command)
        }
        let bytes = file.bytes
        // memchr: a fleet's captures are hundreds of megabytes, and this runs on every byte.
        let hasNUL = bytes.withUnsafeBufferPointer { $0.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false }
        guard hasNUL || hasLongLine(bytes, longerThan: limit) else { return (file, []) }
        var long: [CaptureLine] = []
        var number = file.lineOffset
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                number += 1
                // memchr finds each line's end; a line is looked into only when NULs are about.
                let end = CaptureFile.lineEnd(in: buffer, from: start)
                if end - start > limit || (hasNUL && memchr(base + start, 0, end - start) != nil) {
                    long.append(CaptureLine(file: file, number: number, start: start, end: end))
                }
                start = end + 1
            }
        }
        guard !long.isEmpty else { return (file, []) }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count - long.reduce(0) { $0 + $1.end - $1.start })
        var from = 0
        for line in long {
            kept += bytes[from..<line.start]
            from = line.end
        }
        kept += bytes[from...]
        return (CaptureFile(path: file.path, bytes: kept, lineOffset: file.lineOffset, command: file.command), long)
    }
}
