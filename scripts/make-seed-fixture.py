#!/usr/bin/env python3
"""Writes Fixtures/seed-centos7-dr/: the LVS-DR cluster of the tutorial this project grew
from (CentOS 7, director lvs1 192.168.150.11, real servers lvs2 .12 and lvs3 .13, VIP
192.168.150.100), as its reader ends up with it after following the steps:

- lvs1: VIP added with `nmcli con mod ens33 +ipv4.addresses 192.168.150.100/24` (an
  unlabelled secondary on ens33), `ipvsadm -A -t VIP:80 -s rr` and two `-a … -r RIP:80`
  (no -g: ipvsadm's default, Route), then the ARP sysctls typed *on the director*
  (`echo 1 > /proc/sys/net/ipv4/conf/{lo,all}/arp_ignore`, `echo 2 > …/arp_announce`);
- lvs2, lvs3: `ifconfig lo:100 VIP netmask 255.255.255.255`, `route add -host VIP dev lo`,
  and no ARP sysctls at all;
- what the next reboot meets (captures/<host>/etc/ and systemctl.txt): CentOS 7's stock
  /etc/sysctl.conf and no sysctl.d file on any host; on lvs1 `ipvsadm-save` printed to the
  terminal (no /etc/sysconfig/ipvsadm) and `systemctl enable ipvsadm` (enabled, not started);
  firewalld stopped with `systemctl stop` but still enabled on all three; httpd started with
  `systemctl start` on lvs2 and lvs3 but never enabled; ifcfg-ens33 on each host (lvs1's with
  the VIP nmcli added as IPADDR1), and no ifcfg-lo:100 for the real servers' `ifconfig lo:100`.

With --fixed it writes Fixtures/seed-centos7-dr-fixed/ instead: the same cluster after the
fixes lvslint prints (docs/tutorial.md walks through them), which checks clean: the ARP
sysctls on the real servers, live and in /etc/sysctl.d/90-lvs-dr.conf, and none on the
director; the table saved to /etc/sysconfig/ipvsadm; httpd enabled, firewalld disabled;
lo:100 in ifcfg-lo:100; and `ip addr` captured beside ifconfig on the real servers.

CentOS 7 cannot be run here, so the captures are written in the exact formats CentOS 7's
net-tools 2.0 (`ifconfig`, `route -n`), iproute 3.10 (`ip addr`), procps-ng (`sysctl -a`,
limited to the net.ipv4 keys the rules read) and ipvsadm 1.27 (`ipvsadm -Ln`) print.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED = "--fixed" in sys.argv[1:]
OUT = os.path.join(ROOT, "Fixtures", "seed-centos7-dr-fixed" if FIXED else "seed-centos7-dr")

# CentOS 7 defaults for the per-interface IPv4 keys lvslint reads (50-default.conf sets rp_filter=1).
DEFAULTS = {
    "accept_local": 0,
    "accept_redirects": 1,
    "arp_accept": 0,
    "arp_announce": 0,
    "arp_filter": 0,
    "arp_ignore": 0,
    "arp_notify": 0,
    "forwarding": 0,
    "proxy_arp": 0,
    "rp_filter": 1,
    "send_redirects": 1,
}


def sysctl(overrides, devices=("all", "default", "ens33", "lo"), ip_forward=0):
    lines = []
    for device in devices:
        for key, value in sorted(DEFAULTS.items()):
            lines.append(f"net.ipv4.conf.{device}.{key} = {overrides.get((device, key), value)}")
    lines.append(f"net.ipv4.ip_forward = {ip_forward}")
    lines.append("net.ipv4.ip_forward_use_pmtu = 0")
    return "\n".join(lines) + "\n"


IFCONFIG_RS = """ens33: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet {rip}  netmask 255.255.255.0  broadcast 192.168.150.255
        inet6 fe80::20c:29ff:fe{mac3}:{mac45}  prefixlen 64  scopeid 0x20<link>
        ether 00:0c:29:{mac3}:{mac4}:{mac5}  txqueuelen 1000  (Ethernet)
        RX packets 21873  bytes 16244871 (15.4 MiB)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 9982  bytes 1032114 (1007.9 KiB)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        inet6 ::1  prefixlen 128  scopeid 0x10<host>
        loop  txqueuelen 1000  (Local Loopback)
        RX packets 68  bytes 5912 (5.7 KiB)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 68  bytes 5912 (5.7 KiB)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

lo:100: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 192.168.150.100  netmask 255.255.255.255
        loop  txqueuelen 1000  (Local Loopback)

"""

ROUTE_RS = """Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.150.2   0.0.0.0         UG    100    0        0 ens33
192.168.150.0   0.0.0.0         255.255.255.0   U     100    0        0 ens33
192.168.150.100 0.0.0.0         255.255.255.255 UH    0      0        0 lo
"""

IP_ADDR_DIRECTOR = """1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: ens33: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000
    link/ether 00:0c:29:5a:3e:11 brd ff:ff:ff:ff:ff:ff
    inet 192.168.150.11/24 brd 192.168.150.255 scope global noprefixroute ens33
       valid_lft forever preferred_lft forever
    inet 192.168.150.100/24 brd 192.168.150.255 scope global secondary noprefixroute ens33
       valid_lft forever preferred_lft forever
    inet6 fe80::20c:29ff:fe5a:3e11/64 scope link noprefixroute 
       valid_lft forever preferred_lft forever
"""

ROUTE_DIRECTOR = """Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.150.2   0.0.0.0         UG    100    0        0 ens33
192.168.150.0   0.0.0.0         255.255.255.0   U     100    0        0 ens33
"""

IPVSADM = """IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.150.100:80 rr
  -> 192.168.150.12:80            Route   1      0          3         
  -> 192.168.150.13:80            Route   1      0          2         
"""

CLUSTER = """# The LVS-DR cluster of the tutorial in shared/seed (CentOS 7), as its reader ends up with it.
# Try:  lvslint check Fixtures/seed-centos7-dr/cluster.yaml
cluster: web
hosts:
  lvs1:
    role: director
    address: 192.168.150.11
  lvs2:
    role: real-server
    address: 192.168.150.12
  lvs3:
    role: real-server
    address: 192.168.150.13
services:
  - name: http
    vip: 192.168.150.100
    port: 80
    protocol: tcp
    scheduler: rr            # ipvsadm -A -t 192.168.150.100:80 -s rr
    method: dr               # ipvsadm -a ... -r RIP:80 with no flag means -g (Route)
    real_servers:
      - host: lvs2
      - host: lvs3
"""

EXPECTED = """rule\thost\tseverity
CAP003\tlvs2\tnote
CAP003\tlvs3\tnote
DR003\tlvs2\terror
DR003\tlvs3\terror
DR004\tlvs2\twarning
DR004\tlvs3\twarning
PERSIST002\tlvs1\twarning
PERSIST003\tlvs1\twarning
PERSIST003\tlvs2\twarning
PERSIST003\tlvs3\twarning
PERSIST004\tlvs2\twarning
PERSIST004\tlvs3\twarning
"""


def ifcfg_ens33(address, extra=""):
    """An ifcfg file as CentOS 7's installer (and nmcli) writes it."""
    return (
        'TYPE="Ethernet"\nBOOTPROTO="none"\nDEFROUTE="yes"\nNAME="ens33"\nDEVICE="ens33"\nONBOOT="yes"\n'
        f'IPADDR="{address}"\nPREFIX="24"\nGATEWAY="192.168.150.2"\nDNS1="192.168.150.2"\n' + extra
    )


# CentOS 7's stock /etc/sysctl.conf (setup-2.8.71): comments only.
CENTOS7_SYSCTL_CONF = """# sysctl settings are defined through files in
# /usr/lib/sysctl.d/, /run/sysctl.d/, and /etc/sysctl.d/.
#
# Vendors settings live in /usr/lib/sysctl.d/.
# To override a whole file, create a new file with the same in
# /etc/sysctl.d/ and put new settings there. To override
# only specific settings, add a file with a lexically later
# name in /etc/sysctl.d/ and put new settings there.
#
# For more information, see sysctl.conf(5) and sysctl.d(5).
"""


def systemctl_219(units):
    """`systemctl list-unit-files --type=service` and `systemctl list-units --type=service --all`
    as CentOS 7's systemd 219 prints them (no preset column, no bullet)."""
    lines = ["%-40s %s" % ("UNIT FILE", "STATE")]
    lines += ["%-40s %s" % (name, state) for name, state, _ in units]
    lines += ["", f"{len(units)} unit files listed."]
    lines.append("%-40s %-6s %-8s %-7s %s" % ("UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"))
    for name, _, active in units:
        lines.append("%-40s %-6s %-8s %-7s %s" % (name, "loaded", active, "running" if active == "active" else "dead", name.split(".")[0]))
    lines += [
        "",
        "LOAD   = Reflects whether the unit definition was properly loaded.",
        "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.",
        "SUB    = The low-level unit activation state, values depend on unit type.",
        "",
        f"{len(units)} loaded units listed.",
        "To show all installed unit files use 'systemctl list-unit-files'.",
    ]
    return "\n".join(lines) + "\n"


BASE_UNITS = [("crond.service", "enabled", "active"), ("sshd.service", "enabled", "active"), ("firewalld.service", "enabled", "inactive")]

SCENARIO = """about: The tutorial's LVS-DR build on CentOS 7: ARP suppression typed on the director, real servers left answering ARP for the VIP, and nothing made to survive a reboot (rules not saved, httpd not enabled, firewalld only stopped).
made-by: scripts/make-seed-fixture.py (formats of CentOS 7's net-tools, iproute, procps and ipvsadm)
"""


# The real servers' addresses as CentOS 7's iproute 3.10 prints them: lo:100 from ifcfg-lo:100.
IP_ADDR_RS = """1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet 192.168.150.100/32 brd 192.168.150.100 scope global lo:100
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: ens33: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000
    link/ether 00:0c:29:{mac3}:{mac4}:{mac5} brd ff:ff:ff:ff:ff:ff
    inet {rip}/24 brd 192.168.150.255 scope global noprefixroute ens33
       valid_lft forever preferred_lft forever
    inet6 fe80::20c:29ff:fe{mac3}:{mac45}/64 scope link noprefixroute 
       valid_lft forever preferred_lft forever
"""

# `ipvsadm-save -n > /etc/sysconfig/ipvsadm`, as ipvsadm 1.27 writes it.
SAVED_TABLE = """-A -t 192.168.150.100:80 -s rr
-a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1
-a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1
"""

ARP_SYSCTL_D = """# LVS-DR real server: answer ARP only for addresses on the interface asked (not the VIP on
# lo), and never name the VIP in ARP requests.
net.ipv4.conf.all.arp_ignore = 1
net.ipv4.conf.all.arp_announce = 2
"""

IFCFG_LO_VIP = """DEVICE=lo:100
IPADDR=192.168.150.100
NETMASK=255.255.255.255
ONBOOT=yes
NAME=loopback-vip
"""

CLUSTER_FIXED = CLUSTER.replace(
    "# The LVS-DR cluster of the tutorial in shared/seed (CentOS 7), as its reader ends up with it.\n"
    "# Try:  lvslint check Fixtures/seed-centos7-dr/cluster.yaml",
    "# The tutorial's LVS-DR cluster once lvslint's fixes are applied (docs/tutorial.md).\n"
    "# Try:  lvslint check Fixtures/seed-centos7-dr-fixed/cluster.yaml",
)

SCENARIO_FIXED = """about: The tutorial's LVS-DR cluster after the fixes lvslint prints for it: ARP suppression on the real servers and persisted, none on the director, the table saved, httpd enabled, firewalld disabled, lo:100 in ifcfg-lo:100.
made-by: scripts/make-seed-fixture.py --fixed (formats of CentOS 7's net-tools, iproute, procps and ipvsadm)
"""


def write(path, text):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def main():
    fixed_units = [(name, "disabled" if name == "firewalld.service" else state, active) for name, state, active in BASE_UNITS]
    write("cluster.yaml", CLUSTER_FIXED if FIXED else CLUSTER)
    write("expected.tsv", "rule\thost\tseverity\n" if FIXED else EXPECTED)
    write("scenario.txt", SCENARIO_FIXED if FIXED else SCENARIO)
    director_keys = {} if FIXED else {("lo", "arp_ignore"): 1, ("all", "arp_ignore"): 1, ("lo", "arp_announce"): 2, ("all", "arp_announce"): 2}
    write("captures/lvs1/ip-addr.txt", IP_ADDR_DIRECTOR)
    write("captures/lvs1/route-n.txt", ROUTE_DIRECTOR)
    write("captures/lvs1/ipvsadm-Ln.txt", IPVSADM)
    write("captures/lvs1/sysctl-a.txt", sysctl(director_keys))
    write("captures/lvs1/etc/sysctl.conf", CENTOS7_SYSCTL_CONF)
    write("captures/lvs1/etc/sysconfig/network-scripts/ifcfg-ens33", ifcfg_ens33("192.168.150.11", 'IPADDR1="192.168.150.100"\nPREFIX1="24"\n'))
    if FIXED:
        write("captures/lvs1/etc/sysconfig/ipvsadm", SAVED_TABLE)
    write("captures/lvs1/systemctl.txt", systemctl_219((fixed_units if FIXED else BASE_UNITS) + [("ipvsadm.service", "enabled", "inactive")]))
    for host, rip, mac in (("lvs2", "192.168.150.12", ("1b", "2c", "12")), ("lvs3", "192.168.150.13", ("6d", "a0", "13"))):
        values = dict(rip=rip, mac3=mac[0], mac4=mac[1], mac5=mac[2], mac45=mac[1] + mac[2])
        write(f"captures/{host}/ifconfig.txt", IFCONFIG_RS.format(**values))
        write(f"captures/{host}/route-n.txt", ROUTE_RS)
        write(f"captures/{host}/sysctl-a.txt", sysctl({("all", "arp_ignore"): 1, ("all", "arp_announce"): 2} if FIXED else {}))
        write(f"captures/{host}/etc/sysctl.conf", CENTOS7_SYSCTL_CONF)
        write(f"captures/{host}/etc/sysconfig/network-scripts/ifcfg-ens33", ifcfg_ens33(rip))
        if FIXED:
            write(f"captures/{host}/ip-addr.txt", IP_ADDR_RS.format(**values))
            write(f"captures/{host}/etc/sysctl.d/90-lvs-dr.conf", ARP_SYSCTL_D)
            write(f"captures/{host}/etc/sysconfig/network-scripts/ifcfg-lo:100", IFCFG_LO_VIP)
        httpd = ("httpd.service", "enabled" if FIXED else "disabled", "active")
        write(f"captures/{host}/systemctl.txt", systemctl_219((fixed_units if FIXED else BASE_UNITS) + [httpd]))
    print(os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
