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
}
