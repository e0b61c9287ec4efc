import LVSModel

/// Every rule lvslint runs, in report order. A test checks that each rule file under
/// `Rules/<FAMILY>/` is listed here and that ids and slugs are unique.
public enum Catalogue {
    public static let rules: [any Rule] = [
        RSVIPMissing(), RSVIPPrefix(), RSARPIgnore(), RSARPAnnounce(), RSVIPOnARPInterface(),
        RSNotOnDirectorSegment(), PortRemap(), RSGatewayViaDirector(), RSARPIgnoreAll(), RSNotListeningOnVIP(), RSRebalances(),
        DirectorNoForwarding(), RSReturnPath(), RSNotOnDirectorSubnet(), DirectorICMPRedirects(), RSHasVIP(), RSGatewayFixedDIP(), RSNotListening(),
        RSNoTunnel(), RSTunnelRPFilter(),
        DuplicateAddress(), VIPOnSeveralDirectors(), RIPNotConfigured(), InterfaceDown(), DirectorVIPMissing(),
        AddressDADFailed(), VIPUnanswered(),
        ServiceNotInTable(), UnexpectedService(), RealServerNotInTable(), UnexpectedRealServer(), ForwardingMismatch(),
        SchedulerMismatch(), WeightMismatch(), PersistenceMismatch(), ServiceNoUsableServer(), QuiescedServer(),
        TablesDifferBetweenDirectors(), NATRepliesMissing(),
        DRConnectionsStuck(), ConnectionsToRemovedServer(), TemplatesPinDrainedServer(), IdleRealServer(),
        SingleRealServer(), PortZeroNotPersistent(),
        CaptureUnparsedLine(), CaptureUnrecognised(), CaptureDisagreementRule(), CaptureMissing(),
        SysctlNotPersisted(), IPVSRulesNotSaved(), UnitNotEnabled(), AddressNotPersisted(), IPVSTimeoutsNotPersisted(),
        FirewallDropsService(),
        KeepalivedMethodDefaultsNAT(), KeepalivedProtocolDefaultsUDP(), KeepalivedRealServerPortReset(), KeepalivedVirtualServerIgnored(),
        KeepalivedVIPNotInVRRP(), KeepalivedQuorumAboveWeight(), KeepalivedDiffersFromDescription(), KeepalivedPairMismatch(),
        KeepalivedPriorityTie(), KeepalivedAdjustsConfig(), KeepalivedLineNotUnderstood(),
        VRRPPeersDisagree(), VRRPNopreemptIgnored(), VRRPInterfaceMissing(), VRRPAdvertsFiltered(), VRRPRouterIDShared(), VRRPUnicastAddressesWrong(),
        VRRPVIPOffInterfaceNetwork(),
        CheckerTCPOnUDPService(), InhibitWithPersistence(), CheckerPortNotListening(), SorryServerNeverUsed(),
        ConntrackOffStatefulFirewall(), DrainKeepsPersistentClients(), ConnReuseModeDelay(), SyncDaemonsMismatch(), ConnectionTableSmall(),
        RemovedServerConnectionsHang(), FailoverDropsMidstream(), IdleConnectionsExpire(),
        KubeServiceAddressNotLocal(), KubeAddressWithoutService(), KubeStrictARPOff(), KubeProxySysctlsChanged(), KubeTableShared(),
        KubeSchedulerNotAccepted(), KubeEndpointsDiffer(), KubeClusterCIDRMissesPods(),
        UnusedSuppression(),
    ]

    /// The sysctls `check` keeps from a capture: what some rule reads (`readsSysctls`) and
    /// what the lab sets to reproduce a host.
    public static let sysctlsRead: [String] = Array(Set(rules.flatMap(\.info.readsSysctls) + LabProof.sysctlsReproduced)).sorted()

    /// The names configurations and suppressions may use.
    public static var names: RuleNames { RuleNames(rules: rules.map { ($0.info.id, $0.info.slug) }) }

    public static func rule(named name: String) -> (any Rule)? {
        let key = name.lowercased()
        return rules.first { $0.info.id.lowercased() == key || $0.info.slug == key }
    }
}
