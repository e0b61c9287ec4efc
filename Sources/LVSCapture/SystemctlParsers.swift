import LVSModel

/// `systemctl list-unit-files` (`UNIT FILE  STATE  [VENDOR ]PRESET`) and `systemctl
/// list-units --all` (`UNIT  LOAD  ACTIVE  SUB  DESCRIPTION`, a `●` before failed or
/// inactive units on newer systemd), with their legend and counts skipped.
enum SystemctlParser {
    static let unitNameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\@".unicodeScalars)

    static func parse(_ file: CaptureFile, kind: CaptureKind) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: kind)
        file.forEachLine { line in
            var fields = line.fields.map(ByteFields.string)
            if fields.first == "●" || fields.first == "*" { fields.removeFirst() }
            guard let first = fields.first else { return }
            // Headers, legend (`LOAD   = …`), counts (`12 unit files listed.`), hints.
            if first == "UNIT" || fields.count < 2 || fields[1] == "=" || fields.contains("listed.") || first == "To" || first == "Pass" { return }
            guard first.contains(".") else {
                out.markUnparsed(line, "expected a unit name such as `httpd.service`")
                return
            }
            // systemd's own alphabet (unit_name_is_valid): anything else was not printed by systemctl.
            guard first.utf8.count < 256, first.unicodeScalars.allSatisfy({ Self.unitNameCharacters.contains($0) }) else {
                out.markUnparsed(line, "not read: a systemd unit name holds only letters, digits and `:-_.\\@`, at most 255 of them")
                return
            }
            var unit = ServiceUnit(name: first)
            if kind == .systemctlUnitFiles {
                unit.fileState = fields[1]
                unit.fileEvidence = line
            } else {
                guard fields.count >= 4 else {
                    out.markUnparsed(line, "expected `UNIT LOAD ACTIVE SUB DESCRIPTION`")
                    return
                }
                unit.activeState = fields[2]
                unit.activeEvidence = line
            }
            out.units.append(unit)
        }
        return out
    }
}
