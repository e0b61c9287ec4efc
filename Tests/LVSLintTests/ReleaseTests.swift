import Foundation
import Testing

/// The release binary people copy to a jump host: built by scripts/release, with nothing of
/// the Swift toolchain needed to run it.
@Suite(
    "The self-contained release", .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd") && Repository.executable != nil, "needs ldd and the built executable"))
struct ReleaseTests {
    @Test("scripts/release packs a binary that needs only the C library and reports the seed fixture as the build does")
    func release() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lvslint-release-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let built = try run("/bin/bash", [Repository.root.appendingPathComponent("scripts/release").path, "--output", folder.path])
        #expect(built.status == 0, "\(built.stderr.suffix(3000))")
        let items = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let tarball = try #require(items.first { $0.hasSuffix("-linux-x86_64.tar.gz") || $0.hasSuffix(".tar.gz") && $0.hasPrefix("lvslint-") })
        #expect(items.contains(tarball + ".sha256"))
        let check = try run("/usr/bin/sha256sum", ["-c", tarball + ".sha256"], in: folder)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // Unpacked somewhere else, run with the toolchain out of reach.
        let unpacked = folder.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        #expect(try run("/bin/tar", ["-xzf", folder.appendingPathComponent(tarball).path, "-C", unpacked.path]).status == 0)
        let top = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked.path).first)
        let binary = unpacked.appendingPathComponent(top).appendingPathComponent("bin/lvslint").path
        for file in ["share/man/man1/lvslint.1", "share/bash-completion/completions/lvslint", "README.md"] {
            #expect(
                FileManager.default.fileExists(atPath: unpacked.appendingPathComponent(top).appendingPathComponent(file).path),
                "\(file) is not packed")
        }
        let libraries = try run("/usr/bin/ldd", [binary]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(Set(libraries).isSubset(of: ["linux-vdso.so.1", "libc.so.6", "libm.so.6", "/lib64/ld-linux-x86-64.so.2"]), "\(libraries)")

        let hidden = ["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": "", "HOME": NSTemporaryDirectory()]
        let version = try run(binary, ["--version"], environment: hidden)
        #expect(version.status == 0 && version.stdout.contains("libyaml 0."), "\(version.stdout)\(version.stderr)")
        let seed = Repository.fixtures.appendingPathComponent("seed-centos7-dr/cluster.yaml").path
        let released = try run(binary, ["check", "--format", "json", seed], environment: hidden)
        let developed = try run(try #require(Repository.executable).path, ["check", "--format", "json", seed])
        #expect(released.status == 1 && released.status == developed.status)
        #expect(released.stdout == developed.stdout, "the release reports the seed fixture differently")
    }
}
