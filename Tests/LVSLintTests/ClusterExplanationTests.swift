import Foundation
import LVSEngine
import LVSModel
import Testing

/// `explain RULE --for cluster.yaml` and `check --explain` tell a rule with the cluster's own
/// hosts, interfaces, addresses and values, and the fix of the distribution each host runs.
@Suite("Explain with the cluster's values")
struct ClusterExplanationTests {
    static let seed = "Fixtures/seed-centos7-dr/cluster.yaml"

    static func lvslint(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runLVSLint(arguments, environment: environment)
    }

    @Test("explain DR003 --for the seed names lvs2, lvs3, ens33 and the VIP, and the values lvslint read")
    func seedDR003() throws {
        let page = try Self.lvslint(["explain", "DR003", "--for", Self.seed])
        #expect(page.status == 0, "\(page.stderr)")
        let text = page.stdout
        #expect(text.contains("lvs2 (real-server) — RHEL/CentOS, from /etc/sysconfig/network-scripts/ifcfg-ens33:"))
        #expect(text.contains("lvs3 (real-server)"))
        #expect(text.contains("captures/lvs2/sysctl-a.txt:28: net.ipv4.conf.ens33.arp_ignore = 0"))
        #expect(text.contains("arping -U -c 3 -I ens33 192.168.150.100"), "the generic command is filled in too")
        let prose = text.replacingOccurrences(of: "\n", with: " ")
        #expect(prose.contains("The request arrives on ens33, never on lo"), "the mechanism names the cluster's interface")
        #expect(prose.contains("carries the VIP (192.168.150.100) (on lo)"))
        #expect(text.contains("Persistent (RHEL/CentOS and Debian/Ubuntu alike):"), "the same fix for both is said once")
        #expect(!text.contains("Persistent, Debian/Ubuntu:"))
    }

    @Test("a fix that differs by distribution is given for the one the captures show")
    func distributionFix() throws {
        let text = try Self.lvslint(["explain", "PERSIST002", "--for", Self.seed]).stdout
        #expect(text.contains("fix on lvs1 (RHEL/CentOS):"))
        #expect(text.contains("systemctl enable ipvsadm   # on lvs1 (RHEL)"))
        #expect(!text.contains("/etc/default/ipvsadm   # on lvs1 (Debian)"), "CentOS captures: the Debian command is left out")
        #expect(text.contains("Persistent, RHEL/CentOS:"))
        #expect(!text.contains("Persistent, Debian/Ubuntu:"))
    }

    @Test("a rule that found nothing says where it looked")
    func quietRule() throws {
        let text = try Self.lvslint(["explain", "DR001", "--for", Self.seed]).stdout
        #expect(text.contains("DR001 found nothing on lvs2, lvs3."))
    }

    @Test("check --explain follows the report with a page for each rule that found something, in the chosen language")
    func checkExplain() throws {
        let text = try Self.lvslint(["check", "--explain", Self.seed]).stdout
        for id in ["DR003", "DR004", "PERSIST002", "PERSIST003", "PERSIST004", "CAP003"] {
            #expect(text.contains("\n\(id) "), "\(id) has its page")
        }
        let chinese = try Self.lvslint(["check", "--explain", "--lang", "zh-CN", Self.seed]).stdout
        #expect(chinese.contains("在本集群中（web，Fixtures/seed-centos7-dr/cluster.yaml）"))
        #expect(chinese.contains("lvs2 (real-server) — RHEL/CentOS，依据 /etc/sysconfig/network-scripts/ifcfg-ens33"))
        #expect(try Self.lvslint(["check", "--explain", "--format", "json", Self.seed]).status == 2)
    }

    @Test("--for with a word that is not a rule, or a description that does not exist, ends with status 2 and says why")
    func refused() throws {
        let topic = try Self.lvslint(["explain", "dr", "--for", Self.seed])
        #expect(topic.status == 2 && topic.stderr.contains("'dr' is not a rule"))
        let missing = try Self.lvslint(["explain", "DR003", "--for", "no/such/cluster.yaml"])
        #expect(missing.status == 2 && !missing.stderr.isEmpty)
    }

    @Test("names from the inputs reach the terminal printable: no escape sequence from a description is written raw, in the report or the pages")
    func hostileNames() throws {
        let folder = try scratchCopy(of: "seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml")
        let yaml = try String(contentsOf: description, encoding: .utf8)
        try yaml.replacingOccurrences(of: "cluster: web", with: #"cluster: "web\e[2J""#).write(to: description, atomically: true, encoding: .utf8)
        for arguments in [["explain", "DR003", "--for", description.path], ["check", "--explain", description.path], ["check", description.path]] {
            let result = try Self.lvslint(arguments)
            #expect(result.stdout.contains("web\\u{1B}[2J"), "\(arguments): \(result.stdout.prefix(300))")
            #expect(!result.stdout.unicodeScalars.contains("\u{1B}"), "\(arguments) wrote an escape sequence raw")
        }
    }

    @Test(
        "the distribution family from os-release, then the files only one family has, then unit names",
        arguments: [
            (["/etc/os-release": "NAME=\"CentOS Linux\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\n"], [String](), DistributionFamily?.some(.rhel)),
            (["/etc/os-release": "PRETTY_NAME=\"Ubuntu 22.04\"\nID=ubuntu\nID_LIKE=debian\n"], [], .debian),
            (["/etc/os-release": "ID=\"rocky\"\n"], [], .rhel),
            (["/etc/os-release": "ID=neon\nID_LIKE=\"ubuntu debian\"\n"], [], .debian),
            (["/etc/network/interfaces": "auto lo\n"], [], .debian),
            (["/etc/sysconfig/network-scripts/ifcfg-eth0": "DEVICE=eth0\n"], [], .rhel),
            ([:], ["apache2.service"], .debian),
            ([:], ["httpd.service"], .rhel),
            ([:], ["sshd.service"], nil),
        ])
    func family(_ files: [String: String], _ units: [String], _ expected: DistributionFamily?) {
        var observation = HostObservation(host: "h")
        for (path, text) in files {
            observation.configurationFiles.append(
                ConfigurationFile(path: path, capture: CaptureFile(path: "captures/h" + path, bytes: Array(text.utf8)), readable: true))
        }
        for unit in units { observation.units[unit] = ServiceUnit(name: unit) }
        #expect(HostDistribution.of(observation)?.family == expected)
    }
}
