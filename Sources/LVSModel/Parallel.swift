import Foundation

/// Work spread over the machine's cores, with results kept in the order of the work: what
/// runs in parallel gives the same output, byte for byte, as the same work run in turn.
public enum Parallel {
    /// Runs `body(0) … body(count - 1)` on `jobs` threads at once (nil: one per core; 1: one
    /// after another, in index order). Each thread takes the next index when it is done, so
    /// a long unit does not hold the others back.
    public static func forEach(_ count: Int, jobs: Int? = nil, _ body: @Sendable (Int) -> Void) {
        let workers = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, count)
        guard workers > 1 else {
            for index in 0..<count { body(index) }
            return
        }
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: count) { body(index) }
        }
    }

    /// `body` of each index, run as `forEach` runs them; the results in index order.
    public static func map<Value: Sendable>(_ count: Int, jobs: Int? = nil, _ body: @Sendable (Int) -> Value) -> [Value] {
        let slots = Slots<Value>(count: count)
        forEach(count, jobs: jobs) { index in slots.store(body(index), at: index) }
        return slots.values
    }
}

/// The next unit of work, handed to one thread only.
private final class Counter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// One result per unit of work, written from any thread.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`: each index is written once, and read after every writer is done.
    private let lock = NSLock()
    private var items: [Value?]

    init(count: Int) { items = Array(repeating: nil, count: max(count, 0)) }

    func store(_ value: Value, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        items[index] = value
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return items.compactMap { $0 }
    }
}
