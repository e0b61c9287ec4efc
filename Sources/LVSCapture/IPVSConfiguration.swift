import Foundation
import LVSModel

/// Reads how the IPVS table comes back at boot from copied configuration files: the saved
/// rules (RHEL's /etc/sysconfig/ipvsadm, Debian's /etc/ipvsadm.rules, both `ipvsadm-save`
/// format), Debian's /etc/default/ipvsadm (`AUTO="true"` loads them; the default is false),
/// and keepalived's configuration (`virtual_server` blocks: keepalived builds the table).
enum IPVSConfiguration {
    static func persistent(from files: [ConfigurationFile]) -> PersistentIPVS {
        var out = PersistentIPVS()
        for path in ["/etc/sysconfig/ipvsadm", "/etc/ipvsadm.rules"] {
            guard let file = files.first(where: { $0.path == path && $0.readable }) else { continue }
            out.savedPath = path
            out.saved = IPVSAdmSaveParser.parse(file.capture).ipvs ?? IPVSTable()
            break
        }
        if let defaults = files.first(where: { $0.path == "/etc/default/ipvsadm" }) {
            defaults.capture.forEachLine { line in
                let text = line.text.trimmingCharacters(in: .whitespaces)
                guard text.hasPrefix("AUTO=") else { return }
                out.debianAuto = line
                out.debianAutoValue = String(text.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            }
        }
        for file in files where file.path.hasPrefix("/etc/keepalived/") {
            file.capture.forEachLine { line in
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if out.keepalivedVirtualServer == nil, text.hasPrefix("virtual_server ") || text.hasPrefix("virtual_server_group ") {
                    out.keepalivedVirtualServer = line
                }
                if out.timeouts == nil, text.hasPrefix("lvs_timeouts ") { out.timeouts = keepalivedTimeouts(text, line: line) }
            }
        }
        for file in files where ["/etc/rc.local", "/etc/rc.d/rc.local"].contains(file.path) {
            file.capture.forEachLine { line in
                if out.timeouts == nil, let set = ipvsadmSet(line.text, line: line) { out.timeouts = set }
            }
        }
        return out
    }

    /// `lvs_timeouts tcp 7200 tcpfin 120 udp 60` (global_parser.c: any of the three, each with its value).
    static func keepalivedTimeouts(_ text: String, line: CaptureLine) -> BootTimeouts {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var out = BootTimeouts(tcp: nil, tcpFin: nil, udp: nil, line: line)
        var i = 1
        while i + 1 < words.count {
            let value = Int(words[i + 1])
            switch words[i] {
            case "tcp": out.tcp = value
            case "tcpfin": out.tcpFin = value
            case "udp": out.udp = value
            default: break
            }
            i += 2
        }
        return out
    }

    /// `ipvsadm --set 7200 120 60` in a boot script (a 0 leaves that timeout as it is, as ipvsadm does).
    static func ipvsadmSet(_ text: String, line: CaptureLine) -> BootTimeouts? {
        let code = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let words = code.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let program = words.firstIndex(where: { $0 == "ipvsadm" || $0.hasSuffix("/ipvsadm") }),
            let set = words[program...].firstIndex(of: "--set"), set + 3 < words.count
        else { return nil }
        let values = words[(set + 1)...].prefix(3).map { Int($0) }
        guard values.count == 3, let tcp = values[0], let fin = values[1], let udp = values[2] else { return nil }
        return BootTimeouts(tcp: tcp == 0 ? nil : tcp, tcpFin: fin == 0 ? nil : fin, udp: udp == 0 ? nil : udp, line: line)
    }
}
