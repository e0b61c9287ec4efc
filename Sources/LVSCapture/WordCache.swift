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
