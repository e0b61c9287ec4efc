import LVSModel

/// TUN002: strict reverse-path filtering drops decapsulated packets.
public struct RSTunnelRPFilter: Rule {
    public init() {}

    public let info = RuleInfo(
        id: "TUN002", slug: "rs-tunnel-rp-filter", title: "Strict rp_filter on the real server's tunnel",
        severity: .error, scope: .methods([.tun]),
        summary:
            "Effective rp_filter on the tunnel interface is 1 (strict): decapsulated packets are dropped (classic: tunl0.rp_filter=0 while all.rp_filter=1).",
        needs: [.addresses, .sysctls],
        checks:
            "On each IPIP tunnel interface of a TUN real server, max(net.ipv4.conf.all.rp_filter, net.ipv4.conf.<tunnel>.rp_filter) must be 0 or 2.",
        mechanism: """
            After decapsulation the client's packet appears to arrive on tunl0 with the client's address as \
            source. Strict reverse-path filtering (1) accepts it only if the route back to the client leaves \
            through tunl0, which it never does (it leaves through eth0), so the packet is dropped. The kernel uses \
            the maximum of conf.all and conf.tunl0: setting tunl0 to 0 is useless while all is 1. The kernel's \
            own default is 0, but distributions set it at boot: RHEL 7 to 9 ship strict mode (rp_filter = 1 in \
            /usr/lib/sysctl.d/50-default.conf; Red Hat reverted systemd's 2018 switch to loose), so TUN real \
            servers there hit this out of the box; upstream systemd (240 and later) and Ubuntu ship loose mode \
            (2, applied to every interface by `net.ipv4.conf.*.rp_filter = 2`, tunl0 included), which lets the \
            packets through; Debian ships no rp_filter setting (Debian 12's systemd installs only \
            50-pid-max.conf), so the kernel's 0 stands. A hardening baseline (CIS, STIG) that sets 1 brings the \
            problem back anywhere.
            """,
        symptom:
            "Clients hang; `nstat -az TcpExtIPReversePathFilter` (or IPReversePathFilter) rises on the real server; tcpdump on tunl0 shows the packets arriving.",
        fix: RuleFix(
            summary: "Set rp_filter to 0 (or 2) on both `all` and the tunnel interface.",
            runtime: ["sysctl -w net.ipv4.conf.all.rp_filter=0", "sysctl -w net.ipv4.conf.tunl0.rp_filter=0"],
            persistentRHEL: [
                "printf 'net.ipv4.conf.all.rp_filter = 0\\nnet.ipv4.conf.tunl0.rp_filter = 0\\n' > /etc/sysctl.d/90-lvs-tun.conf (tunl0 exists only after ipip loads: load it at boot first)"
            ],
            persistentDebian: [
                "printf 'net.ipv4.conf.all.rp_filter = 0\\nnet.ipv4.conf.tunl0.rp_filter = 0\\n' > /etc/sysctl.d/90-lvs-tun.conf (and ipip in /etc/modules)"
            ]),
        references: [
            "Linux Documentation/networking/ip-sysctl.rst, rp_filter: \"The max value from conf/{all,interface}/rp_filter is used\"",
            "include/linux/inetdevice.h: IN_DEV_RPFILTER uses IN_DEV_MAXCONF",
            "systemd pull request 10971 (sysctl.d: rp_filter from 1 to 2, systemd 240); systemd-rhel pull request 292 (reverted for RHEL, bug 1653824)",
        ],
        readsSysctls: ["rp_filter"])

    public func check(_ context: CheckContext, _ report: inout RuleReport) {
        for target in context.targets([.tun]) {
            guard let observation = report.require([.addresses, .sysctls], of: target, in: context) else { continue }
            for tunnel in observation.interfaces where tunnel.isTunnel {
                guard let rp = report.sysctl("rp_filter", on: tunnel.name, of: observation), rp.value == 1 else { continue }
                report.add(
                    host: target.host.name, service: target.service.label,
                    message:
                        "\(target.host.name) drops what arrives through \(tunnel.name): \(rp.explanation) is strict reverse-path filtering\(rp.missingNote)",
                    location: target.server.location, evidence: unique([tunnel.evidence.evidence] + rp.evidence),
                    key: "\(target.host.name)|\(tunnel.name)")
            }
        }
    }
}
