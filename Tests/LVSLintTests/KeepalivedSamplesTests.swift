import Foundation
import LVSDescription
import LVSEngine
import LVSModel
import Testing

/// keepalived's own sample configurations (Debian's keepalived package installs them under
/// /usr/share/doc/keepalived/samples) read as keepalived reads them: never taken for YAML, and
/// no line lvslint cannot read (KA011) that `keepalived -t` does not also report; every
/// "Unknown keyword" keepalived reports, lvslint reports too.
enum KeepalivedSamples {
    static let folder = "/usr/share/doc/keepalived/samples"
}

@Suite(
    "keepalived's sample configurations",
    .enabled(
        if: FileManager.default.fileExists(atPath: KeepalivedSamples.folder) && KeepalivedBinary.path != nil,
        "keepalived's samples and binary come with Debian's keepalived package (scripts/test installs it)"))
struct KeepalivedSamplesTests {
    static let folder = KeepalivedSamples.folder

    static var samples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("keepalived.conf") && !$0.hasSuffix(".gz") }
            .sorted()
    }

    /// keepalived -i defaults to the host name up to its first dot: the `@id` lines it keeps.
    static var configurationID: String { String(ProcessInfo.processInfo.hostName.split(separator: ".").first ?? "") }

    @Test("there are samples to read")
    func present() {
        #expect(Self.samples.count >= 20, "\(Self.samples)")
    }

    @Test("each sample is read as keepalived reads it", arguments: samples)
    func agrees(_ name: String) throws {
        let path = (Self.folder as NSString).appendingPathComponent(name)
        #expect(CheckInputs.isKeepalived(path), "\(name) would be read as a YAML description")
        let config = KeepalivedReader.read(path: path, configurationID: Self.configurationID)
        let binary = try #require(KeepalivedBinary.path)
        let result = try run(binary, ["--config-test", "-f", path, "--log-console"], in: URL(fileURLWithPath: Self.folder))
        let output = (result.stdout + result.stderr).split(separator: "\n").map(String.init)
        let mentioned = Set(output.compactMap { line in line.firstMatch(of: /Line (\d+)\)/).flatMap { Int($0.1) } })
        let unknown = Set(output.filter { $0.contains("Unknown keyword") }.compactMap { $0.firstMatch(of: /Line (\d+)\)/).flatMap { Int($0.1) } })
        let unread = config.unread.filter { $0.line.location.file == path }
        for line in unread {
            #expect(
                mentioned.contains(line.line.location.line),
                "\(name):\(line.line.location.line): lvslint cannot read `\(line.line.text)` (\(line.reason)), which keepalived -t reads without a word"
            )
        }
        let ours = Set(unread.map(\.line.location.line))
        for line in unknown.sorted() { #expect(ours.contains(line), "\(name):\(line): keepalived reports an unknown keyword lvslint accepts") }
    }

    @Test("conditional configuration: @id lines for this host only, $NAME definitions and ~SEQ expanded")
    func conditionals() throws {
        let text = """
            $PRIO=150
            $ADDRS=192.0.2.100/32 \\
            192.0.2.101/32
            @lvs1 global_defs { router_id lvs1 }
            @^lvs1 global_defs { router_id other }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
            @lvs1    priority $PRIO
            @lvs2    priority 100
                virtual_ipaddress {
                    ${ADDRS}
            ~SEQ(n, 2, 3) 198.51.100.$n/32
                }
            }
            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-conditional-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("keepalived.conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(CheckInputs.isKeepalived(path))
        let lvs1 = KeepalivedReader.read(path: path, configurationID: "lvs1")
        #expect(lvs1.unread.isEmpty, "\(lvs1.unread.map { "\($0.line.location.line): \($0.reason)" })")
        #expect(lvs1.routerID?.value == "lvs1")
        let instance = try #require(lvs1.vrrpInstances.first)
        #expect(instance.priority?.value == 150)
        #expect(instance.addresses.map { "\($0.prefix)" } == ["192.0.2.100/32", "192.0.2.101/32", "198.51.100.2/32", "198.51.100.3/32"])
        let lvs2 = KeepalivedReader.read(path: path, configurationID: "lvs2")
        #expect(lvs2.routerID?.value == "other" && lvs2.vrrpInstances.first?.priority?.value == 100)
        #expect(lvs2.usesConditionals)
    }

    @Test("definitions that use themselves or grow at each use are cut, with the line said, never a hang or a crash")
    func hostileDefinitions() throws {
        let selfReferring = KeepalivedReader.read(text: "$A=$A x\nglobal_defs {\n  router_id $A\n}\n", displayPath: "k.conf")
        #expect(selfReferring.unread.contains { $0.line.location.line == 3 && "\($0.reason)".contains("16 levels deep") })
        var doubling = ""
        for (name, next) in zip(["B", "C", "D", "E", "F", "G"], ["C", "D", "E", "F", "G", "H"]) {
            doubling += "$\(name)=" + String(repeating: "$\(next)", count: 8) + "\n"
        }
        doubling += "$H=" + String(repeating: "x", count: 64) + "\nvrrp_instance $B {\n}\n"
        let grown = KeepalivedReader.read(text: doubling, displayPath: "k.conf")
        #expect(grown.unread.contains { $0.line.location.line == 8 }, "\(grown.unread.map { "\($0.line.location.line): \($0.reason)" })")
        let sequence = KeepalivedReader.read(text: "~SEQ(n, 1, 1, 100000000) x$n\n", displayPath: "k.conf")
        #expect(sequence.unread.contains { "\($0.reason)".contains("too far") })
    }

    @Test("static_ipaddress, static_routes and static_rules are read; a static address counts for KA005")
    func staticBlocks() throws {
        let text = """
            static_ipaddress {
                192.0.2.100/32 dev eth0 scope global
            }
            static_routes {
                198.51.100.0/24 via 192.0.2.1 dev eth0
            }
            static_rules {
                from 192.0.2.0/24 table 1
            }
            virtual_server 192.0.2.100 80 {
                lb_kind DR
                protocol TCP
                real_server 192.0.2.21 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
            }
            """
        let config = KeepalivedReader.read(text: text, displayPath: "keepalived.conf")
        #expect(config.unread.isEmpty, "\(config.unread.map { "\($0.line.location.line): \($0.reason)" })")
        #expect(config.staticAddresses.map { "\($0.prefix)" } == ["192.0.2.100/32"])
    }
}

/// The keyword tables against keepalived's own parsers: every `install_keyword` of its global,
/// VRRP, checker, BFD and rule/route parsers is known. Needs keepalived's source (a checkout of
/// https://github.com/acassen/keepalived) named by LVSLINT_KEEPALIVED_SOURCE: CI has no network
/// to fetch it, and Debian's package ships no source.
@Suite(
    "keepalived's keywords, from its parsers",
    .enabled(
        if: ProcessInfo.processInfo.environment["LVSLINT_KEEPALIVED_SOURCE"].map {
            FileManager.default.fileExists(atPath: $0 + "/keepalived/core/global_parser.c")
        }
            ?? false,
        "set LVSLINT_KEEPALIVED_SOURCE to a checkout of keepalived's source (git clone https://github.com/acassen/keepalived)"))
struct KeepalivedParserKeywordTests {
    static let parsers = [
        "keepalived/core/global_parser.c", "keepalived/vrrp/vrrp_parser.c", "keepalived/check/check_parser.c", "keepalived/bfd/bfd_parser.c",
        "keepalived/vrrp/vrrp_ip_rule_route_parser.c",
    ]

    @Test("every keyword keepalived's parsers install is known")
    func everyKeyword() throws {
        let source = try #require(ProcessInfo.processInfo.environment["LVSLINT_KEEPALIVED_SOURCE"])
        var installed: Set<String> = []
        for parser in Self.parsers {
            let text = try String(contentsOfFile: source + "/" + parser, encoding: .utf8)
            for match in text.matches(of: /install_(?:keyword|root_keyword|sublevel_keyword|keyword_root|keyword_quoted)[a-z_]*\("([^"]+)"/) {
                installed.insert(String(match.1))
            }
        }
        #expect(installed.count >= 300, "only \(installed.count) keywords found: have the parsers moved?")
        let unknown = installed.subtracting(KeepalivedKeywords.all).sorted()
        #expect(unknown.isEmpty, "keywords keepalived installs and lvslint does not know: \(unknown)")
    }
}
