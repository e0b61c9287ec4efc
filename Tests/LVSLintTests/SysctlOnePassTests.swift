import Foundation
@testable import LVSCapture
import LVSModel
import Testing

/// A whole `sysctl -a` is read in one pass (`CaptureLoader.wholeSysctl`): the parser also
/// makes the segmenter's decision for each line. It must read exactly what the segmenter and
/// the parser read together, and give way to them whenever the file is anything more.
@Suite("sysctl read in one pass")
struct SysctlOnePassTests {
    /// Every sysctl capture among the fixtures and the shared corpus.
    static var files: [String] {
        var out: [String] = []
        if let walker = FileManager.default.enumerator(atPath: Repository.fixtures.path) {
            for case let relative as String in walker where (relative as NSString).lastPathComponent.hasPrefix("sysctl") {
                // Captures only: not a host's copied /etc (sysctl.d/, sysctl.conf), which is configuration.
                var isFolder: ObjCBool = false
                let path = Repository.fixtures.appendingPathComponent(relative).path
                guard !relative.contains("/etc/"), FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
                    continue
                }
                out.append(path)
            }
        }
        if Repository.hasShared, let manifest = try? String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) {
            for line in manifest.split(separator: "\n") {
                let columns = line.split(separator: "\t")
                if columns.count == 2, columns[1] == "sysctl" { out.append(Repository.corpus.appendingPathComponent(String(columns[0])).path) }
            }
        }
        return out.sorted()
    }

    /// What the segmenter and the parser make of `file`, as the general path reads it.
    func generalRead(_ file: CaptureFile, options: ParseOptions) -> [ParsedCapture] {
        CaptureSegmenter.regions(of: file).compactMap { region in region.kind.map { CaptureRecognizer.parse(region.file, as: $0, options: options) } }
    }

    func summary(_ capture: ParsedCapture) -> [String] {
        capture.sysctls.map { "\($0.key)=\($0.value)@\($0.evidence.number):\($0.evidence.text)" }
            + capture.unparsed.map { "unparsed@\($0.line.number): \($0.reason)" }
    }

    func compare(_ file: CaptureFile, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        var taken = false
        for options in [ParseOptions.forChecks, .everything] {
            guard let quick = CaptureLoader.wholeSysctl(file, options: options) else { continue }
            taken = true
            let general = generalRead(file, options: options)
            #expect(general.count == 1, "the segmenter made \(general.count) regions of \(file.path)", sourceLocation: sourceLocation)
            guard let only = general.first else { continue }
            #expect(only.kind == .sysctl, sourceLocation: sourceLocation)
            #expect(summary(quick) == summary(only), "\(file.path)", sourceLocation: sourceLocation)
            #expect(quick.sysctlSummary.keys == only.sysctlSummary.keys, sourceLocation: sourceLocation)
            #expect(quick.file.bytes == only.file.bytes, "the kept lines differ", sourceLocation: sourceLocation)
        }
        return taken
    }

    @Test("every sysctl capture of the fixtures and the corpus reads the same in one pass as segmented and parsed")
    func sameAsGeneral() throws {
        let files = Self.files
        #expect(files.count > 100, "found \(files.count) sysctl captures")
        var taken = 0
        for path in files {
            let bytes = try #require(FileBytes.contents(of: path))
            if compare(CaptureFile(path: path, bytes: bytes)) { taken += 1 }
        }
        // Most are plain `sysctl -a` (or a grep of it); those with a comment or another command fall back.
        #expect(taken * 2 > files.count, "one pass taken for \(taken) of \(files.count)")
    }

    @Test(
        "a file that is more than a sysctl listing is left to the segmenter",
        arguments: [
            "net.ipv4.ip_forward = 1\n# a note\nnet.ipv4.conf.all.arp_ignore = 1\n",
            "net.ipv4.ip_forward = 1\n$ ip addr\n1: lo: <LOOPBACK,UP> mtu 65536\n",
            "net.ipv4.ip_forward = 1\nsysctl: permission denied on key 'fs.protected_regular'\n",
            "net.ipv4.ip_forward = 1\n    indented = 2\n",
            "net.ipv4.ip_forward=1\nnet.ipv4.conf.all.arp_ignore=1\n",
            "net.ipv4.ip_forward = 1\nkernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P #x\n",
            "# sysctl -a\nnet.ipv4.ip_forward = 1\n",
            "==== sysctl -a (exit 0) ====\nnet.ipv4.ip_forward = 1\n",
            // A `$` or `#` anywhere, in a value, a key or the last line, refuses the one pass.
            "net.ipv4.ip_forward = 1\nkernel.domainname = a$b\n",
            "net.ipv4.ip_forward = 1\nkernel.do$main = x\n",
            "net.ipv4.ip_forward = 1\nkernel.x = 1\nvm.y = 2 #",
        ])
    func fallsBack(text: String) {
        let file = CaptureFile(path: "sysctl.txt", bytes: Array(text.utf8))
        #expect(CaptureLoader.wholeSysctl(file, options: .forChecks) == nil)
    }

    @Test(
        "a plain listing, with blank lines, CRLF, empty values and a `;` line, is read in one pass as the general path reads it",
        arguments: [
            "net.ipv4.ip_forward = 1\n\nnet.ipv4.conf.all.arp_ignore = 1\r\nnet.ipv4.conf.eth0.arp_ignore = \nkernel.hostname = x\nvm.swappiness = 60\n",
            "net.ipv4.conf.all.arp_announce = 2\n;x.y = 1\nnet.ipv4.conf.all.rp_filter = two\n",
        ])
    func plainListing(text: String) {
        #expect(compare(CaptureFile(path: "sysctl.txt", bytes: Array(text.utf8))))
    }
}
