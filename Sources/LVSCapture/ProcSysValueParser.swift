import LVSModel

/// Single sysctl values as people paste them: the key is in the command line, the value
/// alone on the next line. `cat /proc/sys/net/ipv4/ip_forward` then `0` (also through
/// `sudo`, `nsenter …` or `ip netns exec NS`), `sysctl -n net.ipv4.ip_forward`, or a
/// `==> /proc/sys/net/ipv4/ip_forward <==` header as `tail`/`head` print it. Read as a
/// partial sysctl capture: the keys it names, nothing else.
enum ProcSysValueParser {
    /// The sysctl keys `command` prints the values of, in order; nil when it prints none.
    static func keys(in command: String) -> [String]? {
        var words = command.split(separator: " ").map(String.init)
        // Whatever runs it (sudo, nsenter -t 1 -n, ip netns exec NS): from the program on.
        if let start = words.firstIndex(where: { ["cat", "sysctl", "head", "tail", "grep"].contains(lastComponent($0)) }) {
            words = Array(words[start...])
        } else if words.count == 1, words[0].hasPrefix("/proc/sys/") {
            return [key(fromPath: words[0])]  // a `==> /proc/sys/… <==` header
        } else {
            return nil
        }
        guard let program = words.first.map(lastComponent) else { return nil }
        let arguments = words.dropFirst().filter { !$0.hasPrefix("-") }
        switch program {
        case "cat", "head", "tail":
            let paths = arguments.filter { $0.hasPrefix("/proc/sys/") }
            guard !paths.isEmpty, paths.count == arguments.count else { return nil }
            return paths.map(key(fromPath:))
        case "sysctl":
            // Only `-n` (values alone) prints a bare value; `sysctl KEY` prints `KEY = value`.
            guard words.contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains("n") }), !arguments.isEmpty,
                arguments.allSatisfy({ !$0.contains("=") })
            else { return nil }
            return arguments.map { $0.contains("/") && !$0.contains(".") ? key(fromPath: "/proc/sys/" + $0) : $0 }
        default:
            return nil
        }
    }

    /// `/proc/sys/net/ipv4/conf/eth0.100/arp_ignore` → `net.ipv4.conf.eth0/100.arp_ignore`
    /// (sysctl writes a dot inside a name as `/`).
    static func key(fromPath path: String) -> String {
        path.dropFirst("/proc/sys/".count).split(separator: "/").map { $0.replacingOccurrences(of: ".", with: "/") }.joined(separator: ".")
    }

    static func lastComponent(_ word: String) -> String { CaptureLoader.lastComponent(of: word) }

    /// The values of `keys`, one line each, or nil when the region is not that.
    static func parse(_ file: CaptureFile, keys: [String]) -> ParsedCapture? {
        var values: [CaptureLine] = []
        file.forEachLine { line in if !line.isBlank { values.append(line) } }
        guard values.count == keys.count, values.allSatisfy({ !$0.bytes.contains(UInt8(ascii: "=")) && $0.fields.count <= 4 }) else { return nil }
        var out = ParsedCapture(file: file, kind: .sysctl)
        for (key, line) in zip(keys, values) {
            out.sysctls.append(SysctlEntry(key: key, value: ByteFields.string(ByteFields.trimmed(line.bytes)), evidence: line))
        }
        return out
    }
}
