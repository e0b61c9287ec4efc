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
                guard out.keepalivedVirtualServer == nil else { return }
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("virtual_server ") || text.hasPrefix("virtual_server_group ") { out.keepalivedVirtualServer = line }
            }
        }
        return out
    }
}
