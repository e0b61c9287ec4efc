import LVSModel

/// A section larger than any command prints in one go (a runaway loop in a capture script, a
/// connection table of more than 3 million entries) costs that section's tail
/// alone: its first `maximumBytes` are read as its format, and the rest is one unread
/// region with its line and size, so that the host's addresses, routes, sysctls and table in
/// the other sections of the bundle are still read.
public enum OversizedSection {
    /// `sysctl -a` is 100 KB, a 10,000-route table a few MB.
    public static let maximumBytes = 64 * 1024 * 1024
    /// About 3.3 million `ipvsadm -Lnc` entries: as much as a capture file holds.
    public static let maximumConnectionListingBytes = CaptureFileReader.maximumFileBytes

    struct Cut {
        var kept: CaptureFile
        /// The first line not read, the last line, how many lines and bytes were left.
        var firstDropped: CaptureLine
        var lastDropped: CaptureLine
        var droppedLines: Int
        var droppedBytes: Int
    }

    /// The region's file cut at the last line that ends within the limit; nil when it fits.
    static func cut(_ file: CaptureFile, maximumBytes: Int = maximumBytes) -> Cut? {
        guard file.bytes.count > maximumBytes else { return nil }
        var end = maximumBytes
        while end > 0 && file.bytes[end - 1] != 10 { end -= 1 }
        guard end > 0 else { return nil }  // one enormous line: UnreadableLines has said it
        let kept = CaptureFile(path: file.path, bytes: Array(file.bytes[0..<end]), lineOffset: file.lineOffset, command: file.command)
        var keptLines = 0
        for byte in kept.bytes where byte == 10 { keptLines += 1 }
        var droppedLines = 0
        var lastStart = end
        var index = end
        while index < file.bytes.count {
            if file.bytes[index] == 10 {
                droppedLines += 1
                if index + 1 < file.bytes.count { lastStart = index + 1 }
            }
            index += 1
        }
        if file.bytes.last != 10 { droppedLines += 1 }
        var firstEnd = end
        while firstEnd < file.bytes.count && file.bytes[firstEnd] != 10 { firstEnd += 1 }
        var lastEnd = lastStart
        while lastEnd < file.bytes.count && file.bytes[lastEnd] != 10 { lastEnd += 1 }
        let first = CaptureLine(file: file, number: file.lineOffset + keptLines + 1, start: end, end: firstEnd)
        let last = CaptureLine(file: file, number: file.lineOffset + keptLines + droppedLines, start: lastStart, end: lastEnd)
        return Cut(kept: kept, firstDropped: first, lastDropped: last, droppedLines: droppedLines, droppedBytes: file.bytes.count - end)
    }
}
