/// Tests of eight bytes at once (one 64-bit word), for the readers' hottest loops: a line's
/// key is walked a word at a time while no byte in it can end the key, and only the word
/// that holds such a byte is walked byte by byte. Each answer is exact (whether some byte
/// is so), whatever the machine's byte order: a borrow between bytes can only follow a
/// byte that already answers yes.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `pointer`, which need not be aligned.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }

    /// Whether some byte of `word` is `byte`.
    @inline(__always)
    static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        let differences = word ^ (ones &* UInt64(byte))
        return (differences &- ones) & ~differences & highBits != 0
    }

    /// Whether some byte of `word` is below `limit` (at most 128).
    @inline(__always)
    static func has(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// The place (0 to 7, in memory order) of the first of the eight bytes at `pointer` that
    /// is below `limit` (at most 128) or is `byte`; nil when none is. Exact: of all the marks
    /// the tests make, the lowest is always a true one (a borrow runs only upward from a
    /// byte that answers yes), and the bytes are put in little-endian order to count it.
    @inline(__always)
    static func firstIndex(at pointer: UnsafePointer<UInt8>, below limit: UInt8, orEqualTo byte: UInt8) -> Int? {
        let word = UInt64(littleEndian: load(pointer))
        let differences = word ^ (ones &* UInt64(byte))
        let marks = ((differences &- ones) & ~differences | (word &- ones &* UInt64(limit)) & ~word) & highBits
        return marks == 0 ? nil : marks.trailingZeroBitCount >> 3
    }

    /// The place of the first of the eight bytes at `pointer` that is `byte`; 8 when none is.
    @inline(__always)
    static func firstIndex(at pointer: UnsafePointer<UInt8>, of byte: UInt8) -> Int {
        let differences = UInt64(littleEndian: load(pointer)) ^ (ones &* UInt64(byte))
        let marks = (differences &- ones) & ~differences & highBits
        return marks == 0 ? 8 : marks.trailingZeroBitCount >> 3
    }
}
