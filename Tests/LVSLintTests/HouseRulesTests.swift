import Foundation
import Testing

/// The house rules CONTRIBUTING.md states, checked: every shell script passes ShellCheck
/// (installed by scripts/ensure-test-deps).
@Suite("House rules", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck"), "shellcheck is not installed (scripts/ensure-test-deps installs it)"))
struct HouseRulesTests {
    /// The repository's shell scripts: scripts/* with a sh or bash shebang, and .ci/run.
    static var shellScripts: [String] {
        let folder = Repository.root.appendingPathComponent("scripts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let scripts = names.sorted().map { folder.appendingPathComponent($0).path }.filter { path in
            guard let head = try? String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first else { return false }
            return head.hasPrefix("#!") && (head.hasSuffix("bash") || head.hasSuffix("/sh"))
        }
        return scripts + [Repository.root.appendingPathComponent(".ci/run").path]
    }

    @Test("every shell script passes ShellCheck")
    func shellCheck() throws {
        let scripts = Self.shellScripts
        #expect(scripts.count >= 8, "found only \(scripts)")
        let result = try run("/usr/bin/shellcheck", scripts, environment: plainEnvironment)
        #expect(result.status == 0, "\(result.stdout)")
    }
}
