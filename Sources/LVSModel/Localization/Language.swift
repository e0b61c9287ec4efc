/// A language lvslint writes in. English is the source language (the text in the code);
/// any other has a translation catalogue.
public enum Language: String, Sendable, CaseIterable, CustomStringConvertible {
    case english = "en"
    case chineseSimplified = "zh-CN"

    public var description: String { rawValue }

    /// The language's own name, for `--help`.
    public var name: String {
        switch self {
        case .english: return "English"
        case .chineseSimplified: return "简体中文"
        }
    }

    /// `zh-CN`, `zh_CN`, `zh_CN.UTF-8`, `zh-Hans`, `zh`, `en_US.utf8`, `C`: the language a tag or
    /// locale name means, or nil for one lvslint has no catalogue for (zh_TW is Traditional
    /// Chinese, not this catalogue).
    public init?(tag: String) {
        let base = tag.split(separator: ".", maxSplits: 1).first.map(String.init) ?? tag
        let words = base.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "@" }).map { $0.lowercased() }
        guard let first = words.first else { return nil }
        switch first {
        case "en", "c", "posix": self = .english
        case "zh":
            let rest = Set(words.dropFirst())
            if rest.isEmpty || rest.contains("cn") || rest.contains("sg") || rest.contains("hans") {
                self = .chineseSimplified
            } else {
                return nil
            }
        default: return nil
        }
    }

    /// Where the language comes from when `--lang` is not given: LVSLINT_LANG, then the
    /// locale as gettext reads it (LANGUAGE's list unless the locale is C; LC_ALL, then
    /// LC_MESSAGES, then LANG). A locale with no catalogue means English; an LVSLINT_LANG
    /// lvslint does not know is an error the caller reports.
    public static func fromEnvironment(_ environment: [String: String]) -> Result<Language, LanguageError> {
        if let chosen = environment["LVSLINT_LANG"], !chosen.isEmpty {
            guard let language = Language(tag: chosen) else { return .failure(LanguageError(given: chosen, source: "LVSLINT_LANG")) }
            return .success(language)
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        if locale.isEmpty || locale == "C" || locale == "POSIX" || locale.hasPrefix("C.") { return .success(.english) }
        for entry in (environment["LANGUAGE"] ?? "").split(separator: ":") {
            if let language = Language(tag: String(entry)) { return .success(language) }
        }
        return .success(Language(tag: locale) ?? .english)
    }
}

/// A language name lvslint has no catalogue for.
public struct LanguageError: Error, Sendable, CustomStringConvertible {
    public var given: String
    public var source: String

    public init(given: String, source: String) {
        self.given = given
        self.source = source
    }

    public var description: String {
        let known = Language.allCases.map(\.rawValue).joined(separator: ", ")
        return "\(source): no translation for '\(given)'; lvslint writes in \(known)"
    }
}
