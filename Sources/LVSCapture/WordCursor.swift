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
