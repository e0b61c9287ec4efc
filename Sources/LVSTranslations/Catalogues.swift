import LVSModel

/// The PO files as the EmbedCatalogues build plugin writes them: one string constant each.
enum EmbeddedCatalogues {}

/// The translation catalogues built into lvslint: one gettext PO file per language and
/// subject under Catalogues/ (embedded in the executable, so a copied binary needs nothing
/// beside it), read once.
public enum Catalogues {
    /// A language's PO files, by name.
    static func files(of language: Language) -> [(name: String, text: String)] {
        switch language {
        case .english: return []
        case .chineseSimplified:
            return [
                ("zh-CN.rules.po", EmbeddedCatalogues.zh_CN_rules_po),
                ("zh-CN.messages.po", EmbeddedCatalogues.zh_CN_messages_po),
                ("zh-CN.explain.po", EmbeddedCatalogues.zh_CN_explain_po),
                ("zh-CN.interface.po", EmbeddedCatalogues.zh_CN_interface_po),
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
        files(of: language).map { name, text in
            (name, Result { () throws(POFile.Problem) -> POFile in try POFile(text) })
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
