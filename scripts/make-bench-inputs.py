#!/usr/bin/env python3
"""Writes the large single-format inputs scripts/bench feeds to `lvslint parse` and to jc:

    python3 scripts/make-bench-inputs.py OUT [--megabytes 50]

OUT/sysctl.txt (`sysctl -a` of fleet hosts one after another), OUT/ip-route.txt (`ip route`),
OUT/route-n.txt (`route -n`) and OUT/ifconfig.txt (`ifconfig -a`, net-tools 2), each at least
the given size, and OUT/ipvs-conn.txt (`ipvsadm -Lnc` of a busy director: 2,000,000 entries,
whatever the size), in the formats the tools print, with documentation addresses only.
"""

import argparse
import importlib.util
import os

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_fleet", os.path.join(here, "make-fleet.py"))
fleet = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fleet)

NETS = ["192.0.2", "198.51.100", "203.0.113"]


def address(i):
    return f"{NETS[i % 3]}.{1 + (i // 3) % 254}"


def sysctl_block(i):
    return fleet.sysctl_a(["docker0", "eth0", "eth1", "lo"], arp_ignore=i % 2)


def ip_route_block(i):
    a = address(i)
    net = a.rsplit(".", 1)[0]
    return (
        f"default via {net}.254 dev eth0 proto static metric 100 \n"
        f"{net}.0/24 dev eth0 proto kernel scope link src {a} metric 100 \n"
        f"{NETS[(i + 1) % 3]}.0/24 via {net}.254 dev eth0 proto static metric 100 \n"
        f"{NETS[(i + 2) % 3]}.128/25 dev eth1 proto kernel scope link src {NETS[(i + 2) % 3]}.{130 + i % 100} \n"
    )


def route_n_row(i):
    net = NETS[i % 3]
    rows = [
        ("0.0.0.0", f"{net}.254", "0.0.0.0", "UG", 100, "eth0"),
        (f"{net}.0", "0.0.0.0", "255.255.255.0", "U", 100, "eth0"),
        (f"{NETS[(i + 1) % 3]}.0", f"{net}.254", "255.255.255.0", "UG", 100, "eth0"),
        (f"{NETS[(i + 2) % 3]}.128", "0.0.0.0", "255.255.255.128", "U", 101, "eth1"),
    ]
    return "".join("%-15s %-15s %-15s %-5s %-6d %-3d %6d %s\n" % (d, g, m, f, metric, 0, 0, iface) for d, g, m, f, metric, iface in rows)


def ifconfig_block(i):
    a = address(i)
    return (
        f"eth{i % 4}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        f"        inet {a}  netmask 255.255.255.0  broadcast {a.rsplit('.', 1)[0]}.255\n"
        f"        inet6 fe80::5054:ff:fe{(i >> 8) & 255:02x}:{i & 255:02x}01  prefixlen 64  scopeid 0x20<link>\n"
        f"        ether 52:54:00:{(i >> 16) & 255:02x}:{(i >> 8) & 255:02x}:{i & 255:02x}  txqueuelen 1000  (Ethernet)\n"
        f"        RX packets {i * 97}  bytes {i * 40123} ({i * 40123 / 1e6:.1f} MB)\n"
        "        RX errors 0  dropped 0  overruns 0  frame 0\n"
        f"        TX packets {i * 89}  bytes {i * 30111} ({i * 30111 / 1e6:.1f} MB)\n"
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n\n"
    )


STATES = ["ESTABLISHED"] * 6 + ["FIN_WAIT", "TIME_WAIT", "SYN_RECV", "CLOSE"]


def ipvs_conn_row(i):
    client = f"{NETS[2]}.{1 + i % 254}:{1024 + i % 64000}"
    expire = f"{(i // 60) % 15:02d}:{i % 60:02d}"
    return f"TCP {expire}  {STATES[i % len(STATES)]:<11} {client:<21} {NETS[0]}.100:80     {NETS[1]}.{21 + i % 50}:80\n"


def write_lines(path, header, row, count):
    with open(path, "w") as f:
        f.write(header)
        for start in range(0, count, 10000):
            f.write("".join(row(i) for i in range(start, min(count, start + 10000))))


def write(path, header, block, size):
    written = 0
    with open(path, "w") as f:
        f.write(header)
        i = 0
        while written < size:
            text = block(i)
            f.write(text)
            written += len(text)
            i += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, default=50)
    args = parser.parse_args()
    size = args.megabytes * 1024 * 1024
    os.makedirs(args.out, exist_ok=True)
    write(os.path.join(args.out, "sysctl.txt"), "", sysctl_block, size)
    write(os.path.join(args.out, "ip-route.txt"), "", ip_route_block, size)
    write(
        os.path.join(args.out, "route-n.txt"),
        "Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
        route_n_row,
        size,
    )
    write(os.path.join(args.out, "ifconfig.txt"), "", ifconfig_block, size)
    write_lines(
        os.path.join(args.out, "ipvs-conn.txt"),
        "IPVS connection entries\npro expire state       source             virtual            destination\n",
        ipvs_conn_row,
        2_000_000,
    )


if __name__ == "__main__":
    main()
