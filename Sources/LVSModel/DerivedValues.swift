import Foundation

/// Values several rules derive from the same check context (a service's table matched by
/// address, say), made by the first rule that asks and then shared: rules run at once on
/// several cores, and each used to rebuild the same indexes for every service.
///
/// A value must depend on the context alone, so that whichever rule makes it first, every
/// rule reads the same one.
public final class DerivedValues: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]

    public init() {}

    /// The value stored under `key`, made by `make` the first time (outside the lock: two
    /// rules asking at once may both make it, and the first stored is kept).
    public func value<Value: Sendable>(_ key: String, _ make: () -> Value) -> Value {
        lock.lock()
        let stored = values[key] as? Value
        lock.unlock()
        if let stored { return stored }
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let first = values[key] as? Value { return first }
        values[key] = made
        return made
    }
}
