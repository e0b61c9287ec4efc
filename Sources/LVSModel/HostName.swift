/// A host name as lvslint turns it into a path (`captures/<host>/`): it must name one entry
/// of the captures folder and nothing else.
public enum HostName {
    /// Letters, digits, `.`, `-`, `_`; not `.` or `..` or a hidden name; no `/`, no control
    /// character, at most 253 characters (a DNS name's length).
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 253, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// `../../etc` → `etc`; a name made safe by dropping what is not allowed (`director` if nothing is left).
    public static func sanitized(_ name: String) -> String {
        let kept = String(
            name.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
                .map(Character.init)
        ).drop { $0 == "." }
        let bounded = String(kept.prefix(253))
        return isSafe(bounded) ? bounded : "director"
    }
}
