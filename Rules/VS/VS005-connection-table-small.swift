import LVSModel

/// VS005: the IPVS connection hash table is far smaller than the connections it holds.
public struct ConnectionTableSmall: Rule {
    public init() {}

    /// Connections per bucket on average above which the table is reported.
    static let chainLength = 16

    public let info = RuleInfo(
        id: "VS005", slug: "connection-table-small", title: "IPVS connection table far smaller than its connections",
        severity: .note, scope: .all,
        summary:
            "The director holds many times more connections than its IPVS connection hash table has buckets (`conn_tab_bits`, `size=` in `ipvsadm -Ln`): every packet walks a long chain to find its connection.",
        needs: [.ipvs],
        checks: """
            On each director whose table was captured, the connections it counts (ActiveConn and InActConn of every \
            real server, or the entries of a captured connection list when there are more) are divided by the hash \
            table's size: 2 to the power of the ip_vs module's conn_tab_bits parameter \
            (/sys/module/ip_vs/parameters/conn_tab_bits), else the `size=` of the table's header. Above 16 \
            connections per bucket on average it is reported.
            """,
        mechanism: """
            IPVS finds the connection of every packet in a hash table of 2^conn_tab_bits buckets (4096 by default, \
            set when the ip_vs module is loaded and never changed after). The table does not grow: with more \
            connections than buckets, each bucket holds a chain that the lookup walks under a lock for every \
            packet. A busy director with millions of connections (including TIME_WAIT and FIN_WAIT entries, \
            counted as InActConn) then spends its CPU walking chains: softirq load rises and latency grows with \
            traffic, not with the real servers.
            """,
        symptom:
            "On a busy director the ksoftirqd threads take much CPU and latency through the director grows with the number of connections, while the real servers are idle.",
        fix: RuleFix(
            summary:
                "Load ip_vs with a larger table (conn_tab_bits=20: 2^20 buckets, 8 MB on a 64-bit kernel) from /etc/modprobe.d, and reload the module in a maintenance window; shorter TCP timeouts (ipvsadm --set) also shrink the table.",
            runtime: [
                "modprobe -r ip_vs_rr ip_vs && modprobe ip_vs conn_tab_bits=20   # in a maintenance window: unloading drops the table and every connection"
            ],
            persistentRHEL: ["echo 'options ip_vs conn_tab_bits=20' > /etc/modprobe.d/ip_vs.conf"],
            persistentDebian: ["echo 'options ip_vs conn_tab_bits=20' > /etc/modprobe.d/ip_vs.conf"]),
        references: [
            "Linux net/netfilter/ipvs/Kconfig: IP_VS_TAB_BITS (\"IPVS connection table size\")",
            "Linux net/netfilter/ipvs/ip_vs_conn.c: module parameter conn_tab_bits, ip_vs_conn_tab",
            "ipvsadm(8): --list (the size= of the version line)",
        ])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for director in context.cluster.hosts where director.roles.contains(.director) {
            // A missing table is the IPVS rules' to say.
            guard let observation = context.observations[director.name], let table = observation.ipvs else { continue }
            var size: Int?
            var sizeEvidence: Evidence?
            if let parameter = observation.moduleParameters["ip_vs.conn_tab_bits"], let bits = Int(parameter.value), (1...30).contains(bits) {
                size = 1 << bits
                sizeEvidence = parameter.evidence.evidence
            } else {
                for header in table.headers {
                    let text = header.text
                    guard let open = text.range(of: "(size="), let close = text[open.upperBound...].firstIndex(of: ")"),
                        let value = Int(text[open.upperBound..<close]), value > 0
                    else { continue }
                    size = value
                    sizeEvidence = header.evidence
                    break
                }
            }
            guard let size, let sizeEvidence else { continue }
            // Walked, not copied: a busy director lists hundreds of thousands of real servers.
            let destinations = table.services.lazy.flatMap(\.destinations)
            let counted = destinations.reduce(0) { $0 + ($1.activeConnections ?? 0) + ($1.inactiveConnections ?? 0) }
            let listed = observation.pathSummaries.reduce(0) { $0 + $1.entries }
            let connections = max(counted, listed)
            guard connections > size * Self.chainLength else { continue }
            let busiest = destinations.max {
                ($0.activeConnections ?? 0) + ($0.inactiveConnections ?? 0) < ($1.activeConnections ?? 0) + ($1.inactiveConnections ?? 0)
            }
            var evidence = [sizeEvidence]
            if counted >= listed, let busiest { evidence.append(busiest.evidence.evidence) }
            report.add(
                host: director.name, service: nil,
                message:
                    "director \(director.name) holds \(connections) connections\(counted >= listed ? " (ActiveConn + InActConn)" : " (listed)") in an IPVS hash table of \(size) buckets: \(connections / size) per bucket on average, walked for every packet",
                location: director.location, evidence: evidence, key: director.name)
        }
    }
}
