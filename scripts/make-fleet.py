#!/usr/bin/env python3
"""Writes a generated LVS-DR fleet for benchmarks and scale tests.

    python3 scripts/make-fleet.py OUT --real-servers N [--services S] [--directors D] [--faults]

OUT/cluster.yaml describes D directors (an active/backup pair by default) and N real
servers serving S services; OUT/captures/<host>/ holds, per host, what a real host prints:
`ip -d addr` (lo, two Ethernet interfaces, a docker bridge), `ip route show table all`,
a full `sysctl -a` (over 900 lines, per-interface keys for every interface), and on the
directors `ipvsadm -Ln` with a row per service and real server.

Addresses come from the documentation ranges only, which hold 480 usable IPv4 real-server
addresses (198.51.100.10-249 and 203.0.113.10-249) but any number of IPv6 ones: the fleet is
dual-stack. Every real server has an IPv6 RIP in 2001:db8:1::/64; the first 480 also have an
IPv4 RIP. The even-numbered services have IPv4 VIPs (192.0.2.100+) and the IPv4 real
servers; the odd-numbered ones have IPv6 VIPs (2001:db8::100+) and every real server.

OUT/fleet.json gives its size: real servers, services, directors, and the (service, real
server) pairs the rules join.

The fleet is clean by construction: `lvslint check` reports nothing. With --faults, a known
set of problems is planted (see FAULTS below) and written to OUT/expected-faults.tsv, which
the scale test compares with what lvslint reports.
"""

import argparse
import json
import ipaddress
import os
import random

# What --faults plants: (rule, every Nth real server).
FAULTS = [("DR003", 7), ("DR001", 11), ("IPVS007", 13), ("IPVS003", 17)]


IPV4_REAL_SERVERS = 480


def rip4(i):
    """The i-th real server's IPv4 address, for the first 480."""
    return f"198.51.100.{10 + i}" if i < 240 else f"203.0.113.{10 + i - 240}"


def rip6(i):
    return f"2001:db8:1::{i + 16:x}"


def vip(s):
    """Even services: IPv4 VIPs; odd services: IPv6 VIPs."""
    return f"192.0.2.{100 + s // 2}" if s % 2 == 0 else f"2001:db8::{0x100 + s // 2:x}"


def mac(n):
    return "52:54:00:%02x:%02x:%02x" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)


IPV4_CONF = [
    "accept_local",
    "accept_redirects",
    "accept_source_route",
    "arp_accept",
    "arp_announce",
    "arp_filter",
    "arp_ignore",
    "arp_notify",
    "bc_forwarding",
    "bootp_relay",
    "disable_policy",
    "disable_xfrm",
    "drop_gratuitous_arp",
    "drop_unicast_in_l2_multicast",
    "force_igmp_version",
    "forwarding",
    "igmpv2_unsolicited_report_interval",
    "igmpv3_unsolicited_report_interval",
    "ignore_routes_with_linkdown",
    "log_martians",
    "mc_forwarding",
    "medium_id",
    "promote_secondaries",
    "proxy_arp",
    "proxy_arp_pvlan",
    "route_localnet",
    "rp_filter",
    "secure_redirects",
    "send_redirects",
    "shared_media",
    "src_valid_mark",
    "tag",
]
IPV6_CONF = [
    "accept_dad",
    "accept_ra",
    "accept_ra_defrtr",
    "accept_ra_from_local",
    "accept_ra_min_hop_limit",
    "accept_ra_mtu",
    "accept_ra_pinfo",
    "accept_ra_rt_info_max_plen",
    "accept_ra_rt_info_min_plen",
    "accept_ra_rtr_pref",
    "accept_redirects",
    "accept_source_route",
    "addr_gen_mode",
    "autoconf",
    "dad_transmits",
    "disable_ipv6",
    "disable_policy",
    "drop_unicast_in_l2_multicast",
    "drop_unsolicited_na",
    "enhanced_dad",
    "force_mld_version",
    "force_tllao",
    "forwarding",
    "hop_limit",
    "ignore_routes_with_linkdown",
    "keep_addr_on_down",
    "max_addresses",
    "max_desync_factor",
    "mc_forwarding",
    "mldv1_unsolicited_report_interval",
    "mldv2_unsolicited_report_interval",
    "mtu",
    "ndisc_notify",
    "ndisc_tclass",
    "proxy_ndp",
    "regen_max_retry",
    "router_probe_interval",
    "router_solicitation_delay",
    "router_solicitation_interval",
    "router_solicitation_max_interval",
    "router_solicitations",
    "seg6_enabled",
    "seg6_require_hmac",
    "suppress_frag_ndisc",
    "temp_prefered_lft",
    "temp_valid_lft",
    "use_oif_addrs_only",
    "use_tempaddr",
]
NEIGH = [
    "anycast_delay",
    "app_solicit",
    "base_reachable_time_ms",
    "delay_first_probe_time",
    "gc_stale_time",
    "interval_probe_time_ms",
    "locktime",
    "mcast_resolicit",
    "mcast_solicit",
    "proxy_delay",
    "proxy_qlen",
    "retrans_time_ms",
    "ucast_solicit",
    "unres_qlen",
    "unres_qlen_bytes",
]


def sysctl_a(interfaces, arp_ignore=1, arp_announce=2, forwarding=0):
    """A full `sysctl -a` as procps prints it (sorted keys), with the ARP settings given."""
    rng = random.Random(len(interfaces))
    lines = {}
    for i in range(130):
        lines[f"kernel.sched_param_{i:03d}"] = str(rng.randint(0, 100000))
    lines.update(
        {
            "kernel.hostname": "host",
            "kernel.osrelease": "5.14.0-427.el9.x86_64",
            "kernel.pid_max": "4194304",
            "kernel.printk": "4\t4\t1\t7",
            "kernel.randomize_va_space": "2",
        }
    )
    for i in range(45):
        lines[f"vm.param_{i:02d}"] = str(rng.randint(0, 1000))
    for i in range(55):
        lines[f"fs.param_{i:02d}"] = str(rng.randint(0, 1000))
    for i in range(40):
        lines[f"net.core.param_{i:02d}"] = str(rng.randint(0, 100000))
    for i in range(110):
        lines[f"net.ipv4.tcp_param_{i:03d}"] = str(rng.randint(0, 100000))
    lines["net.ipv4.ip_forward"] = str(forwarding)
    lines["net.ipv4.ip_local_port_range"] = "32768\t60999"
    for device in ["all", "default"] + interfaces:
        for key in IPV4_CONF:
            value = "0"
            if key == "arp_ignore" and device == "all":
                value = str(arp_ignore)
            elif key == "arp_announce" and device == "all":
                value = str(arp_announce)
            elif key == "forwarding":
                value = str(forwarding)
            elif key in ("accept_redirects", "secure_redirects", "send_redirects", "promote_secondaries"):
                value = "1"
            elif key == "rp_filter":
                value = "1" if device in ("all", "default") else "0"
            lines[f"net.ipv4.conf.{device}.{key}"] = value
        for key in NEIGH:
            lines[f"net.ipv4.neigh.{device}.{key}"] = str(rng.randint(0, 3000))
        for key in IPV6_CONF:
            lines[f"net.ipv6.conf.{device}.{key}"] = "1" if key in ("autoconf", "accept_ra", "accept_dad") else "0"
    return "".join(f"{k} = {v}\n" for k, v in sorted(lines.items()))


def ip_addr(index, v4, v6, vips_on_lo=(), vips_on_eth0=(), docker=True):
    """`ip -d addr` of a host: lo (with VIPs for a real server), eth0 (its addresses and a
    director's VIPs), eth1 (a management network), docker0 (down)."""

    def inet(address, prefix, where, brd=True):
        if ":" in address:
            return [f"    inet6 {address}/{prefix} scope global nodad ", "       valid_lft forever preferred_lft forever"]
        b = f" brd {ipaddress.IPv4Network(f'{address}/{prefix}', strict=False).broadcast_address}" if brd and prefix < 32 else ""
        return [f"    inet {address}/{prefix}{b} scope global {where}", "       valid_lft forever preferred_lft forever"]

    out = [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 numtxqueues 1 numrxqueues 1 "
        "gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
    ]
    for n, v in enumerate(vips_on_lo):
        out += inet(v, 128 if ":" in v else 32, f"lo:{n}")
    out += ["    inet6 ::1/128 scope host ", "       valid_lft forever preferred_lft forever"]
    out += [
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000",
        f"    link/ether {mac(index * 4 + 1)} brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 9000 numtxqueues 4 numrxqueues 4 "
        "gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 parentbus virtio parentdev virtio0",
        "    altname enp1s0",
    ]
    for address, prefix in v4:
        out += inet(address, prefix, "noprefixroute eth0" if not out[-2].startswith("    inet ") else "secondary eth0")
    for n, v in enumerate(vips_on_eth0):
        if ":" not in v:
            out += inet(v, 32, f"eth0:{n}")
    for address, prefix in v6:
        out += inet(address, prefix, "eth0")
    for v in vips_on_eth0:
        if ":" in v:
            out += inet(v, 128, "eth0")
    out += [
        f"    inet6 fe80::5054:ff:fe{(index >> 8) & 255:02x}:{index & 255:02x}01/64 scope link noprefixroute ",
        "       valid_lft forever preferred_lft forever",
        "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000",
        f"    link/ether {mac(index * 4 + 2)} brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 9000 numtxqueues 4 numrxqueues 4 "
        "gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 parentbus virtio parentdev virtio1",
        "    altname enp2s0",
        f"    inet6 2001:db8:ffff::{index + 1:x}/64 scope global ",
        "       valid_lft forever preferred_lft forever",
    ]
    if docker:
        out += [
            "4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default",
            f"    link/ether {mac(index * 4 + 3)} brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 ",
            "    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol "
            "802.1Q bridge_id 8000.2:42:ac:11:0:1 designated_root 8000.2:42:ac:11:0:1 root_port 0 root_path_cost 0 topology_change 0 "
            "topology_change_detected 0 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ",
            f"    inet6 2001:db8:dead:{index:x}::1/64 scope global tentative ",
            "       valid_lft forever preferred_lft forever",
        ]
    return "\n".join(out) + "\n"


def ip_route(v4, v6, local):
    """`ip route show table all` (iproute2 prints IPv6 routes in table all too)."""
    out = []
    if v4:
        out.append("default via 198.51.100.1 dev eth0 proto static metric 100 ")
        for address, prefix in v4:
            out.append(f"{ipaddress.IPv4Network(f'{address}/{prefix}', strict=False)} dev eth0 proto kernel scope link src {address} metric 100 ")
    out += [
        "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ",
        "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ",
        "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ",
    ]
    for address in local:
        if ":" not in address:
            out.append(f"local {address} dev lo table local proto kernel scope host src {address} ")
    for address, prefix in v4:
        network = ipaddress.IPv4Network(f"{address}/{prefix}", strict=False)
        out += [
            f"local {address} dev eth0 table local proto kernel scope host src {address} ",
            f"broadcast {network.broadcast_address} dev eth0 table local proto kernel scope link src {address} ",
        ]
    for address, prefix in v6:
        out.append(f"{ipaddress.IPv6Network(f'{address}/{prefix}', strict=False)} dev eth0 proto kernel metric 256 pref medium")
    out += [
        "2001:db8:ffff::/64 dev eth1 proto kernel metric 256 pref medium",
        "fe80::/64 dev eth0 proto kernel metric 256 pref medium",
        "default via 2001:db8:1::1 dev eth0 metric 1024 pref medium",
        "local ::1 dev lo table local proto kernel metric 0 pref medium",
    ]
    for address in local:
        if ":" in address:
            out.append(f"local {address} dev lo table local proto kernel metric 0 pref medium")
    for address, _ in v6:
        out.append(f"local {address} dev eth0 table local proto kernel metric 0 pref medium")
    out.append("multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium")
    return "\n".join(out) + "\n"


def host_port(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def ipvsadm_ln(members, weights, missing):
    """`ipvsadm -Ln` (ipvsadm 1.31's format strings): members[s] lists (index, RIP) per service."""
    lines = [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
    ]
    for s in sorted(members, key=lambda s: (":" in vip(s), int(ipaddress.ip_address(vip(s))))):
        lines.append(f"TCP  {host_port(vip(s), 80)} wlc")
        for i, address in sorted(members[s], key=lambda p: int(ipaddress.ip_address(p[1]))):
            if (s, i) in missing:
                continue
            lines.append("  -> %-28s %-7s %-6d %-10u %-10u" % (host_port(address, 80), "Route", weights.get((s, i), 1), (i * 7) % 50, (i * 13) % 400))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--real-servers", type=int, required=True)
    parser.add_argument("--services", type=int, default=2)
    parser.add_argument("--directors", type=int, default=2)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    n, services = args.real_servers, args.services
    v4_count = min(n, IPV4_REAL_SERVERS)
    members = {s: [(i, rip4(i)) for i in range(v4_count)] if s % 2 == 0 else [(i, rip6(i)) for i in range(n)] for s in range(services)}
    vips = [vip(s) for s in range(services)]
    captures = os.path.join(args.out, "captures")
    os.makedirs(captures, exist_ok=True)

    # Faults are planted in service 0 (IPv4), among its real servers.
    fault = {rule: set() for rule, _ in FAULTS}
    if args.faults:
        for rule, every in FAULTS:
            fault[rule] = {i for i in range(v4_count) if i % every == every - 1}
    weights = {(0, i): 3 for i in fault["IPVS007"]}
    missing = {(0, i) for i in fault["IPVS003"]}
    expected = []

    hosts = []
    for d in range(args.directors):
        name = f"lvs{d + 1}"
        v4 = [(f"198.51.100.{2 + d}", 24), (f"203.0.113.{2 + d}", 24), (f"192.0.2.{2 + d}", 24)]
        v6 = [(f"2001:db8:1::{2 + d:x}", 64), (f"2001:db8::{2 + d:x}", 64)]
        hosts.append(f"  {name}: {{role: director, address: {v4[0][0]}}}")
        folder = os.path.join(captures, name)
        os.makedirs(folder, exist_ok=True)
        active = d == 0
        write(folder, "ip-addr.txt", ip_addr(d, v4, v6, vips_on_eth0=vips if active else (), docker=False))
        write(folder, "ip-route.txt", ip_route(v4, v6, vips if active else []))
        write(folder, "sysctl.txt", sysctl_a(["eth0", "eth1", "lo"], arp_ignore=0, arp_announce=0))
        write(folder, "ipvsadm.txt", ipvsadm_ln(members, weights, missing))
        expected += [("IPVS007", name)] * len(fault["IPVS007"]) + [("IPVS003", name)] * len(fault["IPVS003"])

    for i in range(n):
        name = f"rs{i + 1}"
        v4 = [(rip4(i), 24)] if i < v4_count else []
        v6 = [(rip6(i), 64)]
        hosts.append(f"  {name}: {{role: real-server, address: {rip6(i)}}}")
        folder = os.path.join(captures, name)
        os.makedirs(folder, exist_ok=True)
        on_lo = [v for s, v in enumerate(vips) if (":" in v or i < v4_count) and not (s == 0 and i in fault["DR001"])]
        write(folder, "ip-addr.txt", ip_addr(100 + i, v4, v6, vips_on_lo=on_lo))
        write(folder, "ip-route.txt", ip_route(v4, v6, on_lo))
        write(folder, "sysctl.txt", sysctl_a(["docker0", "eth0", "eth1", "lo"], arp_ignore=0 if i in fault["DR003"] else 1))
        if i in fault["DR001"]:
            expected.append(("DR001", name))
        if i in fault["DR003"]:
            # One finding per IPv4 VIP the host answers ARP for.
            expected += [("DR003", name)] * len([v for v in on_lo if ":" not in v])

    with open(os.path.join(args.out, "cluster.yaml"), "w") as f:
        f.write(f"# A generated dual-stack LVS-DR fleet: {args.directors} directors, {n} real servers, {services} services.\n")
        f.write("cluster: fleet\nhosts:\n" + "\n".join(hosts) + "\nservices:\n")
        for s, v in enumerate(vips):
            f.write(f"  - name: svc{s}\n    vip: {v}\n    port: 80\n    scheduler: wlc\n    method: dr\n    real_servers:\n")
            for i, address in members[s]:
                f.write(f"      - {{host: rs{i + 1}, address: {address}}}\n" if ":" not in address else f"      - {{host: rs{i + 1}}}\n")
    # Its size, for scripts/bench: the (service, real server) pairs the rules join.
    pairs = sum(len(members[s]) for s in range(services))
    write(args.out, "fleet.json", json.dumps({"real_servers": n, "services": services, "directors": args.directors, "pairs": pairs}) + "\n")
    if args.faults:
        write(args.out, "expected-faults.tsv", "rule\thost\n" + "".join(f"{r}\t{h}\n" for r, h in sorted(expected)))


def write(folder, name, text):
    with open(os.path.join(folder, name), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
