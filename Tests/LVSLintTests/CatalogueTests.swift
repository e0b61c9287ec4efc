import Foundation
import LVSCapture
import LVSDescription
import LVSEngine
import LVSModel
import LVSRules
import Testing

@Suite("Rule catalogue")
struct CatalogueTests {
    @Test("ids and slugs are unique and well formed")
    func unique() {
        let ids = Catalogue.rules.map(\.info.id), slugs = Catalogue.rules.map(\.info.slug)
        #expect(Set(ids).count == ids.count)
        #expect(Set(slugs).count == slugs.count)
        for info in Catalogue.rules.map(\.info) {
            #expect(info.id.range(of: "^[A-Z]+[0-9]{3}$", options: .regularExpression) != nil, "\(info.id)")
            #expect(info.slug.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil, "\(info.slug)")
        }
    }

    /// A rule is one file in Rules/<FAMILY>/ named after its id and slug, and every such
    /// file's rule is in the catalogue: nothing written is left unrun.
    @Test("every rule file is in the catalogue, in the folder of its family")
    func filesMatchCatalogue() throws {
        let rulesFolder = Repository.root.appendingPathComponent("Rules")
        var found: [String: String] = [:]
        for family in try FileManager.default.contentsOfDirectory(atPath: rulesFolder.path) where family.uppercased() == family {
            for file in try FileManager.default.contentsOfDirectory(atPath: rulesFolder.appendingPathComponent(family).path)
            where file.hasSuffix(".swift") {
                found[file] = family
            }
        }
        let expected = Catalogue.rules.map { "\($0.info.id)-\($0.info.slug).swift" }
        #expect(Set(found.keys) == Set(expected))
        for rule in Catalogue.rules {
            #expect(found["\(rule.info.id)-\(rule.info.slug).swift"] == rule.info.family)
        }
    }

    @Test("every rule documents mechanism, symptom, runtime and persistent fixes, and references", arguments: Catalogue.rules.map(\.info.id))
    func documented(_ id: String) throws {
        let info = try #require(Catalogue.rule(named: id)?.info)
        for (name, text) in [
            ("title", info.title), ("summary", info.summary), ("checks", info.checks), ("mechanism", info.mechanism),
            ("symptom", info.symptom), ("fix", info.fix.summary),
        ] {
            #expect(text.count >= 20, "\(id) \(name) is too thin: \(text)")
            // A `\\` meant as a line continuation in the source shows up as a stray backslash.
            #expect(!text.contains("\\\n") && !text.hasSuffix("\\"), "\(id) \(name) holds a stray backslash")
        }
        #expect(!info.fix.runtime.isEmpty, "\(id) gives no command to run")
        #expect(!info.fix.persistentRHEL.isEmpty && !info.fix.persistentDebian.isEmpty, "\(id) does not say how to persist the fix")
        #expect(!info.references.isEmpty, "\(id) cites nothing")
        let explained = RuleDocumentation.explain(info)
        for heading in ["What it checks", "Why it breaks traffic", "What you see in production", "Fix"] {
            #expect(explained.contains(heading))
        }
        #expect(Catalogue.rule(named: info.slug)?.info.id == id)
        #expect(Catalogue.rule(named: id.lowercased())?.info.id == id)
    }

    @Test("facts rules declare in their RuleInfo are the lists the engine and the lab use")
    func declaredFacts() throws {
        let infos = Catalogue.rules.map(\.info)
        // The table rules: left out for an inferred cluster, each reading the IPVS table.
        #expect(!Checker.tableRules.isEmpty && Checker.tableRules.contains("IPVS001"))
        for id in Checker.tableRules {
            let info = try #require(Catalogue.rule(named: id)?.info)
            #expect(info.needs.contains(.ipvs), "\(id) compares the table with the services but does not read the table")
        }
        // Each thing the lab observes proves at least one rule.
        for proof in LabProof.allCases {
            #expect(infos.contains { $0.labProof == proof }, "no rule is proved by \(proof)")
        }
        #expect(infos.filter { $0.labProof == .realServerAnswersARP }.map(\.id).contains("DR003"))
    }

    /// The sysctls `check` keeps are those rules declare (`readsSysctls`); a rule that read a
    /// key it did not declare would find it missing on every host. Each rule's code is held to
    /// its declaration: every sysctl named in a read (`sysctl("…"`, `known("…"`, `lookup("…"`,
    /// `sysctls["…"]`, `forwarding(on:`) is declared, and every declared one is read.
    @Test("each rule declares exactly the sysctls its code reads, and check keeps them", arguments: Catalogue.rules.map(\.info.id))
    func sysctlsDeclared(_ id: String) throws {
        let info = try #require(Catalogue.rule(named: id)?.info)
        let file = Repository.root.appendingPathComponent("Rules/\(info.family)/\(info.id)-\(info.slug).swift")
        let source = try String(contentsOf: file, encoding: .utf8)
        var read: Set<String> = []
        for pattern in [#"(?:sysctl|known|lookup)\("([a-z_]+)""#, #"sysctls\["([a-z0-9_.]+)"\]"#] {
            let regex = try Regex(pattern)
            for match in source.matches(of: regex) {
                guard let name = match.output[1].substring.map(String.init) else { continue }
                // `net.ipv4.conf.all.arp_ignore`: one level of a per-interface parameter.
                let parts = name.split(separator: ".")
                let perInterface = parts.count == 5 && parts[0] == "net" && parts[2] == "conf"
                read.insert(perInterface ? String(parts[4]) : name)
            }
        }
        if source.contains("forwarding(on:") { read.formUnion(["forwarding", "net.ipv4.ip_forward"]) }
        #expect(read == Set(info.readsSysctls), "\(id) reads \(read.sorted()) but declares \(info.readsSysctls.sorted())")
        let kept = ParseOptions.forChecks
        for name in info.readsSysctls {
            let key = name.contains(".") ? name : "net.ipv4.conf.eth0.\(name)"
            var parsed = CaptureRecognizer.parse(capture("\(key) = 1\n"), as: .sysctl, options: kept)
            #expect(parsed.sysctls.map(\.key) == [key], "check does not keep \(key), which \(id) reads")
            parsed = CaptureRecognizer.parse(capture("net.ipv4.conf.eth0.arp_accept = 1\n"), as: .sysctl, options: kept)
            #expect(parsed.sysctls.isEmpty, "check keeps a sysctl no rule reads")
        }
    }

    @Test("docs/rules.md is what `lvslint rules --format markdown` prints")
    func generatedDocsUpToDate() throws {
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(
            committed == RuleDocumentation.markdown(Catalogue.rules),
            "docs/rules.md is stale: run `scripts/lvslint rules --format markdown > docs/rules.md`")
    }
}

@Suite("Distribution files")
struct DistributionTests {
    @Test(
        "completion scripts are what the executable generates", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"),
        arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) throws {
        let generated = try run(try #require(Repository.executable).path, ["--generate-completion-script", shell]).stdout
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("docs/completions/lvslint.\(shell)"), encoding: .utf8)
        #expect(generated == committed, "docs/completions/lvslint.\(shell) is stale: regenerate with `lvslint --generate-completion-script \(shell)`")
    }

    @Test("the man page documents every subcommand", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
    func manPage() throws {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("docs/man/lvslint.1"), encoding: .utf8)
        // The subcommands are those `lvslint --help` lists, not a copy of them kept here.
        let executable = try #require(Repository.executable)
        let help = try run(executable.path, ["--help"], environment: plainEnvironment).stdout
        let section = (help.components(separatedBy: "SUBCOMMANDS:").last ?? "").components(separatedBy: "\n\n").first ?? ""
        let commands = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { return nil }
            return String(word)
        }
        #expect(commands.count >= 8 && commands.contains("lab"), "\(commands)")
        for command in commands {
            #expect(page.contains(".It Em \(command)"), "docs/man/lvslint.1 lacks \(command): regenerate it (README, Distribution)")
        }
    }

    @Test(
        "example CI files and the pre-commit hooks are valid YAML",
        arguments: [
            "examples/github-actions.yml", "examples/gitlab-ci.yml", "examples/config-repo/.lvslint.yaml", ".pre-commit-hooks.yaml",
        ])
    func yaml(_ path: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Repository.root.appendingPathComponent(path).path))
        #expect(try YAMLLoader.load([UInt8](data)) != nil)
    }

    @Test("the example configuration is accepted")
    func exampleConfiguration() throws {
        let path = Repository.root.appendingPathComponent("examples/config-repo/.lvslint.yaml").path
        let result = ConfigurationLoader.load(path: path, rules: Catalogue.names)
        if case let .failure(errors) = result { Issue.record("\(errors.errors)") }
    }
}
