import Foundation
import LVSDescription
import LVSModel
import Testing

@Suite("Cluster description")
struct DescriptionTests {
    func load(_ yaml: String) -> DescriptionLoader.Outcome {
        DescriptionLoader.load(bytes: Array(yaml.utf8), displayPath: "cluster.yaml", baseDirectory: "/tmp/example")
    }

    func errors(_ yaml: String) -> [DescriptionError] {
        if case let .failed(errors) = load(yaml) { return errors }
        Issue.record("expected description errors")
        return []
    }

    static let valid = """
        cluster: web
        hosts:
          lvs1: {role: director, address: 192.0.2.11}
          rs1: {role: real-server, address: 192.0.2.21}
          both: {role: [director, real-server], address: 2001:db8::5}
        services:
          - name: http
            vip: 192.0.2.100
            port: 80
            scheduler: rr
            persistence: 300
            real_servers:
              - host: rs1
              - {address: 192.0.2.40, weight: 0, method: nat, port: 8080}
          - fwmark: 7
            method: tun
            real_servers: [{host: rs1}]
        """

    @Test("a valid description loads with defaults and locations")
    func validDescription() throws {
        guard case let .loaded(d) = load(Self.valid) else {
            Issue.record("did not load: \(load(Self.valid))")
            return
        }
        #expect(d.name == "web")
        #expect(d.capturesDirectory == "/tmp/example/captures")
        #expect(d.hosts.map(\.name) == ["lvs1", "rs1", "both"])
        #expect(d.hosts[2].roles == [.director, .realServer])
        #expect(d.hosts[2].address == IPAddress("2001:db8::5"))
        let http = d.services[0]
        #expect(http.key == .address(protocol: .tcp, vip: try #require(IPAddress("192.0.2.100")), port: 80))
        #expect(http.method == .dr)
        #expect(http.persistence == 300)
        #expect(http.location == SourceLocation(file: "cluster.yaml", line: 7, column: 5))
        #expect(http.realServers[0].address == IPAddress("192.0.2.21"))
        #expect(http.realServers[0].location.line == 13)
        #expect(http.realServers[1].method == .nat && http.realServers[1].weight == 0 && http.realServers[1].port == 8080)
        #expect(d.services[1].key == .fwmark(7, family: .v4))
        #expect(d.services[1].scheduler == "wlc")
        #expect(d.services[1].realServers[0].method == .tun)
        #expect(d.directors(of: http).map(\.name) == ["lvs1", "both"])
    }

    @Test("every error of a file is reported in one run, located, with did-you-mean")
    func allErrorsAtOnce() {
        let found = errors(
            """
            cluster: web
            hosts:
              lvs1: {role: directr, address: 192.0.2.11}
              rs1: {role: real-server, adress: 192.0.2.21}
              rs2: {role: real-server, address: 192.0.2.300}
            services:
              - vip: 192.0.2.100/32
                port: 70000
                scheduler: roundrobin
                protcol: tcp
                real_servers:
                  - host: rs11
                  - {host: rs2, weight: -1}
            """)
        let text = found.map(\.description)
        #expect(
            text.contains("cluster.yaml:3:16: error: role of host 'lvs1' 'directr' is not one of director, real-server (did you mean 'director'?)"))
        #expect(text.contains("cluster.yaml:4:28: error: unknown key 'adress' in host 'rs1' (did you mean 'address'?)"))
        #expect(text.contains("cluster.yaml:5:37: error: address of host 'rs2' '192.0.2.300' is not an IPv4 or IPv6 address"))
        #expect(text.contains("cluster.yaml:7:10: error: vip of service 1 '192.0.2.100/32' must be a plain address without a prefix length"))
        #expect(text.contains("cluster.yaml:8:11: error: port of service 1 70000 is out of range 0...65535"))
        #expect(text.contains { $0.hasPrefix("cluster.yaml:9:16: error: scheduler 'roundrobin' of service 1 is not one of") })
        #expect(text.contains("cluster.yaml:10:5: error: unknown key 'protcol' in service 1 (did you mean 'protocol'?)"))
        #expect(text.contains("cluster.yaml:12:15: error: real server host 'rs11' of service 1 is not defined under hosts (did you mean 'rs1'?)"))
        #expect(text.contains("cluster.yaml:13:29: error: weight of real server rs2 -1 is out of range 0...65535"))
        #expect(found.count == 9, "\(text)")
        #expect(found.map(\.location) == found.map(\.location).sorted(), "errors come in file order")
    }

    @Test("missing sections, wrong types and an empty file")
    func structure() {
        #expect(errors("").map(\.message) == ["the description is empty; it needs `cluster`, `hosts` and `services`"])
        #expect(errors("- a\n- b\n").map(\.message) == ["the description must be a mapping, not a list"])
        let missing = errors("cluster: x\n").map(\.message)
        #expect(missing == ["the description is missing 'hosts'", "the description is missing 'services'"])
        let wrong = errors("cluster: x\nhosts: [a]\nservices: {}\n").map(\.message)
        #expect(wrong.contains("hosts must be a mapping of host name to host, not a list"))
        #expect(wrong.contains("services must be a list, not a mapping"))
        #expect(errors("cluster: x\nhosts: {}\nservices: []\n").map(\.message) == ["services must list at least one service"])
    }

    @Test("duplicates: keys, hosts, services and real servers")
    func duplicates() {
        let found = errors(
            """
            cluster: web
            cluster: again
            hosts:
              rs1: {role: real-server, address: 192.0.2.21}
              rs1: {role: real-server, address: 192.0.2.22}
            services:
              - vip: 192.0.2.100
                port: 80
                real_servers: [{host: rs1}, {address: 192.0.2.21}]
              - vip: 192.0.2.100
                port: 80
                protocol: tcp
                real_servers: [{host: rs1}]
            """
        ).map(\.description)
        #expect(found.contains("cluster.yaml:2:1: error: 'cluster' is given twice in the description"))
        #expect(found.contains("cluster.yaml:5:3: error: host 'rs1' is defined twice"))
        #expect(found.contains("cluster.yaml:9:33: error: real server 192.0.2.21:80 is listed twice in service 1 (first at line 9)"))
        #expect(found.contains("cluster.yaml:10:5: error: service TCP 192.0.2.100:80 is described twice (first at line 7)"))
    }

    @Test("fwmark excludes vip/port/protocol; directors must be director hosts")
    func fwmarkAndDirectors() {
        let found = errors(
            """
            cluster: web
            hosts:
              lvs1: {role: director}
              rs1: {role: real-server, address: 192.0.2.21}
            services:
              - fwmark: 3
                port: 80
                directors: [rs1, lvs2]
                real_servers: [{host: rs1}, {host: lvs1}]
            """
        ).map(\.message)
        #expect(found.contains("service 1 has a fwmark, so 'port' does not apply (the mark selects the traffic)"))
        #expect(found.contains("host 'rs1' is listed as a director of service 1 but its role is real-server"))
        #expect(found.contains("director 'lvs2' of service 1 is not a host (did you mean 'lvs1'?)"))
        #expect(found.contains("host 'lvs1' is a real server of service 1 but its role does not include real-server"))
        #expect(found.contains("real server 'lvs1' of service 1 needs an address: its host has none"))
    }

    @Test("YAML syntax errors and recursive aliases are located, not crashes")
    func yamlErrors() {
        let syntax = errors("cluster: web\nhosts:\n  a: {role: director\nservices: []\n")
        #expect(syntax.count == 1)
        #expect(syntax.first?.message.hasPrefix("YAML: ") == true)
        #expect(syntax.first?.location.line == 4)
        let recursive = errors("cluster: &a [*a]\n")
        #expect(recursive.first?.message.contains("alias") == true)
        // Aliases to scalars are fine and shared.
        guard
            case .loaded = load(
                "cluster: web\nhosts:\n  r: {role: &rs real-server, address: 192.0.2.1}\n  s: {role: *rs, address: 192.0.2.2}\nservices:\n  - {vip: 192.0.2.100, port: 80, real_servers: [{host: r}, {host: s}]}\n"
            )
        else {
            Issue.record("aliases should load")
            return
        }
    }

    @Test("schema version other than 1 is refused")
    func version() {
        #expect(
            errors("version: 2\ncluster: x\nhosts: {}\nservices: [{vip: 192.0.2.1, port: 1, real_servers: []}]\n").map(\.message)
                == ["schema version 2 is not supported; this lvslint reads version 1"])
    }

    @Test("the README's example description is valid")
    func readmeExample() throws {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let yaml = try #require(
            readme.components(separatedBy: "## Describing a cluster\n\n```yaml\n").dropFirst().first?
                .components(separatedBy: "```").first)
        guard case .loaded = load(yaml) else {
            Issue.record("README example does not load: \(errors(yaml).map(\.description))")
            return
        }
    }
}
