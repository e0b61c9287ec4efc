import Foundation
import LVSModel

/// The namespaces of one lab: named `lvslab-<pid>-…`, created here, and removed here on every
/// way out (the end, an error, Ctrl-C, a closed output pipe). A namespace this lab did not
/// create is never touched: a name already taken is an error, and removal walks only the list
/// of what was created. Each carries a marker (`LabMarkers`), so that what a lab killed with
/// SIGKILL left is removed by the next lab, or by `lvslint lab --clean`.
public final class LabNetwork: @unchecked Sendable {
    public let prefix: String
    private let lock = NSLock()
    private var created: [String] = []
    /// Set once removal begins (the end, or Ctrl-C): no namespace is created after it.
    private var closed = false
    /// `ip netns add` commands running now: removal waits for them, so none escapes it.
    private var adding = 0
    /// One removal at a time: a second caller (the main thread after Ctrl-C's handler) waits
    /// until the first has deleted everything, so that the process never exits half-way.
    private let removal = NSLock()
    private var wasInterrupted = false

    /// True once Ctrl-C (or SIGTERM, SIGHUP) asked the lab to stop.
    public var interrupted: Bool { lock.withLock { wasInterrupted } }

    public func markInterrupted() { lock.withLock { wasInterrupted = true } }
    public private(set) var log: [String] = []

    public static let ipPath = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static let arpingPath = ["/usr/bin/arping", "/usr/sbin/arping", "/bin/arping", "/sbin/arping"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    public init() {
        prefix = "lvslab-\(getpid())"
    }

    public var namespaces: [String] { lock.withLock { created } }

    public func name(_ role: String) -> String { "\(prefix)-\(role)" }

    /// Creates a namespace of this lab; refuses a name that exists already.
    public func add(_ name: String) throws {
        guard name.hasPrefix(prefix + "-") else { throw LabFailure("refusing to create \(name): not a name of this lab") }
        let existing = (try? ip(["netns", "list"]))?.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) } ?? []
        guard !existing.contains(name) else { throw LabFailure("a namespace named \(name) exists already and is not this lab's: it is left alone") }
        try lock.withLock {
            guard !closed else { throw LabFailure("the lab is being removed") }
            adding += 1
        }
        defer { lock.withLock { adding -= 1 } }
        // The marker first: a lab killed between the two leaves a marker of a namespace that
        // does not exist, which the next sweep drops; never a namespace without a marker.
        LabMarkers.write(namespace: name)
        try ip(["netns", "add", name])
        lock.withLock { created.append(name) }
    }

    /// Removes every namespace this lab created, and nothing else.
    public func removeAll() {
        removal.lock()
        defer { removal.unlock() }
        lock.withLock { closed = true }
        // A namespace being added right now (Ctrl-C arrives at any moment) is waited for.
        for _ in 0..<100 where lock.withLock({ adding > 0 }) { Thread.sleep(forTimeInterval: 0.05) }
        let names = lock.withLock { () -> [String] in
            let names = created
            created = []
            return names
        }
        for name in names.reversed() {
            // Processes left in it (none are started, but a probe may linger) go with it.
            _ = try? ip(["netns", "pids", name]).split(separator: "\n").forEach { kill(pid_t($0) ?? 0, SIGKILL) }
            _ = try? ip(["netns", "del", name])
            LabMarkers.remove(namespace: name)
        }
    }

    @discardableResult
    public func ip(_ arguments: [String]) throws -> String {
        guard let path = Self.ipPath else { throw LabFailure("iproute2's `ip` is not installed") }
        let result = Self.run(path, arguments)
        lock.withLock { log.append("ip " + arguments.joined(separator: " ")) }
        guard result.status == 0 else {
            throw LabFailure("ip \(arguments.joined(separator: " ")): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.output
    }

    /// Runs `ip` commands in a namespace of this lab, each as its own argument vector
    /// (`ip -n NS addr add …`): a name read from a capture is one argument, never text of a
    /// script that `ip -batch` would split into more commands. Returns those that failed, with ip's words.
    public func run(in namespace: String, _ commands: [[String]]) -> [String] {
        guard namespaces.contains(namespace) else { return ["not a namespace of this lab: \(namespace)"] }
        var failures: [String] = []
        for command in commands {
            do { try ip(["-n", namespace] + command) } catch { failures.append("\(error)") }
        }
        return failures
    }

    /// Runs a program inside a namespace of this lab.
    public func exec(_ namespace: String, _ command: [String]) -> (status: Int32, output: String) {
        guard namespaces.contains(namespace), let path = Self.ipPath else { return (127, "not a namespace of this lab") }
        lock.withLock { log.append("ip netns exec \(namespace) " + command.joined(separator: " ")) }
        return Self.run(path, ["netns", "exec", namespace] + command)
    }

    static func run(_ executable: String, _ arguments: [String], input: String? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        do { try process.run() } catch { return (127, "\(error)") }
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

public struct LabFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Removes the lab's namespaces when the user interrupts it (Ctrl-C, SIGTERM, SIGHUP). The
/// signals are blocked in every thread (those made later inherit the mask: create the guard
/// before any other work) and taken by one thread of its own with `sigwait`, so the removal
/// runs as ordinary code, never in a signal handler, whatever thread the kernel picked.
public final class LabInterruptGuard: @unchecked Sendable {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    public init(network: LabNetwork) {
        var set = sigset_t()
        sigemptyset(&set)
        for number in Self.signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let waiter = Thread {
            var received: Int32 = 0
            var wanted = blocked
            guard sigwait(&wanted, &received) == 0 else { return }
            _ = FileDescriptorWriter.write(STDERR_FILENO, "\nlvslint lab: interrupted; removing the lab's namespaces\n")
            network.markInterrupted()
            network.removeAll()
            exit(130)
        }
        waiter.start()
    }

    /// Nothing to undo: the process ends soon after the lab, and a signal then still removes
    /// whatever is left.
    public func release() {}
}
