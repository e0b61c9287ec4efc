import LVSModel
import LVSRules
import LVSTranslations

/// Results and rule documentation in a person's language. Rules write English (their
/// messages keep the template and values: `Message`); a report is localised once, just
/// before it is rendered, so that fingerprints, baselines and ids stay the same in every
/// language.
extension CheckResult {
    public func localized(_ translations: Translations) -> CheckResult {
        guard translations.language != .english else { return self }
        var copy = self
        copy.findings = findings.map { $0.localized(translations) }
        copy.suppressed = suppressed.map { $0.localized(translations) }
        copy.excluded = excluded.map { $0.localized(translations) }
        copy.baselined = baselined.map { $0.localized(translations) }
        copy.notChecked = notChecked.map { $0.localized(translations) }
        copy.rulesRun = rulesRun.map { $0.localized(translations) }
        return copy
    }
}

extension Finding {
    public func localized(_ translations: Translations) -> Finding {
        var copy = self
        copy.message = translations(text)
        copy.fix = fix.map { translations[$0] }
        copy.fixCommands = fixTexts.map { translations($0) }
        copy.atBoot = translations("at boot: ")
        return copy
    }
}

extension NotChecked {
    public func localized(_ translations: Translations) -> NotChecked {
        var copy = self
        copy.reason = translations(why)
        return copy
    }
}

extension RuleInfo {
    /// The rule's documentation in the language; ids, slugs, references and examples stay.
    public func localized(_ translations: Translations) -> RuleInfo {
        guard translations.language != .english else { return self }
        var copy = self
        copy.title = translations[title]
        copy.summary = translations[summary]
        copy.checks = translations[checks]
        copy.mechanism = translations[mechanism]
        copy.symptom = translations[symptom]
        copy.fix = fix.localized(translations)
        return copy
    }

    /// Every text of the rule a translation must have; a fix line that is a command alone is
    /// its own translation, but many are instructions (`add the address in …`) or carry a comment.
    public var translatableTexts: [String] {
        [title, summary, checks, mechanism, symptom] + fix.translatableTexts + examples.map(\.caption)
    }
}

extension RuleFix {
    func localized(_ translations: Translations) -> RuleFix {
        RuleFix(
            summary: translations[summary], runtime: runtime.map { translations[$0] },
            persistentRHEL: persistentRHEL.map { translations[$0] }, persistentDebian: persistentDebian.map { translations[$0] })
    }

    var translatableTexts: [String] {
        [summary] + runtime + persistentRHEL + persistentDebian
    }
}
