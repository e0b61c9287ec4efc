import Foundation
@testable import LVSCapture
import LVSModel
@testable import LVSRules
import Testing

/// Directors' tables are compared as values (IPVS011), and a table row's Forward word is
/// told on its bytes (the ipvsadm reader): both must decide as the text did before.
@Suite("Tables compared as values, rows read on their bytes")
struct TableComparisonTests {
    /// IPVS011's comparison as it was, on text: the oracle.
    static func signature(_ entry: IPVSService?) -> String {
        guard let entry else { return "absent" }
        let destinations = entry.destinations.map { d -> String in
            let forwarding = d.forwarding == .local ? IPVSForwarding.route : d.forwarding
            return "\(d.address):\(d.port) \(forwarding?.description ?? "?") \(d.weight ?? -1)"
        }.sorted()
        return "\(entry.scheduler ?? "") \(entry.persistence ?? 0) \(destinations.joined(separator: ","))"
    }

    static func randomEntry(_ generator: inout SeededGenerator, base: [IPVSDestination]) -> IPVSService {
        let line = CaptureLine(file: CaptureFile(path: "ipvsadm.txt", bytes: []), number: 1, start: 0, end: 0)
        let key = ServiceKey.address(protocol: .tcp, vip: IPAddress(v4: 0xC000_0264), port: 80)
        var service = IPVSService(key: key, scheduler: [nil, "", "wlc"].randomElement(using: &generator) ?? nil, evidence: line)
        service.persistence = [nil, 0, 300].randomElement(using: &generator) ?? nil
        service.destinations = base
        return service
    }

    /// `entry` as another director may hold it: in another order, and half the time changed
    /// in one way (some changes, such as an unset scheduler for an empty one, change nothing).
    static func other(_ entry: IPVSService, _ generator: inout SeededGenerator) -> IPVSService? {
        var other = entry
        var destinations = entry.destinations.shuffled(using: &generator)
        switch Int.random(in: 0..<16, using: &generator) {
        case 0: return nil
        case 1: other.scheduler = [nil, "", "wlc", "rr"].randomElement(using: &generator) ?? nil
        case 2: other.persistence = [nil, 0, 300].randomElement(using: &generator) ?? nil
        case 3: destinations.removeLast()
        case 4: destinations[0].weight = [nil, -1, 0, 1, 5].randomElement(using: &generator) ?? nil
        case 5: destinations[0].forwarding = [nil, .route, .local, .masq, .other("FullNat"), .other("Route")].randomElement(using: &generator) ?? nil
        case 6: destinations.append(destinations[0])
        case 7: destinations[0].port += 1
        default: break
        }
        other.destinations = destinations
        return other
    }

    @Test("two directors' entries are the same table exactly when their old text signatures are equal")
    func sameTableAsSignature() {
        var generator = SeededGenerator(seed: 41)
        let line = CaptureLine(file: CaptureFile(path: "ipvsadm.txt", bytes: []), number: 1, start: 0, end: 0)
        let rule = TablesDifferBetweenDirectors()
        var equal = 0, different = 0
        for _ in 0..<2000 {
            let base = (0..<Int.random(in: 1...6, using: &generator)).map { index in
                IPVSDestination(
                    address: index % 2 == 0 ? IPAddress(v4: 0xC633_640A + UInt32(index)) : IPAddress(v6: 0x2001_0db8 << 96 | UInt128(index)),
                    port: [80, 443].randomElement(using: &generator) ?? 80,
                    forwarding: [.route, .local, .masq].randomElement(using: &generator),
                    weight: [nil, 1, 2].randomElement(using: &generator) ?? nil,
                    evidence: line)
            }
            let a = Self.randomEntry(&generator, base: base)
            let b = Self.other(a, &generator)
            let expected = Self.signature(a) == Self.signature(b)
            #expect(rule.sameTable(a, b) == expected)
            #expect(rule.sameTable(b, a) == expected)
            if expected { equal += 1 } else { different += 1 }
        }
        // Both answers were met many times.
        #expect(equal > 200 && different > 200)
    }

    @Test(
        "a Forward column's word is read on its bytes as from its text",
        arguments: [
            "Route", "Masq", "Tunnel", "Local", "route", "MASQ", "FullNat", "SNat", "DR", "gate", "localnode", "x",
        ])
    func forwardingWord(word: String) {
        #expect(IPVSAdmParser.forwarding(ArraySlice(word.utf8)) == IPVSForwarding(word: word))
    }
}
