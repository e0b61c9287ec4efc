import ArgumentParser
import Foundation
import LVSEngine

struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Print the capture script to run on each host (or, with --local, run it here).",
        discussion: """
            The script is POSIX sh (CentOS 7, Debian/Ubuntu, Alpine/busybox) and runs read-only commands only: \
            addresses, routes, rules, sysctls, the IPVS table (or /proc/net/ip_vs), listening sockets, the \
            firewall, the state of services, and copies of the configuration that applies at boot (sysctl.d, saved \
            IPVS rules, keepalived, network configuration). It writes one bundle on standard output; a missing tool \
            or a refused permission is recorded in the bundle, not fatal. Put the bundles in one folder as \
            <host>.txt and check them.

            Examples:
              lvslint collect > lvslint-collect.sh
              for h in lvs1 rs1 rs2; do ssh root@$h sh -s < lvslint-collect.sh > captures/$h.txt; done
              lvslint collect --local > captures/$(hostname).txt
              lvslint collect --local --netns blue > captures/blue.txt     # inside network namespace blue
            """
    )

    @Flag(help: "Run the script on this machine and print its bundle, instead of printing the script.")
    var local = false

    @Option(help: ArgumentHelp("With --local: run inside this network namespace (`ip netns exec`; needs root).", valueName: "name"))
    var netns: String?

    func validate() throws {
        if netns != nil && !local { throw ValidationError("--netns goes with --local") }
    }

    func run() throws {
        let script = CollectScript.text(version: LVSLint.version)
        guard local else {
            Terminal.write(script)
            return
        }
        let process = Process()
        if let netns {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") { process.executableURL = URL(fileURLWithPath: "/sbin/ip") }
            process.arguments = ["netns", "exec", netns, "/bin/sh", "-s"]
        } else {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-s"]
        }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.standardOutput
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Terminal.error("lvslint: error: cannot run the collection script: \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        input.fileHandleForWriting.write(Data(script.utf8))
        try? input.fileHandleForWriting.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Terminal.error(String(decoding: stderr, as: UTF8.self))
            Terminal.error("lvslint: error: the collection script exited \(process.terminationStatus)\(netns.map { " in network namespace \($0)" } ?? "")\n")
            throw ExitCode(2)
        }
    }
}
