#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import LVSModel

/// The blank-separated words of one line, one at a time, as byte ranges of its file's bytes:
/// runs of bytes other than blanks and tabs, as `ByteFields.split` cuts them. That makes an
/// array of slices per line: allocated, grown past twelve words and freed, each slice a
/// retain of the file's bytes; on the `ip route` lines every host has dozens of, that was
/// most of their cost. Here a word is two offsets, and a slice is made only of a word parsed.
struct WordCursor {
    let buffer: UnsafeBufferPointer<UInt8>
    /// Where the next word is looked for.
    private(set) var position: Int
    let end: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
        self.buffer = buffer
        position = from
        end = to
    }

    /// The next word; nil after the last.
    mutating func next() -> Range<Int>? {
        var i = position
        while i < end && ByteFields.isSpace(buffer[i]) { i += 1 }
        if i == end {
            position = i
            return nil
        }
        let start = i
        while i < end && !ByteFields.isSpace(buffer[i]) { i += 1 }
        position = i
        return start..<i
    }

    /// Whether `word` is `literal`.
    func equals(_ word: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard word.count == count, let base = buffer.baseAddress else { return false }
        return literal.withUTF8Buffer { text in text.baseAddress.map { memcmp(base + word.lowerBound, $0, count) == 0 } ?? (count == 0) }
    }

    /// Whether `word` starts with `literal`.
    func hasPrefix(_ word: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return equals(word.lowerBound..<(word.lowerBound + count), literal)
    }

    /// Whether `word` is one of `set`.
    func isIn(_ set: ByteStringSet, _ word: Range<Int>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        return set.contains(base + word.lowerBound, count: word.count)
    }

    /// The first byte of `word` (which is never empty).
    func first(_ word: Range<Int>) -> UInt8 { buffer[word.lowerBound] }
}

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

/// Values made of a few distinct words, each made once per file: a route's device, table,
/// protocol and scope repeat on every line, and a String made of each (its UTF-8 checked,
/// the device's name validated) cost more than the rest of the route. Keeps at most 32
/// words of at most 8 bytes, each told by its length and its bytes read as one number;
/// any other word is made every time it is asked for.
struct WordCache<Value> {
    private struct Entry {
        let key: UInt64
        let length: Int
        let value: Value
    }
    private var entries: [Entry] = []

    /// The value of `word` in `buffer`, made by `make` the first time it is asked for.
    mutating func value(of word: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, _ make: () -> Value) -> Value {
        let count = word.count
        guard count <= 8 else { return make() }
        var key: UInt64 = 0
        for index in word { key = key << 8 | UInt64(buffer[index]) }
        for entry in entries where entry.key == key && entry.length == count { return entry.value }
        let value = make()
        if entries.count < 32 {
            if entries.isEmpty { entries.reserveCapacity(8) }
            entries.append(Entry(key: key, length: count, value: value))
        }
        return value
    }
}
