import ArgumentParser
import Foundation
import LVSEngine
import LVSModel

struct CollectCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "collect",
            abstract: tr("Print the capture script to run on each host (or, with --local, run it here)."),
            discussion: """
                The script is POSIX sh (CentOS 7, Debian/Ubuntu, Alpine/busybox) and runs read-only commands only: \
                addresses, routes, rules, sysctls, the IPVS table (or /proc/net/ip_vs), listening sockets, the \
                firewall, IP sets (kube-proxy's on a Kubernetes node), the state of services, and copies of the \
                configuration that applies at boot (sysctl.d, saved IPVS rules, keepalived, network configuration, \
                kube-proxy's configuration file and kube-vip's static Pod; never a kubeconfig). It needs no Kubernetes \
                credentials: add `kubectl get svc,endpointslices -A -o yaml` output to a node's folder yourself. It writes one bundle on standard output; a missing tool \
                or a refused permission is recorded in the bundle, not fatal. Put the bundles in one folder as \
                <host>.txt and check them.

                Examples:
                  lvslint collect > lvslint-collect.sh
                  for h in lvs1 rs1 rs2; do
                      ssh root@$h sh -s < lvslint-collect.sh > captures/$h.txt
                  done
                  lvslint collect --local > captures/$(hostname).txt
                  lvslint collect --local --netns blue > captures/blue.txt   # namespace blue
                  ssh root@rs1 sh -s < lvslint-collect.sh | lvslint check -   # no files

                It changes nothing and loads no kernel module: the IPVS table is read only where /proc/net/ip_vs \
                exists, firewalls only where their tables are loaded, ss only where inet_diag is. Every command runs \
                under `timeout` (\(CollectScript.commandSeconds) s); a section keeps at most \(CollectScript.sectionLines) lines (the connection \
                table \(CollectScript.connectionLines)) and says how many it had; the bundle stops at \(CollectScript.bundleBytes / 1_048_576) MB. Passwords, keys, PSKs, PINs and \
                tokens in copied files are masked in every syntax, comments included; a symbolic link out of the copied \
                folders is not followed.
                """
        )
    }

    @Flag(help: "Run the script on this machine and print its bundle, instead of printing the script.")
    var local = false

    @Option(help: ArgumentHelp("With --local: run inside this network namespace (`ip netns exec`; needs root).", valueName: "name"))
    var netns: String?

    @Option(
        help: ArgumentHelp(
            "With --local: read DIR/proc, DIR/sys and DIR/etc instead of this host's (a copied or fake root, for tests); the commands still run here.",
            valueName: "dir"))
    var root: String?

    @Option(
        help: ArgumentHelp(
            "Seconds each command may run before it is stopped and its section marked as timed out (default \(CollectScript.commandSeconds)).",
            valueName: "seconds"))
    var timeout: Int?

    func validate() throws {
        if netns != nil && !local { throw ValidationError("--netns goes with --local") }
        if root != nil && !local { throw ValidationError("--root goes with --local (the printed script reads LVSLINT_COLLECT_ROOT)") }
        if timeout != nil && !local { throw ValidationError("--timeout goes with --local (the printed script reads LVSLINT_COLLECT_TIMEOUT)") }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if let root {
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &folder), folder.boolValue else {
                throw ValidationError("--root \(root): no such folder")
            }
        }
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
        var environment = ProcessInfo.processInfo.environment
        if let root { environment["LVSLINT_COLLECT_ROOT"] = LexicalPath.absolute(root) }
        if let timeout { environment["LVSLINT_COLLECT_TIMEOUT"] = "\(timeout)" }
        process.environment = environment
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
            Terminal.error(
                "lvslint: error: the collection script exited \(process.terminationStatus)\(netns.map { " in network namespace \($0)" } ?? "")\n")
            throw ExitCode(2)
        }
    }
}
