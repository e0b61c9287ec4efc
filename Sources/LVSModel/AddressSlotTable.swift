/// A host's addresses by value (`HostFacts`): each address's first slot, found by open
/// addressing on a quick mix of its bits. Every real-server rule asks a host whether it holds
/// the VIP or its RIP, per (service, real server) pair; a `Dictionary` spent most of each
/// asking in SipHash. The mix is seeded per run, so addresses cannot be chosen to collide.
struct AddressSlotTable {
    private var keys: [IPAddress]
    /// The first slot of the key at the same position; -1: an empty position.
    private var values: [Int32]
    private let mask: Int
    private let capacity: Int
    private var held = 0

    /// Room for `capacity` addresses at most half full.
    init(capacity: Int) {
        var size = 8
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: IPAddress(v4: 0), count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        self.capacity = capacity
    }

    subscript(address: IPAddress) -> Int32? {
        var position = Self.hash(address) & mask
        while true {
            let value = values[position]
            if value < 0 { return nil }
            if keys[position] == address { return value }
            position = (position + 1) & mask
        }
    }

    /// Sets `address`'s slot if it has none; the slot it already had otherwise.
    mutating func insertIfAbsent(_ address: IPAddress, slot: Int32) -> Int32? {
        var position = Self.hash(address) & mask
        while true {
            let value = values[position]
            if value < 0 {
                // A table at most half full always has an empty position to end a probe: more
                // addresses than it was made for is a caller's error, not one of input.
                precondition(held < capacity, "more addresses than the table was made for")
                keys[position] = address
                values[position] = slot
                held += 1
                return nil
            }
            if keys[position] == address { return value }
            position = (position + 1) & mask
        }
    }

    @inline(__always)
    private static func hash(_ address: IPAddress) -> Int {
        let low = UInt64(truncatingIfNeeded: address.bits)
        guard address.family == .v6 else { return Int(truncatingIfNeeded: SplitMix.finalize(seed ^ low)) }
        // The high word is mixed in after the low one: with a plain XOR of the two words, which
        // IPv6 addresses collide would not depend on the seed, and could be chosen.
        let high = UInt64(truncatingIfNeeded: address.bits >> 64)
        return Int(truncatingIfNeeded: SplitMix.finalize(SplitMix.finalize(seed ^ low ^ 0xD6E8_FEB8_6659_FD93) ^ high))
    }

    private static let seed = UInt64.random(in: 0...UInt64.max)
}
