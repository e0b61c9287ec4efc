import Foundation

/// A language's catalogue: English text (a message template, a rule's mechanism, a report
/// heading) to the same text in the language. English itself has an empty catalogue.
public struct Translations: Sendable {
    public let language: Language
    private let table: [String: String]
    /// Notes every text asked for (the translation tests' way to find what a report writes).
    public var recorder: TextRecorder?

    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
    }

    public static let english = Translations(language: .english, table: [:])

    /// The text in this language; the English text where the catalogue has none.
    public subscript(_ english: String) -> String {
        recorder?.note(english)
        guard !table.isEmpty, !english.isEmpty else { return english }
        return table[english] ?? english
    }

    /// A message in this language.
    public func callAsFunction(_ message: Message) -> String { message.rendered(self) }

    /// Whether the catalogue has this text (a test's question: English needs none).
    public func has(_ english: String) -> Bool { language == .english || table[english] != nil }

    public var entries: [String: String] { table }
}

/// The texts a run asked to translate.
public final class TextRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []

    public init() {}

    func note(_ text: String) { lock.withLock { _ = seen.insert(text) } }

    public var texts: Set<String> { lock.withLock { seen } }
}
