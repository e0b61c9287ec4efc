import LVSModel

extension RuleFix {
    /// A fix that is one sysctl: `sysctl -w` now, and a sysctl.d file that sets it at boot
    /// (the same on RHEL and Debian).
    static func sysctl(_ summary: String, _ key: String, _ value: Int, file: String = "/etc/sysctl.d/90-ipvs.conf") -> RuleFix {
        let persistent = "printf '\(key) = \(value)\\n' > \(file)"
        return RuleFix(summary: summary, runtime: ["sysctl -w \(key)=\(value)"], persistentRHEL: [persistent], persistentDebian: [persistent])
    }
}
