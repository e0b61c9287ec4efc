import Foundation
import LVSLab
import Testing

/// `lvslint lab` on every DR fixture: the kernel, in namespaces built from the fixture's own
/// captures, must agree with every ARP rule, and nothing may be left behind.
/// Serialized: a lab's start sweeps what killed labs left, so the SIGKILL test must not share
/// its time with other labs.
@Suite(
    "lvslint lab (network namespaces)", .serialized,
    .enabled(
        if: ARPLab.available && LabNetwork.arpingPath != nil && Repository.executable != nil,
        "needs root, `ip netns`, arping (iputils-arping; scripts/test installs it) and the built executable"))
struct LabTests {
    static var drFixtures: [String] {
        Repository.scenarios.filter { scenario in
            let path = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("cluster.yaml").path
            return (try? String(contentsOfFile: path, encoding: .utf8))?.contains("method: dr") == true
        }
    }

    static func labNamespaces(of pid: Int32? = nil) -> [String] {
        let list = (try? run("/usr/sbin/ip", ["netns", "list"]).stdout) ?? ""
        return list.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.hasPrefix(pid.map { "lvslab-\($0)-" } ?? "lvslab-") }
    }

    /// Runs the lab on a description and returns its JSON report, with the namespaces it left.
    func lab(_ description: String) throws -> (status: Int32, report: [String: Any], output: String) {
        let lvslint = try #require(Repository.executable).path
        let result = try run(lvslint, ["lab", "--format", "json", description])
        let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        return (result.status, report, result.stdout + result.stderr)
    }

    /// One lab's outcome, gathered from a worker thread.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String: (status: Int32, report: [String: Any], output: String)] = [:]
        func store(_ scenario: String, _ outcome: (status: Int32, report: [String: Any], output: String)) {
            lock.withLock { items[scenario] = outcome }
        }
        var all: [String: (status: Int32, report: [String: Any], output: String)] { lock.withLock { items } }
    }

    @Test("the kernel agrees with the rules on every DR fixture, and no namespace is left")
    func noDisagreement() throws {
        let scenarios = Self.drFixtures
        #expect(scenarios.count > 50)
        // The labs spend their time waiting for ARP answers, so several run at once; each is its
        // own process, with its own namespaces (lvslab-<pid>-…) and its own bridges.
        let outcomes = Outcomes()
        let slots = DispatchSemaphore(value: 8)
        let group = DispatchGroup()
        let tests = self
        for scenario in scenarios {
            slots.wait()
            group.enter()
            DispatchQueue.global().async {
                defer { slots.signal(); group.leave() }
                let description = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("cluster.yaml").path
                if let outcome = try? tests.lab(description) { outcomes.store(scenario, outcome) }
            }
        }
        group.wait()
        let results = outcomes.all
        for scenario in scenarios {
            guard let result = results[scenario] else { Issue.record("\(scenario): the lab did not run"); continue }
            let disagreements = result.report["disagreements"] as? [[String: Any]]
            #expect(disagreements != nil, "\(scenario): no JSON report:\n\(result.output.prefix(2000))")
            #expect(disagreements?.isEmpty == true, "\(scenario): \(disagreements ?? [])")
            #expect(result.status == 0, "\(scenario): exit status \(result.status)\n\(result.output.prefix(2000))")
        }
        #expect(Self.labNamespaces().isEmpty, "namespaces left behind: \(Self.labNamespaces())")
    }

    @Test("the tutorial's real servers answer ARP for the VIP; with the sysctls fixed in the captures, only the director does")
    func tutorial() throws {
        let folder = try scratchCopy(of: "seed-centos7-dr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster/cluster.yaml").path
        func vipAnswers(_ report: [String: Any]) -> [String] {
            let probes = report["probes"] as? [[String: Any]] ?? []
            return probes.first { $0["kind"] as? String == "arp" && $0["target"] as? String == "192.168.150.100" }?["answered_by"] as? [String] ?? []
        }
        let before = try lab(description)
        #expect(vipAnswers(before.report) == ["lvs1", "lvs2", "lvs3"], "\(before.output.prefix(2000))")
        let probes = before.report["probes"] as? [[String: Any]] ?? []
        let confirmed = Set(probes.flatMap { $0["confirms"] as? [String] ?? [] })
        #expect(confirmed.isSuperset(of: ["DR003@lvs2", "DR003@lvs3", "DR004@lvs2", "DR004@lvs3"]))

        for host in ["lvs2", "lvs3"] {
            let file = folder.appendingPathComponent("cluster/captures/\(host)/sysctl-a.txt")
            let fixed = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: "net.ipv4.conf.all.arp_ignore = 0", with: "net.ipv4.conf.all.arp_ignore = 1")
                .replacingOccurrences(of: "net.ipv4.conf.all.arp_announce = 0", with: "net.ipv4.conf.all.arp_announce = 2")
            try fixed.write(to: file, atomically: true, encoding: .utf8)
        }
        let after = try lab(description)
        #expect(vipAnswers(after.report) == ["lvs1"], "\(after.output.prefix(2000))")
        #expect((after.report["disagreements"] as? [Any])?.isEmpty == true)
    }

    /// Under a sanitizer the pages' output is not in question (the same labs ran in the plain
    /// run) and `tutorial()` above proves the same lab with an instrumented executable.
    @Test(
        "every lab command of the tutorial runs as written and prints what the pages show",
        .enabled(if: ProcessInfo.processInfo.environment["LVSLINT_SANITIZER"] == nil, "the plain run checks the pages' output"),
        arguments: TutorialTests.labSteps)
    func tutorialPage(_ step: TutorialTests.Step) throws {
        try TutorialTests.check(step)
        #expect(Self.labNamespaces().isEmpty, "namespaces left behind: \(Self.labNamespaces())")
    }

    @Test("a namespace the lab did not create is refused and left alone")
    func foreignNamespace() throws {
        let network = LabNetwork()
        let taken = network.name("sw")
        _ = try run("/usr/sbin/ip", ["netns", "add", taken])
        defer { _ = try? run("/usr/sbin/ip", ["netns", "del", taken]) }
        #expect(throws: LabFailure.self) { try network.add(taken) }
        network.removeAll()
        #expect(Self.labNamespaces().contains(taken), "the lab removed a namespace it did not create")
    }

    @Test("Ctrl-C removes the lab's namespaces")
    func interrupted() throws {
        let lvslint = try #require(Repository.executable).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lvslint)
        process.arguments = ["lab", Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the lab has namespaces, then interrupt it as a terminal would.
        var seen = false
        for _ in 0..<100 where !seen {
            seen = !Self.labNamespaces(of: process.processIdentifier).isEmpty
            if !seen { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(seen, "the lab never built anything")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(
            Self.labNamespaces(of: process.processIdentifier).isEmpty, "namespaces left behind: \(Self.labNamespaces(of: process.processIdentifier))")
    }

    /// Starts a lab on the tutorial and waits until it has namespaces.
    func startedLab(standardOutput: Any = FileHandle.nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Repository.executable).path)
        process.arguments = ["lab", Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path]
        process.standardOutput = standardOutput
        process.standardError = FileHandle.nullDevice
        try process.run()
        var waited = 0
        while Self.labNamespaces(of: process.processIdentifier).isEmpty && waited < 750 {
            Thread.sleep(forTimeInterval: 0.02)
            waited += 1
        }
        return process
    }

    @Test("a lab killed with SIGKILL leaves namespaces that `lab --clean` (and the next lab) removes, and no other")
    func killed() throws {
        let process = try startedLab()
        let pid = process.processIdentifier
        #expect(!Self.labNamespaces(of: pid).isEmpty, "the lab never built anything")
        kill(pid, SIGKILL)
        process.waitUntilExit()
        let left = Self.labNamespaces(of: pid)
        #expect(!left.isEmpty, "SIGKILL leaves what the lab had built: nothing to sweep, so the test proves nothing")
        let clean = try run(try #require(Repository.executable).path, ["lab", "--clean"])
        #expect(clean.status == 0)
        #expect(left.allSatisfy { clean.stdout.contains($0) }, "\(clean.stdout)")
        #expect(Self.labNamespaces(of: pid).isEmpty, "left behind: \(Self.labNamespaces(of: pid))")
    }

    @Test("a lab whose reader goes away (SIGPIPE) still removes its namespaces")
    func brokenPipe() throws {
        let pipe = Pipe()
        let process = try startedLab(standardOutput: pipe)
        #expect(!Self.labNamespaces(of: process.processIdentifier).isEmpty, "the lab never built anything")
        try pipe.fileHandleForReading.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "the lab died of a signal (\(process.terminationStatus))")
        #expect(Self.labNamespaces(of: process.processIdentifier).isEmpty, "left behind: \(Self.labNamespaces(of: process.processIdentifier))")
    }

    @Test("interface names and labels holding a line break are refused, never run as `ip -batch` lines")
    func injectedNames() throws {
        let folder = try scratchCopy(of: "dr-healthy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rs1 = folder.appendingPathComponent("cluster/captures/rs1")
        try FileManager.default.removeItem(at: rs1.appendingPathComponent("ip-addr.txt"))
        let json = #"""
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"link_type":"loopback","addr_info":[
              {"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo"},
              {"family":"inet","local":"192.0.2.100","prefixlen":32,"scope":"global","label":"lo\nnetns add lvspwned1"}]},
             {"ifindex":2,"ifname":"eth0\nnetns add lvspwned2","flags":["BROADCAST","UP","LOWER_UP"],"link_type":"ether","addr_info":[
              {"family":"inet","local":"192.0.2.21","prefixlen":24,"scope":"global","label":"eth0"}]}]
            """#
        try json.write(to: rs1.appendingPathComponent("ip-addr.json"), atomically: true, encoding: .utf8)
        let outcome = try lab(folder.appendingPathComponent("cluster/cluster.yaml").path)
        let all = (try? run("/usr/sbin/ip", ["netns", "list"]).stdout) ?? ""
        #expect(!all.contains("lvspwned"), "a name from the capture ran as an ip command: \(all)")
        #expect(outcome.report["probes"] != nil, "\(outcome.output.prefix(2000))")
    }
}
