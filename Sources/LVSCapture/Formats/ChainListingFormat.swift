import LVSModel

extension CaptureKind {
    /// `arptables -L -n`.
    public static let arptables = CaptureKind("arptables", facet: .arpFilter, rank: 0)
    /// `iptables -L -n [-v] [--line-numbers]`, `ip6tables -L -n`: the filter table as listed.
    public static let iptablesList = CaptureKind("iptables-list", facet: .firewall, rank: 2)
}

/// Listings of chains, `Chain INPUT (policy ACCEPT)` then rules: iptables heads each
/// chain's rules with `target prot opt …`, arptables has no header.
struct ChainListingFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.arptables, .iptablesList]
    var recognitionRequired: Bool { true }

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        guard head.hasPrefix("Chain ") && head.contains("(") else { return nil }
        let headed = head.lines.contains { line in
            ["target", "pkts", "num"].contains(line.fields.first.map(ByteFields.string) ?? "")
                && line.fields.contains { ByteFields.equals($0, "prot") }
        }
        return headed ? .iptablesList : .arptables
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        // One listing holds several chains, so a chain line is not a header.
        let bytes = line.bytes
        return ByteFields.hasPrefix(bytes, "Chain ") && (ByteFields.contains(bytes, "(policy ") || ByteFields.contains(bytes, " references)"))
            ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool {
        // `-j DROP …`, `1 -j DROP …` (--line-numbers), or iptables' `target prot opt` table.
        let fields = line.fields
        guard let f0 = fields.first else { return false }
        return ByteFields.equals(f0, "-j") || (ByteFields.int(f0) != nil && fields.count > 1 && ByteFields.equals(fields[1], "-j"))
            || fields.count >= 4
    }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture {
        kind == .iptablesList ? IPTablesListParser.parse(file) : ARPTablesParser.parse(file)
    }
}
