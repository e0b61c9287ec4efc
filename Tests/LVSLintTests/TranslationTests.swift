import Foundation
import LVSEngine
import LVSModel
import LVSRules
import LVSTranslations
import Testing

/// Every text a person reads has its Chinese translation: each rule's documentation, each
/// message a rule writes over the whole fixture catalogue, each explain page, each heading
/// of the text and HTML reports. What is missing is written, as PO entries to fill in, to
/// .build/translations/missing.zh-CN.po.
@Suite("Translations")
struct TranslationTests {
    static let chinese = Catalogues.translations(for: .chineseSimplified)

    /// What the fixture catalogue makes the rules and reports say, gathered once.
    struct Harvest: Sendable {
        var messages: Set<String> = []
        var commands: Set<String> = []
        /// Values put into messages that read as English words (a clause built as a String).
        var prose: [String: String] = [:]
        var interface: Set<String> = []
    }

    static let harvest: Harvest = {
        var harvest = Harvest()
        var recording = chinese
        let recorder = TextRecorder()
        recording.recorder = recorder
        var settings = ReportSettings(toolVersion: "test")
        settings.translations = recording
        for scenario in Repository.scenarios {
            guard let result = try? Repository.check(scenario) else { continue }
            for finding in result.findings + result.suppressed {
                harvest.messages.formUnion(finding.text.templates.filter(needsWords))
                for command in finding.fixTexts { harvest.commands.formUnion(command.templates.filter(needsWords)) }
                collectProse(finding.text, rule: finding.rule, into: &harvest.prose)
            }
            for gap in result.notChecked {
                harvest.messages.formUnion(gap.why.templates.filter(needsWords))
                collectProse(gap.why, rule: gap.rule, into: &harvest.prose)
            }
            let shown = result.localized(recording)
            _ = ReportFormat.text.reporter(settings).render([shown], errors: [])
            _ = ReportFormat.html.reporter(settings).render([shown], errors: [])
        }
        let documentation = Set(Catalogue.rules.flatMap(\.info.translatableTexts) + ExplainTopic.all.flatMap(\.translatableTexts))
        // What explain, rules and the topics print, rule examples included.
        for rule in Catalogue.rules { _ = RuleDocumentation.explain(rule.info, recording) }
        _ = RuleDocumentation.listText(Catalogue.rules, recording)
        for topic in ExplainTopic.all { _ = topic.page(recording) }
        _ = ExplainTopic.list(recording)
        harvest.interface = recorder.texts.filter(needsWords).subtracting(documentation).subtracting(harvest.messages)
            .subtracting(harvest.commands)
        return harvest
    }()

    /// Text with a word in it (not `{0}`, `; ` or `, `).
    static func needsWords(_ template: String) -> Bool {
        template.replacingOccurrences(of: #"\{\d+\}"#, with: "", options: .regularExpression).contains { $0.isLetter }
    }

    /// A value of three English words or more: a clause that should have been a Message.
    static func collectProse(_ message: Message, rule: String, into prose: inout [String: String]) {
        for part in message.parts {
            for (index, argument) in part.arguments.enumerated() {
                switch argument {
                case .message(let inner): collectProse(inner, rule: rule, into: &prose)
                case .value(let value):
                    // Quoted input (`{0}`) and code spans are what they are in every language.
                    if part.template.contains("`{\(index)}`") || part.template.contains("\"{\(index)}\"") { continue }
                    let words = value.replacingOccurrences(of: #"`[^`]*`"#, with: " ", options: .regularExpression)
                    let clause = #"(^|[ (])[a-z]{2,} [a-z]{2,} [a-z]{2,}([ ,.;:)]|$)"#
                    let functionWord = #"(^|[ (])(of|on|the|is|are|not|and|to|with|from|its|was|were|has|have|in|by|at|only)( )"#
                    if words.range(of: clause, options: .regularExpression) != nil
                        || words.range(of: functionWord, options: .regularExpression) != nil
                    {
                        prose[value] = "\(rule): \(part.template)"
                    }
                }
            }
        }
    }

    /// Writes the missing texts as PO entries (with where each is used, as a `#.` comment,
    /// in the order given) and returns how many.
    static func missing(_ texts: [String], name: String) -> Int {
        missing(texts.sorted().map { ($0, nil) }, name: name)
    }

    static func missing(_ items: [(text: String, context: String?)], name: String) -> Int {
        var seen: Set<String> = []
        let absent = items.filter { !chinese.has($0.text) && seen.insert($0.text).inserted }
        let folder = Repository.root.appendingPathComponent(".build/translations")
        let file = folder.appendingPathComponent("missing.zh-CN.\(name).po")
        guard !absent.isEmpty else {
            try? FileManager.default.removeItem(at: file)
            return 0
        }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let po = absent.map { item in
            (item.context.map { "#. \($0)\n" } ?? "") + "msgid \(POFile.literal(item.text))\nmsgstr \"\"\n"
        }.joined(separator: "\n")
        try? po.write(to: file, atomically: true, encoding: .utf8)
        return absent.count
    }

    @Test("every catalogue file is a PO file msgfmt would accept")
    func catalogueFilesParse() {
        let files = Catalogues.parsed(.chineseSimplified)
        #expect(files.count == 4)
        var english: [String] = []
        for (name, file) in files {
            switch file {
            case .success(let po): english += po.entries.map(\.english).filter { !$0.isEmpty }
            case .failure(let problem): Issue.record("\(name): \(problem)")
            }
        }
        let twice = Dictionary(grouping: english, by: { $0 }).filter { $0.value.count > 1 }
        #expect(twice.isEmpty, "entries given twice: \(twice.keys.sorted().prefix(5))")
    }

    static let msgfmt = ["/usr/bin/msgfmt", "/usr/local/bin/msgfmt"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// gettext's own reader: what a translator's tools (msgmerge, poedit) will make of the files.
    @Test(
        "msgfmt --check accepts every catalogue file, placeholders and headers included",
        .enabled(if: msgfmt != nil, "needs gettext's msgfmt (scripts/ensure-test-deps installs gettext)"))
    func msgfmtAccepts() throws {
        let msgfmt = try #require(Self.msgfmt)
        let folder = Repository.root.appendingPathComponent("Sources/LVSTranslations/Catalogues")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".po") }.sorted()
        #expect(files.count == 4)
        for file in files {
            let result = try run(msgfmt, ["--check", "--statistics", "-o", "/dev/null", folder.appendingPathComponent(file).path])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            #expect(!result.stderr.contains("warning"), "\(file): \(result.stderr)")
            #expect(!result.stderr.contains("untranslated") && !result.stderr.contains("fuzzy"), "\(file): \(result.stderr)")
        }
    }

    @Test("every rule's title, summary, checks, mechanism, symptom and fix has a translation")
    func rules() {
        let items = Catalogue.rules.flatMap { rule in rule.info.translatableTexts.map { (text: $0, context: Optional(rule.info.id)) } }
        let count = Self.missing(items, name: "rules")
        #expect(count == 0, "\(count) rule texts have no translation: .build/translations/missing.zh-CN.rules.po lists them")
    }

    @Test("every explain topic's title, setting, mechanism, values and advice has a translation")
    func topics() {
        let items = ExplainTopic.all.flatMap { topic in topic.translatableTexts.map { (text: $0, context: Optional(topic.name)) } }
        let count = Self.missing(items, name: "explain")
        #expect(count == 0, "\(count) topic texts have no translation: .build/translations/missing.zh-CN.explain.po lists them")
    }

    @Test("every message and fix comment the rules write over the fixtures has a translation")
    func messages() {
        let count = Self.missing(Array(Self.harvest.messages) + Array(Self.harvest.commands), name: "messages")
        #expect(count == 0, "\(count) messages have no translation: .build/translations/missing.zh-CN.messages.po lists them")
    }

    @Test("no message puts a clause of English into a translated one as a value")
    func noEnglishValues() {
        #expect(
            Self.harvest.prose.isEmpty,
            "\(Self.harvest.prose.sorted { $0.key < $1.key }.prefix(40).map { "\($0.value) ← \($0.key)" }.joined(separator: "\n"))")
    }

    @Test("every text of the text and HTML reports has a translation")
    func interface() {
        let count = Self.missing(Array(Self.harvest.interface), name: "interface")
        #expect(count == 0, "\(count) report texts have no translation: .build/translations/missing.zh-CN.interface.po lists them")
    }
}
