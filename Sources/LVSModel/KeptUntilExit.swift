import Foundation

/// Values the command line lets die with the process rather than one by one. A fleet's run
/// ends holding tens of thousands of hosts' observations, facts and findings; releasing them
/// object by object took a tenth of a second on one core after the report was written, for
/// memory the exit returns at once. Off unless the program turns it on (`keepsUntilExit`):
/// a library caller, or a test running many checks in one process, releases as usual.
public enum KeptUntilExit {
    private static let store = Store()

    /// Turns keeping on for the rest of the process: only the command-line program does.
    public static func turnOn() { store.turnOn() }

    /// Holds `value` until the process exits, when keeping is on; otherwise does nothing.
    public static func keep(_ value: some Sendable) { store.keep(value) }

    private final class Store: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var isOn = false
        private var values: [any Sendable] = []

        func turnOn() {
            lock.lock()
            isOn = true
            lock.unlock()
        }

        func keep(_ value: some Sendable) {
            lock.lock()
            defer { lock.unlock() }
            if isOn { values.append(value) }
        }
    }
}
