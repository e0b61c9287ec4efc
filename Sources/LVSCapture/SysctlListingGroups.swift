import Foundation
import LVSModel

extension SysctlListing {
    /// One key of the listing: `sysctl -a` prints a value of several lines (dev.cdrom.info) as
    /// the key repeated on each, and a file may hold two listings.
    public struct KeyGroup: Sendable {
        public let key: String
        /// Every value of the key, in the file's order, joined by newlines.
        public let values: String
        /// The last one: what a host's sysctl table holds, as the checks read it.
        public let lastValue: String
    }

    /// The keys in the order they first appear, each with its values. Keys are found by their
    /// bytes in the file; only the groups become Strings. Two passes over the rows, each piece
    /// on a core of its own: the first numbers each row's key and sums each key's bytes; the
    /// second copies each value into its key's place in one buffer, laid out from those sums
    /// (no buffer per key grown value by value). Numbering the keys as the file is read was
    /// measured slower.
    public func grouped() -> [KeyGroup] {
        let file = self.file
        let pieces = self.pieces
        let numbered = Parallel.map(pieces.count) { n in KeyNumbers(file: file, rows: pieces[n]) }
        // The pieces' keys merged, in the file's order: each piece's key numbers mapped to the whole file's.
        var all = KeyTable()
        var sizes: [Int] = []
        var last: [Row] = []
        var global: [[Int32]] = []
        file.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for piece in numbered {
                var map: [Int32] = []
                map.reserveCapacity(piece.table.keys.count)
                for (local, key) in piece.table.keys.enumerated() {
                    let (number, isNew) = all.number(base, Int(key.start), Int(key.end))
                    if isNew {
                        sizes.append(0)
                        last.append(piece.last[local])
                    }
                    sizes[number] += piece.sizes[local]
                    last[number] = piece.last[local]
                    map.append(Int32(number))
                }
                global.append(map)
            }
        }
        // Each key's place: a newline before each of its values, the first one dropped.
        var starts: [Int] = []
        starts.reserveCapacity(sizes.count + 1)
        var total = 0
        for size in sizes {
            starts.append(total)
            total += size
        }
        starts.append(total)
        // Where each piece writes each key: after the pieces before it.
        var cursors: [[Int]] = []
        var next = starts
        for (n, piece) in numbered.enumerated() {
            var cursor = [Int](repeating: 0, count: piece.sizes.count)
            for local in piece.sizes.indices {
                let number = Int(global[n][local])
                cursor[local] = next[number]
                next[number] += piece.sizes[local]
            }
            cursors.append(cursor)
        }
        let pieceCursors = cursors
        let joined = [UInt8](unsafeUninitializedCapacity: total) { buffer, written in
            guard let target = buffer.baseAddress else { return }
            let place = SharedBytes(pointer: target)
            Parallel.forEach(pieces.count) { n in
                numbered[n].copyValues(of: pieces[n], from: file, to: place.pointer, at: pieceCursors[n])
            }
            written = total
        }
        return sizes.indices.map { number in
            let key = all.keys[number]
            let row = last[number]
            return KeyGroup(
                key: ByteFields.string(file.bytes[Int(key.start)..<Int(key.end)]),
                values: String(decoding: joined[(starts[number] + 1)..<starts[number + 1]], as: UTF8.self),
                lastValue: ByteFields.string(file.bytes[Int(row.valueStart)..<Int(row.valueEnd)]))
        }
    }
}

/// A buffer the pieces write into at once, each only to its own places.
private struct SharedBytes: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
}

/// One piece's rows, each given its key's number (in the order keys are first seen), and
/// for each key the bytes its values take with a newline before each, and its last row.
struct KeyNumbers: Sendable {
    var table = KeyTable()
    var numbers: [Int32] = []
    var sizes: [Int] = []
    var last: [SysctlListing.Row] = []

    init(file: CaptureFile, rows: [SysctlListing.Row]) {
        numbers.reserveCapacity(rows.count)
        file.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for row in rows { add(row, in: base) }
        }
    }

    /// Numbers the key of `row`, which follows the rows numbered so far.
    @inline(__always)
    mutating func add(_ row: SysctlListing.Row, in base: UnsafePointer<UInt8>) {
        let (number, isNew) = table.number(base, Int(row.keyStart), Int(row.keyEnd))
        if isNew {
            sizes.append(0)
            last.append(row)
        }
        sizes[number] += 1 + Int(row.valueEnd - row.valueStart)
        last[number] = row
        numbers.append(Int32(number))
    }

    /// Writes each row's value, after a newline, at its key's cursor (`cursors`, by this
    /// piece's key numbers), which it moves on.
    func copyValues(of rows: [SysctlListing.Row], from file: CaptureFile, to target: UnsafeMutablePointer<UInt8>, at cursors: [Int]) {
        var cursors = cursors
        file.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (index, row) in rows.enumerated() {
                let number = Int(numbers[index])
                var at = cursors[number]
                target[at] = 10
                at += 1
                var byte = Int(row.valueStart)
                let end = Int(row.valueEnd)
                while byte < end {
                    target[at] = base[byte]
                    at += 1
                    byte += 1
                }
                cursors[number] = at
            }
        }
    }
}

/// Keys that are byte ranges of one buffer, each numbered in the order first seen: open
/// addressing, at most half full.
struct KeyTable: Sendable {
    private(set) var keys: [(start: Int32, end: Int32)] = []
    /// A key's number + 1 (0: free), at its hash's slot or the next free one.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var hashes: [Int] = []
    private(set) var hashesSafely = false
    /// The probe after which the table turns to the seeded hasher (lower in tests, to make it turn).
    private let longestProbe: Int

    init(longestProbe: Int = 64) { self.longestProbe = longestProbe }

    /// The number of the key `base[start..<end]`, and whether it was new (now added).
    mutating func number(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, isNew: Bool) {
        let hash = hash(base + start, end - start)
        let mask = slots.count - 1
        var slot = hash & mask
        var probes = 0
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            let key = keys[number]
            if hashes[number] == hash, Int(key.end - key.start) == end - start,
                memcmp(base + Int(key.start), base + start, end - start) == 0
            {
                return (number, false)
            }
            slot = (slot + 1) & mask
            probes += 1
            // Keys made to collide under the quick hash: from here on, the seeded hasher.
            if probes > longestProbe && !hashesSafely {
                hashesSafely = true
                rehash(base)
                return self.number(base, start, end)
            }
        }
        let number = keys.count
        keys.append((Int32(start), Int32(end)))
        hashes.append(hash)
        slots[slot] = Int32(number + 1)
        if keys.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            refill()
        }
        return (number, true)
    }

    /// A key's hash: `QuickHash` while no probe has run long; keys that collide on purpose
    /// under it turn the table over to the standard library's seeded hasher (`hashesSafely`).
    @inline(__always)
    private func hash(_ key: UnsafePointer<UInt8>, _ count: Int) -> Int {
        if hashesSafely {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(start: key, count: count))
            return hasher.finalize()
        }
        return QuickHash.of(key, count)
    }

    private mutating func rehash(_ base: UnsafePointer<UInt8>) {
        for (number, key) in keys.enumerated() { hashes[number] = hash(base + Int(key.start), Int(key.end - key.start)) }
        slots = [Int32](repeating: 0, count: slots.count)
        refill()
    }

    private mutating func refill() {
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number + 1)
        }
    }
}

extension SysctlListing {
    /// Entries read as values (a sysctl region of a bundle, a forced kind) grouped the same way.
    /// The lines of a key are gathered and joined once: appending each to the string so far
    /// copied it again, quadratic in a listing that repeats its keys.
    public static func grouped(_ entries: [SysctlEntry]) -> [KeyGroup] {
        var position: [String: Int] = [:]
        var keys: [String] = []
        var lines: [[String]] = []
        for entry in entries {
            if let at = position[entry.key] {
                lines[at].append(entry.value)
            } else {
                position[entry.key] = keys.count
                keys.append(entry.key)
                lines.append([entry.value])
            }
        }
        return zip(keys, lines).map { key, values in
            KeyGroup(key: key, values: values.count == 1 ? values[0] : values.joined(separator: "\n"), lastValue: values.last ?? "")
        }
    }
}
