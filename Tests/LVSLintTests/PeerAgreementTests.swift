import Foundation
@testable import LVSCapture
import LVSModel
import Testing

/// Debian's `jc`, when installed.
enum JCPeer {
    static let executable = ["/usr/bin/jc", "/usr/local/bin/jc"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// lvslint's reading held against jc's (Debian's `jc`, installed by scripts/ensure-test-deps),
/// value by value, on every capture of the formats both read: the corpus's, the fixtures',
/// and jc's own test fixtures when `LVSLINT_JC_FIXTURES` names their folder. Where the two
/// differ in how they write a value (jc keeps `lo:100` as an interface, net-tools' `0.0.0.0/96`
/// as printed, host names unresolved, ports by name) it is normalised; where jc cannot read an
/// input (old ifconfig, some netstat -p) the disagreement is jc's, and lvslint must have read it.
@Suite("The same values as jc", .enabled(if: JCPeer.executable != nil, "jc is not installed (scripts/ensure-test-deps installs it)"))
struct PeerAgreementTests {
    /// (file, jc parser) for every capture of a format both read.
    static var inputs: [(path: String, parser: String)] {
        var out: [(String, String)] = []
        let manifest = (try? String(contentsOf: Repository.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)) ?? ""
        let byKind = ["ifconfig": "ifconfig", "route-n": "route", "netstat-rn": "netstat", "sysctl": "sysctl"]
        for line in manifest.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count >= 2, let parser = byKind[columns[1]] else { continue }
            out.append((Repository.corpus.appendingPathComponent(columns[0]).path, parser))
        }
        let byName = ["ss.txt": "ss", "route-n.txt": "route", "ifconfig.txt": "ifconfig", "sysctl-a.txt": "sysctl"]
        let enumerator = FileManager.default.enumerator(atPath: Repository.fixtures.path)
        while let item = enumerator?.nextObject() as? String {
            if let parser = byName[(item as NSString).lastPathComponent], item.contains("/captures/") {
                out.append((Repository.fixtures.appendingPathComponent(item).path, parser))
            }
        }
        // jc's own fixtures (its repository's tests/fixtures), Linux ones only.
        if let folder = ProcessInfo.processInfo.environment["LVSLINT_JC_FIXTURES"] {
            let names = ["ifconfig": "ifconfig", "route": "route", "netstat": "netstat", "ss": "ss", "sysctl": "sysctl"]
            let other = ["osx", "freebsd", "aix", "generic", "windows"]
            let walker = FileManager.default.enumerator(atPath: folder)
            while let item = walker?.nextObject() as? String {
                let name = (item as NSString).lastPathComponent
                guard name.hasSuffix(".out"), !other.contains(where: item.contains), !name.hasPrefix("netstat-i"),
                    let parser = names.first(where: { name.hasPrefix($0.key) })?.value
                else { continue }
                out.append(((folder as NSString).appendingPathComponent(item), parser))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// What jc read, as JSON; nil when it could not read the input.
    static func jcReading(_ path: String, _ parser: String) throws -> [[String: Any]]? {
        guard let jc = JCPeer.executable else { return nil }
        // The path is an argument of the shell, never part of its script.
        let result = try run(
            "/bin/sh", ["-c", "exec \"$0\" -q --\(parser) < \"$1\"", jc, path], environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"])
        guard result.status == 0, let data = result.stdout.data(using: .utf8) else { return nil }
        let value = try JSONSerialization.jsonObject(with: data)
        if let rows = value as? [[String: Any]] { return rows.isEmpty ? nil : rows }
        if let object = value as? [String: Any] { return object.isEmpty ? nil : [object] }
        return nil
    }

    static func lvslintReading(_ path: String) throws -> (observation: HostObservation, parsed: [ParsedCapture]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var observation = HostObservation(host: "h")
        var parsed: [ParsedCapture] = []
        CaptureLoader.read(CaptureFile(path: path, bytes: [UInt8](data)), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        return (observation, parsed)
    }

    // MARK: normalising jc's values to lvslint's

    static func prefix(_ address: String, mask: Any?) -> String? {
        let address = address.split(separator: "%").first.map(String.init) ?? address
        if let length = mask as? Int { return IPPrefix("\(address)/\(length)").map(canonical) }
        guard let mask = mask as? String else { return nil }
        if let length = Int(mask) { return IPPrefix("\(address)/\(length)").map(canonical) }
        guard let bits = IPAddress(mask)?.v4Value, let length = IPPrefix.length(ofNetmask: bits) else { return nil }
        return IPPrefix("\(address)/\(length)").map(canonical)
    }

    static func canonical(_ prefix: IPPrefix) -> String { "\(prefix.address)/\(prefix.length)" }

    static func network(_ prefix: IPPrefix) -> String { "\(prefix.network)/\(prefix.length)" }

    static func addresses(jc rows: [[String: Any]]) -> Set<String> {
        var out: Set<String> = []
        for row in rows {
            // jc names an alias (`lo:100`) as an interface; lvslint keeps it as the label of lo's address.
            let name = (row["name"] as? String).map { String($0.split(separator: ":").first ?? "") } ?? ""
            for address in (row["ipv4"] as? [[String: Any]]) ?? [] {
                if let text = address["address"] as? String, let p = prefix(text, mask: address["mask"]) { out.insert("\(name) \(p)") }
            }
            for address in (row["ipv6"] as? [[String: Any]]) ?? [] {
                if let text = address["address"] as? String, let p = prefix(text, mask: address["mask"]) { out.insert("\(name) \(p)") }
            }
        }
        return out
    }

    static func routes(jc rows: [[String: Any]]) -> Set<String> {
        var out: Set<String> = []
        for row in rows {
            guard var destination = row["destination"] as? String else { continue }
            var gateway = (row["gateway"] ?? row["next_hop"]) as? String
            if ["0.0.0.0", "*", "::", "[::]"].contains(gateway ?? "") { gateway = nil }
            let device = row["iface"] as? String ?? "-"
            var parsed: IPPrefix?
            if let mask = row["genmask"] as? String {
                if destination == "default" { destination = "0.0.0.0" }
                if destination == "localhost" { destination = "127.0.0.1" }
                parsed = prefix(destination, mask: mask).flatMap(IPPrefix.init)
            } else {
                // route -6 without -n: `[::]/0`, `localhost/128`; net-tools' `0.0.0.0/96` is ::ffff:0.0.0.0/96.
                destination = destination.replacingOccurrences(of: "[::]", with: "::").replacingOccurrences(of: "localhost/", with: "::1/")
                if destination == "0.0.0.0/96" { destination = "::ffff:0.0.0.0/96" }
                parsed = IPPrefix(destination)
            }
            // A destination printed as a host name is refused by lvslint, with its reason.
            guard let parsed else { continue }
            out.insert("\(network(parsed)) \(gateway ?? "-") \(device)")
        }
        return out
    }

    static func listeners(jc rows: [[String: Any]]) -> Set<String> {
        var out: Set<String> = []
        for row in rows {
            guard let word = (row["proto"] ?? row["netid"]) as? String else { continue }
            let proto = word.hasSuffix("6") ? String(word.dropLast()) : word
            guard ["tcp", "udp", "sctp"].contains(proto) else { continue }
            let state = row["state"] as? String
            if proto == "tcp" || proto == "sctp" { guard state == "LISTEN" else { continue } }
            if proto == "udp", let state, !["UNCONN", "LISTEN"].contains(state) { continue }
            let portValue = row["local_port_num"] ?? row["local_port"]
            let port = (portValue as? Int) ?? (portValue as? String).flatMap { Int($0) ?? ServiceNames.port($0) }
            guard let port else { continue }
            var address = row["local_address"] as? String ?? "*"
            if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
            address = String(address.split(separator: "%").first ?? "")
            if ["0.0.0.0", "*", "::", ""].contains(address) { address = "*" }
            if address == "localhost" { address = word.hasSuffix("6") ? "::1" : "127.0.0.1" }
            // Any other host name is refused by lvslint, with its reason.
            if address != "*" && IPAddress(address) == nil { continue }
            out.insert("\(proto) \(address == "*" ? "*" : IPAddress(address).map { "\($0)" } ?? address):\(port)")
        }
        return out
    }

    @Test("lvslint parse reads what jc reads, value by value, on every capture of a format both read")
    func agreement() throws {
        let inputs = Self.inputs
        #expect(inputs.count >= 20, "only \(inputs.count) inputs found")
        var compared = 0, jcUnread = 0
        for (path, parser) in inputs {
            let (observation, parsed) = try Self.lvslintReading(path)
            guard let rows = try Self.jcReading(path, parser) else {
                // jc could not read it: lvslint must have.
                jcUnread += 1
                #expect(
                    !observation.addresses.isEmpty || !observation.routes.isEmpty || !observation.listeners.isEmpty || !observation.sysctls.isEmpty,
                    "neither jc nor lvslint read \(path)")
                continue
            }
            compared += 1
            switch parser {
            case "ifconfig":
                let mine = Set(observation.interfaces.flatMap { i in i.addresses.map { "\(i.name) \(Self.canonical($0.prefix))" } })
                #expect(
                    mine == Self.addresses(jc: rows),
                    "\(path): lvslint only \(mine.subtracting(Self.addresses(jc: rows)).sorted()); jc only \(Self.addresses(jc: rows).subtracting(mine).sorted())"
                )
            case "route",
                "netstat" where rows.first?["destination"] != nil:
                let mine = Set(observation.routes.map { "\(Self.network($0.destination)) \($0.gateway.map { "\($0)" } ?? "-") \($0.device ?? "-")" })
                let theirs = Self.routes(jc: rows)
                #expect(mine == theirs, "\(path): lvslint only \(mine.subtracting(theirs).sorted()); jc only \(theirs.subtracting(mine).sorted())")
            case "netstat", "ss":
                let mine = Set(observation.listeners.map { "\($0.protocolName) \($0.address.map { "\($0)" } ?? "*"):\($0.port)" })
                let theirs = Self.listeners(jc: rows)
                #expect(mine == theirs, "\(path): lvslint only \(mine.subtracting(theirs).sorted()); jc only \(theirs.subtracting(mine).sorted())")
            case "sysctl":
                // Every key, not only those rules read; a value of several lines is its lines joined.
                var mine: [String: String] = [:]
                for entry in parsed.flatMap(\.sysctls) {
                    mine[entry.key] = mine[entry.key].map { $0 + "\n" + entry.value } ?? entry.value
                }
                let theirs = (rows.first ?? [:]).mapValues { "\($0)" }
                #expect(Set(mine.keys) == Set(theirs.keys), "\(path): \(Set(mine.keys).symmetricDifference(theirs.keys).sorted().prefix(5))")
                let differing = theirs.keys.filter { key in
                    mine[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                        != theirs[key]?.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                #expect(
                    differing.isEmpty,
                    "\(path): \(differing.sorted().prefix(5).map { "\($0): lvslint \(mine[$0] ?? "nil"), jc \(theirs[$0] ?? "nil")" })")
            default:
                break
            }
        }
        #expect(compared > jcUnread, "jc read \(compared) of \(inputs.count)")
        print("compared with jc: \(compared) captures; jc could not read \(jcUnread) (lvslint did)")
    }
}
