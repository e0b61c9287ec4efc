import Foundation
import LVSEngine
import LVSModel
import Testing

/// `--lang`, LVSLINT_LANG and the locale choose the language of everything a person reads;
/// ids, field names and fingerprints stay the same in every language.
@Suite("Languages")
struct LanguageTests {
    static let seed = "Fixtures/seed-centos7-dr/cluster.yaml"

    static func lvslint(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runLVSLint(arguments, environment: environment)
    }

    static func hasChinese(_ text: String) -> Bool { text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }

    @Test(
        "language tags and locale names",
        arguments: [
            ("zh-CN", Language.chineseSimplified), ("zh_CN", .chineseSimplified), ("zh_CN.UTF-8", .chineseSimplified),
            ("zh_CN.utf8@pinyin", .chineseSimplified), ("zh", .chineseSimplified), ("zh-Hans", .chineseSimplified),
            ("zh_SG.GB18030", .chineseSimplified), ("en", .english), ("en_US.UTF-8", .english), ("C", .english), ("POSIX", .english),
        ])
    func tags(_ tag: String, _ language: Language) {
        #expect(Language(tag: tag) == language)
    }

    @Test("languages lvslint has no catalogue for are not taken for one it has", arguments: ["zh_TW.UTF-8", "zh-Hant", "fr_FR.UTF-8", "", "xx"])
    func unknownTags(_ tag: String) {
        #expect(Language(tag: tag) == nil)
    }

    @Test("LVSLINT_LANG first, then LC_ALL, LC_MESSAGES, LANG, with LANGUAGE's list unless the locale is C")
    func environmentOrder() throws {
        func chosen(_ environment: [String: String]) -> Language? { try? Language.fromEnvironment(environment).get() }
        #expect(chosen([:]) == .english)
        #expect(chosen(["LANG": "zh_CN.UTF-8"]) == .chineseSimplified)
        #expect(chosen(["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
        #expect(chosen(["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]) == .chineseSimplified)
        #expect(chosen(["LANG": "de_DE.UTF-8", "LANGUAGE": "zh_CN:en"]) == .chineseSimplified)
        #expect(chosen(["LANG": "C.UTF-8", "LANGUAGE": "zh_CN"]) == .english)
        #expect(chosen(["LANG": "zh_CN.UTF-8", "LVSLINT_LANG": "en"]) == .english)
        #expect(chosen(["LANG": "fr_FR.UTF-8"]) == .english)
        #expect(throws: LanguageError.self) { try Language.fromEnvironment(["LVSLINT_LANG": "klingon"]).get() }
    }

    @Test("check --lang zh-CN writes every finding, fix and summary in Chinese, with the English rule ids")
    func checkInChinese() throws {
        let result = try Self.lvslint(["check", "--lang", "zh-CN", Self.seed])
        #expect(result.status == 1, "\(result.stderr)")
        let text = result.stdout
        #expect(text.contains("error[DR003]: lvs2 持有 VIP 192.168.150.100，并在 ens33"))
        #expect(text.contains("调度器 lvs1 设置了 arp_ignore"))
        #expect(text.contains("修复：在真实服务器上设置 net.ipv4.conf.all.arp_ignore=1"))
        #expect(text.contains("# 在 lvs2 上执行"))
        #expect(text.contains("个错误，"), "the summary is in Chinese")
        // No line of prose in English is left: each finding's first line after its id is Chinese.
        for line in text.split(separator: "\n") where line.contains("]: ") {
            #expect(Self.hasChinese(String(line)), "an English finding: \(line)")
        }
    }

    @Test("the locale (LANG=zh_CN.UTF-8) and LVSLINT_LANG choose Chinese as --lang does; C and no locale keep English")
    func environmentChoosesLanguage() throws {
        let flag = try Self.lvslint(["check", "--lang", "zh-CN", Self.seed]).stdout
        #expect(try Self.lvslint(["check", Self.seed], environment: ["LANG": "zh_CN.UTF-8"]).stdout == flag)
        #expect(try Self.lvslint(["check", Self.seed], environment: ["LVSLINT_LANG": "zh-CN"]).stdout == flag)
        let english = try Self.lvslint(["check", Self.seed]).stdout
        #expect(!Self.hasChinese(english))
        #expect(try Self.lvslint(["check", Self.seed], environment: ["LANG": "C.UTF-8"]).stdout == english)
        #expect(try Self.lvslint(["check", "--lang", "en", Self.seed], environment: ["LANG": "zh_CN.UTF-8"]).stdout == english)
    }

    @Test("the JSON report keeps its fields, ids and fingerprints; only the messages change language")
    func jsonInChinese() throws {
        func findings(_ text: String) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(object["findings"] as? [[String: Any]])
        }
        let english = try findings(try Self.lvslint(["check", "--format", "json", Self.seed]).stdout)
        let chinese = try findings(try Self.lvslint(["check", "--format", "json", "--lang", "zh-CN", Self.seed]).stdout)
        #expect(english.count == chinese.count && english.count > 5)
        for (e, c) in zip(english, chinese) {
            #expect(e["rule"] as? String == c["rule"] as? String)
            #expect(e["fingerprint"] as? String == c["fingerprint"] as? String)
            #expect(e["severity"] as? String == c["severity"] as? String)
            #expect(Set(e.keys) == Set(c.keys))
            #expect(Self.hasChinese(c["message"] as? String ?? ""), "\(c)")
        }
    }

    @Test("explain arp_ignore --lang zh-CN teaches the values 0 to 8 and names DR003")
    func explainInChinese() throws {
        let page = try Self.lvslint(["explain", "arp_ignore", "--lang", "zh-CN"]).stdout
        #expect(page.contains("取值"))
        for value in ["0", "1", "2", "3", "4-7", "8"] {
            #expect(page.split(separator: "\n").contains { $0.hasPrefix("  \(value) ") && Self.hasChinese(String($0)) }, "value \(value)")
        }
        #expect(page.contains("DR003"))
        #expect(page.contains("真实服务器应答了 VIP 的 ARP 请求"))
        let rule = try Self.lvslint(["explain", "DR003", "--lang", "zh-CN"]).stdout
        for heading in ["检查内容", "为什么会中断流量", "生产环境中的现象", "修复"] { #expect(rule.contains(heading)) }
        #expect(rule.contains("这就是 LVS 的“ARP 问题”"))
    }

    @Test("rules and --help summaries are in Chinese")
    func listsAndHelp() throws {
        let rules = try Self.lvslint(["rules", "--lang", "zh-CN"]).stdout
        #expect(rules.contains("DR003") && rules.contains("rs-arp-ignore"))
        #expect(rules.split(separator: "\n").filter { $0.hasPrefix("  ") }.allSatisfy { Self.hasChinese(String($0)) })
        let help = try Self.lvslint(["--help"], environment: ["LVSLINT_LANG": "zh-CN"]).stdout
        let subcommands = help.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        let lines = subcommands.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.contains("help ") }
        #expect(lines.count >= 8)
        for line in lines { #expect(Self.hasChinese(String(line)), "\(line)") }
        #expect(try Self.lvslint(["check", "--help", "--lang", "zh-CN"]).stdout.contains("把集群描述文件与各主机上采集到的内容对照检查"))
    }

    @Test("a language lvslint does not have is refused with the ones it has")
    func unknownLanguage() throws {
        let flag = try Self.lvslint(["check", "--lang", "fr", Self.seed])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--lang: no translation for 'fr'; lvslint writes in en, zh-CN"))
        let variable = try Self.lvslint(["check", Self.seed], environment: ["LVSLINT_LANG": "fr"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("LVSLINT_LANG: no translation for 'fr'"))
        // A locale lvslint has no catalogue for is not an error: it writes English.
        #expect(try Self.lvslint(["check", Self.seed], environment: ["LANG": "fr_FR.UTF-8"]).status == 1)
    }

    @Test("the HTML report names its language and says its counts in it")
    func htmlInChinese() throws {
        let page = try Self.lvslint(["check", "--format", "html", "--lang", "zh-CN", Self.seed]).stdout
        #expect(page.contains("lang=\"zh-CN\""))
        #expect(page.contains("按主机列出的结果，最严重的在前"))
        #expect(page.contains("2 个错误"))
    }

    @Test("Chinese lines are wrapped to the terminal's columns, a CJK character taking two")
    func wrapping() {
        let text = String(repeating: "真实服务器应答了 VIP 的 ARP 请求，", count: 8)
        let lines = TextWrap.lines(text, width: 40)
        #expect(lines.count > 4)
        #expect(lines.allSatisfy { TextWrap.columns($0) <= 40 })
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == text.replacingOccurrences(of: " ", with: ""))
        #expect(!lines.dropFirst().contains { $0.hasPrefix("，") }, "a line never starts with closing punctuation")
        #expect(
            TextWrap.lines("an English sentence that is wrapped at spaces", width: 20) == ["an English sentence", "that is wrapped at", "spaces"])
    }
}
