import LVSModel

extension CaptureKind {
    /// `ipset save` or `ipset list`.
    public static let ipset = CaptureKind("ipset", facet: .ipsets, rank: 0)
}

/// The kernel's IP sets as `ipset save` (`create KUBE-CLUSTER-IP hash:ip,port family inet …`,
/// `add KUBE-CLUSTER-IP 198.51.100.1,tcp:443`) or `ipset list` (`Name: KUBE-CLUSTER-IP`,
/// `Type: hash:ip,port`, … `Members:`) prints them.
struct IPSetFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipset]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if head.hasPrefix("create "), head.firstFields.count >= 3, isSetType(head.firstFields[2]) { return .ipset }
        if head.hasPrefix("Name: "), head.lines.count > 1, ByteFields.hasPrefix(ByteFields.trimmed(head.lines[1].bytes), "Type: ") {
            return .ipset
        }
        return nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        if ByteFields.hasPrefix(line.bytes, "create "), fields.count >= 3, isSetType(fields[2]) { return .strong }
        if ByteFields.hasPrefix(line.bytes, "Name: ") { return .weak }
        return nil
    }

    /// `create`/`add` lines, `ipset list`'s headers, and members (an address, a port).
    func accepts(_ line: CaptureLine) -> Bool {
        let bytes = ByteFields.trimmed(line.bytes)
        guard let first = bytes.first else { return true }
        if IPSetParser.isSaveLine(bytes) || IPSetParser.isListHeader(bytes) { return true }
        let isHex = (first >= 48 && first <= 57) || (first >= 97 && first <= 102) || (first >= 65 && first <= 70) || first == 58
        return isHex
            && ByteFields.split(bytes).first.map {
                ByteFields.contains($0, ",") || ByteFields.int($0) != nil || IPAddress.parse(bytes: $0.prefix { $0 != 47 }) != nil
            } ?? false
    }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { IPSetParser.parse(file) }

    /// `hash:ip,port`, `bitmap:port`, `list:set`: what follows `create NAME`.
    private func isSetType(_ word: ArraySlice<UInt8>) -> Bool {
        ByteFields.hasPrefix(word, "hash:") || ByteFields.hasPrefix(word, "bitmap:") || ByteFields.hasPrefix(word, "list:")
    }
}
