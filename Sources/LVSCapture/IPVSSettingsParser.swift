import Foundation
import LVSModel

/// Reads ipvsadm's listings of the module's settings: the timeouts and the sync daemons.
enum IPVSSettingsParser {
    static func isDaemonLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        (ByteFields.hasPrefix(bytes, "master sync daemon (") || ByteFields.hasPrefix(bytes, "backup sync daemon ("))
            && ByteFields.hasSuffix(bytes, ")")
    }

    static func parse(_ file: CaptureFile, as kind: CaptureKind) -> ParsedCapture {
        var out = ParsedCapture(file: file, kind: kind)
        file.forEachLine { line in
            if line.isBlank { return }
            let text = ByteFields.string(ByteFields.trimmed(line.bytes))
            if kind == .ipvsTimeout {
                let numbers = text.dropFirst("Timeout (tcp tcpfin udp):".count).split(separator: " ").map { Int($0) }
                guard out.ipvsTimeouts == nil, text.hasPrefix("Timeout (tcp tcpfin udp):"), numbers.count == 3,
                    let tcp = numbers[0], let fin = numbers[1], let udp = numbers[2]
                else {
                    out.markUnparsed(line, "expected `Timeout (tcp tcpfin udp): TCP TCPFIN UDP` (ipvsadm -L --timeout)")
                    return
                }
                out.ipvsTimeouts = IPVSTimeouts(tcp: tcp, tcpFin: fin, udp: udp, evidence: line)
                return
            }
            guard let daemon = daemon(text, line: line) else {
                out.markUnparsed(line, "expected `master sync daemon (mcast=IFACE, syncid=N)` or `backup sync daemon (…)` (ipvsadm -L --daemon)")
                return
            }
            out.syncDaemons.append(daemon)
        }
        return out
    }

    /// `master sync daemon (mcast=eth1, syncid=51, maxlen=1472, group=224.0.0.81)`.
    static func daemon(_ text: String, line: CaptureLine) -> SyncDaemon? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")"),
            let role = SyncDaemon.Role(rawValue: String(text.prefix { $0 != " " }))
        else { return nil }
        var settings: [String: String] = [:]
        for pair in text[text.index(after: open)..<text.index(before: text.endIndex)].split(separator: ",") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2 { settings[String(parts[0])] = String(parts[1]) }
        }
        guard let interface = settings["mcast"], !interface.isEmpty, let id = settings["syncid"].flatMap({ Int($0) }) else { return nil }
        return SyncDaemon(role: role, interface: interface, syncID: id, evidence: line)
    }
}
