/// What a host's captures say it is: interfaces and addresses, routes, sysctls and the
/// IPVS table, each element citing the capture line it came from. Parsers build this;
/// rules read it.
public struct HostObservation: Sendable {
    /// The fields, kept once and shared by copies until one of them changes (copy on write).
    /// An observation is handed around by value (a dictionary of hosts, every rule's
    /// `require` for every real server); copying its forty-odd fields, a retain each, for
    /// every (service, real server) pair was a large part of a big check's time.
    private final class Storage: @unchecked Sendable {
        // Written only through a uniquely referenced storage (`HostObservation.unique`).
        var host: String
        var state: ObservedState = .runtime
        var derivedFacets: Set<CaptureFacet> = []
        var bootGaps: [CaptureFacet: Message] = [:]
        var configurationNotes: [ConfigurationNote] = []
        var overriddenSysctls: [(winner: SysctlEntry, earlier: SysctlEntry)] = []
        var maskedSysctls: [(entry: SysctlEntry, path: String, maskedBy: String)] = []
        var interfaces: [ObservedInterface] = []
        var routes: [ObservedRoute] = []
        var sysctls: SysctlTable = SysctlTable()
        var facts: HostFacts? = nil
        var ipvs: IPVSTable? = nil
        var captures: [CaptureKind: [CaptureFile]] = [:]
        var unparsedLines: [UnparsedLine] = []
        var unrecognisedFiles: [UnrecognisedFile] = []
        var unreadRegions: [UnreadRegion] = []
        var configurationFiles: [ConfigurationFile] = []
        var persistentSysctls: PersistentSysctls? = nil
        var persistentIPVS: PersistentIPVS = PersistentIPVS()
        var persistentAddresses: PersistentAddresses? = nil
        var failedCommands: [FailedCommand] = []
        var errorLines: [CaptureLine] = []
        var sectionsNotRead: [CaptureFile] = []
        var redactedAddresses: [CaptureLine] = []
        var connections: [IPVSConnection] = []
        var connectionTally: ConnectionTally = ConnectionTally()
        var units: [String: ServiceUnit] = [:]
        var listeners: [Listener] = []
        var connectionPaths: [ConnectionPathSummary]? = nil
        var modules: [String: CaptureLine] = [:]
        var arpFilter: ARPFilter? = nil
        var packetFilters: [PacketFilter] = []
        var disagreements: [CaptureDisagreement] = []
        var kernel: KernelRelease? = nil
        var ipvsTimeouts: IPVSTimeouts? = nil
        var syncDaemons: [SyncDaemon] = []
        var moduleParameters: [String: ModuleParameter] = [:]
        var ipsets: [IPSet] = []
        var kubernetes: KubernetesFacts = KubernetesFacts()

        init(host: String) { self.host = host }

        func copy() -> Storage {
            let copy = Storage(host: host)
            copy.state = state
            copy.derivedFacets = derivedFacets
            copy.bootGaps = bootGaps
            copy.configurationNotes = configurationNotes
            copy.overriddenSysctls = overriddenSysctls
            copy.maskedSysctls = maskedSysctls
            copy.interfaces = interfaces
            copy.routes = routes
            copy.sysctls = sysctls
            copy.facts = facts
            copy.ipvs = ipvs
            copy.captures = captures
            copy.unparsedLines = unparsedLines
            copy.unrecognisedFiles = unrecognisedFiles
            copy.unreadRegions = unreadRegions
            copy.configurationFiles = configurationFiles
            copy.persistentSysctls = persistentSysctls
            copy.persistentIPVS = persistentIPVS
            copy.persistentAddresses = persistentAddresses
            copy.failedCommands = failedCommands
            copy.errorLines = errorLines
            copy.sectionsNotRead = sectionsNotRead
            copy.redactedAddresses = redactedAddresses
            copy.connections = connections
            copy.connectionTally = connectionTally
            copy.units = units
            copy.listeners = listeners
            copy.connectionPaths = connectionPaths
            copy.modules = modules
            copy.arpFilter = arpFilter
            copy.packetFilters = packetFilters
            copy.disagreements = disagreements
            copy.kernel = kernel
            copy.ipvsTimeouts = ipvsTimeouts
            copy.syncDaemons = syncDaemons
            copy.moduleParameters = moduleParameters
            copy.ipsets = ipsets
            copy.kubernetes = kubernetes
            return copy
        }
    }

    private var storage: Storage

    /// The storage, made this value's own before it is changed.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var host: String {
        get { storage.host }
        set {
            unique().host = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.host
        }
    }
    /// Whether this is the host as captured now, or as its configuration files will build it at boot.
    public var state: ObservedState {
        get { storage.state }
        set {
            unique().state = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.state
        }
    }
    /// Facets derived from configuration files rather than captured (the boot state's
    /// addresses, routes, sysctls, table, units): they count as present for the rules.
    public var derivedFacets: Set<CaptureFacet> {
        get { storage.derivedFacets }
        set {
            unique().derivedFacets = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.derivedFacets
        }
    }
    /// For a host checked at boot: why a facet is not known from its configuration files.
    public var bootGaps: [CaptureFacet: Message] {
        get { storage.bootGaps }
        set {
            unique().bootGaps = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.bootGaps
        }
    }
    /// For a host checked at boot: what its configuration files leave unknown (an address
    /// from DHCP, a file nothing reads), each at its line.
    public var configurationNotes: [ConfigurationNote] {
        get { storage.configurationNotes }
        set {
            unique().configurationNotes = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.configurationNotes
        }
    }
    /// For a host checked at boot: sysctl assignments that a later file (or boot script)
    /// replaced with another value. A finding citing the later line says so: editing the
    /// earlier file would change nothing.
    public var overriddenSysctls: [(winner: SysctlEntry, earlier: SysctlEntry)] {
        get { storage.overriddenSysctls }
        set {
            unique().overriddenSysctls = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.overriddenSysctls
        }
    }
    /// For a host checked at boot: assignments in sysctl files that a same-named file in an
    /// earlier directory masks, with the masking file's path on the host.
    public var maskedSysctls: [(entry: SysctlEntry, path: String, maskedBy: String)] {
        get { storage.maskedSysctls }
        set {
            unique().maskedSysctls = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.maskedSysctls
        }
    }
    /// Changing it drops the derived `facts`.
    public var interfaces: [ObservedInterface] {
        get { storage.interfaces }
        set {
            unique().interfaces = newValue
            storage.facts = nil
        }
        _modify {
            let owned = unique()
            yield &owned.interfaces
            storage.facts = nil
        }
    }
    /// Changing it drops the derived `facts`.
    public var routes: [ObservedRoute] {
        get { storage.routes }
        set {
            unique().routes = newValue
            storage.facts = nil
        }
        _modify {
            let owned = unique()
            yield &owned.routes
            storage.facts = nil
        }
    }
    /// Changing it drops the derived `facts`.
    public var sysctls: SysctlTable {
        get { storage.sysctls }
        set {
            unique().sysctls = newValue
            storage.facts = nil
        }
        _modify {
            let owned = unique()
            yield &owned.sysctls
            storage.facts = nil
        }
    }
    /// Derived from `interfaces`, `routes` and `sysctls` once they are complete (`withFacts()`);
    /// nil again whenever one of them changes.
    public internal(set) var facts: HostFacts? {
        get { storage.facts }
        set {
            unique().facts = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.facts
        }
    }
    public var ipvs: IPVSTable? {
        get { storage.ipvs }
        set {
            unique().ipvs = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.ipvs
        }
    }
    /// The kinds of capture that were read for this host, and from which files.
    public var captures: [CaptureKind: [CaptureFile]] {
        get { storage.captures }
        set {
            unique().captures = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.captures
        }
    }
    /// Lines no parser understood, and files of no known kind.
    /// Changing it drops the derived `facts`.
    public var unparsedLines: [UnparsedLine] {
        get { storage.unparsedLines }
        set {
            unique().unparsedLines = newValue
            storage.facts = nil
        }
        _modify {
            let owned = unique()
            yield &owned.unparsedLines
            storage.facts = nil
        }
    }
    public var unrecognisedFiles: [UnrecognisedFile] {
        get { storage.unrecognisedFiles }
        set {
            unique().unrecognisedFiles = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.unrecognisedFiles
        }
    }
    /// Regions of capture files (often of a bundle) that no format was recognised in.
    /// Changing it drops the derived `facts`.
    public var unreadRegions: [UnreadRegion] {
        get { storage.unreadRegions }
        set {
            unique().unreadRegions = newValue
            storage.facts = nil
        }
        _modify {
            let owned = unique()
            yield &owned.unreadRegions
            storage.facts = nil
        }
    }
    /// Configuration files copied into a bundle (`==== file /etc/sysctl.conf (exit 0) ====`):
    /// what the host becomes at boot, kept apart from what it is now.
    public var configurationFiles: [ConfigurationFile] {
        get { storage.configurationFiles }
        set {
            unique().configurationFiles = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.configurationFiles
        }
    }
    /// What those files set at boot; nil when no sysctl configuration was captured.
    public var persistentSysctls: PersistentSysctls? {
        get { storage.persistentSysctls }
        set {
            unique().persistentSysctls = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.persistentSysctls
        }
    }
    /// How the IPVS table comes back at boot, from those files.
    public var persistentIPVS: PersistentIPVS {
        get { storage.persistentIPVS }
        set {
            unique().persistentIPVS = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.persistentIPVS
        }
    }
    /// The addresses the captured network configuration creates at boot; nil when none was captured.
    public var persistentAddresses: PersistentAddresses? {
        get { storage.persistentAddresses }
        set {
            unique().persistentAddresses = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.persistentAddresses
        }
    }
    /// Commands of a bundle that exited with an error (a tool not installed, a permission refused).
    public var failedCommands: [FailedCommand] {
        get { storage.failedCommands }
        set {
            unique().failedCommands = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.failedCommands
        }
    }
    /// Error lines a command printed amid output that was read (`collect` keeps stderr beside
    /// stdout): iproute2's `Error: Peer netns reference is invalid.` while another namespace
    /// is being deleted. Said as a note; the output around them is read.
    public var errorLines: [CaptureLine] {
        get { storage.errorLines }
        set {
            unique().errorLines = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.errorLines
        }
    }
    /// Sections of a `lvslint collect` bundle that no check reads yet (sockets, firewall,
    /// services): kept, not reported as unrecognised.
    public var sectionsNotRead: [CaptureFile] {
        get { storage.sectionsNotRead }
        set {
            unique().sectionsNotRead = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.sectionsNotRead
        }
    }
    /// Addresses that were masked in the capture (`XXX.XXX.XXX.XX1`): seen, not usable.
    public var redactedAddresses: [CaptureLine] {
        get { storage.redactedAddresses }
        set {
            unique().redactedAddresses = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.redactedAddresses
        }
    }
    /// IPVS connection entries (`ipvsadm -Lnc`, /proc/net/ip_vs_conn), one by one: all of them
    /// for `lvslint parse`; for `check`, only those printed with names to resolve.
    public var connections: [IPVSConnection] {
        get { storage.connections }
        set {
            unique().connections = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.connections
        }
    }
    /// For `check`, the other entries, counted per path as they were read (`connectionCount`).
    public var connectionTally: ConnectionTally {
        get { storage.connectionTally }
        set {
            unique().connectionTally = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.connectionTally
        }
    }
    /// Service units: whether each is enabled at boot and whether it runs now.
    public var units: [String: ServiceUnit] {
        get { storage.units }
        set {
            unique().units = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.units
        }
    }
    /// Listening sockets.
    public var listeners: [Listener] {
        get { storage.listeners }
        set {
            unique().listeners = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.listeners
        }
    }
    /// `connectionTally` with `connections` added, once the names in them are resolved (`pathSummaries`).
    public var connectionPaths: [ConnectionPathSummary]? {
        get { storage.connectionPaths }
        set {
            unique().connectionPaths = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.connectionPaths
        }
    }
    /// Loaded kernel modules by name, each with its line (`lsmod`, /proc/modules).
    public var modules: [String: CaptureLine] {
        get { storage.modules }
        set {
            unique().modules = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.modules
        }
    }
    /// ARP filter rules (`arptables -L -n`); nil when none were captured.
    public var arpFilter: ARPFilter? {
        get { storage.arpFilter }
        set {
            unique().arpFilter = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.arpFilter
        }
    }
    /// Packet filter tables (`iptables-save`, `ip6tables-save`); empty when none were captured.
    public var packetFilters: [PacketFilter] {
        get { storage.packetFilters }
        set {
            unique().packetFilters = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.packetFilters
        }
    }
    /// Places where two captures of one host contradict each other.
    public var disagreements: [CaptureDisagreement] {
        get { storage.disagreements }
        set {
            unique().disagreements = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.disagreements
        }
    }
    /// The running kernel's release; nil when not captured.
    public var kernel: KernelRelease? {
        get { storage.kernel }
        set {
            unique().kernel = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.kernel
        }
    }
    /// IPVS's connection timeouts (`ipvsadm -L --timeout`); nil when not captured.
    public var ipvsTimeouts: IPVSTimeouts? {
        get { storage.ipvsTimeouts }
        set {
            unique().ipvsTimeouts = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.ipvsTimeouts
        }
    }
    /// Connection sync daemons (`ipvsadm -L --daemon`): empty when none run, or when not
    /// captured (`has(.syncDaemons)` tells them apart).
    public var syncDaemons: [SyncDaemon] {
        get { storage.syncDaemons }
        set {
            unique().syncDaemons = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.syncDaemons
        }
    }
    /// Kernel module parameters by `module.name` (`ip_vs.conn_tab_bits`).
    public var moduleParameters: [String: ModuleParameter] {
        get { storage.moduleParameters }
        set {
            unique().moduleParameters = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.moduleParameters
        }
    }
    /// IP sets (`ipset save`, `ipset list`): kube-proxy's `KUBE-*` sets on a Kubernetes node.
    public var ipsets: [IPSet] {
        get { storage.ipsets }
        set {
            unique().ipsets = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.ipsets
        }
    }
    /// What those documents say.
    public var kubernetes: KubernetesFacts {
        get { storage.kubernetes }
        set {
            unique().kubernetes = newValue
        }
        _modify {
            let owned = unique()
            yield &owned.kubernetes
        }
    }
    /// Kubernetes documents found among the captures (kube-proxy's configuration, kubectl
    /// output, manifests), kept whole until LVSDescription's reader fills `kubernetes`.
    public var kubernetesDocuments: [CaptureFile] { captures[.kubernetes] ?? [] }

    public init(host: String) { storage = Storage(host: host) }

    public func has(_ facet: CaptureFacet) -> Bool {
        if let facts { return facts.has(facet) }
        return derivedFacets.contains(facet) || captures.keys.contains { $0.facet == facet }
    }

    /// True when some command's output was captured for this host (not only configuration files).
    public var hasRuntimeCaptures: Bool {
        !captures.isEmpty || !failedCommands.isEmpty || !sectionsNotRead.isEmpty || !unreadRegions.isEmpty
    }

    /// When every address capture of the host is of a kind that leaves some addresses out
    /// (net-tools `ifconfig` hides unlabelled secondaries), what they leave out; nil when
    /// some capture shows every address, or none was made.
    public var hiddenAddresses: HiddenAddresses? {
        let kinds = captures.keys.filter { $0.facet == .addresses }.sorted()
        guard !kinds.isEmpty, kinds.allSatisfy({ $0.omits != nil }) else { return nil }
        return HiddenAddresses(kinds: kinds)
    }

    public func interface(named name: String) -> ObservedInterface? {
        if let facts { return facts.interfaceSlot(named: name).map { interfaces[$0] } }
        return interfaces.first { $0.name == name }
    }

    /// Every address on the host, with the interface that holds it.
    public var addresses: [ObservedAddress] { interfaces.flatMap(\.addresses) }

    /// The first address, in interface order, that `predicate` accepts: `addresses.first(where:)`
    /// without gathering every address first (asked per real server of a fleet).
    public func firstAddress(where predicate: (ObservedAddress) -> Bool) -> ObservedAddress? {
        for interface in interfaces {
            if let found = interface.addresses.first(where: predicate) { return found }
        }
        return nil
    }

    /// Whether any interface holds `address`: `addresses(equalTo:)` without copying them.
    public func holds(_ address: IPAddress) -> Bool {
        if let facts { return facts.firstAddressSlot[address] != nil }
        return interfaces.contains { $0.addresses.contains { $0.prefix.address == address } }
    }

    /// The first of `addresses(equalTo:)`, without gathering the others.
    public func firstAddress(equalTo address: IPAddress) -> ObservedAddress? {
        if let facts {
            guard let first = facts.firstAddressSlot[address] else { return nil }
            let slot = facts.addressSlots[Int(first)]
            return interfaces[Int(slot.interface)].addresses[Int(slot.address)]
        }
        return addresses.first { $0.prefix.address == address }
    }

    /// Whether an interface ARP reaches (`ObservedInterface.doesARP`, the interface found by
    /// the name each address gives) holds `address`: what a real-server rule asks per pair
    /// to tell the active director, without copying the addresses and interfaces out.
    public func holdsWhereARPReaches(_ address: IPAddress) -> Bool {
        guard let facts else { return addresses(equalTo: address).contains { interface(named: $0.interface)?.doesARP == true } }
        let interfaces = self.interfaces
        var next = facts.firstAddressSlot[address] ?? -1
        while next >= 0 {
            let slot = facts.addressSlots[Int(next)]
            if let holder = facts.interfaceSlot(named: interfaces[Int(slot.interface)].addresses[Int(slot.address)].interface),
                interfaces[holder].doesARP
            {
                return true
            }
            next = slot.next
        }
        return false
    }

    public func addresses(equalTo address: IPAddress) -> [ObservedAddress] {
        if let facts {
            var held: [ObservedAddress] = []
            var next = facts.firstAddressSlot[address] ?? -1
            while next >= 0 {
                let slot = facts.addressSlots[Int(next)]
                held.append(interfaces[Int(slot.interface)].addresses[Int(slot.address)])
                next = slot.next
            }
            return held
        }
        return addresses.filter { $0.prefix.address == address }
    }
}

/// Which state of a host an observation describes, and so every finding made on it.
public enum ObservedState: String, Sendable, Codable {
    /// What commands printed on the running host.
    case runtime
    /// What the host's configuration files will build at boot: planned, not observed.
    case boot
}

/// A family of captures: several formats can supply each.
public enum CaptureFacet: String, Sendable, Codable, CaseIterable {
    case addresses, routes, sysctls, ipvs
    /// Totals and connection entries: read, not needed by any check.
    case ipvsActivity = "ipvs-activity"
    /// Which units are enabled at boot and which run now (`systemctl list-unit-files`, `list-units`).
    case services
    /// Listening sockets (`ss -ltnu`, `netstat -ltnu`).
    case listeners
    /// ARP filter rules (`arptables -L -n`).
    case arpFilter = "arp-filter"
    /// Packet filter rules (`iptables-save`, `nft list ruleset`).
    case firewall
    /// Loaded kernel modules (`lsmod`, /proc/modules): ip_vs says a host can direct.
    case modules
    /// The running kernel's release (`uname -r`).
    case kernel
    /// IPVS's connection timeouts (`ipvsadm -L --timeout`).
    case ipvsTimeouts = "ipvs-timeouts"
    /// Connection sync daemons (`ipvsadm -L --daemon`).
    case syncDaemons = "sync-daemons"
    /// Kernel module parameters (/sys/module/ip_vs/parameters/*).
    case moduleParameters = "module-parameters"
    /// IP sets (`ipset save`): kube-proxy's `KUBE-*` sets.
    case ipsets
    /// Kubernetes documents: kube-proxy's configuration, kubectl's Services and EndpointSlices.
    case kubernetes

    /// What to run on the host to capture it.
    public var command: String {
        switch self {
        case .addresses: return "ip -d addr"
        case .routes: return "ip route show table all"
        case .sysctls: return "sysctl -a"
        case .ipvs: return "ipvsadm -Ln"
        case .ipvsActivity: return "ipvsadm -Lnc"
        case .services: return "systemctl list-unit-files --type=service; systemctl list-units --type=service --all"
        case .listeners: return "ss -ltnu"
        case .arpFilter: return "arptables -L -n"
        case .firewall: return "iptables-save; nft list ruleset"
        case .modules: return "lsmod"
        case .kernel: return "uname -r"
        case .ipvsTimeouts: return "ipvsadm -L --timeout"
        case .syncDaemons: return "ipvsadm -L --daemon"
        case .moduleParameters: return "grep -H . /sys/module/ip_vs/parameters/*"
        case .ipsets: return "ipset save"
        case .kubernetes: return "kubectl get cm -n kube-system kube-proxy -o yaml; kubectl get svc,endpointslices -A -o yaml"
        }
    }

    public var noun: String { nounText.description }

    public var nounText: Message {
        switch self {
        case .addresses: return "address capture (ip addr or ifconfig)"
        case .routes: return "route capture (ip route or route -n)"
        case .sysctls: return "sysctl capture (sysctl -a)"
        case .ipvs: return "IPVS table capture (ipvsadm -Ln)"
        case .ipvsActivity: return "IPVS connection capture (ipvsadm -Lnc)"
        case .services: return "capture of service units (systemctl list-unit-files and list-units)"
        case .listeners: return "capture of listening sockets (ss -ltnu or netstat -ltnu)"
        case .arpFilter: return "capture of ARP filter rules (arptables -L -n)"
        case .firewall: return "capture of the packet filter (iptables-save, nft list ruleset or iptables -L -n -v)"
        case .modules: return "module list (lsmod or /proc/modules)"
        case .kernel: return "kernel release (uname -r)"
        case .ipvsTimeouts: return "IPVS timeouts (ipvsadm -L --timeout)"
        case .syncDaemons: return "sync daemon list (ipvsadm -L --daemon)"
        case .moduleParameters: return "IPVS module parameters (/sys/module/ip_vs/parameters)"
        case .ipsets: return "IP sets (ipset save or ipset list)"
        case .kubernetes: return "Kubernetes documents (kube-proxy's configuration, kubectl get svc,endpointslices)"
        }
    }
}

public struct UnparsedLine: Sendable {
    public var line: CaptureLine
    public var kind: CaptureKind
    public var reason: Message

    public init(line: CaptureLine, kind: CaptureKind, reason: Message) {
        self.line = line
        self.kind = kind
        self.reason = reason
    }
}

public struct UnrecognisedFile: Sendable {
    public var file: CaptureFile
    public var reason: Message

    public init(file: CaptureFile, reason: Message) {
        self.file = file
        self.reason = reason
    }
}

/// A command of a bundle that did not succeed, with the first line it printed.
public struct FailedCommand: Sendable {
    public var command: String
    public var status: Int
    public var output: CaptureLine?
    public var file: CaptureFile
    /// True when what it printed was still read as its format: a command's output is evidence
    /// whatever its status (CentOS 7's `sysctl -a` exits 255 over a few unreadable keys).
    public var outputRead: Bool

    public init(command: String, status: Int, output: CaptureLine?, file: CaptureFile, outputRead: Bool = false) {
        self.command = command
        self.status = status
        self.output = output
        self.file = file
        self.outputRead = outputRead
    }
}

/// Addresses the network configuration assigns at boot, each with the line that does it.
public struct PersistentAddresses: Sendable {
    public var addresses: [(address: IPAddress, line: CaptureLine)] = []

    public init() {}

    public func line(assigning address: IPAddress) -> CaptureLine? {
        addresses.first { $0.address == address }?.line
    }
}

/// What the copied configuration says about the IPVS table at boot.
public struct PersistentIPVS: Sendable {
    /// The saved rules (`ipvsadm-save -n > /etc/sysconfig/ipvsadm` or `/etc/ipvsadm.rules`).
    public var savedPath: String?
    public var saved: IPVSTable?
    /// Debian's `/etc/default/ipvsadm` AUTO= line, if the file was captured.
    public var debianAuto: CaptureLine?
    public var debianAutoValue: String?
    /// A keepalived configuration line holding `virtual_server`: keepalived builds the table.
    public var keepalivedVirtualServer: CaptureLine?
    /// What sets IPVS's timeouts at boot: keepalived's `lvs_timeouts` or an `ipvsadm --set` in
    /// rc.local, with the values it gives (nil for one it leaves as it is).
    public var timeouts: BootTimeouts?

    public init() {}
}

/// IPVS timeouts a boot-time configuration sets (`lvs_timeouts tcp 7200 udp 60`, `ipvsadm --set 7200 120 60`).
public struct BootTimeouts: Sendable {
    public var tcp: Int?
    public var tcpFin: Int?
    public var udp: Int?
    public var line: CaptureLine

    public init(tcp: Int?, tcpFin: Int?, udp: Int?, line: CaptureLine) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
        self.line = line
    }
}

/// A socket waiting for connections (TCP LISTEN) or datagrams (UDP).
public struct Listener: Sendable {
    public var protocolName: String  // tcp | udp
    /// Nil for a wildcard bind (`0.0.0.0`, `*`, `[::]`, `::`), which takes every local address.
    public var address: IPAddress?
    public var port: Int
    public var evidence: CaptureLine

    public init(protocolName: String, address: IPAddress?, port: Int, evidence: CaptureLine) {
        self.protocolName = protocolName
        self.address = address
        self.port = port
        self.evidence = evidence
    }

    /// Whether a packet for `destination:port` reaches this socket.
    public func accepts(_ destination: IPAddress, port: Int, protocolName: String) -> Bool {
        guard self.port == port, self.protocolName == protocolName else { return false }
        guard let address else { return true }
        return address == destination
    }
}

/// A systemd unit as `systemctl` listed it.
public struct ServiceUnit: Sendable {
    public var name: String
    /// From list-unit-files: enabled, disabled, static, masked, indirect, generated, …
    public var fileState: String?
    public var fileEvidence: CaptureLine?
    /// From list-units: active, inactive, failed, …
    public var activeState: String?
    public var activeEvidence: CaptureLine?

    public init(name: String) { self.name = name }

    public var isActive: Bool { activeState == "active" }
    public var isEnabled: Bool { fileState == "enabled" || fileState == "enabled-runtime" }
}

/// A file copied from the host into a bundle, as it was on the host's disk.
public struct ConfigurationFile: Sendable {
    /// Its path on the host (`/etc/sysctl.d/90-lvs.conf`).
    public var path: String
    public var capture: CaptureFile
    /// False when the collector could not read it.
    public var readable: Bool
    /// For a symbolic link (a unit's `*.wants/` link, a unit masked to /dev/null): where it
    /// points. Read as a link, never followed; its name says what it enables.
    public var linkTarget: String?

    public init(path: String, capture: CaptureFile, readable: Bool, linkTarget: String? = nil) {
        self.path = path
        self.capture = capture
        self.readable = readable
        self.linkTarget = linkTarget
    }
}

/// A fact a configuration file leaves unknown before boot, at the line that says so.
public struct ConfigurationNote: Sendable {
    public var line: CaptureLine
    public var reason: Message

    public init(line: CaptureLine, reason: Message) {
        self.line = line
        self.reason = reason
    }
}

/// Two captures of one host that say different things about the same fact.
public struct CaptureDisagreement: Sendable {
    public var message: Message
    public var evidence: [CaptureLine]

    public init(message: Message, evidence: [CaptureLine]) {
        self.message = message
        self.evidence = evidence
    }
}

/// The names an `ipvsadm -Lc` entry printed for its virtual and destination addresses.
final class PrintedNames: Sendable {
    let virtual: PrintedName?
    let destination: PrintedName?

    init(virtual: PrintedName?, destination: PrintedName?) {
        self.virtual = virtual
        self.destination = destination
    }
}

/// One IPVS connection entry. `ipvsadm -Lc` (without -n) prints names: an address or
/// port that was printed as a name lvslint has not resolved is nil, the name kept beside it.
public struct IPVSConnection: Sendable {
    public var protocolName: String
    public var state: String
    public var client: IPAddress?
    public var clientPort: Int?
    public var virtual: IPAddress?
    public var virtualPort: Int?
    public var destination: IPAddress?
    public var destinationPort: Int?
    /// The `host:port` fields as printed, where a part was a name.
    public var virtualName: PrintedName? {
        get { names?.virtual }
        set { names = newValue == nil && names?.destination == nil ? nil : PrintedNames(virtual: newValue, destination: names?.destination) }
    }
    public var destinationName: PrintedName? {
        get { names?.destination }
        set { names = newValue == nil && names?.virtual == nil ? nil : PrintedNames(virtual: names?.virtual, destination: newValue) }
    }
    public var evidence: CaptureLine
    /// Names are rare (`ipvsadm -Lc` only): boxed, so that a busy director's million `-Lnc`
    /// entries do not each carry room for two.
    private var names: PrintedNames?

    /// True when the entry was printed with a name (`ipvsadm -Lc`) that may need resolving.
    public var hasPrintedNames: Bool { names != nil }

    /// TCP, however the listing spelled it.
    public var isTCP: Bool { Self.same(protocolName, "TCP") }

    /// The entry's protocol as a service names it; nil for one IPVS does not balance.
    public var transport: ServiceProtocol? {
        if Self.same(protocolName, "TCP") { return .tcp }
        if Self.same(protocolName, "UDP") { return .udp }
        if Self.same(protocolName, "SCTP") { return .sctp }
        return nil
    }

    /// Whether the entry is in `state` (`SYN_RECV`, `ESTABLISHED`, `NONE` for a persistence
    /// template), compared without regard to case and without making a string.
    public func isIn(_ state: StaticString) -> Bool { Self.same(self.state, state) }

    static func same(_ text: String, _ upper: StaticString) -> Bool {
        let count = upper.utf8CodeUnitCount
        guard text.utf8.count == count else { return false }
        return upper.withUTF8Buffer { expected in
            var i = 0
            for b in text.utf8 {
                let folded = b >= 97 && b <= 122 ? b - 32 : b
                if folded != expected[i] { return false }
                i += 1
            }
            return true
        }
    }

    public init(
        protocolName: String, state: String, client: IPAddress?, clientPort: Int?, virtual: IPAddress?, virtualPort: Int?,
        destination: IPAddress?, destinationPort: Int?, evidence: CaptureLine
    ) {
        self.protocolName = protocolName
        self.state = state
        self.client = client
        self.clientPort = clientPort
        self.virtual = virtual
        self.virtualPort = virtualPort
        self.destination = destination
        self.destinationPort = destinationPort
        self.evidence = evidence
    }
}
