import Foundation
@testable import LVSCapture
@testable import LVSModel
import Testing

/// Issue 29, eighth round: a host's entries known from the captures folder's one listing, and
/// a file's end known from the size fstat gave, must read every layout as examining each
/// entry and reading to the end did.
@Suite("Reading a fleet with fewer system calls: as before, entry by entry")
struct FleetSystemCallTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// What a host's read gave, in words a failure shows: every capture, file refused and link.
    func summary(_ outcome: CaptureLoader.HostOutcome) -> String {
        guard let observation = outcome.observation else { return "none" }
        let captures = observation.captures.keys.map(\.rawValue).sorted()
        let refused = observation.unrecognisedFiles.map { "\(($0.file.path as NSString).lastPathComponent): \($0.reason.description)" }
        let configuration = observation.configurationFiles.map { "\($0.path) -> \($0.linkTarget ?? "-")" }
        return
            "\(captures) interfaces \(observation.interfaces.map(\.name)) sysctls \(observation.sysctls.count) refused \(refused) configuration \(configuration)"
    }

    @Test("each kind of entry a host may have in the captures folder reads the same known from the listing as examined on its own")
    func listingAgreesWithExamining() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        let sysctl = Data("net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.lo.arp_ignore = 1\n".utf8)
        let addresses = Data("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n".utf8)
        func host(_ name: String) -> URL { root.appendingPathComponent(name) }
        // A folder; a bundle; both; a folder linked inside the captures folder and one linked out.
        try manager.createDirectory(at: host("folder"), withIntermediateDirectories: true)
        try sysctl.write(to: host("folder").appendingPathComponent("sysctl.txt"))
        try addresses.write(to: host("bundle.txt"))
        try manager.createDirectory(at: host("both"), withIntermediateDirectories: true)
        try sysctl.write(to: host("both").appendingPathComponent("sysctl.txt"))
        try addresses.write(to: host("both.txt"))
        try manager.createSymbolicLink(atPath: host("linked").path, withDestinationPath: "folder")
        try manager.createSymbolicLink(atPath: host("escaping").path, withDestinationPath: "/etc")
        try manager.createSymbolicLink(atPath: host("escaping-bundle.txt").path, withDestinationPath: "/etc/hostname")
        try manager.createSymbolicLink(atPath: host("linked-bundle.txt").path, withDestinationPath: "bundle.txt")
        try manager.createSymbolicLink(atPath: host("dangling.txt").path, withDestinationPath: "nowhere.txt")
        // A FIFO where a bundle would be; a folder named like a bundle; a file named like a folder.
        #expect(mkfifo(host("fifo.txt").path, 0o600) == 0)
        try manager.createDirectory(at: host("folder-bundle.txt"), withIntermediateDirectories: true)
        try sysctl.write(to: host("plainfile"))
        // An empty folder, an empty bundle, and a bundle too large to be read (sparse: never written).
        try manager.createDirectory(at: host("empty"), withIntermediateDirectories: true)
        #expect(manager.createFile(atPath: host("empty-bundle.txt").path, contents: Data()))
        #expect(manager.createFile(atPath: host("huge.txt").path, contents: nil))
        #expect(truncate(host("huge.txt").path, off_t(CaptureFileReader.maximumFileBytes + 1)) == 0)
        let names = [
            "folder", "bundle", "both", "linked", "escaping", "escaping-bundle", "linked-bundle", "dangling", "fifo", "folder-bundle",
            "plainfile", "empty", "empty-bundle", "huge", "absent",
        ]
        let realRoot = try #require(CaptureFileReader.realPath(root.path))
        let listing = try #require(CapturesListing.read(root.path))
        #expect(listing.entry("folder") == .folder && listing.entry("bundle.txt") == .file && listing.entry("absent") == .absent)
        #expect(listing.entry("linked") == .examine && listing.entry("fifo.txt") == .examine)
        for name in names {
            let known = CaptureLoader.loadHost(
                name, directory: root.path, realRoot: realRoot, displayBase: nil, options: .forChecks, listing: listing)
            let examined = CaptureLoader.loadHost(name, directory: root.path, realRoot: realRoot, displayBase: nil, options: .forChecks, listing: nil)
            #expect(summary(known) == summary(examined), "\(name)")
        }
        // A few the test relies on being what they are, so that the comparison compares something.
        let read = { (name: String) in
            summary(CaptureLoader.loadHost(name, directory: root.path, realRoot: realRoot, displayBase: nil, options: .forChecks, listing: listing))
        }
        #expect(read("absent") == "none" && read("plainfile") == "none")
        #expect(read("both").contains("interfaces [\"lo\"] sysctls 2"))
        #expect(read("escaping").contains("outside the captures folder"))
        #expect(read("fifo").contains("a FIFO, not a file"))
        #expect(read("huge").contains("huge.txt: 256 MB"))
        // Stray entries are told from the same listing, in the order of their names.
        let loaded = CaptureLoader.load(directory: root.path, hosts: ["folder", "bundle"], options: .forChecks)
        #expect(loaded.strayEntries.map { ($0 as NSString).lastPathComponent }.first == "both")
        #expect(loaded.strayEntries.count == 13)
    }

    @Test("a name is an entry by its bytes: a folder spelt in decomposed form is not a host spelt in composed form")
    func listingComparesBytes() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let decomposed = "re\u{301}seau"
        try FileManager.default.createDirectory(at: root.appendingPathComponent(decomposed), withIntermediateDirectories: true)
        let listing = try #require(CapturesListing.read(root.path))
        #expect(listing.entry(decomposed) == .folder)
        #expect(listing.entry("r\u{E9}seau") == .absent, "String equality would call these one name; the file system does not")
    }

    @Test("a file is read whole when its read stops where fstat said it ends", arguments: [0, 1, 255, 256, 257, 4_095, 4_096, 65_537, 300_000])
    func readToTheSize(size: Int) throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("capture.txt").path
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(FileBytes.contents(of: path) == bytes)
    }

    @Test("a file whose size the file system does not give (a /proc file says 0) is still read to its end")
    func readPastAnUntoldSize() throws {
        let bytes = try #require(FileBytes.contents(of: "/proc/self/status"), "/proc is mounted on every Linux this runs on")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Name:") && text.hasSuffix("\n") && text.contains("\nThreads:"))
    }
}
