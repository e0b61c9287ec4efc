import Foundation
import LVSEngine
import LVSModel
import Testing

/// Every `$ …` fix of every fixture, pasted into bash as a user would paste it, runs only the
/// command it names, with the names from the captures reaching it as one argument each, even
/// when an interface is named `$(reboot)` (a name the kernel accepts). Bash runs in a mount
/// namespace of its own with /etc and /run on tmpfs and a PATH of stubs that record their
/// arguments, so that `sysctl -w` or `> /etc/sysctl.d/…` change nothing on this machine.
enum PrivateMounts {
    static let unshare = ["/usr/bin/unshare", "/bin/unshare"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { getuid() == 0 && unshare != nil && FileManager.default.isExecutableFile(atPath: "/bin/bash") }
}

@Suite("Fixes pasted into bash", .enabled(if: PrivateMounts.available, "needs root and unshare(1) (util-linux) for a private mount namespace"))
struct FixPasteTests {

    /// Programs fixes may start with; each gets a stub. The canaries are what an injected
    /// command would run: a stub records them too, and none may ever appear.
    static let programs = [
        "sysctl", "ip", "arping", "nmcli", "nft", "iptables", "ip6tables", "sed", "systemctl", "ipvsadm",
        "ipvsadm-save", "ss", "modprobe", "firewall-cmd", "keepalived", "echo", "printf",
    ]
    static let canaries = ["reboot", "id", "touch", "curl", "rm"]
    /// Interface names the kernel accepts (at most 15 bytes, no `/`, `:` or whitespace) that
    /// run a command when pasted unquoted: command substitution both ways, and a quote that ends a quote.
    static let hostileNames = ["$(reboot)", "`reboot`", "a';id;'\"$(id)", "x|id&&rm"]

    /// A fixture's fix lines written for its findings (not the rule's generic ones).
    static func fixLines(_ result: CheckResult) -> [String] {
        (result.findings + result.suppressed + result.baselined + result.excluded).filter(\.fixCommandsAreSpecific).flatMap(\.fixCommands)
    }

    /// A copy of `scenario` with every `eth0` renamed `name` in its description and captures.
    static func renamed(_ scenario: String, to name: String, in root: URL) throws -> URL {
        let source = Repository.fixtures.appendingPathComponent(scenario)
        let copy = root.appendingPathComponent(scenario)
        try FileManager.default.copyItem(at: source, to: copy)
        let walker = FileManager.default.enumerator(at: copy, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = walker?.nextObject() as? URL {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                let text = try? String(contentsOf: file, encoding: .utf8), text.contains("eth0")
            else { continue }
            // JSON captures hold the name as a JSON string: escape what JSON needs.
            let replacement =
                file.pathExtension == "json" || text.hasPrefix("[")
                ? name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") : name
            try text.replacingOccurrences(of: "eth0", with: replacement).write(to: file, atomically: true, encoding: .utf8)
        }
        return copy
    }

    /// Runs each line in its own bash, all in one private mount namespace; returns, per line,
    /// what the stubs recorded and what bash wrote on standard error.
    static func paste(_ lines: [String], in work: URL) throws -> [(recorded: [String], stderr: String)] {
        let stubs = work.appendingPathComponent("stubs")
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        for program in programs + canaries {
            let stub = stubs.appendingPathComponent(program)
            try "#!/bin/sh\n{ printf '%s' \"${0##*/}\"; for a in \"$@\"; do printf ' [%s]' \"$a\"; done; echo; } >> \"$STUB_LOG\"\n"
                .write(to: stub, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
        }
        let lineFolder = work.appendingPathComponent("lines")
        try FileManager.default.createDirectory(at: lineFolder, withIntermediateDirectories: true)
        for (index, line) in lines.enumerated() {
            try (line + "\n").write(to: lineFolder.appendingPathComponent("\(index)"), atomically: true, encoding: .utf8)
        }
        // The driver: fresh /etc and /run, the folders fixes write into, then each line with
        // `echo` and `printf` as stubs too (bash's builtins are switched off for them).
        let driver = """
            set -u
            mount -t tmpfs lvslint-fix /etc && mount -t tmpfs lvslint-fix /run || exit 90
            mkdir -p /etc/sysctl.d /etc/sysconfig/network-scripts /etc/network /etc/default /etc/iptables
            i=0
            while [ -e "$LINES/$i" ]; do
              STUB_LOG="$LOGS/$i.log" env -i PATH="$STUBS" STUB_LOG="$LOGS/$i.log" /bin/bash --noprofile --norc -c 'enable -n echo printf; source "$1"' bash "$LINES/$i" 2> "$LOGS/$i.err" < /dev/null
              i=$((i + 1))
            done
            """
        let logs = work.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let unshare = try #require(PrivateMounts.unshare)
        let result = try run(
            unshare, ["--mount", "--propagation", "private", "--fork", "/bin/sh", "-c", driver],
            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LINES": lineFolder.path, "LOGS": logs.path, "STUBS": stubs.path])
        #expect(result.status == 0, "the driver failed: \(result.stderr)")
        return lines.indices.map { index in
            let recorded = (try? String(contentsOf: logs.appendingPathComponent("\(index).log"), encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOf: logs.appendingPathComponent("\(index).err"), encoding: .utf8)) ?? ""
            return (recorded.split(separator: "\n").map(String.init), stderr)
        }
    }

    /// Lines that are not shell: keepalived.conf lines to put in a block (KA rules).
    static func isShell(_ line: String) -> Bool {
        guard let first = line.split(separator: " ").first else { return false }
        return programs.contains(String(first))
    }

    func check(_ lines: [String], hostile name: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-paste-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let shell = lines.filter(Self.isShell)
        let outcomes = try Self.paste(shell, in: work)
        for (line, outcome) in zip(shell, outcomes) {
            let ran = outcome.recorded.compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(!ran.contains { Self.canaries.contains($0) }, "pasting `\(line)` ran \(ran)", sourceLocation: sourceLocation)
            #expect(
                !outcome.stderr.contains("command not found") && !outcome.stderr.contains("syntax error"),
                "pasting `\(line)`: \(outcome.stderr)", sourceLocation: sourceLocation)
            #expect(ran.first == line.split(separator: " ").first.map(String.init), "pasting `\(line)` ran \(ran)", sourceLocation: sourceLocation)
            // A hostile name the line carries reaches the command whole, as (part of) one argument.
            if let name, line.contains(ShellWord.quote(name)) {
                #expect(
                    outcome.recorded.contains { $0.contains("[") && $0.contains(name) }, "`\(line)` passed \(outcome.recorded)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every fix of every fixture runs only its own command")
    func fixtures() throws {
        var lines: [String] = []
        for scenario in Repository.scenarios {
            lines += Self.fixLines(try Repository.check(scenario))
        }
        #expect(lines.count > 100)
        try check(Array(Set(lines)).sorted(), hostile: nil)
    }

    @Test("fixes for interfaces named to inject a command run only their own command", arguments: hostileNames)
    func hostile(_ name: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var lines: [String] = []
        var carrying = 0
        for scenario in Repository.scenarios where Repository.keepalivedFiles(scenario).isEmpty {
            let copy = try Self.renamed(scenario, to: name, in: root)
            guard let result = try? Checker.run(.description(copy.appendingPathComponent("cluster.yaml").path)).get() else { continue }
            let found = Self.fixLines(result)
            carrying += found.filter { $0.contains(ShellWord.quote(name)) }.count
            lines += found
        }
        // The rules that write an interface into a command did so for the hostile one.
        #expect(carrying >= 8, "only \(carrying) fixes carried the interface name")
        try check(Array(Set(lines)).sorted(), hostile: name)
    }
}
