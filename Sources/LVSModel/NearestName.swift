/// "did you mean" suggestions: the closest candidate within a small edit distance.
public enum NearestName {
    /// Words longer than this get no suggestion: no keyword, key or name is that long, and the
    /// distance costs length × length (a 4 MB word must not take minutes).
    static let longestWord = 64

    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        suggestions(for: word, among: candidates, limit: 1).first
    }

    /// Up to `limit` candidates within the edit distance `suggestion` allows, nearest first.
    public static func suggestions(for word: String, among candidates: [String], limit: Int = 3) -> [String] {
        guard word.utf8.count <= longestWord else { return [] }
        let allowed = max(1, min(3, word.count / 3 + 1))
        let lowered = word.lowercased()
        // Nearest first; among equals, the earlier candidate (the order the caller gave).
        var found: [(candidate: String, distance: Int, order: Int)] = []
        for (order, candidate) in candidates.enumerated() {
            guard abs(candidate.utf8.count - lowered.utf8.count) <= allowed, candidate.utf8.count <= longestWord else { continue }
            let d = distance(lowered, candidate.lowercased())
            if d <= allowed { found.append((candidate, d, order)) }
        }
        return found.sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }.prefix(limit).map(\.candidate)
    }

    /// Levenshtein distance with adjacent transposition counted as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[y.count]
    }

    /// " (did you mean 'x'?)" or "".
    public static func hint(for word: String, among candidates: [String]) -> String {
        suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The same, as a message to translate.
    public static func hintText(for word: String, among candidates: [String]) -> Message {
        suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
