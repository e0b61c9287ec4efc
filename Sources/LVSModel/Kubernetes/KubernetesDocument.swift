/// A Kubernetes document among a host's captures, known by its content: an `apiVersion` and
/// a `kind` near its top, in YAML (`kind: KubeProxyConfiguration`) or JSON (`"kind": "List"`).
public enum KubernetesDocument {
    public static func looksLike(_ file: CaptureFile) -> Bool { looksLikeManifest(file) || isKubeVIPEnvironment(file) }

    /// YAML or JSON with `apiVersion` and `kind`.
    public static func looksLikeManifest(_ file: CaptureFile) -> Bool {
        var apiVersion = false, kind = false
        for line in file.firstContentLines(60) {
            let bytes = ByteFields.trimmed(line.bytes)
            // YAML's keys start their line; JSON's are quoted, one per line as kubectl indents
            // them or all on one line (`jq -c`).
            if ByteFields.hasPrefix(bytes, "apiVersion:") || ByteFields.contains(bytes, "\"apiVersion\"") { apiVersion = true }
            if ByteFields.hasPrefix(bytes, "kind:") || ByteFields.contains(bytes, "\"kind\"") { kind = true }
            if apiVersion && kind { return true }
        }
        return false
    }

    /// kube-vip's variables, as `NAME=VALUE` lines (`tr '\\0' '\\n' < /proc/PID/environ`, an
    /// EnvironmentFile): the manifest's `env` without the manifest.
    public static let kubeVIPVariables: Set<String> = [
        "vip_arp", "vip_interface", "vip_address", "address", "lb_enable", "cp_enable", "svc_enable", "vip_leaderelection", "vip_cidr",
        "vip_subnet", "port", "bgp_enable",
    ]

    /// At least two lines set kube-vip's variables, one of them a `vip_` one, and every
    /// `NAME=VALUE` line is the environment's (any name).
    public static func isKubeVIPEnvironment(_ file: CaptureFile) -> Bool {
        var known = 0, vip = false
        for line in file.firstContentLines(200) {
            let text = ByteFields.string(ByteFields.trimmed(line.bytes))
            if text.hasPrefix("#") { continue }
            guard let equals = text.firstIndex(of: "="), !text[..<equals].contains(" ") else { return false }
            let name = String(text[..<equals]).replacingOccurrences(of: "export ", with: "")
            if kubeVIPVariables.contains(name) { known += 1 }
            if name.hasPrefix("vip_") { vip = true }
        }
        return known >= 2 && vip
    }
}
