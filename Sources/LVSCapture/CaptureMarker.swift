import Foundation
import LVSModel

/// A line that is not output but a note around it: the command that was run, a
/// heading, a separator, or a prompt left at the end of a pasted session.
enum CaptureMarker: Equatable {
    /// A command or heading naming what follows: `[root@lvs1 ~]# ip addr`, `$ ipvsadm -Ln`,
    /// `+ sysctl -a` (from `sh -x`), `### ip route`, `--- ip addr ---`, `==== sysctl ====`,
    /// `==> ipvsadm.txt <==` (as `tail`/`head` print between files).
    case command(String)
    /// A prompt with nothing typed after it, or a separator line (`=====`, `-----`): skipped.
    case filler

    /// Programs whose output lvslint reads (or may read: `cat` of /proc and /etc). After a
    /// bare `$ ` or `# ` only these make a command line, so that `# a comment` is not one.
    static let programs: Set<String> = [
        "ip", "ifconfig", "route", "netstat", "sysctl", "ipvsadm", "ipvsadm-save", "cat", "busybox", "lsmod",
        "nsenter", "sudo",
    ]

    /// The marker on `line`, if it is one. Output lines of every format lvslint reads never
    /// look like these, so a marker never hides content (and content wins over what a
    /// marker claims: the region after it is still recognised by what it holds).
    static func of(_ line: CaptureLine) -> CaptureMarker? {
        let bytes = ByteFields.trimmed(line.bytes)
        guard let first = bytes.first else { return nil }
        // A command pasted alone above its output, without a prompt (`ipvsadm -Ln`, `sysctl -a
        // | grep arp`): a marker like a prompt's. Only programs lvslint reads count, and no
        // format's output starts a line with one of their names.
        if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"), line.bytes.first.map({ !ByteFields.isSpace($0) }) ?? false,
            bytes.count < 200, !bytes.contains(UInt8(ascii: "=")) || bytes.starts(with: Array("sysctl ".utf8))
        {
            // The program's name told on the bytes first: most such lines are a route or an
            // interface, and the String made to ask `isReadCommand` cost thousands of instructions.
            if namesReadProgram(bytes) {
                let text = ByteFields.string(bytes)
                if isReadCommand(text), text.split(separator: " ").count <= 16 { return .command(text) }
            }
        }
        // Only lines that start with a marker character or hold a prompt character need a closer look.
        let interesting =
            first == UInt8(ascii: "+") || first == UInt8(ascii: "#") || first == UInt8(ascii: "=")
            || first == UInt8(ascii: "-") || first == UInt8(ascii: "[") || first == UInt8(ascii: "$")
            || bytes.contains(UInt8(ascii: "#")) || bytes.contains(UInt8(ascii: "$"))
        guard interesting else { return nil }
        if isSeparator(bytes) { return .filler }
        let text = ByteFields.string(bytes)
        if text.hasPrefix("==>") && text.hasSuffix("<==") {
            return .command(String(text.dropFirst(3).dropLast(3)).trimmingCharacters(in: .whitespaces))
        }
        if let heading = fenced(text, by: "-") ?? fenced(text, by: "=") { return .command(heading) }
        if first == UInt8(ascii: "+") {
            // `+ ip -d addr` (sh -x; deeper levels print `++`).
            let command = text.drop { $0 == "+" }
            if command.first == " ", let word = command.split(separator: " ").first, !word.isEmpty {
                return .command(command.trimmingCharacters(in: .whitespaces))
            }
            return nil
        }
        if text.hasPrefix("##") {
            let heading = text.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            return heading.isEmpty ? .filler : .command(heading)
        }
        return prompt(text)
    }

    /// `---- text ----` or `==== text ====` with at least three marks on each side.
    static func fenced(_ text: String, by mark: Character) -> String? {
        let lead = text.prefix { $0 == mark }.count
        let trail = text.reversed().prefix { $0 == mark }.count
        guard lead >= 3, trail >= 3, lead + trail < text.count else { return nil }
        let inner = text.dropFirst(lead).dropLast(trail).trimmingCharacters(in: .whitespaces)
        return inner.isEmpty ? nil : inner
    }

    /// A line made of one repeated punctuation mark (`=====`, `-----`, `#####`, `*****`).
    static func isSeparator(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 3, let mark = bytes.first,
            [UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "#"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~")].contains(mark)
        else { return false }
        return bytes.allSatisfy { $0 == mark || $0 == 32 }
    }

    /// A shell prompt and what was typed after it. After a full prompt (`[root@lvs1 ~]# `,
    /// `root@rs1:~$ `) any command counts, so that its output is taken for that command's
    /// and not for the previous one's; after a bare `$ ` or `# ` only the programs lvslint
    /// reads do after `# ` (which also starts comments). A full prompt alone (the end of a pasted session) is filler.
    static func prompt(_ text: String) -> CaptureMarker? {
        if text == "$" || text == "#" { return .filler }
        for marker in ["#", "$"] {
            guard let range = text.range(of: marker) else { continue }
            let prompt = text[..<range.lowerBound]
            let rest = text[range.upperBound...]
            guard prompt.count < 80 else { continue }
            let command = rest.trimmingCharacters(in: .whitespaces)
            if prompt.isEmpty {
                // No output format starts a line with `$ `, so any command counts after it;
                // `# ` starts comments too, so there only the programs lvslint reads do.
                guard rest.first == " ", !command.isEmpty, marker == "$" || isReadCommand(command) else { continue }
                return .command(command)
            }
            let fullPrompt = (prompt.contains("@") && !prompt.contains(" ")) || (prompt.hasPrefix("[") && prompt.hasSuffix("]"))
            guard fullPrompt else {
                // A short prompt (`rs$ `, `lvs1# `, `~ # `): one word, then a program lvslint reads.
                let word = prompt.trimmingCharacters(in: .whitespaces)
                if !word.isEmpty, !word.contains(" "), rest.first == " ", isReadCommand(command) { return .command(command) }
                continue
            }
            if command.isEmpty { return .filler }
            guard rest.first == " " else { continue }
            return .command(command)
        }
        return nil
    }

    /// The names of `programs`, looked up on bytes.
    static let programNames = ByteStringSet(programs.map { Array($0.utf8) })

    /// Whether the first word of `bytes` (which start with no blank) names one of `programs`,
    /// as `isReadCommand` finds the name: up to the first space, without trailing slashes, after
    /// the last slash. Never false where `isReadCommand` is true: its words and slashes are
    /// Characters, and a space or slash that a combining mark joins to the next Character, which
    /// only these bytes take for one, leaves it a name no program has.
    static func namesReadProgram(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        var end = bytes.firstIndex(of: UInt8(ascii: " ")) ?? bytes.endIndex
        while end - start > 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        let name = bytes[start..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes[($0 + 1)..<end] } ?? bytes[start..<end]
        return programNames.contains(name)
    }

    /// Whether `command` runs a program whose output lvslint reads.
    static func isReadCommand(_ command: String) -> Bool {
        // Asked of every line that starts with a lowercase word (a route, an `ip addr` line):
        // the program's name is looked up before the command is split into its words.
        var first = command.drop { $0 == " " }.prefix { $0 != " " }
        guard !first.isEmpty else { return false }
        // As a path's last component is read: `/usr/sbin/ipvsadm/` names ipvsadm.
        while first.count > 1, first.last == "/" { first = first.dropLast() }
        let program = first.lastIndex(of: "/").map { first[first.index(after: $0)...] } ?? first
        guard programs.contains(String(program)) else { return false }
        let words = command.split(separator: " ")
        switch program {
        case "cat": return words.dropFirst().contains { $0.hasPrefix("/proc/") || $0.hasPrefix("/etc/") }
        case "ip":
            guard let second = words.dropFirst().first else { return false }
            return second.hasPrefix("-")
                || ["a", "ad", "addr", "address", "r", "ro", "route", "l", "link", "neigh", "rule", "netns"].contains(String(second))
        default: return true
        }
    }
}
