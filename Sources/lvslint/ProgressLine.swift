import Foundation
import LVSEngine

/// One line of progress on standard error, rewritten in place (`\r`), for a person
/// watching a long check: hosts read of the total, then the rules. Only on a terminal, so
/// that redirected or piped output (JSON, SARIF, JUnit, logs) never carries it; at most
/// ten updates a second, whatever thread reports.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var shown = false
    let enabled: Bool

    init(enabled: Bool = Terminal.isInteractiveError) { self.enabled = enabled }

    func update(_ text: String, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        shown = true
        Terminal.errorControl("\r\u{1B}[K" + TextReport.printable(text))
    }

    /// Removes the line before the report is printed.
    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { Terminal.errorControl("\r\u{1B}[K") }
        shown = false
    }
}
