import LVSModel

/// `sysctl -a`: `key = value` per line (values may hold tabs or be empty).
enum SysctlParser: CaptureParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .sysctl)
        out.sysctls.reserveCapacity(1200)
        file.forEachLine { line in
            if line.isBlank { return }
            let bytes = line.bytes
            // stderr of sysctl mixed in: "sysctl: permission denied on key '…'" carries no value.
            if ByteFields.hasPrefix(bytes, "sysctl: ") { return }
            // Comments, as in sysctl.conf or notes pasted between commands.
            let first = ByteFields.trimmed(bytes).first
            if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") { return }
            guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else {
                out.markUnparsed(line, "expected `key = value`")
                return
            }
            let key = ByteFields.trimmed(bytes[bytes.startIndex..<eq])
            guard !key.isEmpty, !key.contains(32), !key.contains(9) else {
                out.markUnparsed(line, "expected `key = value`")
                return
            }
            let value = ByteFields.trimmed(bytes[(eq + 1)...])
            out.sysctls.append(SysctlEntry(key: ByteFields.string(key), value: ByteFields.string(value), evidence: line))
        }
        return out
    }
}
