/// An interface name as the kernel accepts it (`dev_valid_name` in net/core/dev.c): 1 to 15
/// bytes (IFNAMSIZ less its NUL), not `.` or `..`, and no `/`, `:` or whitespace. A capture
/// that names anything else was not printed by a kernel: it is refused where it is read, so
/// that nothing downstream (a fix, the lab) ever carries it.
public enum InterfaceName {
    public static let maximumBytes = 15

    /// Why `name` cannot be an interface's name, or nil when it can.
    public static func problem(_ name: String) -> String? {
        // The bytes walked in place, not copied into an array: every route and interface line asks.
        let bytes = name.utf8
        if bytes.isEmpty { return "an empty interface name" }
        if bytes.count > maximumBytes { return "an interface name is at most \(maximumBytes) bytes; this one has \(bytes.count)" }
        if name == "." || name == ".." { return "`.` and `..` cannot be interface names" }
        if let bad = bytes.first(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || isSpaceOrControl($0) }) {
            return "an interface name cannot hold \(describe(bad))"
        }
        return nil
    }

    /// `name` when an interface can bear it; else nil (a route's device then stays unknown).
    public static func validated(_ name: String?) -> String? {
        guard let name, problem(name) == nil else { return nil }
        return name
    }

    /// Why `label` cannot be an address label of `device` (`ip addr add … label LABEL`): the
    /// kernel keeps at most 15 bytes, and iproute2 requires it to start with the device's name
    /// (`lo:100`); after that, no `/`, whitespace or control character.
    public static func labelProblem(_ label: String, device: String) -> String? {
        let bytes = Array(label.utf8)
        if bytes.count > maximumBytes { return "an address label is at most \(maximumBytes) bytes; this one has \(bytes.count)" }
        guard label.hasPrefix(device) else { return "an address label starts with its device's name (\(device))" }
        if let bad = bytes.first(where: { $0 == UInt8(ascii: "/") || isSpaceOrControl($0) }) {
            return "an address label cannot hold \(describe(bad))"
        }
        return nil
    }

    /// Whitespace as the kernel's `isspace` sees it, every other C0 control and DEL.
    static func isSpaceOrControl(_ byte: UInt8) -> Bool { byte < 0x21 || byte == 0x7F }

    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "/"): return "`/`"
        case UInt8(ascii: ":"): return "`:` (only an address label, such as lo:100, holds one)"
        case UInt8(ascii: " "): return "a space"
        default: return "the control character 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }
}
