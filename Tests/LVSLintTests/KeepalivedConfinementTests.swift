import Foundation
import LVSDescription
import LVSModel
import Testing

/// A keepalived.conf from a pull request or a compromised host names what it likes in
/// `include`: lvslint reads only inside the folder of the file it was given (or `--root`),
/// and a refused include is a located line that quotes the path, never the target's content.
@Suite("keepalived includes stay inside the tree")
struct KeepalivedConfinementTests {
    /// A secret outside the configuration's folder, and a folder holding the configuration.
    func layout(_ configuration: String, extra: [(String, String)] = [], links: [(String, String)] = []) throws -> (
        config: URL, root: URL, secret: String
    ) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-confine-\(UUID().uuidString)")
        let root = base.appendingPathComponent("repo")
        let secret = "SECRET-\(UUID().uuidString)"
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc/keepalived/conf.d"), withIntermediateDirectories: true)
        try "virtual_server \(secret) 80 {\n}\n".write(to: base.appendingPathComponent("secret.conf"), atomically: true, encoding: .utf8)
        let config = root.appendingPathComponent("etc/keepalived/keepalived.conf")
        try configuration.replacingOccurrences(of: "BASE", with: base.path).write(to: config, atomically: true, encoding: .utf8)
        for (path, text) in extra {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        for (path, target) in links {
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent(path).path,
                withDestinationPath: target.replacingOccurrences(of: "BASE", with: base.path))
        }
        return (config, root, secret)
    }

    func everything(_ config: KeepalivedConfig) -> String {
        (config.unread.map { "\($0.reason) \($0.line.text)" } + config.files + config.virtualServers.map { "\($0)" }).joined(separator: "\n")
    }

    @Test(
        "absolute, `..`, /proc and symbolic-link includes out of the folder are refused and quoted, never read",
        arguments: [
            "include BASE/secret.conf", "include ../../../secret.conf", "include /proc/self/environ",
            "include conf.d/*.conf", "include /etc/passwd", "include /*/*/*/*/*/*",
        ])
    func refused(_ line: String) throws {
        let (path, root, secret) = try layout(line + "\n", links: [("etc/keepalived/conf.d/out.conf", "BASE/secret.conf")])
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let config = KeepalivedReader.read(path: path.path)
        let text = everything(config)
        #expect(!text.contains(secret), "\(text)")
        #expect(!text.contains("root:x:0"), "\(text)")
        #expect(config.virtualServers.isEmpty)
        #expect(config.unread.contains { $0.reason.description.contains("outside") && $0.line.location.line == 1 }, "\(config.unread.map(\.reason))")
    }

    @Test("with --root, an absolute include is read inside the root, and a link out of it is still refused")
    func rooted() throws {
        let (path, root, secret) = try layout(
            "include /etc/keepalived/conf.d/*.conf\n",
            extra: [("etc/keepalived/conf.d/web.conf", "virtual_server 192.0.2.100 80 {\n}\n")],
            links: [("etc/keepalived/conf.d/zz.conf", "BASE/secret.conf")])
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let config = KeepalivedReader.read(path: path.path, root: root.path)
        #expect(config.virtualServers.count == 1)
        #expect(config.files.contains("/etc/keepalived/conf.d/web.conf"), "\(config.files)")
        #expect(!everything(config).contains(secret))
        #expect(config.unread.contains { $0.reason.description.contains("zz.conf") && $0.reason.description.contains("outside") })
    }

    @Test("an include glob over a whole tree ends within its budget")
    func boundedGlob() throws {
        let (path, root, _) = try layout("include /*/*/*/*/*/*/*/*\n")
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let config = KeepalivedReader.read(path: path.path, root: "/")
        #expect(config.unread.contains { $0.reason.description.contains("directory entries") }, "\(config.unread.map(\.reason))")
    }
}
