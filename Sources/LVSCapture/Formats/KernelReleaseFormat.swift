import LVSModel

extension CaptureKind {
    /// `uname -r`, `uname -a`, `uname -sr` and /proc/version.
    public static let uname = CaptureKind("uname", facet: .kernel, rank: 0)
}

/// The kernel's release: one line, as `uname` or /proc/version prints it.
struct KernelReleaseFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.uname]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        head.lines.count == 1 && KernelReleaseParser.release(in: head.firstFields) != nil ? .uname : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? {
        guard let found = KernelReleaseParser.release(in: fields) else { return nil }
        // `Linux version …` and `Linux HOST RELEASE …` say what they are; a bare release may
        // only begin a region no other format claims.
        return found.labelled ? .strong : .weak
    }

    func accepts(_ line: CaptureLine) -> Bool { false }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { KernelReleaseParser.parse(file) }
}
