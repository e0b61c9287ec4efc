import Foundation

/// One copy of each string many hosts repeat, shared between them: every host of a fleet holds
/// `net.ipv4.conf.all.arp_ignore` and a few dozen other kept sysctl keys, too long to be stored
/// inside the String itself (more than 15 bytes), and 10,000 hosts would hold 10,000 copies.
/// Shared by the threads that read hosts, under a lock; it stops taking new strings at
/// `capacity`, so that no input can make it grow without end.
final class StringPool: @unchecked Sendable {
    private let lock = NSLock()
    private var members: Set<String> = []
    private let capacity: Int

    init(capacity: Int = 65_536) { self.capacity = capacity }

    /// The pool's copy of `text` (now `text` itself, if it was not there).
    func intern(_ text: String) -> String {
        // Short strings are held inline, with nothing to share.
        guard text.utf8.count > 15 else { return text }
        lock.lock()
        defer { lock.unlock() }
        if let member = members.firstIndex(of: text) { return members[member] }
        if members.count < capacity { members.insert(text) }
        return text
    }
}
