import Foundation

/// What a section marker of a `lvslint collect` bundle says: `==== ip -d addr (exit 0) ====`
/// names a command and its exit status, `==== file /etc/sysctl.conf (exit 0) ====` a copied
/// file. Other markers (a prompt, `### cmd`) name a command with no status.
public struct BundleSection: Equatable, Sendable {
    public var command: String?
    public var exitStatus: Int?
    /// The path on the host, for a copied file: configuration, never runtime state.
    public var file: String?

    /// What the collector added after the status: `timed out after 20 s`, `first 10000 of
    /// 2000000 lines` (the section was cut), `not run: …` (it would have loaded a module).
    public var notes: [String] = []
    /// Lines the section had and lines it kept, when the collector cut it.
    public var cut: (kept: Int, total: Int)? {
        for note in notes {
            let words = note.split(separator: " ")
            if words.count == 5, words[0] == "first", words[2] == "of", let kept = Int(words[1]), let total = Int(words[3]) { return (kept, total) }
        }
        return nil
    }

    public static func == (a: BundleSection, b: BundleSection) -> Bool {
        a.command == b.command && a.exitStatus == b.exitStatus && a.file == b.file && a.notes == b.notes
    }

    public init(marker: String?) {
        guard var text = marker else { return }
        // `(exit 0)`, or `(exit 0; first 10000 of 2000000 lines)`: the status, then notes.
        if text.hasSuffix(")"), let open = text.range(of: " (exit ", options: .backwards) {
            let inside = text[open.upperBound...].dropLast().split(separator: ";", omittingEmptySubsequences: false)
            if let first = inside.first, let status = Int(first) {
                exitStatus = status
                notes = inside.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                text = String(text[..<open.lowerBound])
            }
        }
        if exitStatus != nil, text.hasPrefix("file ") {
            file = String(text.dropFirst(5))
        }
        command = text
    }

    /// Sections the collect script writes that no check reads yet (policy rules, firewall
    /// rule sets) or whose tool is often not installed (arptables): kept, and not reported
    /// as unrecognised or failed. A section that succeeded in a format lvslint reads is read.
    static let collectedNotRead: [String] = [
        "ip rule", "ip -6 rule", "iptables-save", "ip6tables-save", "nft list",
        "arptables", "cat /proc/net/ip_vs_conn",
    ]

    /// `ipvsadm -L --daemon`, `ipvsadm --list --daemon`: a listing that is empty when no daemon runs.
    static func listsSyncDaemons(_ command: String) -> Bool {
        let words = command.split(separator: " ")
        return words.contains { $0.hasSuffix("ipvsadm") } && words.contains("--daemon")
    }

    public var isCollectedButNotRead: Bool {
        guard exitStatus != nil, let command else { return false }
        return Self.collectedNotRead.contains { command == $0.trimmingCharacters(in: .whitespaces) || command.hasPrefix($0) }
    }
}
