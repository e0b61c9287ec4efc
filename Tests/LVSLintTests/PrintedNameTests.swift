import LVSCapture
import LVSModel
import Testing

/// `ipvsadm -L` without -n prints names: read them, and resolve them against the
/// description only (never DNS on the machine running lvslint).
@Suite("ipvsadm -L with names")
struct PrintedNameTests {
    let location = SourceLocation(file: "cluster.yaml", line: 1)

    func cluster() throws -> ClusterDescription {
        let vip = try #require(IPAddress("192.0.2.100")), rip = try #require(IPAddress("192.0.2.21"))
        return ClusterDescription(
            name: "web", file: "cluster.yaml", capturesDirectory: "captures",
            hosts: [
                HostDescription(name: "lvs1", roles: [.director], address: try #require(IPAddress("192.0.2.11")), location: location),
                HostDescription(name: "rs1", roles: [.realServer], address: rip, location: location),
            ],
            services: [
                ServiceDescription(
                    name: "www", key: .address(protocol: .tcp, vip: vip, port: 80), scheduler: "rr", method: .dr,
                    persistence: nil, directors: nil,
                    realServers: [
                        RealServerDescription(host: "rs1", address: rip, port: nil, weight: 1, method: .dr, location: location)
                    ], location: location)
            ])
    }

    func observe(_ text: String) throws -> HostObservation {
        var observation = HostObservation(host: "lvs1")
        var parsed: [ParsedCapture] = []
        CaptureLoader.read(capture(text), into: &parsed, observation: &observation)
        CaptureLoader.assemble(parsed, into: &observation)
        #expect(observation.unparsedLines.isEmpty, "\(observation.unparsedLines.map(\.reason))")
        IPVSNameResolver(cluster: try cluster()).resolve(&observation)
        return observation
    }

    @Test("service and destination names resolve to the described VIP and host; a name the description lacks stays pending")
    func listing() throws {
        let o = try observe(
            """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  www.example.com:http rr
              -> rs1.example.com:http         Route   1      0          0
              -> cache7.example.net:http      Route   1      0          0
              -> 192.0.2.22:http              Masq    1      0          0
            TCP  www.example.com:https rr
              -> 192.0.2.21:https             Route   1      0          0
            """)
        let table = try #require(o.ipvs)
        let vip = try #require(IPAddress("192.0.2.100"))
        let web = try #require(table.service(.address(protocol: .tcp, vip: vip, port: 80)))
        #expect(web.destinations.map { "\($0.address):\($0.port)" } == ["192.0.2.21:80", "192.0.2.22:80"])
        #expect(web.pendingDestinations.map { $0.printedName?.text } == ["cache7.example.net:http"])
        #expect(table.service(.address(protocol: .tcp, vip: vip, port: 443)) != nil)
        #expect(table.pendingServices.isEmpty)
    }

    @Test("`ipvsadm -L --stats` with names")
    func statistics() throws {
        let o = try observe(
            """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
              -> RemoteAddress:Port
            TCP  www.example.com:http                12      340        0    21180        0
              -> rs1.example.com:http                 6      170        0    10590        0
            """)
        let web = try #require(o.ipvs?.services.first)
        #expect(web.destinations.first?.address == IPAddress("192.0.2.21"))
    }

    @Test("`ipvsadm -Lc` with names")
    func connections() throws {
        let o = try observe(
            """
            IPVS connection entries
            pro expire state       source             virtual            destination
            TCP 00:57  SYN_RECV    client.example.net:59623 www.example.com:http rs1.example.com:http
            TCP 14:59  ESTABLISHED 198.51.100.23:59622 192.0.2.100:80     192.0.2.21:80
            """)
        #expect(o.connections.count == 2)
        let first = try #require(o.connections.first)
        #expect(first.virtual == IPAddress("192.0.2.100") && first.virtualPort == 80)
        #expect(first.destination == IPAddress("192.0.2.21") && first.destinationPort == 80)
        #expect(first.client == nil, "the client's name is not the description's to resolve")
    }

    @Test("a port name that differs between distributions is settled by the ports the description uses")
    func ambiguousPort() throws {
        let o = try observe(
            """
            TCP  www.example.com:http-alt rr
              -> rs1.example.com:http-alt     Masq    1      0          0
            """)
        // The description uses neither 8008 nor 8080: the row stays pending, its checks not made.
        #expect(o.ipvs?.pendingServices.count == 1)
    }
}
