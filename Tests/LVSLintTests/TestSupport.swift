import Foundation
import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// Paths the tests read: the repository (from this file's place) and ../shared beside it.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures")
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let corpus = shared.appendingPathComponent("corpus")

    static var hasShared: Bool { FileManager.default.fileExists(atPath: corpus.appendingPathComponent("MANIFEST.tsv").path) }

    /// Every scenario folder under Fixtures/.
    static var scenarios: [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return items.filter {
            FileManager.default.fileExists(atPath: fixtures.appendingPathComponent($0).appendingPathComponent("cluster.yaml").path)
                || !keepalivedFiles($0).isEmpty
        }.sorted()
    }

    /// A scenario described by keepalived instead of YAML: `keepalived*.conf` at its root,
    /// one per director, read together.
    static func keepalivedFiles(_ scenario: String) -> [String] {
        let folder = fixtures.appendingPathComponent(scenario)
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !items.contains("cluster.yaml") else { return [] }
        return items.filter { $0.hasPrefix("keepalived") && $0.hasSuffix(".conf") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// The other descriptions a scenario is checked with (`checked-with.txt`: a folder a line,
    /// relative to the scenario's), as clusters that share its network are.
    static func checkedWith(_ scenario: String) -> [String] {
        let list = fixtures.appendingPathComponent(scenario).appendingPathComponent("checked-with.txt")
        guard let text = try? String(contentsOf: list, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Checks a scenario as `lvslint check` would: its cluster.yaml, or its keepalived files
    /// (with the descriptions it is checked with, when it names some: its own result is returned).
    static func check(_ scenario: String) throws -> CheckResult {
        let folder = fixtures.appendingPathComponent(scenario)
        let keepalived = keepalivedFiles(scenario)
        let others = checkedWith(scenario).map { folder.appendingPathComponent($0).path }
        if !others.isEmpty {
            let own = keepalived.isEmpty ? [folder.appendingPathComponent("cluster.yaml").path] : keepalived
            let outcome = CheckRun.run(CheckRequest(inputs: CheckInputs.classify(own + others, explicitConfiguration: nil)))
            return try #require(outcome.results.first, "\(scenario): \(outcome.errors.map(\.message))")
        }
        if !keepalived.isEmpty {
            return try Checker.run(.keepalived(keepalived, captures: folder.appendingPathComponent("captures").path))
                .get()
        }
        return try Checker.run(.description(folder.appendingPathComponent("cluster.yaml").path)).get()
    }

    /// The lvslint executable SwiftPM built beside the test bundle, if any.
    static var executable: URL? {
        var candidates: [URL] = []
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent().appendingPathComponent("lvslint")) }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("lvslint")) }
        candidates.append(root.appendingPathComponent(".build/debug/lvslint"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// The environment lvslint runs with in tests: PATH alone, plus the sanitizers' options under
/// scripts/test-sanitizers (LeakSanitizer's own exit status would otherwise hide lvslint's).
let plainEnvironment: [String: String] = ["PATH": "/usr/bin:/bin"]
    .merging(ProcessInfo.processInfo.environment.filter { $0.key.hasSuffix("SAN_OPTIONS") }) { own, _ in own }

/// Runs the built lvslint in the repository's folder with a plain environment and `more` on top.
func runLVSLint(_ arguments: [String], environment more: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    try run(try #require(Repository.executable).path, arguments, environment: plainEnvironment.merging(more) { _, new in new }, in: Repository.root)
}

/// A capture file made from a string, for parser tests.
func capture(_ text: String, path: String = "test.txt") -> CaptureFile {
    CaptureFile(path: path, bytes: Array(text.utf8))
}

/// Recognises `text` by content (failing the test when no format matches) and parses it.
func parseRecognised(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ParsedCapture {
    let file = capture(text)
    let kind = try #require(CaptureRecognizer.kind(of: file), "not recognised:\n\(text)", sourceLocation: sourceLocation)
    return CaptureRecognizer.parse(file, as: kind)
}

/// Runs a program and returns its exit status and output.
@discardableResult
func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
    in directory: URL? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // English unless a test asks otherwise, whatever the locale of the machine running the tests.
    var inherited = ProcessInfo.processInfo.environment
    inherited["LVSLINT_LANG"] = "en"
    process.environment = environment ?? inherited
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let input {
        let inPipe = Pipe()
        process.standardInput = inPipe
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try? inPipe.fileHandleForWriting.close()
    }
    try process.run()
    // Both pipes are drained at once: a program filling one while the other is read would block.
    let errorOutput = ErrorOutput()
    let drained = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        errorOutput.data = err.fileHandleForReading.readDataToEndOfFile()
        drained.signal()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    let stderr = errorOutput.data
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Standard error as read on another thread; the semaphore orders the write before the read.
final class ErrorOutput: @unchecked Sendable {
    var data = Data()
}

/// A scratch folder holding a copy of a fixture scenario as `cluster/`; the caller removes it.
func scratchCopy(of fixture: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Repository.fixtures.appendingPathComponent(fixture), to: folder.appendingPathComponent("cluster"))
    return folder
}
