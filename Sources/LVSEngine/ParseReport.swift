import LVSCapture
import LVSModel

/// `lvslint parse`: what lvslint read from capture files, as JSON.
public enum ParseReport {
    public static func render(_ captures: [ParsedCapture]) -> String {
        JSONValue.array(captures.map(value)).serialized() + "\n"
    }

    /// The same report, written as it is made: a 50 MB capture's routes are never all held
    /// as JSON values at once.
    public static func stream(_ captures: [ParsedCapture], to flush: ([UInt8]) -> Void) {
        JSONValue.array(captures.map(value)).stream(flush: flush)
        flush(Array("\n".utf8))
    }

    static func value(_ c: ParsedCapture) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("file", .string(c.file.path)), ("kind", .string(c.kind.rawValue))]
        switch c.kind.facet {
        case .addresses:
            let interfaces = c.interfaces
            pairs.append(
                (
                    "interfaces",
                    .lazyArray(
                        count: interfaces.count,
                        element: { n in
                            let i = interfaces[n];
                            return
                                .object([
                                    ("name", .string(i.name)), ("flags", .array(i.flags.words.map { .string($0) })),
                                    ("link_type", .optional(i.linkType)), ("kind", .optional(i.kind)), ("line", .int(i.evidence.number)),
                                    (
                                        "addresses",
                                        .array(
                                            i.addresses.map { a in
                                                .object([
                                                    ("address", .string(a.prefix.description)), ("label", .optional(a.label)),
                                                    ("scope", .optional(a.scope)), ("flags", .array(a.flags.sorted().map { .string($0) })),
                                                    ("line", .int(a.evidence.number)),
                                                ])
                                            })
                                    ),
                                ])
                        })
                ))
        case .routes:
            let routes = c.routes
            pairs.append(
                (
                    "routes",
                    .lazyArray(
                        count: routes.count,
                        element: { n in
                            let r = routes[n];
                            return
                                .object([
                                    ("type", .string(r.type)), ("destination", .string(r.destination.description)),
                                    ("gateway", .optional(r.gateway?.description)), ("device", .optional(r.device)),
                                    ("table", .string(r.table)), ("metric", .int(r.metric)), ("line", .int(r.evidence.number)),
                                ])
                        })
                ))
        case .sysctls:
            pairs.append(("sysctls", .int(c.sysctlSummary.keys)))
            // Every key read, in the order keys first appear, so the reading can be compared
            // with another tool's. `sysctl -a` prints a value of several lines (dev.cdrom.info)
            // as the key repeated on each: they are joined by newlines. The interface keys the
            // checks read are shown once each, with the value they read (the last).
            let groups = c.sysctlListing?.grouped() ?? SysctlListing.grouped(c.sysctls)
            pairs.append(
                (
                    "interface_sysctls",
                    .object(
                        groups.filter { $0.key.hasPrefix("net.ipv4.conf.") && isInteresting($0.key) }.map { ($0.key, .string($0.lastValue)) })
                ))
            // A listing's values run to megabytes: escaped on every core at once (a short one
            // on this thread).
            let values = Parallel.map(groups.count, jobs: groups.count < 256 ? 1 : nil) { n in JSONValue.escaped(groups[n].values) }
            pairs.append(("values", .object(zip(groups, values).map { ($0.key, $1) })))
        case .ipvs:
            // Rows printed with names (`ipvsadm -L`) that only the description can resolve.
            let table = c.ipvs ?? IPVSTable()
            let named =
                (table.pendingServices.map { ($0.printedName?.text ?? "", $0.evidence.number) }
                + (table.services + table.pendingServices).flatMap { s in
                    s.pendingDestinations.map { ($0.printedName?.text ?? "", $0.evidence.number) }
                })
                .sorted { $0.1 < $1.1 }
            if !named.isEmpty {
                pairs.append(("names_to_resolve", .array(named.map { .object([("text", .string($0.0)), ("line", .int($0.1))]) })))
            }
            pairs.append(
                (
                    "services",
                    .array(
                        (c.ipvs?.services ?? []).map { s in
                            .object([
                                ("service", .string(s.key.description)), ("scheduler", .optional(s.scheduler)),
                                ("persistence", s.persistence.map { .int($0) } ?? .null),
                                ("flags", .array((s.schedulerFlags + s.otherFlags).map { .string($0) })),
                                ("line", .int(s.evidence.number)),
                                (
                                    "destinations",
                                    .array(
                                        s.destinations.map { d in
                                            .object([
                                                ("address", .string("\(d.address)")), ("port", .int(d.port)),
                                                ("forwarding", .optional(d.forwarding?.description)),
                                                ("weight", d.weight.map { .int($0) } ?? .null), ("line", .int(d.evidence.number)),
                                            ])
                                        })
                                ),
                            ])
                        })
                ))
        case .listeners:
            pairs.append(
                (
                    "listeners",
                    .array(
                        c.listeners.map { l in
                            .object([
                                ("protocol", .string(l.protocolName)), ("address", .optional(l.address.map { "\($0)" })), ("port", .int(l.port)),
                                ("line", .int(l.evidence.number)),
                            ])
                        })
                ))
        case .arpFilter:
            pairs.append(
                (
                    "chains",
                    .array(
                        (c.arpFilter?.chains ?? []).map { chain in
                            .object([
                                ("chain", .string(chain.name)), ("policy", .optional(chain.policy)), ("line", .int(chain.evidence.number)),
                                (
                                    "rules",
                                    .array(
                                        chain.rules.map { r in
                                            .object([
                                                ("target", .string(r.target)), ("destination", .optional(r.destination.map { "\($0)" })),
                                                ("source", .optional(r.source.map { "\($0)" })), ("in", .optional(r.inInterface)),
                                                ("out", .optional(r.outInterface)), ("opcode", .optional(r.opcode)),
                                                ("mangle_source", .optional(r.mangleSource.map { "\($0)" })),
                                                ("other", .array(r.otherMatches.map { .string($0) })), ("line", .int(r.evidence.number)),
                                            ])
                                        })
                                ),
                            ])
                        })
                ))
        case .firewall:
            pairs.append(
                (
                    "filters",
                    .array(
                        c.packetFilters.map { filter in
                            .object([
                                ("table", .optional(filter.nftTable)), ("program", .optional(filter.program)),
                                ("families", .array(filter.families.map(\.rawValue).sorted().map { .string($0) })),
                                (
                                    "entry_chains",
                                    .object(
                                        PacketFilter.Hook.allCases.compactMap { hook in filter.entryChains[hook].map { (hook.rawValue, .string($0)) }
                                        })
                                ),
                                (
                                    "chains",
                                    .array(
                                        filter.chains.map { chain in
                                            .object([
                                                ("chain", .string(chain.name)), ("policy", .optional(chain.policy)),
                                                ("line", .int(chain.evidence.number)),
                                                (
                                                    "rules",
                                                    .array(
                                                        chain.rules.map { r in
                                                            .object([
                                                                ("target", .string(r.target)), ("goto", .bool(r.isGoto)),
                                                                ("out", .optional(r.outInterface)),
                                                                (
                                                                    "source_ports",
                                                                    .optional(
                                                                        r.sourcePorts.map {
                                                                            $0.map {
                                                                                $0.lowerBound == $0.upperBound
                                                                                    ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)"
                                                                            }.joined(separator: ",")
                                                                        })
                                                                ),
                                                                (
                                                                    "protocol",
                                                                    .optional(
                                                                        r.protocolName ?? r.protocolNames.map { $0.sorted().joined(separator: ",") })
                                                                ),
                                                                (
                                                                    "ports",
                                                                    .optional(
                                                                        r.ports.map {
                                                                            $0.map {
                                                                                $0.lowerBound == $0.upperBound
                                                                                    ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)"
                                                                            }.joined(separator: ",")
                                                                        })
                                                                ),
                                                                (
                                                                    "destination",
                                                                    .optional(r.destinations.map { $0.map { "\($0)" }.joined(separator: ",") })
                                                                ),
                                                                ("source", .optional(r.source.map { "\($0)" })),
                                                                ("in", .optional(r.inInterface)),
                                                                ("states", .optional(r.states.map { $0.sorted().joined(separator: ",") })),
                                                                ("other", .array(r.otherMatches.map { .string($0) })),
                                                                ("line", .int(r.evidence.number)),
                                                            ])
                                                        })
                                                ),
                                            ])
                                        })
                                ),
                            ])
                        })
                ))
        case .services:
            pairs.append(
                (
                    "units",
                    .array(
                        c.units.map { u in
                            .object([
                                ("unit", .string(u.name)), ("file_state", .optional(u.fileState)), ("active", .optional(u.activeState)),
                                ("line", .int((u.fileEvidence ?? u.activeEvidence)?.number ?? 0)),
                            ])
                        })
                ))
        case .kernel:
            pairs.append(
                (
                    "kernel",
                    c.kernel.map { k in JSONValue.object([("release", .string(k.text)), ("line", .int(k.evidence.number))]) } ?? .null
                ))
        case .ipvsTimeouts:
            pairs.append(
                (
                    "timeouts",
                    c.ipvsTimeouts.map { t in
                        JSONValue.object([("tcp", .int(t.tcp)), ("tcpfin", .int(t.tcpFin)), ("udp", .int(t.udp)), ("line", .int(t.evidence.number))])
                    } ?? .null
                ))
        case .syncDaemons:
            pairs.append(
                (
                    "sync_daemons",
                    .array(
                        c.syncDaemons.map { d in
                            .object([
                                ("role", .string(d.role.rawValue)), ("interface", .string(d.interface)), ("syncid", .int(d.syncID)),
                                ("line", .int(d.evidence.number)),
                            ])
                        })
                ))
        case .moduleParameters:
            pairs.append(
                (
                    "parameters",
                    .array(
                        c.moduleParameters.map { p in
                            .object([
                                ("module", .string(p.module)), ("name", .string(p.name)), ("value", .string(p.value)),
                                ("line", .int(p.evidence.number)),
                            ])
                        })
                ))
        case .kubernetes:
            pairs += c.kubernetes.map(kubernetes) ?? []
        case .ipsets:
            pairs.append(
                (
                    "ipsets",
                    .array(
                        c.ipsets.map { set in
                            .object([
                                ("name", .string(set.name)), ("type", .string(set.type)),
                                ("members", .array(set.members.map { .string($0.text) })), ("line", .int(set.evidence.number)),
                            ])
                        })
                ))
        case .modules:
            pairs.append(("modules", .array(c.modules.map { .object([("name", .string($0.name)), ("line", .int($0.line.number))]) })))
        case .ipvsActivity:
            // A busy director lists millions: each is written as it is reached, not built first.
            let connections = c.connections
            pairs.append(
                (
                    "connections",
                    .lazyArray(
                        count: connections.count,
                        element: { n in
                            let x = connections[n];
                            return
                                .object([
                                    ("protocol", .string(x.protocolName)), ("state", .string(x.state)),
                                    ("client", .string(endpoint(x.client, x.clientPort))), ("virtual", .string(endpoint(x.virtual, x.virtualPort))),
                                    ("destination", .string(endpoint(x.destination, x.destinationPort))),
                                    ("names", .array([x.virtualName, x.destinationName].compactMap { $0 }.map { .string($0.text) })),
                                    ("line", .int(x.evidence.number)),
                                ])
                        })
                ))
        }
        pairs.append(
            (
                "unparsed",
                .array(
                    c.unparsed.map { u in
                        .object([("line", .int(u.line.number)), ("text", .string(u.line.text)), ("reason", .string(u.reason.description))])
                    })
            ))
        if !c.redacted.isEmpty { pairs.append(("redacted_lines", .array(c.redacted.map { .int($0.number) }))) }
        return .object(pairs)
    }

    /// `192.0.2.1:80`, or `?` for a part printed as a name lvslint has not resolved.
    static func endpoint(_ address: IPAddress?, _ port: Int?) -> String {
        (address?.description ?? "?") + ":" + (port.map(String.init) ?? "?")
    }

    static func isInteresting(_ key: String) -> Bool {
        ["arp_ignore", "arp_announce", "rp_filter", "forwarding", "send_redirects", "accept_local", "arp_filter"].contains { key.hasSuffix("." + $0) }
    }
}

extension ParseReport {
    /// A Kubernetes document's facts: kube-proxy's settings, the announcers, kube-vip, the
    /// Services and EndpointSlices, each with its line.
    static func kubernetes(_ facts: KubernetesFacts) -> [(String, JSONValue)] {
        func setting<T>(_ value: KubeSetting<T>?, _ show: (T) -> JSONValue) -> JSONValue {
            value.map { .object([("value", show($0.value)), ("line", .int($0.evidence.number))]) } ?? .null
        }
        var pairs: [(String, JSONValue)] = []
        if let proxy = facts.kubeProxy {
            pairs.append(
                (
                    "kube_proxy",
                    .object([
                        ("mode", setting(proxy.mode) { .string($0) }), ("scheduler", setting(proxy.scheduler) { .string($0) }),
                        ("strict_arp", setting(proxy.strictARP) { .bool($0) }),
                        ("exclude_cidrs", setting(proxy.excludeCIDRs) { .array($0.map { .string($0.description) }) }),
                        ("cluster_cidrs", setting(proxy.clusterCIDRs) { .array($0.map { .string($0.description) }) }),
                        ("masquerade_all", setting(proxy.masqueradeAll) { .bool($0) }), ("line", .int(proxy.evidence.number)),
                    ])
                ))
        }
        if let vip = facts.kubeVIP {
            pairs.append(
                (
                    "kube_vip",
                    .object([
                        ("address", setting(vip.address) { .string($0.description) }), ("arp", setting(vip.arp) { .bool($0) }),
                        ("load_balancer", setting(vip.loadBalancer) { .bool($0) }), ("line", .int(vip.evidence.number)),
                    ])
                ))
        }
        if let router = facts.kubeRouter { pairs.append(("kube_router", .object([("line", .int(router.number))]))) }
        if !facts.announcers.isEmpty {
            pairs.append(
                ("announcers", .array(facts.announcers.map { .object([("kind", .string($0.kind.rawValue)), ("line", .int($0.evidence.number))]) })))
        }
        if let services = facts.services {
            pairs.append(
                (
                    "services",
                    .array(
                        services.map { s in
                            .object([
                                ("name", .string(s.name)), ("type", .string(s.type)),
                                ("cluster_ips", .array(s.clusterIPs.map { .string($0.description) })),
                                ("load_balancer_ips", .array(s.loadBalancerIPs.map { .string($0.description) })),
                                ("ports", .array(s.ports.map { .string("\($0.port)/\($0.protocolName)") })), ("line", .int(s.evidence.number)),
                            ])
                        })
                ))
        }
        if let slices = facts.endpointSlices {
            pairs.append(
                (
                    "endpoint_slices",
                    .array(
                        slices.map { e in
                            .object([
                                ("service", .string(e.service)), ("ready", .array(e.readyAddresses.map { .string($0.description) })),
                                ("ports", .array(e.ports.map { .string("\($0.port)/\($0.protocolName)") })), ("line", .int(e.evidence.number)),
                            ])
                        })
                ))
        }
        return pairs
    }
}
