import LVSModel

extension CaptureKind {
    /// `nft list ruleset`.
    public static let nftRuleset = CaptureKind("nft-ruleset", facet: .firewall, rank: 1)
}

/// nftables' ruleset as `nft list ruleset` (or `nft -a`) prints it.
struct NFTRulesetFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.nftRuleset]

    func recognise(_ head: CaptureHead) -> CaptureKind? { Self.isTableLine(head.head) ? .nftRuleset : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        Self.isTableLine(ByteFields.trimmed(line.bytes)) ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool {
        // Tables, chains and rules are indented under `table … {`; a table ends with `}`.
        let bytes = line.bytes
        return (bytes.first.map(ByteFields.isSpace) ?? true) || bytes.first == UInt8(ascii: "}")
            || ByteFields.hasPrefix(bytes, "# Warning: table ")
    }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { NFTRulesetParser.parse(file) }

    /// `table inet filter {`: how `nft list ruleset` begins. `nft -a` appends `# handle 1`.
    static func isTableLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard ByteFields.hasPrefix(line, "table ") else { return false }
        let bytes = ByteFields.trimmed(line.firstIndex(of: UInt8(ascii: "#")).map { line[..<$0] } ?? line)
        guard bytes.last == UInt8(ascii: "{") else { return false }
        let words = bytes.split(separator: 32)
        return words.count == 4 && ["ip", "ip6", "inet", "arp", "bridge", "netdev"].contains(ByteFields.string(words[1]))
    }
}
