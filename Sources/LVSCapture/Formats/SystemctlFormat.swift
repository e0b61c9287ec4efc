import LVSModel

extension CaptureKind {
    /// `systemctl list-unit-files`: whether each unit starts at boot.
    public static let systemctlUnitFiles = CaptureKind("systemctl-unit-files", facet: .services, rank: 0)
    /// `systemctl list-units --all`: whether each unit runs now.
    public static let systemctlUnits = CaptureKind("systemctl-units", facet: .services, rank: 1)
}

/// systemd's unit listings, whose list-units header is indented by two columns.
struct SystemctlFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.systemctlUnits, .systemctlUnitFiles]
    var startsIndented: Bool { true }

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        if head.hasPrefix("UNIT FILE") && head.contains("STATE") { return .systemctlUnitFiles }
        if head.hasPrefix("UNIT") && head.contains("LOAD") && head.contains("ACTIVE") { return .systemctlUnits }
        return nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        let trimmed = ByteFields.trimmed(line.bytes)
        return ByteFields.hasPrefix(trimmed, "UNIT FILE") || (ByteFields.hasPrefix(trimmed, "UNIT ") && ByteFields.contains(trimmed, " LOAD "))
            ? .header : nil
    }

    /// Rows, legend and counts, until the next start.
    func accepts(_ line: CaptureLine) -> Bool { true }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { SystemctlParser.parse(file, kind: kind) }
}
