/// Lines of text for a terminal: broken at spaces, and between any two Chinese, Japanese
/// or Korean characters (written without spaces), never before closing punctuation; a CJK
/// character takes two columns, as terminals draw it.
public enum TextWrap {
    /// East Asian Wide and Fullwidth characters (UAX #11), the ones lvslint's catalogues use.
    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default: return false
        }
    }

    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "』", "！", "？", "》", "…"]
    static let opening: Set<Character> = ["（", "「", "『", "《"]

    public static func columns(_ text: some StringProtocol) -> Int { text.reduce(0) { $0 + (isWide($1) ? 2 : 1) } }

    /// The word cut where a line may break inside it: before and after each wide character.
    static func pieces(_ word: Substring) -> [String] {
        guard word.contains(where: isWide) else { return [String(word)] }
        var out: [String] = []
        var previousWide = false
        var previousOpening = false
        for character in word {
            let wide = isWide(character)
            if (closing.contains(character) || previousOpening), !out.isEmpty {
                out[out.count - 1].append(character)
            } else if out.isEmpty || wide || previousWide {
                out.append(String(character))
            } else {
                out[out.count - 1].append(character)
            }
            previousWide = wide && !closing.contains(character)
            previousOpening = opening.contains(character)
        }
        return out
    }

    /// `text` in lines of at most `width` columns (a piece longer than a line stands alone).
    /// Each line is the text with the spaces at its breaks taken out.
    public static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentColumns = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            for (index, piece) in pieces(word).enumerated() {
                let spaced = index == 0
                let columns = columns(piece)
                if current.isEmpty {
                    current = piece
                    currentColumns = columns
                } else if currentColumns + (spaced ? 1 : 0) + columns <= width {
                    current += (spaced ? " " : "") + piece
                    currentColumns += (spaced ? 1 : 0) + columns
                } else {
                    lines.append(current)
                    current = piece
                    currentColumns = columns
                }
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
