import Foundation
import LVSModel

/// Hosts' captures read while the description is still being parsed. Parsing a description
/// runs on one core (0.45 s for 10,000 real servers behind 16 services); the captures folder
/// it will name is known before it is parsed when the description names none (the folder
/// `captures` beside it) or the command line does. So the folder is listed and every entry
/// that could be a host (`<name>/`, `<name>.txt`) is read on every core meanwhile.
/// `CaptureLoader.load` then stops it and takes each host's outcome read so far, read by the
/// same function with the same arguments, and reads the rest itself; stray entries read by
/// then are dropped.
public final class CapturePrefetch: @unchecked Sendable {
    /// The folder read, as `CaptureLoader.load` is asked for it.
    public let directory: String
    // Guarded by `lock`; `finished` is signalled once every entry is read or the read stopped.
    private let lock = NSLock()
    private var outcomes: [[UInt8]: CaptureLoader.HostOutcome] = [:]
    /// The folder's listing the read was made from: the loader takes it too, not listing again.
    private var listed: CapturesListing?
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    private init(directory: String) { self.directory = directory }

    /// Starts reading `directory`'s hosts on other threads, and returns at once.
    /// `progress` is told of each entry read, out of the entries listed.
    public static func start(
        directory: String, options: ParseOptions, jobs: Int?, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    ) -> CapturePrefetch {
        let prefetch = CapturePrefetch(directory: directory)
        let thread = Thread {
            prefetch.read(options: options, jobs: jobs, progress: progress)
            prefetch.finished.signal()
        }
        thread.start()
        return prefetch
    }

    /// The folder a description at `path` reads its captures from when it names none: the
    /// folder `captures` beside it, or what `--captures` names. Nil when the description
    /// may name another (a `captures:` key starts one of its lines): reading a folder it
    /// does not use would be work for nothing.
    public static func folder(forDescription path: String, captures: String?) -> String? {
        if let captures { return captures }
        var path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path = (path as NSString).appendingPathComponent("cluster.yaml")
        }
        guard let bytes = FileBytes.contents(of: path, limit: 64 * 1024 * 1024), !namesCaptures(bytes) else { return nil }
        let base = (path as NSString).deletingLastPathComponent
        return ((base.isEmpty ? "." : base) as NSString).appendingPathComponent("captures")
    }

    /// Whether a line of `bytes` starts with `captures:` (or holds one after a `{`, as a flow
    /// mapping would): the description may name its own captures folder.
    static func namesCaptures(_ bytes: [UInt8]) -> Bool {
        let key = Array("captures".utf8)
        guard bytes.count >= key.count else { return false }
        for start in 0...(bytes.count - key.count) where bytes[start] == key[0] {
            guard bytes[start..<(start + key.count)].elementsEqual(key) else { continue }
            var before = start - 1
            while before >= 0 && (bytes[before] == 32 || bytes[before] == 9) { before -= 1 }
            if before < 0 || bytes[before] == 10 || bytes[before] == 13 || bytes[before] == UInt8(ascii: "{") || bytes[before] == UInt8(ascii: ",") {
                return true
            }
        }
        return false
    }

    /// Each host's outcome read so far, by the bytes of its name (a name is a path: two
    /// spellings a String holds equal are two folders). The read stops first, once the hosts
    /// being read are done: the description is parsed by now, and the loader reads what is
    /// left on every core, so no more than a parse's time is spent on entries that name no
    /// host (a folder of stray entries costs what it did).
    func take() -> [[UInt8]: CaptureLoader.HostOutcome] {
        stop()
        lock.lock()
        defer { lock.unlock() }
        return outcomes
    }

    /// The captures folder's listing the read ahead was made from (nil when it could not be
    /// listed), once the read has stopped.
    var listing: CapturesListing? {
        stop()
        lock.lock()
        defer { lock.unlock() }
        return listed
    }

    /// Stops reading: what was read is dropped.
    public func discard() {
        stop()
        lock.lock()
        outcomes = [:]
        lock.unlock()
    }

    /// Waits until every entry listed is read (tests: the whole folder taken from here).
    func waitUntilRead() {
        finished.wait()
        finished.signal()
    }

    private func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        finished.wait()
        finished.signal()
    }

    private func read(options: ParseOptions, jobs: Int?, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?) {
        let listing = CapturesListing.read(directory)
        lock.lock()
        listed = listing
        lock.unlock()
        let names = Self.candidates(in: listing)
        let realRoot = CaptureFileReader.realPath(directory) ?? directory
        Parallel.forEach(names.count, jobs: jobs) { index in
            guard !self.isStopped else { return }
            let outcome = CaptureLoader.loadHost(
                names[index], directory: self.directory, realRoot: realRoot, displayBase: nil, options: options, listing: listing)
            self.lock.lock()
            self.outcomes[Array(names[index].utf8)] = outcome
            let done = self.outcomes.count
            self.lock.unlock()
            progress?(done, names.count)
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The names a host's captures could be under: each folder and each `.txt` file's name,
    /// once, in the listing's order of names; hidden entries and unsafe names are no host's.
    static func candidates(in listing: CapturesListing?) -> [String] {
        guard let items = listing?.names else { return [] }
        var seen = Set<[UInt8]>()
        var names: [String] = []
        for item in items {
            let name = CaptureLoader.hostName(ofEntry: item)
            guard HostName.isSafe(name), seen.insert(Array(name.utf8)).inserted else { continue }
            names.append(name)
        }
        return names
    }
}
