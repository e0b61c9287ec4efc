import Foundation
import LVSLab
import Testing

/// docs/tutorial.md and its Chinese twin walk through the seed article's cluster with lvslint.
/// Every command they show runs as written, and every line of output they show is in what
/// it prints (`…` stands for lines left out).
@Suite("The tutorial's commands")
struct TutorialTests {
    struct Step: CustomStringConvertible, Sendable {
        var page: String
        var command: String
        var shown: [String]
        var description: String { "\(page): \(command)" }
        var needsRoot: Bool { command.hasPrefix("sudo ") }
    }

    static let pages = ["docs/tutorial.md", "docs/tutorial.zh-CN.md"]

    /// Each `$ command` of a fenced `sh` block, with the output lines below it.
    static let steps: [Step] = pages.flatMap { page -> [Step] in
        let text = (try? String(contentsOf: Repository.root.appendingPathComponent(page), encoding: .utf8)) ?? ""
        var steps: [Step] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                inBlock = line == "```sh"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                steps.append(Step(page: page, command: String(line.dropFirst(2)), shown: []))
            } else if line != "…", !line.isEmpty, !steps.isEmpty {
                steps[steps.count - 1].shown.append(line)
            }
        }
        return steps
    }

    @Test("both pages show commands")
    func pagesHaveCommands() {
        for page in Self.pages {
            #expect(Self.steps.filter { $0.page == page }.count >= 6, "\(page) shows too few commands")
        }
        #expect(Self.steps.contains { $0.command == "lvslint check Fixtures/seed-centos7-dr-fixed/cluster.yaml" })
    }

    static func check(_ step: Step) throws {
        let lvslint = try #require(Repository.executable).path
        var words = step.command.split(separator: " ").map(String.init)
        if words.first == "sudo" { words.removeFirst() }
        #expect(words.first == "lvslint", "\(step.command) is not an lvslint command")
        let result = try run(lvslint, Array(words.dropFirst()), environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], in: Repository.root)
        #expect(result.status == 0 || result.status == 1, "\(step.command) exited \(result.status): \(result.stderr)")
        let printed = Set((result.stdout + result.stderr).split(separator: "\n").map(String.init))
        for line in step.shown {
            #expect(printed.contains(line), "\(step.page) shows a line `\(step.command)` does not print: \(line)")
        }
    }

    @Test(
        "every command runs as written and prints what the page shows", .enabled(if: Repository.executable != nil, "needs the built executable"),
        arguments: steps.filter { !$0.needsRoot })
    func command(_ step: Step) throws { try Self.check(step) }

    /// The pages' `sudo lvslint lab` commands, each once with the lines both pages show: they
    /// run in LabTests, whose labs must not share their time with other labs (a lab's start
    /// sweeps what killed labs left, and its leftovers check counts every lab's namespaces).
    static var labSteps: [Step] {
        var merged: [Step] = []
        for step in steps where step.needsRoot {
            if let index = merged.firstIndex(where: { $0.command == step.command }) {
                merged[index].page += ", \(step.page)"
                merged[index].shown += step.shown.filter { !merged[index].shown.contains($0) }
            } else {
                merged.append(step)
            }
        }
        return merged
    }
}
