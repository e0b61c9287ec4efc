#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one captured file, read once and shared by every value that cites a
/// line of it. Parsers walk the bytes; text is made only for lines that end up as
/// evidence.
public final class CaptureFile: Sendable, Hashable {
    /// The path as shown to the user (relative to the working directory when possible).
    public let path: String
    public let bytes: [UInt8]
    /// Lines before this part of the file: a section cut out of a terminal session or a
    /// bundle keeps the line numbers of the whole file.
    public let lineOffset: Int
    /// The command that produced this section, when the file named it (`$ ipvsadm -Ln`).
    public let command: String?

    public init(path: String, bytes: [UInt8], lineOffset: Int = 0, command: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.lineOffset = lineOffset
        self.command = command
    }

    public static func == (a: CaptureFile, b: CaptureFile) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// Calls `body` for each line, without its `\n` or `\r\n`; a missing final newline
    /// still ends the last line. Line numbers start at 1.
    public func forEachLine(_ body: (CaptureLine) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var number = lineOffset + 1
            let count = buffer.count
            while start < count {
                let end = Self.lineEnd(in: buffer, from: start)
                var contentEnd = end
                if contentEnd > start && buffer[contentEnd - 1] == 13 { contentEnd -= 1 }
                body(CaptureLine(file: self, number: number, start: start, end: contentEnd))
                number += 1
                start = end + 1
            }
        }
    }

    /// Where the line that starts at `start` ends: its newline, or `end` (the buffer's end by
    /// default). Found with `memchr`, at memory speed: every line of every file is walked this way.
    @inlinable @inline(__always)
    public static func lineEnd(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int? = nil) -> Int {
        let end = end ?? buffer.count
        guard let base = buffer.baseAddress, start < end else { return end }
        return memchr(base + start, 10, end - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
    }

    /// The first `limit` lines with content, without reading further into the file.
    public func firstContentLines(_ limit: Int) -> [CaptureLine] {
        var out: [CaptureLine] = []
        // Room made once: grown a line at a time, the array was made four times for six lines.
        out.reserveCapacity(min(max(limit, 0), 16))
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var number = lineOffset + 1
            let count = buffer.count
            while start < count && out.count < limit {
                let end = Self.lineEnd(in: buffer, from: start)
                var contentEnd = end
                if contentEnd > start && buffer[contentEnd - 1] == 13 { contentEnd -= 1 }
                var blank = true
                for i in start..<contentEnd where buffer[i] != 32 && buffer[i] != 9 { blank = false; break }
                if !blank { out.append(CaptureLine(file: self, number: number, start: start, end: contentEnd)) }
                number += 1
                start = end + 1
            }
        }
        return out
    }

    /// All lines at once, for parsers that need to look ahead.
    public var lines: [CaptureLine] {
        var out: [CaptureLine] = []
        forEachLine { out.append($0) }
        return out
    }
}

/// One line of a capture file: a byte range plus its number. Cheap to keep; `text`
/// decodes it on demand.
public struct CaptureLine: Sendable, Hashable {
    public let file: CaptureFile
    public let number: Int
    public let start: Int
    public let end: Int

    public init(file: CaptureFile, number: Int, start: Int, end: Int) {
        self.file = file
        self.number = number
        self.start = start
        self.end = end
    }

    public var bytes: ArraySlice<UInt8> { file.bytes[start..<end] }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    public var isBlank: Bool { bytes.allSatisfy { $0 == 32 || $0 == 9 } }

    /// Number of leading spaces or tabs.
    public var indent: Int {
        var n = 0
        for b in bytes { if b == 32 || b == 9 { n += 1 } else { break } }
        return n
    }

    /// The whitespace-separated fields of the line.
    public var fields: [ArraySlice<UInt8>] { ByteFields.split(bytes) }

    /// Quoted in findings: a line longer than any report should print is cut, and says so.
    public var evidence: Evidence {
        guard end - start > Self.quotedBytes else { return Evidence(file: file.path, line: number, text: text) }
        let head = String(decoding: file.bytes[start..<(start + Self.quotedBytes)], as: UTF8.self)
        return Evidence(file: file.path, line: number, text: "\(head)… (\(end - start) bytes in all)")
    }

    static let quotedBytes = 400
}

/// A capture line quoted in a finding.
public struct Evidence: Hashable, Sendable, Codable {
    public var file: String
    public var line: Int
    public var text: String

    public init(file: String, line: Int, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }
}

extension Evidence {
    /// `file:line`, or the file alone for line 0: a fact no file states (a kernel default).
    public var place: String {
        let name = SourceLocation.unambiguous(file)
        return line > 0 ? "\(name):\(line)" : name
    }
}

/// Byte-level helpers shared by the parsers.
public enum ByteFields {
    @inline(__always) public static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    public static func split(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(12)
        // The blanks are found on the bytes in place (no bounds check per byte); each field
        // is then cut from the slice by its offsets.
        let base = bytes.startIndex
        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let end = buffer.count
            while i < end {
                while i < end && isSpace(buffer[i]) { i += 1 }
                if i == end { break }
                let s = i
                while i < end && !isSpace(buffer[i]) { i += 1 }
                out.append(bytes[(base + s)..<(base + i)])
            }
        }
        return out
    }

    public static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The first position of `byte` in `bytes`, found with `memchr`: asked of whole lines,
    /// some hundreds of bytes long (`ip -d addr`'s link lines).
    public static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let found = memchr(base, Int32(byte), buffer.count) else { return nil }
            return bytes.startIndex + (UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base)
        }
    }

    public static func equals(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        return literal.withUTF8Buffer { lit in
            var j = 0
            for b in bytes { if b != lit[j] { return false }; j += 1 }
            return true
        }
    }

    public static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return literal.withUTF8Buffer { lit in
            var j = 0
            var i = bytes.startIndex
            while j < count { if bytes[i] != lit[j] { return false }; i += 1; j += 1 }
            return true
        }
    }

    public static func hasSuffix(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        return hasPrefix(bytes[(bytes.endIndex - count)...], literal)
    }

    /// The bytes after leading whitespace.
    public static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes.startIndex, e = bytes.endIndex
        while s < e && isSpace(bytes[s]) { s += 1 }
        while e > s && isSpace(bytes[e - 1]) { e -= 1 }
        return bytes[s..<e]
    }

    /// Whether `literal` occurs in `bytes`. On the bytes in place: a slice made at every
    /// position (each a retain and a release) cost thousands of instructions on a long line,
    /// and the segmenter asks this of lines hundreds of bytes long.
    public static func contains(_ bytes: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        if count == 0 { return true }
        if bytes.count < count { return false }
        return bytes.withUnsafeBufferPointer { haystack in
            literal.withUTF8Buffer { needle in
                guard let first = needle.first else { return true }
                var i = 0
                while i + count <= haystack.count {
                    if haystack[i] == first {
                        var j = 1
                        while j < count && haystack[i + j] == needle[j] { j += 1 }
                        if j == count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// A decimal number, or nil.
    public static func int(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var negative = false
        var i = bytes.startIndex
        if i < bytes.endIndex && bytes[i] == 45 { negative = true; i += 1 }
        if i == bytes.endIndex { return nil }
        while i < bytes.endIndex {
            let b = bytes[i]
            guard b >= 48 && b <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(b - 48))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return negative ? -value : value
    }

    /// A hexadecimal number (no prefix) of at most 32 digits, or nil.
    public static func hex(_ bytes: ArraySlice<UInt8>) -> UInt128? {
        guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
        var value: UInt128 = 0
        for b in bytes {
            guard let d = IPAddress.hexValue(b) else { return nil }
            value = value << 4 | UInt128(d)
        }
        return value
    }
}
