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

extension Parallel {
    /// `first()` and `second()` at once, on two threads (with `jobs` 1, one after the other):
    /// two independent pieces of work that would otherwise leave a core idle.
    public static func both<First: Sendable, Second: Sendable>(
        jobs: Int? = nil, _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let firstSlot = Slots<First>(count: 1)
        let secondSlot = Slots<Second>(count: 1)
        forEach(2, jobs: jobs) { index in
            if index == 0 { firstSlot.store(first(), at: 0) } else { secondSlot.store(second(), at: 0) }
        }
        // Each slot is written once forEach returns.
        guard let one = firstSlot.values.first, let two = secondSlot.values.first else { preconditionFailure("both pieces of work ran") }
        return (one, two)
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
