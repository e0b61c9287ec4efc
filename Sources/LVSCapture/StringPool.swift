import Foundation

/// One copy of each string many hosts repeat, shared between them: every host of a fleet holds
/// `net.ipv4.conf.all.arp_ignore` and a few dozen other kept sysctl keys, too long to be stored
/// inside the String itself (more than 15 bytes), and 10,000 hosts would hold 10,000 copies.
/// Shared by the threads that read hosts, under a lock; it stops taking new strings at
/// `capacity`, so that no input can make it grow without end.
final class StringPool: @unchecked Sendable {
    private let lock = NSLock()
    /// Members by a seeded hash of their bytes (colliding keys cannot make a bucket long by
    /// design), so that a key is looked up from the bytes it is read from, before any String
    /// is made of it.
    private var members: [Int: [String]] = [:]
    private var count = 0
    private let capacity: Int

    init(capacity: Int = 65_536) { self.capacity = capacity }

    /// The pool's copy of `text` (now `text` itself, if it was not there).
    func intern(_ text: String) -> String {
        var text = text
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The pool's copy of the string `bytes` decode to (made now, and kept, if it was not
    /// there). A fleet's kept sysctl keys are found without a String made and freed per host.
    func intern(_ bytes: UnsafeRawBufferPointer) -> String {
        // Short strings are held inline, with nothing to share.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let hash = hasher.finalize()
        lock.lock()
        defer { lock.unlock() }
        if let bucket = members[hash] {
            for member in bucket where Self.equal(member, bytes) { return member }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if count < capacity {
            members[hash, default: []].append(text)
            count += 1
        }
        return text
    }

    private static func equal(_ member: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        member.utf8.withContiguousStorageIfAvailable { stored in
            guard stored.count == bytes.count else { return false }
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        } ?? member.utf8.elementsEqual(bytes)
    }
}
