/// The one way a value read from an input enters a printed command (`$ sysctl -w …`): as a
/// single shell word that a POSIX shell hands to the command unchanged, whatever it holds.
/// An interface may legally be named `$(reboot)` or `;id;`: pasted unquoted, the fix would run it.
public enum ShellWord {
    /// `eth0` as it is; anything holding a character a shell gives a meaning to, in single
    /// quotes with each `'` written `'\''` (POSIX: nothing is special inside single quotes).
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy(isPlain) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Characters that mean nothing to sh, bash, zsh or dash in any position of a word.
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", ":", ",", "+", "@", "%", "=": return true
        default: return false
        }
    }

    /// `printf '%s\n' 'line' … > PATH`: writes `lines` to a file with every line one quoted
    /// argument, so that no `%`, `\` or `'` in a value is read as a format or ends the quote.
    public static func writeLines(_ lines: [String], to path: String, append: Bool = false) -> String {
        "printf '%s\\n' " + lines.map(quote).joined(separator: " ") + (append ? " >> " : " > ") + quote(path)
    }

    /// Text after a `#`: one line, so that nothing in it becomes a command of its own when
    /// pasted. Line breaks and other control characters become spaces.
    public static func comment(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || scalar == "\u{2028}"
                        || scalar == "\u{2029}" ? " " : scalar
                }))
    }
}
