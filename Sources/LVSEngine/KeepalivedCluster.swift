import Foundation
import LVSBoot
import LVSCapture
import LVSDescription
import LVSModel

/// A cluster described by keepalived alone: `lvslint check keepalived.conf --captures DIR`.
/// Services are the virtual servers as keepalived runs them (its defaults applied), directors
/// are the hosts the configurations belong to, real servers the capture hosts that hold the
/// real servers' addresses. Every service, real server and director keeps the keepalived line
/// it came from, so findings point into keepalived.conf.
public enum KeepalivedCluster {
    /// The director a configuration belongs to: the capture folder it sits in, a host named
    /// as its `router_id`, or the folder or file it is named after (`lvs1/keepalived.conf`,
    /// `lvs1.conf`); failing all of these its router_id or file name, with no captures.
    static func director(
        of config: KeepalivedConfig, path: String, captures: String, hosts: [String], index: AddressIndex,
        taken: Set<String>
    ) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let capturesRoot = URL(fileURLWithPath: captures).standardizedFileURL.path + "/"
        if absolute.hasPrefix(capturesRoot), let host = absolute.dropFirst(capturesRoot.count).split(separator: "/").first.map(String.init),
            hosts.contains(host)
        {
            return host
        }
        if let id = config.routerID?.value, hosts.contains(id) { return id }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().lastPathComponent
        let stem = url.deletingPathExtension().lastPathComponent
        if hosts.contains(folder) { return folder }
        if hosts.contains(stem) { return stem }
        // By address: the one capture host, not yet placed, that holds an address its VRRP
        // instances bring up (the master holds them).
        let holders = Set(
            config.vrrpInstances.flatMap { $0.addresses + $0.excludedAddresses }.flatMap {
                index[$0.prefix.address].filter(\.interface.doesARP).map(\.host)
            }
        )
        .subtracting(taken)
        if holders.count == 1, let host = holders.first { return host }
        // The name is shown, and looked up under captures/: only a safe one is used.
        let wanted = config.routerID?.value ?? stem
        let safe = HostName.isSafe(wanted) ? wanted : HostName.sanitized(wanted)
        return safe
    }

    public struct Built: Sendable {
        public var cluster: ClusterDescription
        public var configs: [KeepalivedConfig]
        public var observations: [String: HostObservation]
        public var strayCaptures: [String]
    }

    public static func build(paths: [String], captures: String, root: String? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) -> Built {
        let hostNames = Inference.hosts(in: captures)
        let loaded = CaptureLoader.load(directory: captures, hosts: hostNames, options: .forChecks, progress: progress)
        let observations = KubernetesDocumentReader.fill(BootState.derive(loaded.observations))
        let index = AddressIndex(observations: observations)
        var configs: [KeepalivedConfig] = []
        for path in paths {
            var config = KeepalivedReader.read(path: path, root: root)
            let name = director(
                of: config, path: path, captures: captures, hosts: hostNames, index: index,
                taken: Set(configs.compactMap(\.director)))
            // `@id` lines are the host's own: read again as keepalived on that host reads it (-i defaults to its name).
            if config.usesConditionals { config = KeepalivedReader.read(path: path, root: root, configurationID: name) }
            config.director = name
            configs.append(config)
        }
        var hosts: [HostDescription] = []
        var services: [ServiceDescription] = []
        func addHost(_ name: String, role: HostRole, address: IPAddress?, location: SourceLocation) {
            if let i = hosts.firstIndex(where: { $0.name == name }) {
                hosts[i].roles.insert(role)
                if hosts[i].address == nil { hosts[i].address = address }
            } else {
                hosts.append(HostDescription(name: name, roles: [role], address: address, location: location))
            }
        }
        for config in configs {
            guard let director = config.director else { continue }
            let line = config.routerID?.line.location ?? SourceLocation(file: config.file, line: 1)
            addHost(director, role: .director, address: nil, location: line)
            for vs in config.virtualServers {
                let (effective, _) = KeepalivedDefaults.apply(vs, in: config)
                guard !effective.ignored else { continue }
                var realServers: [RealServerDescription] = []
                for server in effective.realServers {
                    // The capture host that holds this address, other than a director.
                    let owner = index[server.source.address].first { owner in
                        !configs.contains { $0.director == owner.host } && owner.interface.name != "lo"
                    }?.host
                    if let owner { addHost(owner, role: .realServer, address: server.source.address, location: server.source.line.location) }
                    realServers.append(
                        RealServerDescription(
                            host: owner, address: server.source.address, port: server.port, weight: server.weight,
                            method: server.method, location: server.source.line.location))
                }
                let counts = Dictionary(grouping: realServers.map(\.method), by: { $0 }).mapValues(\.count)
                let method: ForwardingMethod = ForwardingMethod.allCases.max { counts[$0, default: 0] < counts[$1, default: 0] } ?? .nat
                for key in vs.serviceKeys(effective, in: config) {
                    if let i = services.firstIndex(where: { $0.key == key }) {
                        if !(services[i].directors ?? []).contains(director) { services[i].directors?.append(director) }
                        continue
                    }
                    services.append(
                        ServiceDescription(
                            name: nil, key: key, scheduler: effective.scheduler, method: method,
                            persistence: effective.persistence, directors: [director], realServers: realServers,
                            location: vs.line.location))
                }
            }
        }
        let name = configs.first?.routerID?.value ?? URL(fileURLWithPath: captures).standardizedFileURL.deletingLastPathComponent().lastPathComponent
        var cluster = ClusterDescription(
            name: name, file: paths.first ?? "keepalived.conf", capturesDirectory: captures, hosts: hosts, services: services)
        cluster.capturesLocation = nil
        let described = Set(hosts.map(\.name))
        let stray = hostNames.filter { !described.contains($0) }
        return Built(
            cluster: cluster, configs: configs, observations: observations.filter { described.contains($0.key) },
            strayCaptures: stray + loaded.strayEntries)
    }
}
