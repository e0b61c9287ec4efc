import LVSModel

/// Combines several captures of one facet of a host. The first (richest) capture of each
/// facet is the reference; the others add what it lacks where that cannot contradict it,
/// and every contradiction is recorded as a disagreement.
enum CaptureMerger {
    static func addresses(_ captures: [ParsedCapture], into observation: inout HostObservation) {
        guard let reference = captures.first else { return }
        // A fleet's hosts each have one `ip addr`, whose interfaces are named once each: taken
        // as they are, shared, not appended one by one (`ip -o` repeats a name per address:
        // those are merged below).
        if captures.count == 1, observation.interfaces.isEmpty, namesOnce(reference.interfaces) {
            observation.interfaces = reference.interfaces
            return
        }
        let sameKind = captures.filter { $0.kind == reference.kind }
        for capture in sameKind {
            for interface in capture.interfaces {
                if let i = observation.interfaces.firstIndex(where: { $0.name == interface.name }) {
                    observation.interfaces[i].addresses += interface.addresses
                } else {
                    observation.interfaces.append(interface)
                }
            }
        }
        // Another format may show less (ifconfig hides unlabelled secondaries) but never
        // an address the reference lacks. Most hosts have one format: nothing to compare.
        guard captures.contains(where: { $0.kind != reference.kind }) else { return }
        let known = Set(observation.addresses.map { "\($0.prefix.address)" })
        for capture in captures where capture.kind != reference.kind {
            for address in capture.interfaces.flatMap(\.addresses) where !known.contains("\(address.prefix.address)") {
                observation.disagreements.append(
                    CaptureDisagreement(
                        message:
                            "\(address.prefix.address) on \(address.label ?? address.interface) is in \(capture.kind.rawValue) but not in \(reference.kind.rawValue) (\(reference.file.path)): were they captured at different times?",
                        evidence: [address.evidence]))
            }
        }
    }

    /// Whether no two interfaces share a name: compared pair by pair while there are a few.
    static func namesOnce(_ interfaces: [ObservedInterface]) -> Bool {
        if interfaces.count > 16 { return Set(interfaces.map(\.name)).count == interfaces.count }
        for later in interfaces.indices.dropFirst() {
            for earlier in 0..<later where interfaces[earlier].name == interfaces[later].name { return false }
        }
        return true
    }

    static func routes(_ captures: [ParsedCapture], into observation: inout HostObservation) {
        guard let reference = captures.first else { return }
        let sameKind = captures.filter { $0.kind == reference.kind }
        // One capture's routes are taken as they are, shared: a fleet's hosts each have one.
        observation.routes = sameKind.count == 1 ? reference.routes : sameKind.flatMap(\.routes)
        // Most hosts have one format: no other to compare with the reference.
        guard captures.contains(where: { $0.kind != reference.kind }) else { return }
        func key(_ r: ObservedRoute) -> String { "\(r.destination.network)/\(r.destination.length) \(r.gateway?.description ?? "-")" }
        let known = Set(observation.routes.filter { $0.table == "main" }.map(key))
        for capture in captures where capture.kind != reference.kind {
            for route in capture.routes where route.table == "main" && route.type == "unicast" && !known.contains(key(route)) {
                // Routes whose gateway is a name (captured without -n) cannot be compared.
                if case .name = route.gateway { continue }
                observation.disagreements.append(
                    CaptureDisagreement(
                        message:
                            "route to \(route.destination) \(route.gateway.map { "via \($0)" } ?? "on-link") is in \(capture.kind.rawValue) but not in \(reference.kind.rawValue) (\(reference.file.path))",
                        evidence: [route.evidence]))
            }
        }
    }

    static func sysctls(_ captures: [ParsedCapture], into observation: inout HostObservation) {
        // One capture (a host's `sysctl -a`) whose lines are of one file: nothing to contradict.
        if captures.count == 1, observation.sysctls.isEmpty,
            let file = captures[0].sysctls.first?.evidence.file, captures[0].sysctls.allSatisfy({ $0.evidence.file === file })
        {
            observation.sysctls.setAll(ofOneCapture: captures[0].sysctls)
            return
        }
        observation.sysctls.reserveCapacity(observation.sysctls.count + captures.reduce(0) { $0 + $1.sysctls.count })
        for capture in captures {
            for entry in capture.sysctls {
                if let existing = observation.sysctls.set(unlessContradicting: entry) {
                    observation.disagreements.append(
                        CaptureDisagreement(
                            message: "\(entry.key) is \(existing.value) in one capture and \(entry.value) in another; the first is used",
                            evidence: [existing.evidence, entry.evidence]))
                }
            }
        }
    }

    static func ipvs(_ captures: [ParsedCapture], into observation: inout HostObservation) {
        let tables = captures.compactMap { c in c.ipvs.map { (c, $0) } }
        guard let (referenceCapture, first) = tables.first else { return }
        var merged = first
        for (capture, table) in tables.dropFirst() {
            merged.headers += table.headers
            merged.pendingServices += table.pendingServices
            for service in table.services {
                guard let i = merged.services.firstIndex(where: { $0.key == service.key }) else {
                    observation.disagreements.append(
                        CaptureDisagreement(
                            message:
                                "\(service.key) is in \(capture.kind.rawValue) but not in \(referenceCapture.kind.rawValue) (\(referenceCapture.file.path))",
                            evidence: [service.evidence]))
                    merged.services.append(service)
                    continue
                }
                let differences = compare(merged.services[i], service, configuration: table.hasConfigurationColumns && merged.hasConfigurationColumns)
                if !differences.isEmpty {
                    observation.disagreements.append(
                        CaptureDisagreement(
                            message:
                                "\(service.key) differs between \(referenceCapture.kind.rawValue) and \(capture.kind.rawValue): \(differences.joined(separator: "; ")); \(referenceCapture.file.path) is used",
                            evidence: [merged.services[i].evidence, service.evidence]))
                }
            }
            for service in merged.services where table.services.contains(where: { $0.key == service.key }) == false && table.hasConfigurationColumns {
                observation.disagreements.append(
                    CaptureDisagreement(
                        message: "\(service.key) is in \(referenceCapture.kind.rawValue) but not in \(capture.kind.rawValue) (\(capture.file.path))",
                        evidence: [service.evidence] + table.headers))
            }
            if !merged.hasConfigurationColumns && table.hasConfigurationColumns {
                // A statistics listing came first only if nothing richer was there; take the richer table's facts.
                let pending = merged.pendingServices
                merged = IPVSTable(services: table.services, hasConfigurationColumns: true, headers: merged.headers)
                merged.pendingServices = pending
            }
        }
        observation.ipvs = merged
    }

    /// What differs between two captures of one service.
    static func compare(_ a: IPVSService, _ b: IPVSService, configuration: Bool) -> [String] {
        var out: [String] = []
        if configuration {
            if a.scheduler != b.scheduler { out.append("scheduler \(a.scheduler ?? "-") vs \(b.scheduler ?? "-")") }
            if a.persistence != b.persistence {
                out.append("persistence \(a.persistence.map(String.init) ?? "none") vs \(b.persistence.map(String.init) ?? "none")")
            }
        }
        func key(_ d: IPVSDestination) -> String { "\(d.address):\(d.port)" }
        let da = Dictionary(a.destinations.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        let db = Dictionary(b.destinations.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
        let onlyA = Set(da.keys).subtracting(db.keys).sorted(), onlyB = Set(db.keys).subtracting(da.keys).sorted()
        if !onlyA.isEmpty { out.append("only in the first: \(onlyA.joined(separator: ", "))") }
        if !onlyB.isEmpty { out.append("only in the second: \(onlyB.joined(separator: ", "))") }
        if configuration {
            for (k, x) in da.sorted(by: { $0.key < $1.key }) {
                guard let y = db[k] else { continue }
                if let fx = x.forwarding, let fy = y.forwarding, fx != fy, !(fx == .local || fy == .local) {
                    out.append("\(k) forwarding \(fx) vs \(fy)")
                }
                if let wx = x.weight, let wy = y.weight, wx != wy { out.append("\(k) weight \(wx) vs \(wy)") }
            }
        }
        return out
    }
}
