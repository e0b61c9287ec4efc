import Foundation
import LVSModel

/// Module parameters from `grep -H . /sys/module/M/parameters/*`, or a `cat` of one and its value.
enum ModuleParametersParser {
    /// (module, parameter, value) of a `…/sys/module/M/parameters/P:VALUE` line.
    static func parameter(_ bytes: ArraySlice<UInt8>) -> (module: String, name: String, value: String)? {
        guard bytes.count < 4096, ByteFields.contains(bytes, "/sys/module/"), ByteFields.contains(bytes, "/parameters/") else { return nil }
        let text = ByteFields.string(bytes)
        guard let module = text.range(of: "/sys/module/", options: .backwards) else { return nil }
        let rest = text[module.upperBound...]
        let parts = rest.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "parameters", let colon = parts[2].firstIndex(of: ":") else { return nil }
        let name = parts[2][..<colon]
        let value = parts[2][parts[2].index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !parts[0].isEmpty, !name.isEmpty, !name.contains(" "), !parts[0].contains(" ") else { return nil }
        return (String(parts[0]), String(name), value)
    }

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .moduleParameters)
        file.forEachLine { line in
            if line.isBlank { return }
            guard let found = parameter(ByteFields.trimmed(line.bytes)) else {
                out.markUnparsed(line, "expected `/sys/module/MODULE/parameters/NAME:VALUE` (grep -H . /sys/module/ip_vs/parameters/*)")
                return
            }
            out.moduleParameters.append(ModuleParameter(module: found.module, name: found.name, value: found.value, evidence: line))
        }
        return out
    }

    /// The parameter a command prints the value of alone (`cat /sys/module/ip_vs/parameters/conn_tab_bits`).
    static func parameter(inCommand command: String) -> (module: String, name: String)? {
        let words = command.split(separator: " ")
        guard let path = words.last, words.contains(where: { $0.hasSuffix("cat") || $0.hasSuffix("grep") || $0.hasSuffix("head") }),
            let found = parameter(ArraySlice(Array((path + ":x").utf8)))
        else { return nil }
        return (found.module, found.name)
    }

    static func parseValue(_ file: CaptureFile, module: String, name: String) -> ParsedCapture? {
        var values: [CaptureLine] = []
        file.forEachLine { line in if !line.isBlank { values.append(line) } }
        guard values.count == 1, let line = values.first, line.fields.count == 1 else { return nil }
        var out = ParsedCapture(file: file, kind: .moduleParameters)
        out.moduleParameters.append(
            ModuleParameter(module: module, name: name, value: ByteFields.string(ByteFields.trimmed(line.bytes)), evidence: line))
        return out
    }
}
