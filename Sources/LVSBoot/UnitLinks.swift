import Foundation
import LVSModel

/// Which services start at boot, from the links that `systemctl enable` makes
/// (`/etc/systemd/system/<target>.wants/<unit>`), the links that mask a unit
/// (`/etc/systemd/system/<unit> -> /dev/null`) and SysV start links (`/etc/rc3.d/S50ipvsadm`).
/// Links are read as links: their names say what is enabled; where they point is never opened.
struct UnitLinks {
    var units: [String: ServiceUnit] = [:]
    /// True when the configuration holds any of these links: then a unit without one is not enabled.
    var known = false

    init(_ files: [ConfigurationFile]) {
        for file in files {
            let path = file.path
            let name = (path as NSString).lastPathComponent
            let folder = (path as NSString).deletingLastPathComponent
            let line = CaptureLine(file: file.capture, number: 1, start: 0, end: 0)
            if folder.hasPrefix("/etc/systemd/system/") && folder.hasSuffix(".wants") || folder.hasSuffix(".requires") {
                known = true
                var unit = units[name] ?? ServiceUnit(name: name)
                if unit.fileState != "masked" { unit.fileState = "enabled"; unit.fileEvidence = line }
                units[name] = unit
            } else if folder == "/etc/systemd/system", file.linkTarget == "/dev/null" {
                known = true
                var unit = ServiceUnit(name: name)
                unit.fileState = "masked"
                unit.fileEvidence = line
                units[name] = unit
            } else if folder.range(of: #"^/etc/rc[2-5]\.d$"#, options: .regularExpression) != nil, name.hasPrefix("S"), name.count > 3 {
                known = true
                let service = String(name.dropFirst(3)) + ".service"
                var unit = units[service] ?? ServiceUnit(name: service)
                if unit.fileState == nil { unit.fileState = "enabled"; unit.fileEvidence = line }
                units[service] = unit
            }
        }
    }

    /// Whether `unit` starts at boot: nil when the configuration says nothing about any unit.
    func starts(_ unit: String) -> Bool? {
        guard known else { return nil }
        return units[unit]?.isEnabled ?? false
    }
}
