import Foundation
import LVSCapture
import LVSDescription
import LVSRules
@testable import LVSEngine
import LVSModel
import Testing

/// Captures of a broken or busy cluster, taken in a hurry: what can be read is read.
@Suite("Post-incident captures")
struct PostIncidentTests {
    /// dr-healthy's director as one bundle, with a connection listing of `entries` lines.
    static func busyBundle(entries: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-busy-\(UUID().uuidString)")
        let captures = folder.appendingPathComponent("captures")
        try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        let healthy = Repository.fixtures.appendingPathComponent("dr-healthy")
        try FileManager.default.copyItem(at: healthy.appendingPathComponent("cluster.yaml"), to: folder.appendingPathComponent("cluster.yaml"))
        for host in ["rs1", "rs2"] {
            try FileManager.default.copyItem(at: healthy.appendingPathComponent("captures/\(host)"), to: captures.appendingPathComponent(host))
        }
        var bundle = ""
        for (name, command) in [
            ("ip-addr.txt", "ip -d addr"), ("ip-route.txt", "ip route show table all"), ("sysctl.txt", "sysctl -a"), ("ipvsadm.txt", "ipvsadm -Ln"),
        ] {
            bundle +=
                "==== \(command) (exit 0) ====\n" + (try String(contentsOf: healthy.appendingPathComponent("captures/lvs1/\(name)"), encoding: .utf8))
        }
        bundle +=
            "==== ipvsadm -Lnc (exit 0) ====\nIPVS connection entries\npro expire state       source             virtual            destination\n"
        for i in 0..<entries {
            bundle += "TCP 14:\(10 + i % 50)  ESTABLISHED 198.51.100.\(1 + i % 250):\(1024 + i % 60000) 192.0.2.100:80     192.0.2.\(21 + i % 2):80\n"
        }
        try bundle.write(to: captures.appendingPathComponent("lvs1.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("an oversized section costs its tail alone: the director's addresses, sysctls and table in the same bundle are read")
    func oversizedSection() throws {
        let folder = try Self.busyBundle(entries: 40_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 40,000 entries are about 3 MB: read with a 1 MB limit, as a 300 MB listing is with 256 MB.
        var options = ParseOptions.forChecks
        options.maximumConnectionListingBytes = 1024 * 1024
        let loaded = CaptureLoader.load(directory: folder.appendingPathComponent("captures").path, hosts: ["lvs1"], options: options)
        let director = try #require(loaded.observations["lvs1"])
        #expect(director.addresses.contains { $0.prefix.address == IPAddress("192.0.2.100") })
        #expect(director.ipvs?.services.count == 1)
        #expect(director.sysctls["net.ipv4.ip_forward"] != nil)
        #expect(director.connectionCount > 10_000 && director.connectionCount < 40_000)
        let region = try #require(director.unreadRegions.first { $0.reason != nil })
        #expect(region.facet == .ipvsActivity)
        #expect(region.reason?.description.contains("of this section past its first 1 MB") == true)
        #expect(region.lineCount + director.connectionCount == 40_000)
    }

    @Test("a director bundle with its connection listing is read, and the healthy cluster stays green")
    func busyDirectorGreen() throws {
        let folder = try Self.busyBundle(entries: 2_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Checker.run(.description(folder.appendingPathComponent("cluster.yaml").path)).get()
        #expect(result.findings.filter { $0.severity != .note }.isEmpty, "\(result.findings.map { "\($0.rule): \($0.message)" })")
        #expect(result.observations["lvs1"]?.connectionCount == 2_000)
        // check counts the entries per path as it reads them: a busy director's are not held one by one.
        #expect(result.observations["lvs1"]?.connections.isEmpty == true)
    }

    @Test("check's per-path counts of a listing are those of every entry lvslint parse keeps")
    func tallyAgreesWithEntries() throws {
        let folder = try Self.busyBundle(entries: 3_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        let captures = folder.appendingPathComponent("captures").path
        let counted = try #require(CaptureLoader.load(directory: captures, hosts: ["lvs1"], options: .forChecks).observations["lvs1"])
        let kept = try #require(CaptureLoader.load(directory: captures, hosts: ["lvs1"], options: .everything).observations["lvs1"])
        #expect(kept.connections.count == 3_000 && counted.connectionCount == 3_000)
        let fromEntries = ConnectionPathSummary.summarise(kept.connections)
        #expect(counted.pathSummaries.map(\.key) == fromEntries.map(\.key))
        #expect(counted.pathSummaries.map(\.entries) == fromEntries.map(\.entries))
        #expect(counted.pathSummaries.map(\.established) == [1_500, 1_500])
    }

    @Test("CentOS 7's sysctl -a exits 255 over unreadable keys: its output is read and DR003 found, the status a note")
    func sysctlExit255() throws {
        let result = try Repository.check("post-centos7-sysctl-exit-255")
        #expect(result.findings.contains { $0.rule == "DR003" && $0.host == "rs1" })
        let note = try #require(result.findings.first { $0.rule == "CAP002" && $0.host == "rs1" })
        #expect(note.message.contains("`sysctl -a` (exit 255; its output was read"))
        #expect(note.evidence.first?.text.hasPrefix("sysctl: reading key \"net.ipv6.conf.all.stable_secret\"") == true)
    }
}

@Suite("Post-incident: a director whose table is gone")
struct LostTableTests {
    @Test("the seed cluster after its reboot: the lost table with its cause and a fix with the cluster's values, the real servers still checked")
    func seedAfterReboot() throws {
        let result = try Repository.check("post-seed-after-reboot")
        let ipvs001 = try #require(result.findings.first { $0.rule == "IPVS001" })
        #expect(ipvs001.message.contains("(the table is empty). Cause: no saved rules"))
        #expect(ipvs001.message.contains("ipvsadm.service failed"))
        #expect(ipvs001.evidence.contains { $0.text.contains("ipvsadm.service") && $0.text.contains("failed") })
        #expect(ipvs001.fixCommandsAreSpecific)
        #expect(ipvs001.fixCommands.contains("ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1   # on lvs1"))
        #expect(ipvs001.fixCommands.contains { $0.hasPrefix("ipvsadm-save -n > /etc/sysconfig/ipvsadm && systemctl enable ipvsadm") })
        #expect(Set(result.findings.filter { $0.rule == "DR001" }.compactMap(\.host)) == ["lvs2", "lvs3"])
    }

    @Test("without a description, an empty table's services come from the saved rules, and the lost table is still found")
    func inferredFromSavedRules() throws {
        let captures = Repository.fixtures.appendingPathComponent("post-debian-rules-not-loaded/captures").path
        let draft = Inference.draft(ofCaptures: captures, capturesKey: captures)
        #expect(draft.problem == nil && draft.fromSavedRules == ["lvs1"])
        #expect(draft.text.contains("lvs1: {role: director"))
        let result = try Checker.run(.undescribedCaptures(captures)).get()
        let ipvs001 = try #require(result.findings.first { $0.rule == "IPVS001" })
        #expect(ipvs001.message.contains("Cause: the saved rules in /etc/ipvsadm.rules hold it, but were not loaded"))
        #expect(ipvs001.message.contains("AUTO=\"false\""))
    }

    @Test(
        "without a description or anything saved, the seed's director is known by its signs: the lost table with its cause, the real servers still audited, exit 1"
    )
    func seedAfterRebootUndescribed() throws {
        let captures = Repository.fixtures.appendingPathComponent("post-seed-after-reboot/captures").path
        let draft = Inference.draft(ofCaptures: captures, capturesKey: "captures")
        #expect(draft.problem == nil)
        #expect(draft.servicesUnknown["lvs1"]?.vips == [IPAddress("192.168.150.100")].compactMap { $0 })
        #expect(draft.text.contains("lvs1: {role: director, address: 192.168.150.11}  # director: ipvsadm.service is enabled and failed"))
        #expect(draft.text.contains("lvs2: {role: real-server, address: 192.168.150.12}  # role guessed"))
        #expect(draft.text.contains("# - {vip: 192.168.150.100, port: PORT"))
        let result = try Checker.run(.undescribedCaptures(captures)).get()
        let ipvs001 = try #require(result.findings.first { $0.rule == "IPVS001" })
        #expect(ipvs001.host == "lvs1" && ipvs001.severity == .error)
        #expect(ipvs001.message.contains("the IPVS table of director lvs1 is empty") && ipvs001.message.contains("Cause: no saved rules"))
        #expect(ipvs001.fixCommands.first == "ipvsadm -A -t 192.168.150.100:PORT -s SCHEDULER   # on lvs1")
        #expect(Set(result.findings.filter { $0.rule == "PERSIST003" }.compactMap(\.host)) == ["lvs1", "lvs2", "lvs3"])
        #expect(result.notChecked.contains { $0.rule == "DR001" && $0.host == "lvs2" && $0.reason.hasPrefix("no service is known") })
        #expect(Verdict.exitCode([result]) == 1)
    }

    @Test("ip_vs in the module list and a second address on the director's subnet make it a director, with no ipvsadm captured")
    func directorFromModules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-modules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.fixtures.appendingPathComponent("post-seed-after-reboot/captures"), to: folder)
        let lvs1 = folder.appendingPathComponent("lvs1")
        try FileManager.default.removeItem(at: lvs1.appendingPathComponent("ipvsadm-Ln.txt"))
        try FileManager.default.removeItem(at: lvs1.appendingPathComponent("systemctl.txt"))
        try "Module                  Size  Used by\nip_vs_rr               16384  0\nip_vs                 145497  2 ip_vs_rr\n"
            .write(to: lvs1.appendingPathComponent("lsmod.txt"), atomically: true, encoding: .utf8)
        let draft = Inference.draft(ofCaptures: folder.path, capturesKey: "captures")
        #expect(
            draft.servicesUnknown["lvs1"]?.reasons == ["ip_vs is in its module list and it holds 192.168.150.100 on ens33 beside its own address"])
        #expect(draft.text.contains("lvs1: {role: director"))
    }

    @Test("grouped by host, a host's findings put the lost table and its causes before the details")
    func causeFirst() throws {
        let captures = Repository.fixtures.appendingPathComponent("post-seed-after-reboot/captures").path
        let result = try Checker.run(.undescribedCaptures(captures)).get()
        let report = TextReport(color: false, groupBy: .host)
        let groups = report.ordered(result)
        let director = try #require(groups.first { $0.heading == "host lvs1" })
        #expect(director.findings.map(\.rule) == ["IPVS001", "PERSIST003"])
        #expect(TextReport.auditRank("IPVS001") < TextReport.auditRank("PERSIST002"))
        #expect(TextReport.auditRank("DR001") < TextReport.auditRank("CONN001"))
        #expect(TextReport.auditRank("NAT002") < TextReport.auditRank("IPVS012"))
    }

    @Test("a director's keepalived.conf copied into its captures names the services its empty table lost, and keepalived not running is the cause")
    func inferredFromKeepalivedConf() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-ka-lost-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.fixtures.appendingPathComponent("post-debian-rules-not-loaded/captures"), to: folder)
        let etc = folder.appendingPathComponent("lvs1/etc")
        try FileManager.default.removeItem(at: etc.appendingPathComponent("ipvsadm.rules"))
        try FileManager.default.createDirectory(at: etc.appendingPathComponent("keepalived"), withIntermediateDirectories: true)
        try """
        virtual_server 192.0.2.100 80 {
            lb_algo wrr
            lb_kind DR
            protocol TCP
            real_server 192.0.2.21 80 {
                weight 2
            }
            real_server 192.0.2.22 80 {
                weight 2
            }
        }

        """.write(to: etc.appendingPathComponent("keepalived/keepalived.conf"), atomically: true, encoding: .utf8)
        let systemctl = folder.appendingPathComponent("lvs1/systemctl.txt")
        let units = try String(contentsOf: systemctl, encoding: .utf8)
            .replacingOccurrences(
                of: "sshd.service              enabled         enabled\n",
                with: "sshd.service              enabled         enabled\nkeepalived.service        enabled         enabled\n"
            )
            .replacingOccurrences(
                of: "  sshd.service              loaded active   running sshd\n",
                with: "  sshd.service              loaded active   running sshd\n  keepalived.service        loaded failed   failed  keepalived\n")
        try units.write(to: systemctl, atomically: true, encoding: .utf8)

        let draft = Inference.draft(ofCaptures: folder.path, capturesKey: "captures")
        #expect(draft.problem == nil && draft.fromSavedRules == ["lvs1"])
        #expect(draft.text.contains("scheduler: wrr") && draft.text.contains("- {host: rs1, weight: 2}"))
        #expect(draft.text.contains("its services were drafted from the keepalived.conf its captures copied"))
        let result = try Checker.run(.undescribedCaptures(folder.path)).get()
        let ipvs001 = try #require(result.findings.first { $0.rule == "IPVS001" })
        #expect(
            ipvs001.message.contains(
                "(the table is empty). Cause: keepalived, which builds this table from /etc/keepalived/keepalived.conf, is failed"))
    }

    @Test("at boot, the reason nothing loads the saved rules is the cause")
    func notLoadedAtBoot() throws {
        let result = try Repository.check("boot-ipvs-not-loaded")
        let ipvs001 = try #require(result.findings.first { $0.rule == "IPVS001" })
        #expect(ipvs001.message.contains("Cause: ipvsadm.service has no link in /etc/systemd/system/*.wants/"))
    }
}

@Suite("Post-incident: pastes made in a hurry")
struct HurriedPasteTests {
    /// Checks dr-healthy with `files` added to the director's captures.
    static func checkHealthy(adding files: [String: String]) throws -> CheckResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-paste-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.fixtures.appendingPathComponent("dr-healthy"), to: folder)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent("captures/lvs1/\(name)"), atomically: true, encoding: .utf8)
        }
        return try Checker.run(.description(folder.appendingPathComponent("cluster.yaml").path)).get()
    }

    @Test(
        "`ipvsadm -Lnc | grep VIP` (no header) beside a healthy table is connections, never services: clean",
        arguments: [
            "TCP 14:46  ESTABLISHED 203.0.113.7:40000  192.0.2.100:80     192.0.2.21:80\nTCP 01:46  FIN_WAIT    203.0.113.8:40001  192.0.2.100:80     192.0.2.22:80\n",
            "TCP CB007107 9C40 C0000264 0050 C0000215 0050 ESTABLISHED      899\n",
        ])
    func grepdConnections(_ text: String) throws {
        let result = try Self.checkHealthy(adding: ["conn-grep.txt": text])
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.rule): \($0.message)" })")
        #expect(result.observations["lvs1"].map { $0.connectionCount > 0 } == true)
    }

    @Test("an `ipvsadm -L` row pasted without its port forwards to the service's port")
    func portlessRow() throws {
        let table = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.0.2.100:80 rr
              -> 192.0.2.21                   Route   1      0          0
              -> 192.0.2.22                   Route   1      0          0

            """
        let result = try Self.checkHealthy(adding: ["ipvsadm.txt": table])
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.rule): \($0.message)" })")
        let destinations = result.observations["lvs1"]?.ipvs?.services.first?.destinations ?? []
        #expect(destinations.map(\.port) == [80, 80])
        #expect(destinations.first?.printedName?.text == "192.0.2.21 (no port printed: the service's 80 taken)")
    }

    @Test("a command pasted alone on the line above its output marks it, as a prompt does: no CAP001")
    func promptlessPaste() throws {
        let table = """
            ipvsadm -Ln
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  192.0.2.100:80 rr
              -> 192.0.2.21:80                Route   1      0          0
              -> 192.0.2.22:80                Route   1      0          0
            sysctl net.ipv4.ip_forward
            net.ipv4.ip_forward = 0

            """
        let result = try Self.checkHealthy(adding: ["pasted.txt": table])
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.rule): \($0.message)" })")
    }
}

@Suite("lvslint parse reads as check reads", .enabled(if: Repository.executable != nil, "the lvslint executable was not built"))
struct ParseAsCheckTests {
    @Test("a failing command's output, and `nsenter … cat /proc/sys/…` with its value, are read by parse as by check")
    func parseAsCheck() throws {
        let lvslint = try #require(Repository.executable).path
        let bundle = Repository.fixtures.appendingPathComponent("post-centos7-sysctl-exit-255/captures/rs1.txt").path
        let out = try run(lvslint, ["parse", bundle], environment: plainEnvironment)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("`sysctl -a` exited 255; its output was read"))
        #expect(out.stdout.contains("\"net.ipv4.conf.all.arp_ignore\": \"0\""))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("value.txt")
        try "nsenter -t 1 -n cat /proc/sys/net/ipv4/conf/all/arp_ignore\n1\n".write(to: file, atomically: true, encoding: .utf8)
        let value = try run(lvslint, ["parse", file.path], environment: plainEnvironment)
        #expect(value.status == 0 && value.stdout.contains("\"net.ipv4.conf.all.arp_ignore\": \"1\""), "\(value.stdout) \(value.stderr)")
    }
}

@Suite("Connection-table thresholds")
struct ConnectionThresholdTests {
    static func configuration(_ yaml: String) -> Result<Configuration, InputErrors> {
        ConfigurationLoader.load(bytes: Array(yaml.utf8), path: ".lvslint.yaml", rules: Catalogue.names)
    }

    @Test("syn_recv_minimum in .lvslint.yaml decides how many SYN_RECV entries CONN001 needs: 3 are reported at 3, not at 4")
    func synRecvMinimum() throws {
        let path = Repository.fixtures.appendingPathComponent("conn001-dr-syn-recv/cluster.yaml").path
        for (minimum, reported) in [(3, true), (4, false)] {
            let configuration = try Self.configuration("thresholds: {syn_recv_minimum: \(minimum)}\n").get()
            let result = try Checker.run(.description(path), options: RunOptions(configuration: configuration)).get()
            #expect(result.findings.contains { $0.rule == "CONN001" } == reported, "syn_recv_minimum \(minimum)")
        }
    }

    @Test("an unknown threshold or a value that is no whole number is a located error with the names there are")
    func badThresholds() throws {
        guard case let .failure(errors) = Self.configuration("thresholds:\n  syn_recv_min: 3\n  idle_peer_minimum: many\n") else {
            Issue.record("accepted")
            return
        }
        let messages = errors.errors.map(\.message)
        #expect(messages.contains { $0.contains("unknown threshold 'syn_recv_min'") && $0.contains("syn_recv_minimum") })
        #expect(messages.contains { $0.contains("idle_peer_minimum must be a whole number") })
        #expect(errors.errors.allSatisfy { $0.location.line >= 2 })
    }

    @Test("explain names each rule's thresholds with their defaults")
    func explained() {
        let info = Catalogue.rule(named: "IPVS012")?.info
        let page = info.map { RuleDocumentation.explain($0) } ?? ""
        #expect(page.contains("Thresholds (set in .lvslint.yaml under `thresholds:`)"))
        #expect(page.contains("syn_recv_minimum (default 1)"))
    }
}
