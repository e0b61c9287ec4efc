import LVSModel

/// The translation catalogues built into lvslint: one gettext PO file per language and
/// subject under Catalogues/ (embedded in the executable, so a copied binary needs nothing
/// beside it), read once.
public enum Catalogues {
    /// A language's PO files, by name.
    static func files(of language: Language) -> [(name: String, bytes: [UInt8])] {
        switch language {
        case .english: return []
        case .chineseSimplified:
            return [
                ("zh-CN.rules.po", PackageResources.zh_CN_rules_po),
                ("zh-CN.messages.po", PackageResources.zh_CN_messages_po),
                ("zh-CN.explain.po", PackageResources.zh_CN_explain_po),
                ("zh-CN.interface.po", PackageResources.zh_CN_interface_po),
            ]
        }
    }

    static let chinese = load(.chineseSimplified)

    /// The catalogue of `language`; an unreadable file is a defect the catalogue tests catch,
    /// so here it only loses its entries.
    public static func translations(for language: Language) -> Translations {
        switch language {
        case .english: return .english
        case .chineseSimplified: return chinese
        }
    }

    /// Every file of `language`, parsed, for the tests that check them.
    public static func parsed(_ language: Language) -> [(name: String, file: Result<POFile, POFile.Problem>)] {
        files(of: language).map { name, bytes in
            (name, Result { () throws(POFile.Problem) -> POFile in try POFile(String(decoding: bytes, as: UTF8.self)) })
        }
    }

    static func load(_ language: Language) -> Translations {
        var table: [String: String] = [:]
        for (_, file) in parsed(language) {
            if case .success(let po) = file { table.merge(po.table) { first, _ in first } }
        }
        return Translations(language: language, table: table)
    }
}
