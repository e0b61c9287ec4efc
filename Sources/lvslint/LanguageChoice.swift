import ArgumentParser
import Foundation
import LVSModel
import LVSTranslations

/// The language lvslint writes in for this run: `--lang` (looked for before the command line
/// is parsed, since `--help` is written in it too), else LVSLINT_LANG, else the locale.
enum LanguageChoice {
    /// `--lang X` or `--lang=X`, the last one given; nil when the word names no language.
    static func fromArguments(_ arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            if word == "--" { break }
            if word == "--lang", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            } else if word.hasPrefix("--lang=") {
                found = String(word.dropFirst("--lang=".count))
            }
            index += 1
        }
        return found
    }

    static let current: Language = {
        if let given = fromArguments(Array(CommandLine.arguments.dropFirst())), let language = Language(tag: given) { return language }
        return (try? Language.fromEnvironment(ProcessInfo.processInfo.environment).get()) ?? .english
    }()

    static let translations = Catalogues.translations(for: current)
}

/// Text a person reads, in this run's language.
func tr(_ message: Message) -> String { LanguageChoice.translations(message) }

/// `--lang`, as every command that writes for a person takes it.
struct LanguageOption: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "Write in this language: en (default) or zh-CN (简体中文). Else LVSLINT_LANG, else the locale (LANG=zh_CN.UTF-8).",
            valueName: "language"))
    var language: String?

    func validate() throws {
        if let language, Language(tag: language) == nil {
            throw ValidationError(LanguageError(given: language, source: "--lang").description)
        }
        if language == nil, case .failure(let error) = Language.fromEnvironment(ProcessInfo.processInfo.environment) {
            throw ValidationError(error.description)
        }
    }

    var translations: Translations { LanguageChoice.translations }
}
