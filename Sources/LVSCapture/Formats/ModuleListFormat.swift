import LVSModel

extension CaptureKind {
    /// `lsmod` and /proc/modules.
    public static let lsmod = CaptureKind("lsmod", facet: .modules, rank: 0)
}

/// Loaded kernel modules: `lsmod` (headed) or /proc/modules.
struct ModuleListFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.lsmod]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        LineShape.isModuleListHeader(head.firstFields) || LineShape.isProcModulesLine(head.firstFields) ? .lsmod : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        if LineShape.isModuleListHeader(fields) { return .header }
        return LineShape.isProcModulesLine(fields) ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool {
        // `ip_vs_rr   16384  1`, `ip_vs  172032  3 ip_vs_rr,nf_conntrack`: a name, a size, a count.
        let fields = line.fields
        return LineShape.isProcModulesLine(fields) || (fields.count >= 3 && ByteFields.int(fields[1]) != nil && ByteFields.int(fields[2]) != nil)
    }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { ModuleListParser.parse(file) }
}
