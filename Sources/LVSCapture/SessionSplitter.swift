import Foundation
import LVSModel

/// Cuts a file that holds several commands' output — a pasted terminal session, or the
/// bundle `captures/<host>.txt` — into one section per command, so that each is
/// recognised and parsed on its own, with the line numbers of the whole file.
///
/// A section starts at a command line: an optional shell prompt (`$`, `#`,
/// `[root@lvs1 ~]#`, `root@rs1:~#`) followed by a command lvslint reads (`ip …`,
/// `ifconfig`, `route`, `netstat`, `sysctl`, `ipvsadm…`, `cat /proc/net/…`), or a
/// `==> name <==` header as `tail`/`head` print between files.
public enum SessionSplitter {
    static let commands: Set<String> = ["ip", "ifconfig", "route", "netstat", "sysctl", "ipvsadm", "ipvsadm-save", "cat", "busybox"]

    /// The sections of `file`, or nil when it does not start with a command line.
    public static func sections(of file: CaptureFile) -> [CaptureFile]? {
        var starts: [(line: CaptureLine, command: String)] = []
        var firstContent: CaptureLine?
        file.forEachLine { line in
            if line.isBlank { return }
            if firstContent == nil { firstContent = line }
            if let command = command(in: line) { starts.append((line, command)) }
        }
        guard let first = firstContent, let opening = starts.first, opening.line.number == first.number else { return nil }
        var out: [CaptureFile] = []
        for (index, start) in starts.enumerated() {
            let from = start.line.end < file.bytes.count ? start.line.end + 1 : file.bytes.count
            let to = index + 1 < starts.count ? starts[index + 1].line.start : file.bytes.count
            guard from <= to else { continue }
            // A prompt line ending with CRLF: skip the LF after the CR already dropped.
            var begin = from
            if begin < to && begin > 0 && file.bytes[begin - 1] == 13 && file.bytes[begin] == 10 { begin += 1 }
            out.append(CaptureFile(path: file.path, bytes: Array(file.bytes[begin..<to]), lineOffset: start.line.number,
                                   command: start.command))
        }
        return out
    }

    /// The command a line runs, if it is a command line. After a full prompt
    /// (`[root@lvs1 ~]# `, `root@rs1:~$ `) any command counts, so that its output is
    /// reported as unrecognised rather than taken for the previous command's; after a
    /// bare `$ ` or `# ` only the commands lvslint reads do (a `# comment` is not one).
    static func command(in line: CaptureLine) -> String? {
        let text = line.text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("==>") && text.hasSuffix("<==") {
            return String(text.dropFirst(3).dropLast(3)).trimmingCharacters(in: .whitespaces)
        }
        for marker in ["# ", "$ "] {
            guard let range = text.range(of: marker) else { continue }
            let prompt = text[..<range.lowerBound]
            let command = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard !command.isEmpty, prompt.count < 80 else { continue }
            if prompt.isEmpty { return isCommand(command) ? command : nil }
            let fullPrompt = prompt.contains("@") && !prompt.contains(" ") || (prompt.hasPrefix("[") && prompt.hasSuffix("]"))
            if fullPrompt { return command }
        }
        return nil
    }

    static func isCommand(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard let first = words.first else { return false }
        let program = (String(first) as NSString).lastPathComponent
        guard commands.contains(program) else { return false }
        switch program {
        case "cat": return words.dropFirst().contains { $0.hasPrefix("/proc/") || $0.hasPrefix("/etc/") }
        case "ip":
            // `ip` then options or an object: addr, a, route, r, link, -d, -o, -j, -4, -6 …
            guard let second = words.dropFirst().first else { return false }
            return second.hasPrefix("-") || ["a", "ad", "addr", "address", "r", "ro", "route", "l", "link", "neigh", "rule"].contains(String(second))
        default: return true
        }
    }
}
