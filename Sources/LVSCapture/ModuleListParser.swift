import LVSModel

/// `lsmod` (a `Module Size Used by` header, then `name size count [users]`) and /proc/modules
/// (`name size count users state address`, no header): the names of the loaded modules.
enum ModuleListParser {
    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .lsmod)
        file.forEachLine { line in
            if line.isBlank { return }
            let fields = line.fields
            if LineShape.isModuleListHeader(fields) { return }
            guard fields.count >= 3, ByteFields.int(fields[1]) != nil, ByteFields.int(fields[2]) != nil,
                let name = fields.first.map(ByteFields.string), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            else {
                out.markUnparsed(line, "expected `module size count [users]` (lsmod) or /proc/modules' `module size count users state address`")
                return
            }
            out.modules.append((name, line))
        }
        return out
    }
}
