import LVSModel

/// A quick hash of a byte string: eight bytes at a time, mixed with a seed drawn for each
/// run. For tables read on every line of a fleet's captures (`KeyTable`, `StringPool`), where
/// the standard library's SipHash cost more than the rest of the lookup. Keys can still be made
/// to collide: each table bounds its probes and says what it does past the bound.
enum QuickHash {
    @inline(__always)
    static func of(_ key: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var h = seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= count {
            h = step(h, ByteWords.load(key + i))
            i += 8
        }
        if i < count {
            // The last eight bytes (overlapping those already mixed), or fewer one by one.
            var tail: UInt64 = 0
            if count >= 8 {
                tail = ByteWords.load(key + count - 8)
            } else {
                while i < count {
                    tail = tail << 8 | UInt64(key[i])
                    i += 1
                }
            }
            h = step(h, tail)
        }
        return Int(truncatingIfNeeded: SplitMix.finalize(h))
    }

    /// One word into the hash: one multiply, with a rotation so the high bits the multiply
    /// made reach the low bits the next word meets. The full mix runs once, at the end.
    @inline(__always)
    private static func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let m = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        return m << 31 | m >> 33
    }

    private static let seed = UInt64.random(in: 0...UInt64.max)
}
