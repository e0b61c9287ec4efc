import Foundation
import LVSModel

/// One copy of each string many hosts repeat, shared between them: every host of a fleet holds
/// `net.ipv4.conf.all.arp_ignore` and a few dozen other kept sysctl keys, too long to be stored
/// inside the String itself (more than 15 bytes), and 10,000 hosts would hold 10,000 copies.
/// Shared by the threads that read hosts, under a lock; it stops taking new strings at
/// `capacity`, so that no input can make it grow without end.
final class StringPool: @unchecked Sendable {
    private let lock = NSLock()
    /// Open addressing, at most half full: a member and its `QuickHash` at the hash's slot or
    /// the next free one. A key is looked up from the bytes it is read from, before any String
    /// is made of it. (A dictionary of buckets, hashed twice with SipHash, cost 900
    /// instructions per kept key of every host.)
    /// Not checked for exclusive access at run time: the lock guards them, and each check cost
    /// more than the probe it guarded (two per kept key of every host).
    @exclusivity(unchecked) private var members: [String?] = Array(repeating: nil, count: 256)
    @exclusivity(unchecked) private var hashes: [Int] = Array(repeating: 0, count: 256)
    @exclusivity(unchecked) private var count = 0
    private let capacity: Int
    /// Strings whose probe runs longer than this are not pooled: keys made to collide under
    /// the quick hash cost a bounded walk each, and are kept as their own copies.
    static let longestProbe = 32

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
        guard bytes.count > 15, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        let hash = QuickHash.of(base.assumingMemoryBound(to: UInt8.self), bytes.count)
        lock.lock()
        defer { lock.unlock() }
        let mask = members.count - 1
        var slot = hash & mask
        var probes = 0
        while let member = members[slot] {
            if hashes[slot] == hash && Self.equal(member, bytes) { return member }
            probes += 1
            if probes > Self.longestProbe { return String(decoding: bytes, as: UTF8.self) }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if count < capacity {
            members[slot] = text
            hashes[slot] = hash
            count += 1
            if count * 2 > members.count { grow() }
        }
        return text
    }

    private func grow() {
        let old = zip(members, hashes)
        members = Array(repeating: nil, count: members.count * 2)
        hashes = Array(repeating: 0, count: members.count)
        let mask = members.count - 1
        for (member, hash) in old {
            guard let member else { continue }
            var slot = hash & mask
            while members[slot] != nil { slot = (slot + 1) & mask }
            members[slot] = member
            hashes[slot] = hash
        }
    }

    private static func equal(_ member: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        member.utf8.withContiguousStorageIfAvailable { stored in
            guard stored.count == bytes.count else { return false }
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        } ?? member.utf8.elementsEqual(bytes)
    }
}

/// `StringPool`s in stripes, each thread interning in the stripe its identity hashes to. One
/// pool shared by every thread that reads hosts made them take turns at its lock and bump the
/// same strings' reference counts from every core, for every kept key of every host; a
/// stripe's strings are, most often, one thread's. A key is then kept once per stripe used,
/// not once in all: a few copies, against one per host without a pool.
final class StripedStringPool: Sendable {
    private let stripes: [StringPool]

    /// `stripes`, a power of two, of `capacity` strings each.
    init(stripes: Int = 8, capacity: Int = 8_192) {
        precondition(stripes > 0 && stripes & (stripes - 1) == 0, "a power of two of stripes")
        self.stripes = (0..<stripes).map { _ in StringPool(capacity: capacity) }
    }

    /// The calling thread's stripe's copy of the string `bytes` decode to (see `StringPool.intern`).
    func intern(_ bytes: UnsafeRawBufferPointer) -> String {
        stripes[Int(truncatingIfNeeded: SplitMix.finalize(Self.threadIdentity)) & (stripes.count - 1)].intern(bytes)
    }

    /// A number that tells the calling thread from the others running at the same time.
    private static var threadIdentity: UInt64 {
        #if canImport(Glibc)
            UInt64(pthread_self())
        #else
            UInt64(UInt(bitPattern: pthread_self()))
        #endif
    }
}
