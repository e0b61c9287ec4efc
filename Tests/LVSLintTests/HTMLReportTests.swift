import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// `--format html` and `--format dot`, as a learner or an incident report uses them.
@Suite("HTML and DOT reports", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct HTMLReportTests {
    /// Collects what the tests look for while an XML parser reads the page.
    final class Reader: NSObject, XMLParserDelegate, @unchecked Sendable {
        var findings = 0
        var svg = false
        var scripts = 0
        var externalReferences: [String] = []
        var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            if name == "div", attributes["class"]?.hasPrefix("finding ") == true { findings += 1 }
            if name == "svg" { svg = true }
            if name == "script" { scripts += 1 }
            for key in ["src", "href"] where attributes[key].map({ $0.hasPrefix("http") || $0.hasPrefix("//") }) == true {
                externalReferences.append(attributes[key] ?? "")
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    @Test("the tutorial's audit is one well-formed, self-contained page: the cluster drawn, every finding with its evidence")
    func tutorialPage() throws {
        let lvslint = try #require(Repository.executable).path
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let html = try run(lvslint, ["check", "--format", "html", seed])
        #expect(html.status == 1)
        let json = try run(lvslint, ["check", "--format", "json", seed])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []

        let reader = Reader()
        let parser = XMLParser(data: Data(html.stdout.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.findings == findings.count && findings.count == 12)
        #expect(reader.scripts == 0 && reader.externalReferences.isEmpty, "\(reader.externalReferences)")
        #expect(reader.text.contains("lvs2 holds VIP 192.168.150.100 and answers ARP for it"))
        #expect(reader.text.contains("net.ipv4.conf.all.arp_ignore = 0"), "the evidence lines are in the page")
        let graphviz = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")
        #expect(
            reader.svg == graphviz, graphviz ? "Graphviz is installed, so the cluster is drawn as SVG" : "without Graphviz the DOT source stands in")
        if !graphviz { #expect(reader.text.contains("digraph")) }
    }

    @Test("--format dot draws every host, coloured by its worst finding, and every service")
    func dot() throws {
        let lvslint = try #require(Repository.executable).path
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let dot = try run(lvslint, ["check", "--format", "dot", seed])
        #expect(dot.stdout.hasPrefix("digraph \"web\" {"))
        #expect(
            dot.stdout.contains(
                "\"host lvs2\" [label=\"lvs2\\nreal-server\\n192.168.150.12\\n1 error, 3 warnings, 1 note\", shape=ellipse, fillcolor=\"#f8d0d0\""),
            "lvs2 has an error: red")
        #expect(dot.stdout.contains("\"host lvs1\" -> \"service TCP 192.168.150.100:80\""))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
            let checked = try run("/usr/bin/dot", ["-Tsvg"], input: dot.stdout)
            #expect(checked.status == 0 && checked.stdout.contains("<svg"), "\(checked.stderr)")
        }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "a browser loads the page with no console error, and its screenshot is not blank",
        .enabled(if: HTMLReportTests.chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func browser() throws {
        let lvslint = try #require(Repository.executable).path
        let browser = try #require(Self.chromium)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("audit.html")
        let html = try run(lvslint, ["check", "--format", "html", Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path])
        try html.stdout.write(to: page, atomically: true, encoding: .utf8)
        let screenshot = folder.appendingPathComponent("shot.png")
        let shot = try run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--screenshot=\(screenshot.path)", "--window-size=1200,1600", page.absoluteString,
            ])
        #expect(FileManager.default.fileExists(atPath: screenshot.path), "\(shot.stderr.suffix(2000))")
        #expect(!shot.stderr.contains("Uncaught"), "console errors: \(shot.stderr.suffix(2000))")
        // A blank page compresses to a few hundred bytes; the drawing and the text do not.
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "the screenshot is \(size) bytes: blank?")
    }
}
