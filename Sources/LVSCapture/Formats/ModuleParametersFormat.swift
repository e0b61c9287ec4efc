import LVSModel

extension CaptureKind {
    /// `grep -H . /sys/module/ip_vs/parameters/*` (`PATH:VALUE` lines).
    public static let moduleParameters = CaptureKind("module-parameters", facet: .moduleParameters, rank: 0)
}

/// Kernel module parameters as `grep -H . /sys/module/MODULE/parameters/*` prints them:
/// `/sys/module/ip_vs/parameters/conn_tab_bits:12`. (`cat` of one such file prints the value
/// alone; the loader reads it by its command line, as it does /proc/sys values.)
struct ModuleParametersFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.moduleParameters]

    func recognise(_ head: CaptureHead) -> CaptureKind? { ModuleParametersParser.parameter(head.head) != nil ? .moduleParameters : nil }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        ModuleParametersParser.parameter(ByteFields.trimmed(line.bytes)) != nil ? .strong : nil
    }

    func accepts(_ line: CaptureLine) -> Bool { ModuleParametersParser.parameter(ByteFields.trimmed(line.bytes)) != nil }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { ModuleParametersParser.parse(file) }
}
