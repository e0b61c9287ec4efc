import LVSModel

/// Lines no command prints: `ip -j addr` of a host with a thousand interfaces is one line of
/// about a megabyte. A longer line is taken out before any parser sees it (its place stays, so
/// line numbers do not move) and reported with its place.
enum LongLines {
    static let limit = 4 * 1024 * 1024

    /// The file with every line over the limit emptied, and those lines as they were.
    static func cut(_ file: CaptureFile) -> (CaptureFile, [CaptureLine]) {
        let bytes = file.bytes
        guard bytes.count > limit else { return (file, []) }
        var long: [CaptureLine] = []
        var start = 0
        var number = file.lineOffset
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            if end - start > limit { long.append(CaptureLine(file: file, number: number, start: start, end: end)) }
            start = end + 1
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
