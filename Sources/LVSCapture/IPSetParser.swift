import Foundation
import LVSModel

/// `ipset save` (`create NAME TYPE …` then `add NAME MEMBER …`) and `ipset list` (`Name:`,
/// `Type:`, `Header:` … `Members:` then one member per line, a blank line between sets).
enum IPSetParser {
    /// The header words of `ipset list`, in the order ipset prints them.
    static let listHeaders: [StaticString] = [
        "Name:", "Type:", "Revision:", "Header:", "Size in memory:", "References:", "Number of entries:", "Members:",
    ]

    static func isSaveLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        (ByteFields.hasPrefix(bytes, "create ") || ByteFields.hasPrefix(bytes, "add ")) && bytes.count < 4096
            && ByteFields.split(bytes).count >= 3
    }

    static func isListHeader(_ bytes: ArraySlice<UInt8>) -> Bool { listHeaders.contains { ByteFields.hasPrefix(bytes, $0) } }

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .ipset)
        var sets: [IPSet] = []
        var index: [String: Int] = [:]
        var listing: Int?  // the set whose `ipset list` block is being read
        var inMembers = false
        file.forEachLine { line in
            let bytes = ByteFields.trimmed(line.bytes)
            if bytes.isEmpty {
                listing = nil
                inMembers = false
                return
            }
            guard bytes.count < 4096 else {
                out.markUnparsed(line, "longer than any line ipset prints")
                return
            }
            let text = ByteFields.string(bytes)
            let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if words.first == "create", words.count >= 3 {
                index[words[1]] = sets.count
                sets.append(IPSet(name: words[1], type: words[2], evidence: line))
                return
            }
            if words.first == "add", words.count >= 3 {
                guard let at = index[words[1]] else {
                    out.markUnparsed(line, "adds to set \(words[1]), which no `create` line before it made")
                    return
                }
                sets[at].members.append(member(words[2], line: line))
                return
            }
            if inMembers, let at = listing {
                sets[at].members.append(member(words[0], line: line))
                return
            }
            if text.hasPrefix("Name:") {
                let name = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
                index[name] = sets.count
                listing = sets.count
                sets.append(IPSet(name: name, type: "", evidence: line))
                return
            }
            if let at = listing, text.hasPrefix("Type:") {
                sets[at].type = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
                return
            }
            if listing != nil, text == "Members:" {
                inMembers = true
                return
            }
            if listing != nil, isListHeader(bytes) { return }
            out.markUnparsed(line, "expected `create`/`add` lines (ipset save) or an `ipset list` block")
        }
        out.ipsets = sets
        return out
    }

    /// `198.51.100.1,tcp:443`, `2001:db8::1,udp:53`, `30080`, `203.0.113.0/24`, `ip,tcp:80,ip`.
    static func member(_ text: String, line: CaptureLine) -> IPSetMember {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var address: IPAddress?
        var protocolName: String?
        var port: Int?
        if let first = parts.first {
            let bare = first.split(separator: "/").first.map(String.init) ?? first
            address = IPAddress(bare)
            if address == nil, parts.count == 1, let number = Int(first) { port = number }
        }
        if parts.count >= 2 {
            let second = parts[1]
            if let colon = second.lastIndex(of: ":") {
                protocolName = String(second[..<colon]).lowercased()
                port = Int(second[second.index(after: colon)...])
            } else {
                protocolName = "tcp"  // ipset's default protocol for a bare port
                port = Int(second)
            }
        }
        return IPSetMember(text: text, address: address, protocolName: protocolName, port: port, evidence: line)
    }
}
