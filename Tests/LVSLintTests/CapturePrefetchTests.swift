import Foundation
@testable import LVSCapture
import LVSEngine
import LVSModel
import Testing

/// Hosts' captures are read while the description is parsed (`CapturePrefetch`). A run that
/// does so must report exactly what a run that reads them after reports, on every scenario;
/// and it must read ahead only the folder the description will name.
@Suite("Captures read while the description is parsed")
struct CapturePrefetchTests {
    func report(_ description: String, prefetching: Bool, captures: String? = nil) -> String {
        var options = RunOptions(captures: captures)
        options.prefetchesCaptures = prefetching
        switch Checker.run(.description(description), options: options) {
        case let .success(result): return JSONReport.render([result], toolVersion: "test")
        case let .failure(failure): return "failed: \(failure.errors.map(\.message))"
        }
    }

    @Test("every scenario's report is the same, byte for byte, whether its captures are read ahead or after")
    func sameReports() {
        var compared = 0
        for scenario in Repository.scenarios {
            let description = Repository.fixtures.appendingPathComponent(scenario).appendingPathComponent("cluster.yaml").path
            guard FileManager.default.fileExists(atPath: description) else { continue }
            let ahead = report(description, prefetching: true)
            #expect(ahead == report(description, prefetching: false), "\(scenario)")
            compared += 1
        }
        #expect(compared > 30, "compared \(compared) scenarios")
    }

    @Test("a folder of hosts, a bundle, a stray folder and a host with an unsafe name: the same report read ahead")
    func mixedFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-prefetch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Repository.fixtures.appendingPathComponent("seed-centos7-dr")
        try FileManager.default.copyItem(at: source, to: folder)
        let captures = folder.appendingPathComponent("captures")
        let hosts = try FileManager.default.contentsOfDirectory(atPath: captures.path).sorted()
        // One host as a bundle file instead of a folder (its configuration tree left out), a
        // stray folder, a hidden entry and a folder whose name is no host's.
        if let first = hosts.first(where: { !$0.hasSuffix(".txt") }) {
            let files = try FileManager.default.contentsOfDirectory(atPath: captures.appendingPathComponent(first).path).sorted()
            var bundle = ""
            for file in files {
                var isFolder: ObjCBool = false
                let path = captures.appendingPathComponent(first).appendingPathComponent(file).path
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                let text = try String(contentsOf: captures.appendingPathComponent(first).appendingPathComponent(file), encoding: .utf8)
                bundle += "==== \(file) (exit 0) ====\n\(text)\n"
            }
            try FileManager.default.removeItem(at: captures.appendingPathComponent(first))
            try bundle.write(to: captures.appendingPathComponent(first + ".txt"), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: captures.appendingPathComponent("not-a-host"), withIntermediateDirectories: true)
        try "net.ipv4.ip_forward = 1\n".write(to: captures.appendingPathComponent("not-a-host/sysctl.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: captures.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: captures.appendingPathComponent("bad name!"), withIntermediateDirectories: true)
        let description = folder.appendingPathComponent("cluster.yaml").path
        let ahead = report(description, prefetching: true)
        #expect(ahead == report(description, prefetching: false))
        #expect(ahead.contains("not-a-host"), "the stray folder is still reported")
    }

    @Test("hosts read ahead are taken as they are, whether all, some or none were read by then")
    func takenAsRead() throws {
        let folder = Repository.fixtures.appendingPathComponent("seed-centos7-dr/captures").path
        let hosts = ["lvs1", "lvs2", "lvs3", "absent"]
        func summary(_ result: CaptureLoader.Result) -> [String] {
            hosts.map { host in
                guard let observation = result.observations[host] else { return "\(host): none" }
                return
                    "\(host): \(observation.interfaces.map(\.name)) \(observation.routes.count) \(observation.sysctls.count) \(observation.unparsedLines.count)"
            }
        }
        let after = summary(CaptureLoader.load(directory: folder, hosts: hosts, options: .forChecks))
        let whole = CapturePrefetch.start(directory: folder, options: .forChecks, jobs: nil, progress: nil)
        whole.waitUntilRead()
        #expect(whole.take().count == 3, "every host folder was read ahead")
        let fromWhole = CapturePrefetch.start(directory: folder, options: .forChecks, jobs: nil, progress: nil)
        fromWhole.waitUntilRead()
        #expect(summary(CaptureLoader.load(directory: folder, hosts: hosts, options: .forChecks, prefetched: fromWhole)) == after)
        // Taken at once: whatever was read by then, and the rest read by the loader.
        let early = CapturePrefetch.start(directory: folder, options: .forChecks, jobs: nil, progress: nil)
        #expect(summary(CaptureLoader.load(directory: folder, hosts: hosts, options: .forChecks, prefetched: early)) == after)
    }

    @Test("the folder read ahead: `captures` beside the description, or --captures; none when the description may name its own")
    func folderGuessed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-prefetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let description = folder.appendingPathComponent("cluster.yaml")
        try "cluster: c\nhosts: {}\nservices: []\n".write(to: description, atomically: true, encoding: .utf8)
        #expect(CapturePrefetch.folder(forDescription: description.path, captures: nil) == folder.appendingPathComponent("captures").path)
        #expect(CapturePrefetch.folder(forDescription: folder.path, captures: nil) == folder.appendingPathComponent("captures").path)
        #expect(CapturePrefetch.folder(forDescription: description.path, captures: "elsewhere") == "elsewhere")
        for named in [
            "cluster: c\ncaptures: other\n", "cluster: c\r\n  captures: other\r\n", "{cluster: c, captures: other}", "{cluster: c,captures: x}",
        ] {
            try named.write(to: description, atomically: true, encoding: .utf8)
            #expect(CapturePrefetch.folder(forDescription: description.path, captures: nil) == nil, "\(named)")
        }
        // A word that only contains it names nothing.
        try "cluster: c\nnotes: no captures: here\n".write(to: description, atomically: true, encoding: .utf8)
        #expect(CapturePrefetch.folder(forDescription: description.path, captures: nil) != nil)
        #expect(CapturePrefetch.folder(forDescription: folder.appendingPathComponent("absent.yaml").path, captures: nil) == nil)
    }

    @Test("a description naming another folder is read from that folder; what was read ahead is dropped")
    func otherFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-prefetch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.fixtures.appendingPathComponent("seed-centos7-dr"), to: folder)
        // The real captures under another name; an empty `captures` where the guess would look.
        try FileManager.default.moveItem(at: folder.appendingPathComponent("captures"), to: folder.appendingPathComponent("taken"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("captures/lvs1"), withIntermediateDirectories: true)
        let description = folder.appendingPathComponent("cluster.yaml").path
        // Read ahead from `captures`, then the command line names `taken`: the ahead read is not used.
        let prefetch = CapturePrefetch.start(
            directory: folder.appendingPathComponent("captures").path, options: .forChecks, jobs: nil, progress: nil)
        let loaded = CaptureLoader.load(
            directory: folder.appendingPathComponent("taken").path, hosts: ["lvs1"], options: .forChecks, prefetched: prefetch)
        #expect(loaded.observations["lvs1"]?.has(.addresses) == true)
        #expect(
            report(description, prefetching: true, captures: folder.appendingPathComponent("taken").path)
                == report(description, prefetching: false, captures: folder.appendingPathComponent("taken").path))
    }
}
