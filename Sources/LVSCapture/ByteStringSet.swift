#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A few dozen byte strings, asked about thousands of times per file: a candidate is compared
/// only with the members of its own length (rarely more than two), byte for byte, with no
/// String made or hashed. What the sysctl reader asks of every line of every `sysctl -a`.
struct ByteStringSet: Sendable {
    /// Every member's bytes, one after another, shortest first.
    private let bytes: [UInt8]
    /// Where each member starts in `bytes`, in the same order.
    private let offsets: [Int]
    /// For each length, the members of that length: `offsets[first[n]..<first[n + 1]]`.
    private let first: [Int]
    /// The lengths members have, each once, shortest first.
    private let lengths: [Int]
    /// Which bytes end some member: bit `b % 64` of word `b / 64`.
    private let lastBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ members: some Sequence<[UInt8]>) {
        let sorted = Set(members).sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        let longest = sorted.last?.count ?? 0
        var first = [Int](repeating: 0, count: longest + 2)
        for member in sorted {
            offsets.append(bytes.count)
            bytes += member
            first[member.count + 1] += 1
        }
        // Counts per length, summed into where each length's members begin.
        for length in 1..<first.count { first[length] += first[length - 1] }
        self.bytes = bytes
        self.offsets = offsets
        self.first = first
        lengths = Array(Set(sorted.map(\.count))).sorted()
        var last: [UInt64] = [0, 0, 0, 0]
        for member in sorted {
            if let byte = member.last { last[Int(byte) / 64] |= 1 << UInt64(byte % 64) }
        }
        lastBytes = (last[0], last[1], last[2], last[3])
    }

    /// Whether what follows the last `separator` of the `count` bytes at `start` is a member,
    /// for members that hold no `separator`: the last byte is looked up first, then for each
    /// length a member has, a separator that far from the end (the last one, then) is looked
    /// for, and only then are bytes compared.
    @inline(__always)
    func containsLastPart(of start: UnsafePointer<UInt8>, count: Int, after separator: UInt8) -> Bool {
        guard count > 1 else { return false }
        let byte = start[count - 1]
        let word: UInt64
        switch byte >> 6 {
        case 0: word = lastBytes.0
        case 1: word = lastBytes.1
        case 2: word = lastBytes.2
        default: word = lastBytes.3
        }
        guard word & (1 << UInt64(byte & 63)) != 0 else { return false }
        for length in lengths where count > length && start[count - length - 1] == separator {
            if contains(start + count - length, count: length) { return true }
        }
        return false
    }

    /// Whether `count` bytes at `start` are one of the members.
    @inline(__always)
    func contains(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count + 1 < first.count else { return false }
        let low = first[count], high = first[count + 1]
        guard low < high else { return false }
        if count == 0 { return true }
        return bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return false }
            // The first byte before the call: most candidates differ there (`kernel.` against `net.`).
            for index in low..<high where base[offsets[index]] == start[0] && memcmp(base + offsets[index], start, count) == 0 {
                return true
            }
            return false
        }
    }

    func contains(_ member: ArraySlice<UInt8>) -> Bool {
        member.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return contains(emptyOf: buffer.count) }
            return contains(base, count: buffer.count)
        }
    }

    /// The empty string, which has no bytes to point at.
    private func contains(emptyOf count: Int) -> Bool { count == 0 && first.count > 1 && first[0] < first[1] }
}
