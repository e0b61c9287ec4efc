import LVSModel

/// A reader of a file's lines on its bytes: `ip route`'s and `ip addr`'s.
protocol ByteLineReader {
    /// One line, `buffer[start..<end]` without its line end; `number` counts from 1 (and the
    /// file's `lineOffset`).
    mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, number: Int)
}

extension ByteLineReader {
    /// Hands every line of `file` to `read`, as `CaptureFile.forEachLine` walks them. Not
    /// through `forEachLine`: a closure that mutates the reader is checked for exclusive
    /// access at every use.
    mutating func readLines(of file: CaptureFile) {
        file.bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var number = file.lineOffset + 1
            let count = buffer.count
            while start < count {
                let lineEnd = CaptureFile.lineEnd(in: buffer, from: start)
                var end = lineEnd
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                read(buffer, start: start, end: end, number: number)
                number += 1
                start = lineEnd + 1
            }
        }
    }
}
