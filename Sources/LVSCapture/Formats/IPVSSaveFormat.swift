import LVSModel

extension CaptureKind {
    /// `ipvsadm-save -n`, `ipvsadm -Sn`, and the saved rules files in that format.
    public static let ipvsadmSave = CaptureKind("ipvsadm-save", facet: .ipvs, rank: 1)
}

/// IPVS rules as commands: `-A -t 192.0.2.100:80 -s rr`, `-a -t … -r … -g -w 1`,
/// optionally after `ipvsadm` (a script of ipvsadm commands reads the same).
struct IPVSSaveFormat: CaptureFormat {
    let kinds: [CaptureKind] = [.ipvsadmSave]

    func recognise(_ head: CaptureHead) -> CaptureKind? {
        let meaningful = head.lines.filter { ByteFields.trimmed($0.bytes).first != UInt8(ascii: "#") }
        guard let first = meaningful.first else { return nil }
        // Every line must be one: the first line's first word tells most files at once (a
        // command starts with `-`, else the word is `ipvsadm` or a path to it).
        if let word = IPAddrParser.firstWord(first.bytes), word.first != UInt8(ascii: "-"), word.last != UInt8(ascii: "m") { return nil }
        let all = meaningful.allSatisfy { line in
            var f = line.fields[...]
            if let w = f.first, ByteFields.equals(w, "ipvsadm") || ByteFields.hasSuffix(w, "/ipvsadm") { f = f.dropFirst() }
            guard let w = f.first else { return false }
            return IPVSAdmSaveParser.commands[ByteFields.string(w)] != nil
        }
        return all ? .ipvsadmSave : nil
    }

    func start(_ line: CaptureLine, fields: [ArraySlice<UInt8>]) -> RegionStart? { LineShape.isSaveLine(fields) ? .weak : nil }

    func accepts(_ line: CaptureLine) -> Bool { LineShape.isSaveLine(line.fields) || line.bytes.first == UInt8(ascii: "#") }

    func parse(_ file: CaptureFile, as kind: CaptureKind, options: ParseOptions) -> ParsedCapture { IPVSAdmSaveParser.parse(file) }
}
