/// A finding's identity across runs: its rule, host, service and the content of its
/// evidence — never line numbers, so that unrelated edits (a line added above, a
/// re-captured file with the same facts) leave it unchanged — and never what changes on
/// its own on a live director (connection counters, rates, statistics, expiry timers) or
/// with the folder lvslint runs from (paths). Used by baselines, SARIF
/// partialFingerprints and GitLab Code Quality.
extension Finding {
    public var fingerprintKey: String {
        var parts = [rule, host ?? "-", service ?? "-"]
        if let identity {
            parts.append(identity)
        } else if evidence.isEmpty {
            parts.append(Finding.withoutPaths(text.description))  // English whatever the report's language
        } else {
            parts += evidence.map { Finding.stable(Finding.normalise($0.text)) }.sorted()
        }
        return parts.joined(separator: "\u{1F}")
    }

    /// An IPVS row without what a live director changes by itself: a destination keeps its
    /// address, forwarding and weight (not ActiveConn, InActConn, or the counters and rates
    /// of --stats/--rate); a statistics service line keeps its protocol and address.
    static func stable(_ text: String) -> String {
        let fields = text.split(separator: " ")
        guard let first = fields.first else { return text }
        if first == "->", fields.count > 2 {
            let forward = fields[2]
            if forward.allSatisfy(\.isLetter) { return fields.prefix(fields.count > 3 ? 4 : 3).joined(separator: " ") }
            return fields.prefix(2).joined(separator: " ")  // statistics: counters only after the address
        }
        if ["TCP", "UDP", "SCTP", "FWM"].contains(String(first)), fields.count > 2 {
            let rest = fields.dropFirst(2)
            if rest.allSatisfy({ $0.allSatisfy { $0.isNumber || "KMGT".contains($0) } }) { return fields.prefix(2).joined(separator: " ") }
        }
        return text
    }

    /// Paths reduced to their last component: the same finding from another folder.
    static func withoutPaths(_ message: String) -> String {
        message.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            guard word.contains("/") else { return word }
            let parts = word.split(separator: "/")
            return parts.last ?? word
        }.joined(separator: " ")
    }

    /// 16 hex digits of FNV-1a (64-bit) over the key: stable across runs and platforms.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in fingerprintKey.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whitespace folded, so re-aligned columns do not change the identity.
    static func normalise(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
