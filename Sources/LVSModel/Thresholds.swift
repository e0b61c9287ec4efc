/// The numbers rules judge the connection table by, each with its default, what it means and
/// the rules that read it. `.lvslint.yaml` sets them under `thresholds:`; `explain` prints
/// them beside the rules that use them.
public struct Thresholds: Sendable {
    public struct Setting: Sendable {
        public var key: String
        public var defaultValue: Int
        public var meaning: String
        public var rules: [String]
    }

    public static let settings: [Setting] = [
        Setting(
            key: "syn_recv_minimum", defaultValue: 1,
            meaning:
                "SYN_RECV entries towards one real server, with none of its entries ESTABLISHED, before CONN001 (DR, TUN) and IPVS012 (NAT) report that its replies do not reach the clients",
            rules: ["CONN001", "IPVS012"]),
        Setting(
            key: "idle_peer_minimum", defaultValue: 20,
            meaning: "connections a peer in the same service must have before CONN004 reports a real server of weight above 0 that has none",
            rules: ["CONN004"]),
    ]

    /// Values set in `.lvslint.yaml`; the others are the defaults.
    public var overrides: [String: Int] = [:]

    public init(overrides: [String: Int] = [:]) { self.overrides = overrides }

    public func value(_ key: String) -> Int {
        overrides[key] ?? Self.settings.first { $0.key == key }?.defaultValue ?? 1
    }

    public var synRecvMinimum: Int { value("syn_recv_minimum") }
    public var idlePeerMinimum: Int { value("idle_peer_minimum") }

    /// The settings a rule reads.
    public static func of(rule id: String) -> [Setting] { settings.filter { $0.rules.contains(id) } }
}
