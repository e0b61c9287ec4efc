/// A Kubernetes document among a host's captures, known by its content: an `apiVersion` and
/// a `kind` near its top, in YAML (`kind: KubeProxyConfiguration`) or JSON (`"kind": "List"`).
public enum KubernetesDocument {
    public static func looksLike(_ file: CaptureFile) -> Bool { looksLikeManifest(file) || isKubeVIPEnvironment(file) }

    /// YAML or JSON with `apiVersion` and `kind`. Decided on the first content line for every
    /// other file (a fleet's captures are read by the thousand): a manifest starts with one of
    /// its top-level keys or `{`. Then the other key is looked for: kubectl sorts YAML keys, so
    /// a ConfigMap's `kind:` comes after all its `data`, anywhere in the file.
    public static func looksLikeManifest(_ file: CaptureFile) -> Bool {
        // The first byte that is no blank: a manifest's first content line starts with a
        // comment, `---`, `{` or one of its keys. Any other (`1: lo: …`, `abi.…`, `IP Virtual…`)
        // is told here, before the first lines are gathered into an array.
        if let byte = file.bytes.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }),
            !(byte == UInt8(ascii: "#") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "a")
                || byte == UInt8(ascii: "k"))
        {
            return false
        }
        var lines = file.firstContentLines(8).drop { line in
            let bytes = ByteFields.trimmed(line.bytes)
            return ByteFields.hasPrefix(bytes, "#") || ByteFields.equals(bytes, "---")
        }.makeIterator()
        guard let first = lines.next() else { return false }
        let head = ByteFields.trimmed(first.bytes)
        let json = ByteFields.hasPrefix(head, "{")
        guard json || ByteFields.hasPrefix(first.bytes, "apiVersion:") || ByteFields.hasPrefix(first.bytes, "kind:") else { return false }
        var apiVersion = false, kind = false
        for line in file.lines {
            let bytes = line.bytes
            if json {
                if ByteFields.contains(bytes, "\"apiVersion\"") { apiVersion = true }
                if ByteFields.contains(bytes, "\"kind\"") { kind = true }
            } else {
                // Top-level keys only: a ConfigMap's embedded configuration has its own, indented.
                if ByteFields.hasPrefix(bytes, "apiVersion:") { apiVersion = true }
                if ByteFields.hasPrefix(bytes, "kind:") { kind = true }
            }
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
        // Most captures fail on their first line (a comment aside): no `NAME=` there.
        guard let first = file.firstContentLines(1).first else { return false }
        if !ByteFields.hasPrefix(ByteFields.trimmed(first.bytes), "#") {
            guard let equals = first.bytes.firstIndex(of: UInt8(ascii: "=")),
                !first.bytes[first.bytes.startIndex..<equals].contains(UInt8(ascii: " ")) || ByteFields.hasPrefix(first.bytes, "export ")
            else { return false }
        }
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
