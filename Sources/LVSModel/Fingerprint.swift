/// A finding's identity across runs: its rule, host, service and the content of its
/// evidence — never line numbers, so that unrelated edits (a line added above, a
/// re-captured file with the same facts) leave it unchanged. Used by baselines, SARIF
/// partialFingerprints and GitLab Code Quality.
extension Finding {
    public var fingerprintKey: String {
        var parts = [rule, host ?? "-", service ?? "-"]
        if evidence.isEmpty {
            parts.append(message)
        } else {
            parts += evidence.map { Finding.normalise($0.text) }.sorted()
        }
        return parts.joined(separator: "\u{1F}")
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
