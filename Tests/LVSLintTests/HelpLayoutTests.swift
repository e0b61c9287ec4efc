import Foundation
import Testing

/// Issue 26, items 7 and 8: help that reads right at any width, a man page and completions
/// generated from the argument parser and never stale, and hooks that match discovery.
@Suite("Help, man page and hooks", .enabled(if: Repository.executable != nil, "the lvslint executable was not built beside the tests"))
struct HelpLayoutTests {
    static let commands = ["check", "rules", "explain", "parse", "config", "collect", "infer", "lab"]

    /// The indented lines under "Examples:" in a help text.
    static func examples(_ help: String) -> [String] {
        guard let start = help.range(of: "Examples:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("  ") }.map(String.init)
    }

    @Test("every command's help has examples, each whole at 80 and at 60 columns; prose fits the width", arguments: [""] + commands)
    func examplesWhole(_ command: String) throws {
        let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
        let wide = try runLVSLint(arguments, environment: ["COLUMNS": "200"]).stdout
        let examples = Self.examples(wide)
        #expect(examples.count >= 2, "\(command) --help has no Examples section")
        for columns in [80, 60] {
            let help = try runLVSLint(arguments, environment: ["COLUMNS": "\(columns)"]).stdout
            for example in examples { #expect(help.contains(example + "\n"), "broken at \(columns) columns: \(example)") }
            let exampleLines = Set(examples)
            for line in help.split(separator: "\n").map(String.init) where !exampleLines.contains(line) && !line.hasPrefix("    ") {
                #expect(line.count <= columns, "\(command) --help at \(columns): \(line)")
            }
        }
    }

    @Test("lvslint --help and check --help teach the flags with an example each")
    func flagsTaught() throws {
        let check = try runLVSLint(["check", "--help"], environment: ["COLUMNS": "200"]).stdout
        for flag in ["--select", "--ignore", "--exit-zero", "-o ", "--show-settings", "-q", "--baseline", "--require-complete"] {
            #expect(Self.examples(check).contains { $0.contains(flag) }, "no example of \(flag) in check --help")
            #expect(check.contains(flag.trimmingCharacters(in: .whitespaces)))
        }
        let root = try runLVSLint(["--help"], environment: ["COLUMNS": "200"]).stdout
        for flag in ["--select", "--exit-zero", "-o ", "-V"] { #expect(Self.examples(root).contains { $0.contains(flag) }, "\(flag)") }
    }

    @Test("the collect loop in collect --help pastes as it prints")
    func collectLoop() throws {
        let help = try runLVSLint(["collect", "--help"], environment: ["COLUMNS": "80"]).stdout
        #expect(help.contains("  for h in lvs1 rs1 rs2; do\n      ssh root@$h sh -s < lvslint-collect.sh > captures/$h.txt\n  done\n"))
    }

    @Test("docs/man/lvslint.1 is what scripts/manpage.py makes of the parser's help, and groff prints examples whole, unhyphenated")
    func manPage() throws {
        let dump = try runLVSLint(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let generated = try run(
            "/usr/bin/python3", [Repository.root.appendingPathComponent("scripts/manpage.py").path], environment: plainEnvironment, input: dump.stdout
        )
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("docs/man/lvslint.1"), encoding: .utf8)
        #expect(generated.stdout == committed, "docs/man/lvslint.1 is stale: run scripts/update-docs")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let rendered = try run(
            "/usr/bin/groff", ["-k", "-mandoc", "-Tutf8", "-P", "-c", Repository.root.appendingPathComponent("docs/man/lvslint.1").path],
            environment: plainEnvironment.merging(["LANG": "C.UTF-8"]) { $1 })
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let text = rendered.stdout.replacingOccurrences(of: "\u{8}", with: "")
        #expect(!text.contains("\u{2010}"), "groff hyphenated a word (‐): hyphenation must be off")
        for command in Self.commands {
            let help = try runLVSLint([command, "--help"], environment: ["COLUMNS": "200"]).stdout
            for example in Self.examples(help) {
                let words = example.trimmingCharacters(in: .whitespaces)
                #expect(text.contains(words), "the man page does not print `\(words)` whole")
            }
        }
    }

    @Test(".pre-commit-hooks.yaml: each hook starts on the files lvslint check finds, and only on them")
    func hooks() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        var patterns: [String: String] = [:]
        var id = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("- id: ") { id = String(line.dropFirst("- id: ".count)) }
            if line.hasPrefix("  files: ") { patterns[id] = String(line.dropFirst("  files: ".count)) }
        }
        #expect(Set(patterns.keys) == ["lvslint", "lvslint-descriptions", "lvslint-keepalived", "lvslint-config-tree", "lvslint-system"])
        func matches(_ hook: String, _ path: String) throws -> Bool {
            let regex = try NSRegularExpression(pattern: try #require(patterns[hook]))
            return regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        }
        let cases: [(String, String, Bool)] = [
            ("lvslint-descriptions", "clusters/web/cluster.yaml", true), ("lvslint-descriptions", "web.lvslint.yaml", true),
            ("lvslint-descriptions", ".lvslint.yaml", true), ("lvslint-descriptions", "captures/rs1/sysctl.txt", false),
            ("lvslint-keepalived", "lvs1/keepalived.conf", true), ("lvslint-keepalived", "keepalived-lvs2.conf", true),
            ("lvslint-keepalived", "cluster.yaml", false),
            ("lvslint-config-tree", "examples/config-repo/captures/rs1/etc/sysctl.d/90-lvs.conf", true),
            ("lvslint-config-tree", "captures/rs1/etc/sysconfig/network-scripts/ifcfg-lo:0", true),
            ("lvslint-config-tree", "captures/rs1/sysctl-a.txt", false),
            ("lvslint", "captures/rs1/sysctl-a.txt", true), ("lvslint", "README.md", false),
        ]
        for (hook, path, expected) in cases { #expect(try matches(hook, path) == expected, "\(hook) on \(path)") }
        // The configuration trees the examples ship are found by the hook that watches them.
        let tree = Repository.root.appendingPathComponent("examples/config-repo")
        let files = FileManager.default.enumerator(atPath: tree.path)?.compactMap { $0 as? String } ?? []
        let configured = files.filter { $0.contains("/etc/") }
        #expect(!configured.isEmpty)
        for file in configured { #expect(try matches("lvslint-config-tree", "examples/config-repo/" + file), "\(file)") }
    }
}

/// The image as documented: `docker run --rm -v "$PWD:/work" lvslint check cluster.yaml`.
@Suite(
    "Docker image",
    .enabled(
        if: (try? run("/usr/local/bin/docker", ["info"], environment: plainEnvironment).status) == 0
            || (try? run("/usr/bin/docker", ["info"]).status) == 0,
        "no Docker engine runs here (the client alone cannot build or run an image)"))
struct DockerImageTests {
    @Test("the image checks a mounted folder as an unprivileged user")
    func runs() throws {
        let docker = FileManager.default.isExecutableFile(atPath: "/usr/local/bin/docker") ? "/usr/local/bin/docker" : "/usr/bin/docker"
        let build = try run(docker, ["build", "-q", "-t", "lvslint-test", Repository.root.path])
        #expect(build.status == 0, "\(build.stderr)")
        let fixture = Repository.fixtures.appendingPathComponent("dr-healthy").path
        let result = try run(docker, ["run", "--rm", "-v", "\(fixture):/work:ro", "lvslint-test", "check", "cluster.yaml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let user = try run(docker, ["run", "--rm", "--entrypoint", "id", "lvslint-test", "-u"])
        #expect(user.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "0")
    }
}
