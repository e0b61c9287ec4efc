/// An interface name as iptables and arptables match it: a trailing `+` is a prefix
/// (`eth+`), `*` and `any` (as `arptables -v` lists an unset one) match every interface.
enum InterfacePattern {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        if pattern == "*" || pattern == "any" || pattern.isEmpty { return true }
        if pattern.hasSuffix("+") { return name.hasPrefix(pattern.dropLast()) }
        return pattern == name
    }
}
