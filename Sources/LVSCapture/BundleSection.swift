import Foundation

/// What a section marker of a `lvslint collect` bundle says: `==== ip -d addr (exit 0) ====`
/// names a command and its exit status, `==== file /etc/sysctl.conf (exit 0) ====` a copied
/// file. Other markers (a prompt, `### cmd`) name a command with no status.
public struct BundleSection: Equatable, Sendable {
    public var command: String?
    public var exitStatus: Int?
    /// The path on the host, for a copied file: configuration, never runtime state.
    public var file: String?

    public init(marker: String?) {
        guard var text = marker else { return }
        if text.hasSuffix(")"), let open = text.range(of: " (exit ", options: .backwards),
           let status = Int(text[open.upperBound...].dropLast()) {
            exitStatus = status
            text = String(text[..<open.lowerBound])
        }
        if exitStatus != nil, text.hasPrefix("file ") {
            file = String(text.dropFirst(5))
        }
        command = text
    }

    /// Sections the collect script writes that no check reads yet (policy rules, firewall
    /// rule sets) or whose tool is often not installed (arptables): kept, and not reported
    /// as unrecognised or failed. A section that succeeded in a format lvslint reads is read.
    static let collectedNotRead: [String] = ["ip rule", "ip -6 rule", "iptables-save", "ip6tables-save", "nft list",
                                             "arptables", "cat /proc/net/ip_vs_conn"]

    public var isCollectedButNotRead: Bool {
        guard exitStatus != nil, let command else { return false }
        return Self.collectedNotRead.contains { command == $0.trimmingCharacters(in: .whitespaces) || command.hasPrefix($0) }
    }
}
