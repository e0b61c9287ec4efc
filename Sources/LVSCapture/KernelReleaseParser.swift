import Foundation
import LVSModel

/// The kernel's release from `uname -r`, `uname -a`, `uname -sr` or /proc/version.
enum KernelReleaseParser {
    /// The release a line's fields name, and whether the line says it is one (`Linux …`).
    static func release(in fields: [ArraySlice<UInt8>]) -> (text: String, labelled: Bool)? {
        guard let first = fields.first else { return nil }
        if ByteFields.equals(first, "Linux"), fields.count >= 3 {
            // /proc/version: `Linux version 5.10.0-28-amd64 (…) …`; uname -a: `Linux HOST 5.10.0-28-amd64 #1 …`.
            let candidate = ByteFields.string(fields[2])
            if isRelease(candidate) { return (candidate, true) }
        }
        if ByteFields.equals(first, "Linux"), fields.count == 2 {
            let candidate = ByteFields.string(fields[1])  // uname -sr
            if isRelease(candidate) { return (candidate, true) }
        }
        if fields.count == 1 {
            let candidate = ByteFields.string(first)
            if isRelease(candidate) { return (candidate, false) }
        }
        return nil
    }

    /// `5.10.0-28-amd64`, `3.10.0-1160.el7.x86_64`, `6.1.0+rpt`: a major of 2 to 9, a dot, a
    /// minor, then release characters only. An address (`192.0.2.1`) is not one.
    static func isRelease(_ text: String) -> Bool {
        guard text.count <= 128, let first = text.unicodeScalars.first, ("2"..."9").contains(first) else { return false }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars[1] == ".", scalars[2].properties.numericType != nil else { return false }
        guard
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-+~".unicodeScalars.contains($0))
            })
        else { return false }
        // Four dotted numbers alone are an IPv4 address with a single-digit first octet.
        let parts = text.split(separator: ".")
        if parts.count == 4, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return false }
        return true
    }

    static func parse(_ file: CaptureFile) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: .uname)
        file.forEachLine { line in
            if line.isBlank { return }
            if out.kernel == nil, let found = release(in: line.fields), let kernel = KernelRelease(found.text, evidence: line) {
                out.kernel = kernel
            } else {
                out.markUnparsed(line, "expected one line naming the kernel's release (`uname -r`, `uname -a` or /proc/version)")
            }
        }
        return out
    }
}
