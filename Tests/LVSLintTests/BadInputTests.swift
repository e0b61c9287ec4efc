import Foundation
import Testing

/// What people paste from broken machines, run through the real executable: each case must
/// end with the right exit status and a located, useful message, and never crash or hang
/// (each run is bounded by `timeout`: a hang is status 124, a crash 128 + its signal).
/// Description problems exit 2; capture problems are findings and the check completes.
@Suite("The bad-input catalogue", .serialized, .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// An input of megabytes, there to prove a size limit: see `underTest`.
        var large = false
        /// Files to write over a copy of Fixtures/dr-healthy (path relative to the folder).
        var files: [String: [UInt8]] = [:]
        /// Anything files cannot say: links, FIFOs, folders.
        var setup: (@Sendable (URL) throws -> Void)?
        var arguments = ["check", "cluster.yaml"]
        var status: Int32
        /// Each must appear in the output (stdout and stderr together).
        var says: [String]
        /// None may appear in it (a file's content, the environment, a raw control character).
        var never: [String] = []
        /// No line of the output may start with this (a forged workflow command).
        var neverLineStart: String?
        /// Standard output must be well-formed XML.
        var wellFormedXML = false
        /// Bytes of output at most (SARIF carries every rule's documentation: about 270 KB).
        var maximumOutput = 200_000
        var description: String { name }
    }

    /// Every case, but under ThreadSanitizer the large ones are left out: they prove that a size
    /// limit holds (a 100 MB capture is cut at 64 MB), which the plain run and AddressSanitizer
    /// prove too, and ThreadSanitizer, instrumenting every byte read, made them the slowest
    /// tests of CI (the catalogue took 506 s under it).
    static var underTest: [Case] {
        guard ProcessInfo.processInfo.environment["LVSLINT_SANITIZER"] == "thread" else { return cases }
        return cases.filter { !$0.large }
    }

    static let healthy = Repository.fixtures.appendingPathComponent("dr-healthy")
    static var description: String { (try? String(contentsOf: healthy.appendingPathComponent("cluster.yaml"), encoding: .utf8)) ?? "" }
    static func capture(_ host: String, _ name: String) -> String {
        (try? String(contentsOf: healthy.appendingPathComponent("captures/\(host)/\(name)"), encoding: .utf8)) ?? ""
    }
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Leaves `host` with nothing but the configuration files a case writes under its etc/.
    static func onlyConfiguration(_ host: String, in folder: URL) throws {
        let captures = folder.appendingPathComponent("captures/\(host)")
        for name in try FileManager.default.contentsOfDirectory(atPath: captures.path) where name != "etc" {
            try FileManager.default.removeItem(at: captures.appendingPathComponent(name))
        }
    }
    static func yaml(_ edit: (String) -> String) -> [String: [UInt8]] { ["cluster.yaml": bytes(edit(description))] }

    static let cases: [Case] =
        [
            // The description: every problem is located and exits 2.
            Case(name: "an empty description", files: ["cluster.yaml": []], status: 2, says: ["cluster.yaml:1:1: error: the description is empty"]),
            Case(
                name: "a description of blanks and tabs", files: ["cluster.yaml": bytes("  \n\t\n\n")], status: 2,
                says: ["cluster.yaml:1:1: error: the description is empty"]),
            Case(
                name: "a byte-order mark before the description", files: ["cluster.yaml": [0xEF, 0xBB, 0xBF] + bytes(description)], status: 0,
                says: ["0 errors, 0 warnings"]),
            Case(
                name: "CRLF line ends in the description", files: yaml { $0.replacingOccurrences(of: "\n", with: "\r\n") }, status: 0,
                says: ["0 errors, 0 warnings"]),
            Case(
                name: "a Latin-1 byte in the description",
                files: [
                    "cluster.yaml": bytes(description).split(separator: 10, omittingEmptySubsequences: false).enumerated().flatMap {
                        $0.offset == 1 ? Array(bytes("cluster: caf")) + [0xE9, 10] : Array($0.element) + [10]
                    }
                ],
                status: 2, says: ["cluster.yaml:2:13: error: YAML: a byte that is not UTF-8 (0xE9)"]),
            Case(
                name: "a NUL byte in the description", files: yaml { $0.replacingOccurrences(of: "cluster: web", with: "cluster: w\u{0}eb") },
                status: 2, says: ["cluster.yaml:2:11: error: YAML: a control character (byte 0x00)"]),
            Case(
                name: "binary junk as the description", files: ["cluster.yaml": (0..<1024).map { UInt8($0 % 256) }], status: 2,
                says: ["cluster.yaml:1:1: error: YAML: a control character"]),
            Case(
                name: "a description cut short mid-line",
                files: yaml {
                    String(
                        $0.prefix { $0 != "\u{0}" }.prefix(($0.range(of: "services:").map { $0.upperBound.utf16Offset(in: description) } ?? 0) + 30))
                },
                status: 2, says: ["cluster.yaml:14:5: error: service 'web' is missing 'port'"]),
            Case(
                name: "a tab indenting the description", files: yaml { $0.replacingOccurrences(of: "    role: director", with: "\trole: director") },
                status: 2, says: ["cluster.yaml:5:1: error: YAML:"]),
            Case(
                name: "a duplicate key", files: yaml { $0.replacingOccurrences(of: "cluster: web", with: "cluster: web\ncluster: web2") }, status: 2,
                says: ["cluster.yaml:3:1: error: 'cluster' is given twice"]),
            Case(
                name: "an unknown key", files: yaml { $0.replacingOccurrences(of: "    scheduler: rr", with: "    schedular: rr") }, status: 2,
                says: ["cluster.yaml:18:5: error: unknown key 'schedular'", "did you mean 'scheduler'?"]),
            Case(
                name: "a word where a number belongs", files: yaml { $0.replacingOccurrences(of: "    port: 80", with: "    port: eighty") },
                status: 2, says: ["cluster.yaml:16:11: error: port of service 'web' must be a whole number, not 'eighty'"]),
            Case(
                name: "a port out of range", files: yaml { $0.replacingOccurrences(of: "    port: 80", with: "    port: 70000") }, status: 2,
                says: ["cluster.yaml:16:11: error: port of service 'web' 70000 is out of range 0...65535"]),
            Case(
                name: "an address that is not one", files: yaml { $0.replacingOccurrences(of: "vip: 192.0.2.100", with: "vip: 300.1.1.1") },
                status: 2, says: ["cluster.yaml:15:10: error: vip of service 'web' '300.1.1.1' is not an IPv4 or IPv6 address"]),
            Case(
                name: "an IPv6 address with a zone", files: yaml { $0.replacingOccurrences(of: "vip: 192.0.2.100", with: "vip: fe80::1%eth0") },
                status: 2, says: ["cluster.yaml:15:10: error: vip of service 'web' 'fe80::1%eth0' has a zone (%eth0)"]),
            Case(
                name: "a description that is a list", files: ["cluster.yaml": bytes("- a\n- b\n")], status: 2,
                says: ["cluster.yaml:1:1: error: the description must be a mapping, not a list"]),
            Case(
                name: "a description that is a scalar", files: ["cluster.yaml": bytes("just a string\n")], status: 2,
                says: ["cluster.yaml:1:1: error: the description must be a mapping, not a scalar"]),
            Case(
                name: "an alias bomb",
                files: [
                    "cluster.yaml": bytes(
                        (["cluster: bomb", "a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
                            + (1...12).map { i in "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ",") + "]" })
                            .joined(separator: "\n") + "\n")
                ],
                status: 2, says: ["error: YAML: the document holds more than", "an alias bomb?"]),
            Case(
                name: "100,000 levels of flow nesting",
                files: ["cluster.yaml": bytes("services: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n")],
                status: 2, says: ["cluster.yaml:1:74: error: YAML: collections nest deeper than 64 levels"]),
            Case(
                name: "100,000 levels of block nesting",
                files: ["cluster.yaml": bytes("services:\n  " + String(repeating: "- ", count: 100_000) + "x\n")],
                status: 2, says: ["cluster.yaml:2:129: error: YAML: collections nest deeper than 64 levels"]),
            Case(
                name: "a captures folder that is not there", files: yaml { "captures: nowhere\n" + $0 }, status: 2,
                says: ["cluster.yaml:1:11: error: captures: the folder ./nowhere does not exist"]),
            Case(
                name: "a host name that tries to leave the captures folder", files: yaml { $0.replacingOccurrences(of: "  rs2:\n", with: "  ..:\n") },
                status: 2, says: ["cluster.yaml:10:3: error: host name '..' may hold only"]),
            Case(
                name: "captures: pointing out of the description's folder", files: yaml { "captures: ../../../etc\n" + $0 }, status: 2,
                says: ["cluster.yaml:1:11: error: captures: /etc is outside the folder of this description", "--captures /etc"]),
            Case(
                name: "a description that cannot be read", arguments: ["check", "/proc/self/mem"], status: 2,
                says: ["/proc/self/mem:1:1: error: cannot read the file"]),
            Case(
                name: "a folder where the baseline file should be",
                setup: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("baseline.json"), withIntermediateDirectories: true) },
                arguments: ["check", "--baseline", "baseline.json", "cluster.yaml"], status: 2, says: ["baseline.json"]),
            Case(
                name: "a .lvslint.yaml with a tab", files: [".lvslint.yaml": bytes("disable:\n\t- DR003\n")], status: 2,
                says: [".lvslint.yaml:2:1: error:"]),
            Case(
                name: "a .lvslint.yaml naming a rule that does not exist", files: [".lvslint.yaml": bytes("disable: [DR999]\n")], status: 2,
                says: [".lvslint.yaml:1:", "DR999"]),
            Case(
                name: "a keepalived.conf of binary junk",
                files: ["keepalived.conf": bytes("virtual_server 192.0.2.100 80 {\n") + (0..<512).map { UInt8(($0 * 7) % 256) } + bytes("\n}\n")],
                arguments: ["check", "keepalived.conf"], status: 1, says: ["keepalived.conf:2:1: warning[KA011]", "\\u{"]),
            Case(
                name: "a keepalived.conf that includes itself",
                files: [
                    "keepalived.conf": bytes(
                        "include keepalived.conf\nvirtual_server 192.0.2.100 80 {\n protocol TCP\n lb_kind DR\n lb_algo rr\n real_server 192.0.2.21 80 {\n }\n}\n"
                    )
                ],
                arguments: ["check", "keepalived.conf"], status: 1,
                says: ["keepalived.conf:1:1: warning[KA011]: keepalived: `include keepalived.conf` includes", "an include loop"]),

            Case(
                name: "keepalived blocks nested 100,000 deep",
                files: ["keepalived.conf": bytes("global_defs {\n" + String(repeating: "a{", count: 100_000) + "\n")],
                arguments: ["check", "keepalived.conf"], status: 1,
                says: ["keepalived.conf:2:1: warning[KA011]: keepalived: blocks nest deeper than 32 levels"]),

            // Captures: findings, located, and the check completes.
            Case(
                name: "an empty capture", files: ["captures/rs1/extra.txt": []], status: 0,
                says: ["captures/rs1/extra.txt:1:1: note[CAP002]: not a capture format lvslint reads: the file is empty"]),
            Case(
                name: "a capture of blanks", files: ["captures/rs1/extra.txt": bytes("  \n\t\n")], status: 0,
                says: ["captures/rs1/extra.txt:1:1: note[CAP002]", "the file is empty"]),
            Case(
                name: "a byte-order mark before a capture",
                files: ["captures/rs1/ip-addr.txt": [0xEF, 0xBB, 0xBF] + bytes(capture("rs1", "ip-addr.txt"))], status: 0,
                says: ["0 errors, 0 warnings, 0 notes"]),
            Case(
                name: "CRLF line ends in a capture",
                files: ["captures/rs1/ip-addr.txt": bytes(capture("rs1", "ip-addr.txt").replacingOccurrences(of: "\n", with: "\r\n"))], status: 0,
                says: ["0 errors, 0 warnings, 0 notes"]),
            Case(
                name: "a Latin-1 byte in an interface name",
                files: [
                    "captures/rs1/ip-addr.txt": Array(bytes(capture("rs1", "ip-addr.txt")).replacingFirst(bytes("eth0"), with: bytes("eth") + [0xE9]))
                ],
                status: 1, says: ["captures/rs1/ip-addr.txt:12:1: warning[CAP001]"]),
            Case(
                name: "a NUL byte in a capture line",
                files: [
                    "captures/rs1/sysctl.txt": Array(
                        bytes(capture("rs1", "sysctl.txt")).replacingFirst(bytes("all.arp_ignore"), with: bytes("all.arp_ig") + [0] + bytes("nore")))
                ],
                status: 1, says: ["captures/rs1/sysctl.txt:8:1: warning[CAP001]: a line holding a NUL byte"]),
            Case(
                name: "binary junk among the captures", files: ["captures/rs1/junk.bin": (0..<4096).map { UInt8($0 % 256) }], status: 1,
                says: ["captures/rs1/junk.bin:1:1: warning[CAP001]: a line holding a NUL byte"]),
            Case(
                name: "a sysctl capture cut short mid-line",
                files: [
                    "captures/rs1/sysctl.txt": bytes(
                        String(
                            capture("rs1", "sysctl.txt").prefix { _ in true }.components(separatedBy: "net.ipv4.conf.all.arp_ignore")[0]
                                + "net.ipv4.conf.all.ar"))
                ],
                status: 1, says: ["captures/rs1/sysctl.txt:8:1: warning[CAP001]", "DR003"]),
            Case(
                name: "an IPVS table cut short mid-table",
                files: ["captures/lvs1/ipvsadm.txt": bytes(String(capture("lvs1", "ipvsadm.txt").dropLast(25)))],
                status: 1, says: ["captures/lvs1/ipvsadm.txt:6:1: warning[CAP001]: ipvsadm line not understood", "IPVS001"]),
            Case(
                name: "ip -j addr cut short mid-JSON",
                files: [
                    "captures/rs1/ip-j.json": bytes(
                        "[{\"ifindex\":1,\"ifname\":\"lo\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8},{\"fam")
                ],
                status: 1,
                says: ["captures/rs1/ip-j.json:1:1: warning[CAP001]: ip-addr-json line not understood: not valid JSON (is the capture cut short?)"]),
            Case(
                name: "captures under each other's names",
                files: [
                    "captures/rs1/sysctl.txt": bytes(capture("rs1", "ip-addr.txt")), "captures/rs1/ip-addr.txt": bytes(capture("rs1", "sysctl.txt")),
                ],
                status: 0, says: ["0 errors, 0 warnings, 0 notes"]),
            Case(
                name: "the same capture twice", files: ["captures/rs1/ip-addr-again.txt": bytes(capture("rs1", "ip-addr.txt"))], status: 0,
                says: ["0 errors, 0 warnings, 0 notes"]),
            Case(
                name: "a symbolic link loop in the captures",
                setup: { folder in
                    try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("captures/rs1/a").path, withDestinationPath: "b")
                    try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("captures/rs1/b").path, withDestinationPath: "a")
                }, status: 0, says: ["captures/rs1/a:1:1: note[CAP002]", "a symbolic link that leads nowhere (or in a loop): not followed"]),
            Case(
                name: "a symbolic link out of the captures folder",
                setup: { folder in
                    try FileManager.default.createSymbolicLink(
                        atPath: folder.appendingPathComponent("captures/rs1/passwd.txt").path, withDestinationPath: "/etc/passwd")
                }, status: 0,
                says: ["captures/rs1/passwd.txt:1:1: note[CAP002]", "a symbolic link to /etc/passwd, outside the captures folder: not followed"]),
            Case(
                name: "a 10 MB line", large: true,
                files: ["captures/rs1/long.txt": Array(repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024) + [10]],
                status: 1, says: ["captures/rs1/long.txt:1:1: warning[CAP001]: a line of 10485760 bytes"]),
            Case(
                name: "a 100 MB sysctl capture", large: true,
                setup: { folder in
                    let line = Array("net.ipv4.conf.eth0.arp_ignore = 1\n".utf8)
                    var data = Data()
                    data.reserveCapacity(100 * 1024 * 1024 + line.count)
                    while data.count < 100 * 1024 * 1024 { data.append(contentsOf: line) }
                    try data.write(to: folder.appendingPathComponent("captures/rs1/huge-sysctl.txt"))
                }, status: 1,
                says: [
                    "captures/rs1/huge-sysctl.txt:",
                    "1110258 lines (37 MB) of this section past its first 64 MB, more than lvslint reads of one command's output: not read",
                ]),
            Case(
                name: "a 300 MB capture file (sparse: refused by its size, never read)",
                setup: { folder in
                    let url = folder.appendingPathComponent("captures/rs1/huge.txt")
                    FileManager.default.createFile(atPath: url.path, contents: nil)
                    let handle = try FileHandle(forWritingTo: url)
                    try handle.truncate(atOffset: 300 * 1024 * 1024)
                    try handle.close()
                }, status: 0,
                says: ["captures/rs1/huge.txt:1:1: note[CAP002]", "300 MB, more than any command prints (lvslint reads captures of at most 256 MB)"]),
            Case(
                name: "a FIFO in the captures folder",
                setup: { folder in
                    guard mkfifo(folder.appendingPathComponent("captures/rs1/fifo.txt").path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
                }, status: 0, says: ["captures/rs1/fifo.txt:1:1: note[CAP002]", "a FIFO, not a file"]),
            Case(
                name: "a folder where a host's bundle file was expected",
                setup: { folder in
                    try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures/rs2.txt"), withIntermediateDirectories: true)
                }, status: 0, says: ["captures/rs2.txt:1:1: note[CAP002]", "a folder where a file was expected"]),
            Case(
                name: "a sysctl that is not a number",
                files: [
                    "captures/rs1/sysctl.txt": bytes(
                        capture("rs1", "sysctl.txt").replacingOccurrences(
                            of: "net.ipv4.conf.all.arp_ignore = 1", with: "net.ipv4.conf.all.arp_ignore = abc"))
                ],
                status: 1,
                says: [
                    "captures/rs1/sysctl.txt:8:1: warning[CAP001]: sysctl line not understood: net.ipv4.conf.all.arp_ignore holds 'abc', not a number"
                ]),
            Case(
                name: "--captures naming a folder that is not there", arguments: ["check", "--captures", "nowhere", "cluster.yaml"], status: 2,
                says: ["--captures nowhere: no such folder; nothing was checked"]),
        ] + hostile

    /// What an attacker writes (issue 21): nothing outside the named inputs is read, nothing
    /// of the environment appears, nothing is forged, nothing floods.
    static let hostile: [Case] = [
        Case(
            name: "a keepalived include of /etc/passwd",
            files: ["keepalived.conf": bytes("include /etc/passwd\ninclude ../../../../../../../../etc/passwd\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["`include /etc/passwd` names /etc/passwd, outside", "not read"],
            never: ["root:x:0"]),
        Case(
            name: "a keepalived include of the process environment",
            files: ["keepalived.conf": bytes("include /proc/self/environ\ninclude /proc/*/environ\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["outside"], never: [canary]),
        Case(
            name: "a keepalived include that globs the whole machine", files: ["keepalived.conf": bytes("include /*/*/*/*/*/*/*/*\n")],
            arguments: ["check", "--root", "/", "keepalived.conf"], status: 1, says: ["directory entries"], never: [canary, "root:x:0"]),
        Case(
            name: "a keepalived include through a symbolic link out of the folder", files: ["keepalived.conf": bytes("include conf.d/*.conf\n")],
            setup: { folder in
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("conf.d"), withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    atPath: folder.appendingPathComponent("conf.d/a.conf").path, withDestinationPath: "/etc/passwd")
            }, arguments: ["check", "keepalived.conf"], status: 1, says: ["leads to /etc/passwd, outside"], never: ["root:x:0"]),
        // A configuration repository: rs2 known only from its files, checked at boot.
        Case(
            name: "a netplan file that is not YAML", files: ["captures/rs2/etc/netplan/50-cloud-init.yaml": bytes("network:\n  ethernets: [eth0\n")],
            setup: { try BadInputTests.onlyConfiguration("rs2", in: $0) },
            status: 1,
            says: ["captures/rs2/etc/netplan/50-cloud-init.yaml:2:1: warning[CAP001]", "not valid YAML", "netplan refuses the whole configuration"]),
        Case(
            name: "an ifcfg address that is no address",
            files: ["captures/rs2/etc/sysconfig/network-scripts/ifcfg-lo:0": bytes("DEVICE=lo:0\nIPADDR=192.0.2.300\n")],
            setup: { try BadInputTests.onlyConfiguration("rs2", in: $0) },
            status: 1, says: ["ifcfg-lo:0\":2:1: warning[CAP001]", "IPADDR is not an IPv4 address"]),
        Case(
            name: "/etc/network/interfaces that sources itself",
            files: [
                "captures/rs2/etc/network/interfaces": bytes(
                    "source /etc/network/interfaces\nsource-directory /etc/network\nauto lo:0\niface lo:0 inet static\n  address 192.0.2.100/32\n")
            ],
            setup: { try BadInputTests.onlyConfiguration("rs2", in: $0) },
            status: 1, says: ["error[NET003]: at boot: rs2 does not hold its real-server address"]),
        Case(
            name: "a unit link in a wants folder to /etc/shadow",
            files: ["captures/rs2/etc/sysctl.d/90.conf": bytes("net.ipv4.conf.all.arp_ignore = 1\n")],
            setup: { folder in
                try BadInputTests.onlyConfiguration("rs2", in: folder)
                let wants = folder.appendingPathComponent("captures/rs2/etc/systemd/system/multi-user.target.wants")
                try FileManager.default.createDirectory(at: wants, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    atPath: wants.appendingPathComponent("ipvsadm.service").path, withDestinationPath: "/etc/shadow")
            }, status: 1, says: ["error[DR001]: at boot:"], never: ["root:", "shadow:"]),
        Case(
            name: "a host folder that is a symbolic link to /etc",
            setup: { folder in
                try FileManager.default.removeItem(at: folder.appendingPathComponent("captures/rs2"))
                try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("captures/rs2").path, withDestinationPath: "/etc")
            }, status: 0, says: ["captures/rs2:1:1: note[CAP002]", "a symbolic link to /etc, outside the captures folder: not followed"],
            never: ["root:x:0", "PackageKit"]),
        Case(
            name: "a description's keepalived: naming a file outside its folder",
            files: yaml { $0.replacingOccurrences(of: "  lvs1:\n", with: "  lvs1:\n    keepalived: ../../../../../../etc/passwd\n") },
            status: 1, says: ["is outside", "the description's folder: not read"], never: ["root:x:0", "root:x"]),
        Case(
            name: "terminal escape sequences in a capture",
            files: ["captures/rs1/junk.txt": bytes("\u{1B}]52;c;c2VjcmV0\u{07}\u{1B}[2J\u{1B}[1A hidden\r\n\u{9B}31m")],
            status: 0, says: ["\\u{1B}]52;c;c2VjcmV0\\u{7}"], never: ["\u{1B}", "\u{9B}", "\u{07}"]),
        Case(
            name: "a workflow command in a capture, for --format github",
            files: ["captures/rs1/junk.txt": bytes("x\n::stop-commands::lvslint\n::add-mask::x\n")],
            arguments: ["check", "--format", "github", "cluster.yaml"], status: 0, says: ["::notice "], neverLineStart: "::"),
        Case(
            name: "a workflow command in a keepalived keyword, in text",
            files: ["keepalived.conf": bytes("global_defs {\n  a ::stop-commands::tok ::add-mask::x\n}\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["KA011"], neverLineStart: "::"),
        Case(
            name: "characters XML forbids in a capture, for --format junit",
            files: ["captures/rs1/junk.txt": bytes("a\u{FFFF}b\u{FFFE}c\u{1}d &undefined; <x>\n")],
            arguments: ["check", "--format", "junit", "cluster.yaml"], status: 0, says: ["<testsuites"], wellFormedXML: true),
        Case(
            name: "characters XML forbids in a capture, for --format html",
            files: ["captures/rs1/junk.txt": bytes("a\u{FFFF}b\u{1}d &undefined; <script>\n")],
            arguments: ["check", "--format", "html", "cluster.yaml"], status: 0, says: ["&lt;script&gt;"], never: ["<script>", "\u{FFFF}"]),
        Case(
            name: "a capture file name with a space, # and %, for --format sarif", files: ["captures/rs1/a b#c%d.txt": bytes("junk line\n")],
            arguments: ["check", "--format", "sarif", "cluster.yaml"], status: 0, says: ["captures/rs1/a%20b%23c%25d.txt"], never: ["a b#c%d.txt\""],
            // SARIF carries every rule's documentation (about 4.5 KB a rule): the bound grows with the catalogue, not with the input.
            maximumOutput: 600_000),
        Case(
            name: "infer on folder names holding a line break and YAML syntax",
            setup: { folder in
                for name in ["rs\n::stop-commands::x", "a: {b: [c", "\u{1B}]0;title\u{07}"] {
                    try FileManager.default.copyItem(
                        at: folder.appendingPathComponent("captures/rs1"), to: folder.appendingPathComponent("captures/\(name)"))
                }
            }, arguments: ["infer", "captures"], status: 0, says: ["# not host names", "\\u{A}::stop-commands::x"], never: ["\u{1B}"],
            neverLineStart: "::"),
        Case(
            name: "a keepalived keyword of 4 MB", large: true,
            files: ["keepalived.conf": bytes("global_defs {\n" + String(repeating: "x", count: 4_000_000) + " 1\n}\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["more bytes not shown"]),
        Case(
            name: "200,000 junk lines in a keepalived block", large: true,
            files: ["keepalived.conf": bytes("global_defs {\n" + String(repeating: "junk_keyword value\n", count: 200_000) + "}\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["more KA011 findings not shown", "1001 warnings"]),
        Case(
            name: "500,000 empty blocks in keepalived", large: true,
            files: ["keepalived.conf": bytes("global_defs {\n" + String(repeating: "{ }\n", count: 500_000) + "}\n")],
            arguments: ["check", "keepalived.conf"], status: 1, says: ["more KA011 findings not shown", "1001 warnings"]),
        Case(
            name: "a description of 5,000 services",
            files: [
                "cluster.yaml": bytes(
                    description
                        + (0..<5_000).map {
                            "  - {name: s\($0), vip: 198.51.100.\($0 % 256), port: \($0 / 256 + 1), protocol: tcp, method: dr, real_servers: [{host: rs1}]}\n"
                        }.joined())
            ],
            status: 1, says: ["more DESC001 findings not shown"], maximumOutput: 300_000),
        Case(
            name: "thousands of errors in a description",
            files: ["cluster.yaml": bytes(description + (0..<5_000).map { "  - {name: e\($0), vip: nowhere, port: 80}\n" }.joined())],
            status: 2, says: ["more errors in the input"]),
        Case(
            name: "an alias bomb in .lvslint.yaml",
            files: [
                ".lvslint.yaml": bytes(
                    (["a0: &a0 [DR001,DR001,DR001,DR001,DR001,DR001,DR001,DR001,DR001,DR001]"]
                        + (1...9).map { i in "a\(i): &a\(i) {" + (0..<10).map { "k\($0): *a\(i - 1)" }.joined(separator: ", ") + "}" } + [
                            "disable: *a0"
                        ]).joined(separator: "\n") + "\n")
            ],
            status: 2, says: ["an alias bomb?"]),
    ]

    /// Set in lvslint's environment: no output may ever hold it.
    static let canary = "LVSLINT-CANARY-\(UUID().uuidString)"

    @Test("ends with the right status and a located message, never a crash or a hang", arguments: underTest)
    func badInput(_ c: Case) throws {
        let lvslint = try #require(Repository.executable).path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.healthy.appendingPathComponent("cluster.yaml"), to: folder.appendingPathComponent("cluster.yaml"))
        try FileManager.default.copyItem(at: Self.healthy.appendingPathComponent("captures"), to: folder.appendingPathComponent("captures"))
        for (path, content) in c.files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content).write(to: url)
        }
        try c.setup?(folder)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["NO_COLOR"] = "1"
        // One finding per line: the phrases looked for are not cut by wrapping.
        environment["COLUMNS"] = "100000"
        environment["LVSLINT_TEST_CANARY"] = Self.canary
        // Bounded in time and, outside the sanitizers (which reserve terabytes of address space), in memory.
        let sanitized = environment["ASAN_OPTIONS"] != nil || environment["TSAN_OPTIONS"] != nil
        let limits = sanitized ? [] : ["/usr/bin/prlimit", "--as=\(4 << 30)"]
        // The sanitizers slow lvslint several times over: the bound on a hang grows with them.
        let seconds = sanitized ? "240" : "60"
        let result = try run(
            limits.first ?? "/usr/bin/timeout",
            Array(limits.dropFirst()) + (limits.isEmpty ? [] : ["/usr/bin/timeout"]) + [seconds, lvslint] + c.arguments,
            environment: environment, in: folder)
        let output = result.stdout + result.stderr
        #expect(result.status != 124, "\(c.name): lvslint hung")
        #expect(result.status < 128, "\(c.name): lvslint crashed (status \(result.status)):\n\(output.prefix(2000))")
        #expect(result.status == c.status, "\(c.name): exit status \(result.status), expected \(c.status):\n\(output.prefix(2000))")
        for phrase in c.says {
            #expect(output.contains(phrase), "\(c.name): the output does not say \"\(phrase)\":\n\(output.prefix(2000))")
        }
        #expect(output.utf8.count < c.maximumOutput, "\(c.name): \(output.utf8.count) bytes of output; a report quotes lines, it does not copy files")
        for phrase in c.never {
            #expect(
                !output.contains(phrase),
                "\(c.name): the output holds \"\(phrase.unicodeScalars.map { $0.value < 32 || $0.value > 126 ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())\""
            )
        }
        if let start = c.neverLineStart {
            let forged = output.split(separator: "\n").filter { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return trimmed.hasPrefix(start) && !(["::error ", "::warning ", "::notice "].contains { trimmed.hasPrefix($0) })
            }
            #expect(forged.isEmpty, "\(c.name): forged lines: \(forged.prefix(3))")
        }
        if c.wellFormedXML {
            let parsed = try run(
                "/usr/bin/python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.buffer.read())"], input: result.stdout)
            #expect(parsed.status == 0, "\(c.name): not well-formed XML: \(parsed.stderr)")
        }
    }
}

extension Array where Element == UInt8 {
    /// The array with the first occurrence of `target` replaced.
    func replacingFirst(_ target: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !target.isEmpty, count >= target.count else { return self }
        for start in 0...(count - target.count) where Array(self[start..<(start + target.count)]) == target {
            return Array(self[..<start]) + replacement + Array(self[(start + target.count)...])
        }
        return self
    }
}
