import Foundation
import LVSModel

/// What `systemd-sysctl` (and `sysctl --system`) will set at boot, from the copied
/// configuration files: `/etc/sysctl.d`, `/run/sysctl.d`, `/usr/local/lib/sysctl.d`,
/// `/usr/lib/sysctl.d` (and `/lib/sysctl.d`), where a file name in an earlier directory masks
/// the same name in a later one; the surviving files in lexical order of their names, with
/// `/etc/sysctl.conf` in the place of `99-sysctl.conf` (the distributions' link to it); a
/// later assignment wins. Lines are `key = value` (or `key=value`), `#`
/// and `;` start comments, a leading `-` only silences errors, keys are read as `sysctl -p` reads them
/// (`SysctlTable.normalise`: `net/ipv4/conf/eth0.100/x` is `net.ipv4.conf.eth0/100.x`), and a
/// key may hold a `*` glob (systemd 245 and later).
public enum SysctlConfiguration {
    public static let directories = ["/etc/sysctl.d/", "/run/sysctl.d/", "/usr/local/lib/sysctl.d/", "/usr/lib/sysctl.d/", "/lib/sysctl.d/"]

    /// The assignments in load order (later ones win), or nil when no sysctl configuration
    /// file was captured at all.
    public static func persistent(from files: [ConfigurationFile]) -> PersistentSysctls? {
        assignments(from: files).map(PersistentSysctls.init)
    }

    public static func assignments(from files: [ConfigurationFile]) -> [(entry: SysctlEntry, hostPath: String)]? {
        var chosen: [String: ConfigurationFile] = [:]  // file name -> the file that wins it
        var conf: ConfigurationFile?
        var any = false
        for directory in directories {
            for file in files where file.path.hasPrefix(directory) && file.path.hasSuffix(".conf") {
                any = true
                let name = String(file.path.dropFirst(directory.count))
                if chosen[name] == nil { chosen[name] = file }  // an earlier directory masks a later one
            }
        }
        if let sysctlConf = files.first(where: { $0.path == "/etc/sysctl.conf" }) {
            any = true
            conf = sysctlConf
        }
        guard any else { return nil }
        // /etc/sysctl.conf is read where the distributions' link /etc/sysctl.d/99-sysctl.conf ->
        // ../sysctl.conf puts it (`systemd-analyze cat-config sysctl.d` shows the order): in
        // the place of that name, not last; files named after it come later. A real file of
        // that name of its own (not the link, not a copy) leaves sysctl.conf to `sysctl
        // --system`, which reads it last.
        if let conf {
            let link = chosen["99-sysctl.conf"]
            let isLinkOrCopy =
                link.map { ["../sysctl.conf", "/etc/sysctl.conf"].contains($0.linkTarget ?? "") || $0.capture.bytes == conf.capture.bytes } ?? true
            if isLinkOrCopy { chosen["99-sysctl.conf"] = conf }
            let ordered = chosen.keys.sorted().compactMap { chosen[$0] } + (isLinkOrCopy ? [] : [conf])
            return ordered.flatMap { file in entries(file).map { ($0, file.path) } }
        }
        let ordered = chosen.keys.sorted().compactMap { chosen[$0] }
        return ordered.flatMap { file in entries(file).map { ($0, file.path) } }
    }

    /// Files that a same-named file in an earlier directory masks (`/etc/sysctl.d/90-lvs.conf`
    /// masks `/usr/lib/sysctl.d/90-lvs.conf`): never read, with the file that masks each.
    public static func masked(in files: [ConfigurationFile]) -> [(masked: ConfigurationFile, by: ConfigurationFile)] {
        var first: [String: ConfigurationFile] = [:]
        var out: [(masked: ConfigurationFile, by: ConfigurationFile)] = []
        for directory in directories {
            for file in files where file.path.hasPrefix(directory) && file.path.hasSuffix(".conf") {
                let name = String(file.path.dropFirst(directory.count))
                if let winner = first[name] { out.append((file, winner)) } else { first[name] = file }
            }
        }
        return out
    }

    public static func entries(_ file: ConfigurationFile) -> [SysctlEntry] {
        var out: [SysctlEntry] = []
        file.capture.forEachLine { line in
            var text = line.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix(";") else { return }
            if text.hasPrefix("-") { text.removeFirst() }
            guard let eq = text.firstIndex(of: "=") else { return }
            let key = SysctlTable.normalise(text[..<eq].trimmingCharacters(in: .whitespaces))
            let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            out.append(SysctlEntry(key: key, value: value, evidence: line))
        }
        return out
    }
}
