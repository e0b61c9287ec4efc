#!/usr/bin/env python3
"""Builds the rule fixtures under Fixtures/ from real network namespaces.

Each scenario is a small LVS cluster: one namespace per host, all joined by a bridge
in a switch namespace, addressed from the documentation ranges (192.0.2.0/24,
198.51.100.0/24, 2001:db8::/32). The script configures the hosts the way the scenario
says, then captures what the kernel really reports (`ip -d addr`, `ip route show table
all`, `sysctl -a` limited to the IPv4 interface keys) into Fixtures/<scenario>/captures/.
This kernel has no IPVS, so each director's `ipvsadm -Ln` is written with ipvsadm's own
format strings (ipvsadm.c, print_service_entry). Every scenario also gets its
cluster.yaml, the findings expected of it (written here by hand, never taken from
lvslint's output) and a scenario.txt saying what it shows.

Run as root from the repository root:  python3 scripts/make-fixtures.py [SCENARIO…]
Namespaces are named lvsfx-* and are removed when the script ends, even on error.
"""
import copy
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Fixtures")
PREFIX = "lvsfx-"
SWITCH = PREFIX + "sw"
SYSCTL_PATTERN = r"^net\.ipv4\.(conf\.|ip_forward$)"

VIP = "192.0.2.100"
GATEWAY = "192.0.2.1"


def sh(*args, check=True, ns=None):
    cmd = list(args)
    if ns:
        cmd = ["ip", "netns", "exec", PREFIX + ns] + cmd
    result = subprocess.run(cmd, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {result.stderr.strip()}")
    return result.stdout


def namespaces():
    out = sh("ip", "netns", "list")
    return [line.split()[0] for line in out.splitlines() if line.startswith(PREFIX)]


def teardown():
    for ns in namespaces():
        sh("ip", "netns", "del", ns, check=False)


# ---------------------------------------------------------------- the cluster model

def dr_base():
    """A healthy LVS-DR cluster: one director, two real servers, VIP on lo as /32,
    arp_ignore=1 and arp_announce=2 on `all`, default routes to the router."""
    return {
        "cluster": "web",
        "hosts": {
            "lvs1": {"role": "director", "address": "192.0.2.11",
                     "setup": ["ip addr add 192.0.2.11/24 dev eth0",
                               f"ip addr add {VIP}/32 dev eth0 label eth0:vip",
                               f"ip route add default via {GATEWAY}"]},
            "rs1": {"role": "real-server", "address": "192.0.2.21", "setup": real_server_setup("192.0.2.21")},
            "rs2": {"role": "real-server", "address": "192.0.2.22", "setup": real_server_setup("192.0.2.22")},
        },
        "services": [{"name": "web", "vip": VIP, "port": 80, "protocol": "tcp", "scheduler": "rr", "method": "dr",
                      "real_servers": [{"host": "rs1"}, {"host": "rs2"}]}],
        # director -> list of table services; None means "as described".
        "tables": {},
        "formats": {},
        "extra_files": {},
        "omit": {},
    }


def real_server_setup(rip, vip=VIP):
    return [f"ip addr add {rip}/24 dev eth0",
            f"ip addr add {vip}/32 dev lo label lo:100",
            "sysctl -qw net.ipv4.conf.all.arp_ignore=1",
            "sysctl -qw net.ipv4.conf.all.arp_announce=2",
            f"ip route add default via {GATEWAY}"]


def replace(commands, old, new):
    return [new if c == old else c for c in commands]


def table_from_description(scenario, director):
    """The table ipvsadm would hold for the described services of `director`."""
    services = []
    for service in scenario["services"]:
        directors = service.get("directors") or [h for h, d in scenario["hosts"].items() if "director" in roles(d)]
        if director not in directors:
            continue
        dests = []
        fwmark = service.get("fwmark")
        for rs in service["real_servers"]:
            address = rs.get("address") or scenario["hosts"][rs["host"]]["address"]
            method = rs.get("method", service.get("method", "dr"))
            if fwmark is not None:
                port = 0 if method in ("dr", "tun") else rs.get("port", 0)
            else:
                port = service["port"] if method in ("dr", "tun") else rs.get("port", service["port"])
            dests.append({"address": address, "port": port,
                          "forward": {"dr": "Route", "nat": "Masq", "tun": "Tunnel"}[method],
                          "weight": rs.get("weight", 1)})
        if fwmark is not None:
            services.append({"proto": "FWM", "fwmark": fwmark, "ipv6": service.get("family") == "ipv6",
                             "scheduler": service.get("scheduler", "wlc"), "persistent": service.get("persistence"), "dests": dests})
            continue
        services.append({"proto": service.get("protocol", "tcp").upper(), "vip": service["vip"], "port": service["port"],
                         "scheduler": service.get("scheduler", "wlc"), "persistent": service.get("persistence"),
                         "dests": dests})
    return services


def roles(host):
    r = host["role"]
    return r if isinstance(r, list) else [r]


def ipvsadm_ln(services):
    """`ipvsadm -Ln` as ipvsadm 1.31 prints it (sorted by protocol, address, port)."""
    lines = ["IP Virtual Server version 1.2.1 (size=4096)",
             "Prot LocalAddress:Port Scheduler Flags",
             "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"]
    for s in sorted(services, key=sort_key):
        if s["proto"] == "FWM":
            line = "FWM  %d%s %s" % (s["fwmark"], " IPv6" if s.get("ipv6") else "", s["scheduler"])
        else:
            line = "%-4s %s %s" % (s["proto"], host_port(s["vip"], s["port"]), s["scheduler"])
        if s.get("persistent"):
            line += " persistent %d" % s["persistent"]
        lines.append(line)
        for d in sorted(s["dests"], key=lambda d: (ip_key(d["address"]), d["port"])):
            lines.append("  -> %-28s %-7s %-6d %-10u %-10u" % (host_port(d["address"], d["port"]), d["forward"], d["weight"], 0, 0))
    return "\n".join(lines) + "\n"


def sort_key(s):
    return (s["proto"], s.get("fwmark", 0), ip_key(s.get("vip", "0.0.0.0")), s.get("port", 0))


def ip_key(address):
    import ipaddress
    a = ipaddress.ip_address(address)
    return (a.version, int(a))


def host_port(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def ipvsadm_save(services):
    """`ipvsadm-save -n` (ipvsadm.c, FMT_RULE)."""
    lines = []
    for s in sorted(services, key=sort_key):
        if s["proto"] == "FWM":
            svc = f"-f {s['fwmark']}" + (" -6" if s.get("ipv6") else "")
        else:
            svc = {"TCP": "-t", "UDP": "-u", "SCTP": "--sctp-service"}[s["proto"]] + " " + host_port(s["vip"], s["port"])
        line = f"-A {svc} -s {s['scheduler']}"
        if s.get("persistent"):
            line += f" -p {s['persistent']}"
        lines.append(line)
        for d in sorted(s["dests"], key=lambda d: (ip_key(d["address"]), d["port"])):
            flag = {"Route": "-g", "Masq": "-m", "Tunnel": "-i"}[d["forward"]]
            extra = " --tun-type ipip" if d["forward"] == "Tunnel" else ""
            lines.append(f"-a {svc} -r {host_port(d['address'], d['port'])} {flag} -w {d['weight']}{extra}")
    return "\n".join(lines) + "\n"


def proc_ip_vs(services):
    """/proc/net/ip_vs as the kernel prints it (ip_vs_ctl.c, ip_vs_info_seq_show)."""
    import ipaddress
    def hexaddr(a):
        ip = ipaddress.ip_address(a)
        return "%08X" % int(ip) if ip.version == 4 else "[" + ip.exploded + "]"
    lines = ["IP Virtual Server version 1.2.1 (size=4096)",
             "Prot LocalAddress:Port Scheduler Flags",
             "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn"]
    for s in sorted(services, key=sort_key):
        if s["proto"] == "FWM":
            line = "FWM  %08X %s  " % (s["fwmark"], s["scheduler"])
        else:
            line = "%s  %s:%04X %s  " % (s["proto"], hexaddr(s["vip"]), s["port"], s["scheduler"])
        if s.get("persistent"):
            line += "persistent %d %08X" % (s["persistent"], 0xFFFFFFFF)
        lines.append(line)
        for d in sorted(s["dests"], key=lambda d: (ip_key(d["address"]), d["port"])):
            lines.append("  -> %s:%04X      %-7s %-6d %-10d %-10d" % (hexaddr(d["address"]), d["port"], d["forward"], d["weight"], 0, 0))
    return "\n".join(lines) + "\n"


TABLE_WRITERS = {}


def cluster_yaml(scenario):
    out = [f"# {scenario['about']}", f"cluster: {scenario['cluster']}", "hosts:"]
    for name, host in scenario["hosts"].items():
        r = host["role"]
        role = r if isinstance(r, str) else "[" + ", ".join(r) + "]"
        comment = scenario.get("comments", {}).get(name)
        out.append(f"  {name}:" + (f"  {comment}" if comment else ""))
        out.append(f"    role: {role}")
        if host.get("address"):
            out.append(f"    address: {host['address']}")
        if host.get("keepalived"):
            out.append(f"    keepalived: {host['keepalived']}")
    out.append("services:")
    for s in scenario["services"]:
        first = True
        for key in ("name", "vip", "fwmark", "family", "port", "protocol", "scheduler", "method", "persistence", "directors"):
            if key not in s:
                continue
            value = s[key]
            if isinstance(value, list):
                value = "[" + ", ".join(value) + "]"
            out.append(("  - " if first else "    ") + f"{key}: {value}")
            first = False
        out.append("    real_servers:")
        for rs in s["real_servers"]:
            parts = ", ".join(f"{k}: {v}" for k, v in rs.items())
            out.append(f"      - {{{parts}}}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- building and capturing

def build(scenario):
    """One namespace per host; host["links"] names the bridges its eth0, eth1, … join
    (default: br0 only)."""
    teardown()
    sh("ip", "netns", "add", SWITCH)
    bridges = sorted({b for h in scenario["hosts"].values() for b in h.get("links", ["br0"])})
    for bridge in bridges:
        sh("ip", "-n", SWITCH, "link", "add", bridge, "type", "bridge")
        sh("ip", "-n", SWITCH, "link", "set", bridge, "up")
    port_number = 0
    for name, host in scenario["hosts"].items():
        ns = PREFIX + name
        sh("ip", "netns", "add", ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        for index, bridge in enumerate(host.get("links", ["br0"])):
            port = f"p{port_number}"
            port_number += 1
            sh("ip", "link", "add", "tmp0", "type", "veth", "peer", "name", port)
            sh("ip", "link", "set", "tmp0", "netns", ns)
            sh("ip", "link", "set", port, "netns", SWITCH)
            sh("ip", "-n", SWITCH, "link", "set", port, "master", bridge, "up")
            sh("ip", "-n", ns, "link", "set", "tmp0", "name", f"eth{index}")
            sh("ip", "-n", ns, "link", "set", f"eth{index}", "up")
        for command in host.get("setup", []):
            sh("sh", "-c", command, ns=name)
    settle = scenario.get("settle", 0.3)
    time.sleep(settle)


# How a shell script marks each command in a bundle, by style (see bundle_file).
MARKERS = {
    "sh-x": lambda cmd: f"+ {cmd}\n",
    "hashes": lambda cmd: f"### {cmd}\n",
    "dashes": lambda cmd: f"--- {cmd} ---\n",
    "equals": lambda cmd: f"==== {cmd} ====\n",
    "tail": lambda cmd: f"\n==> {cmd.replace(' ', '_')}.txt <==\n",
}


def bundle_file(scenario, name, host):
    """One host's captures in one file, the way a script writes them: `{ ip -d addr;
    ip route show table all; sysctl -a; ipvsadm -Ln; } > captures/<host>.txt` (no
    markers), or each command under a marker line of the host's style."""
    style = scenario.get("bundle_styles", {}).get(name, "plain")
    commands = [("ip -d addr", lambda: sh("ip", "-d", "addr", ns=name)),
                ("ip route show table all", lambda: sh("ip", "route", "show", "table", "all", ns=name))]
    sysctl = scenario.get("bundle_sysctl", "sysctl -a")
    commands.append((sysctl, lambda: sh("sh", "-c", sysctl + " 2>/dev/null", ns=name, check=False)))
    if "director" in roles(host):
        commands.append(("ipvsadm -Ln", lambda: ipvsadm_ln(table_from_description(scenario, name))))
    parts = []
    for command, output in commands:
        label = scenario.get("bundle_typos", {}).get((name, command), command)
        parts.append((MARKERS[style](label) if style in MARKERS else "") + output())
        if style == "equals":
            parts.append("=" * 40 + "\n")
    if style == "sh-x":
        parts.append(f"[root@{name} ~]# \n")
    return "".join(parts)


def capture(scenario, directory):
    captures = os.path.join(directory, "captures")
    for name, host in scenario["hosts"].items():
        if scenario.get("bundle") == "script":
            os.makedirs(captures, exist_ok=True)
            write(captures, f"{name}.txt", bundle_file(scenario, name, host))
            continue
        if scenario.get("bundle"):
            # A terminal session pasted into captures/<host>.txt: prompt, command, output.
            parts = []
            for command in ["ip -d addr", "ip route show table all", f"sysctl -a --pattern {SYSCTL_PATTERN}"]:
                parts.append(f"[root@{name} ~]# {command}\n" + sh(*command.split(), ns=name))
            if "director" in roles(host):
                parts.append(f"[root@{name} ~]# ipvsadm -Ln\n" + ipvsadm_ln(table_from_description(scenario, name)))
            parts.append(f"[root@{name} ~]# uptime\n 14:02:11 up 3 days,  2:11,  1 user,  load average: 0.00, 0.01, 0.05\n")
            os.makedirs(captures, exist_ok=True)
            write(captures, f"{name}.txt", "".join(parts))
            continue
        folder = os.path.join(captures, name)
        os.makedirs(folder, exist_ok=True)
        omit = scenario["omit"].get(name, [])
        formats = scenario["formats"].get(name, {})
        if "addresses" not in omit:
            command = formats.get("addresses", "ip -d addr")
            write(folder, formats.get("addresses_file", "ip-addr.txt"), sh(*command.split(), ns=name))
        if "routes" not in omit:
            command = formats.get("routes", "ip route show table all")
            write(folder, formats.get("routes_file", "ip-route.txt"), sh(*command.split(), ns=name))
        if "sysctls" not in omit:
            if "sysctls_session" in formats:
                # Pasted from a terminal: a note, then each command after a short prompt, and its output.
                text = "# for each Real Server\n" if "real-server" in roles(host) else "# on the director\n"
                for command in formats["sysctls_session"]:
                    text += f"{name}$ {command}\n" + sh("sh", "-c", command, ns=name)
                write(folder, "sysctl.txt", text)
            elif "sysctls" in formats:
                # A partial capture as people take it: `sysctl -a | grep arp_ignore`, one key, …
                write(folder, "sysctl.txt", sh("sh", "-c", formats["sysctls"], ns=name))
            else:
                write(folder, "sysctl.txt", sh("sysctl", "-a", "--pattern", SYSCTL_PATTERN, ns=name))
        if "director" in roles(host) and "ipvs" not in omit:
            table = scenario["tables"].get(name)
            if table is None:
                table = table_from_description(scenario, name)
            if callable(table):
                table = table(table_from_description(scenario, name))
            formats = scenario.get("table_formats", {}).get(name, ["ln"])
            for fmt in formats:
                data = table
                if isinstance(fmt, tuple):
                    fmt, edit = fmt
                    data = edit(copy.deepcopy(table))
                filename, writer = TABLE_WRITERS[fmt]
                write(folder, filename, data if isinstance(data, str) else writer(data))
        for filename, content in scenario["extra_files"].get(name, {}).items():
            write(folder, filename, content, binary=isinstance(content, bytes))
        if name in scenario.get("listeners", {}):
            write(folder, "ss.txt", listening(name, scenario["listeners"][name]))
        for filename, command in scenario.get("commands", {}).get(name, {}).items():
            write(folder, filename, sh(*command.split(), ns=name))


LISTENER = """import socket, sys, time
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen()
time.sleep(30)
"""


def listening(name, sockets):
    """`ss -ltnu` in the host's namespace while real sockets listen on `sockets` ((address, port))."""
    processes = [subprocess.Popen(["ip", "netns", "exec", PREFIX + name, "python3", "-c", LISTENER, address, str(port)])
                 for address, port in sockets]
    try:
        time.sleep(0.5)
        return sh("ss", "-ltnu", ns=name)
    finally:
        for p in processes:
            p.kill()
            p.wait()


def write(folder, name, content, binary=False):
    os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
    with open(os.path.join(folder, name), "wb" if binary else "w") as f:
        f.write(content)


def emit(scenario):
    directory = os.path.join(FIXTURES, scenario["name"])
    if os.path.isdir(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    build(scenario)
    capture(scenario, directory)
    for hook in scenario.get("after", []):
        hook(directory)
    # A keepalived scenario is described by its keepalived files alone (`keepalived*.conf`),
    # unless the YAML names them with `keepalived:` on a host.
    for filename, text in scenario.get("keepalived", {}).items():
        write(directory, filename, text)
    if scenario.get("yaml", True):
        write(directory, "cluster.yaml", cluster_yaml(scenario))
    lines = ["rule\thost\tseverity"] + ["\t".join(e) for e in sorted(scenario["expected"])]
    write(directory, "expected.tsv", "\n".join(lines) + "\n")
    about = [f"about: {scenario['about']}"]
    if scenario.get("cousin_of"):
        about.append("cousin-of: " + " ".join(scenario["cousin_of"]))
    about.append("made-by: scripts/make-fixtures.py (real network namespaces; ipvsadm tables written in ipvsadm's format)")
    write(directory, "scenario.txt", "\n".join(about) + "\n")


TABLE_WRITERS.update({"ln": ("ipvsadm.txt", ipvsadm_ln), "save": ("ipvsadm-save.txt", ipvsadm_save),
                      "proc": ("proc-net-ip_vs.txt", proc_ip_vs)})


# ---------------------------------------------------------------- scenarios

SCENARIOS = []


def scenario(name, about, expected=(), cousin_of=()):
    def register(mutate):
        def make():
            s = dr_base()
            s.update(name=name, about=about, expected=list(expected), cousin_of=list(cousin_of))
            mutate(s)
            return s
        SCENARIOS.append((name, make))
        return mutate
    return register


@scenario("dr-healthy", "A correct LVS-DR cluster: nothing to report.",
          cousin_of=["DR001", "DR002", "DR005", "IPVS001", "IPVS003", "IPVS004", "IPVS005", "IPVS010", "CAP003", "NET004", "NET007"])
def _(s):
    pass


@scenario("dr001-vip-missing", "rs2 was never given the VIP.", expected=[("DR001", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["setup"] = [c for c in s["hosts"]["rs2"]["setup"] if "lo:100" not in c]


@scenario("dr001-vip-unlabelled", "rs2 holds the VIP on lo without a label: still present.", cousin_of=["DR001"])
def _(s):
    s["hosts"]["rs2"]["setup"] = replace(s["hosts"]["rs2"]["setup"], f"ip addr add {VIP}/32 dev lo label lo:100",
                                         f"ip addr add {VIP}/32 dev lo")


@scenario("dr002-vip-prefix", "rs2 has the VIP on lo as /24: the whole /24 becomes local.",
          expected=[("DR002", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["setup"] = replace(s["hosts"]["rs2"]["setup"], f"ip addr add {VIP}/32 dev lo label lo:100",
                                         f"ip addr add {VIP}/24 dev lo label lo:100")


@scenario("dr003-arp-ignore-lo-only", "The classic trap: arp_ignore=1 set on lo only, all left at 0 (and arp_announce too).",
          expected=[("DR003", "rs1", "error"), ("DR004", "rs1", "warning")])
def _(s):
    s["hosts"]["rs1"]["setup"] = replace(replace(s["hosts"]["rs1"]["setup"],
        "sysctl -qw net.ipv4.conf.all.arp_ignore=1", "sysctl -qw net.ipv4.conf.lo.arp_ignore=1"),
        "sysctl -qw net.ipv4.conf.all.arp_announce=2", "sysctl -qw net.ipv4.conf.lo.arp_announce=2")


@scenario("dr003-arp-ignore-per-interface", "arp_ignore and arp_announce set on eth0 rather than all: max(all, eth0) is what the kernel uses, so this is right.",
          cousin_of=["DR003", "DR004"])
def _(s):
    s["hosts"]["rs1"]["setup"] = replace(replace(s["hosts"]["rs1"]["setup"],
        "sysctl -qw net.ipv4.conf.all.arp_ignore=1", "sysctl -qw net.ipv4.conf.eth0.arp_ignore=1"),
        "sysctl -qw net.ipv4.conf.all.arp_announce=2", "sysctl -qw net.ipv4.conf.eth0.arp_announce=2")


def arptables_rs1(s, rules, listing="arptables -L -n"):
    """rs1 keeps arp_ignore and arp_announce at 0 and filters ARP with arptables instead, as
    the Red Hat guides do. Needs the Debian package arptables."""
    if not shutil.which("arptables"):
        sys.exit("these scenarios filter ARP with the real arptables: apt-get install -y arptables")
    setup = [c for c in s["hosts"]["rs1"]["setup"] if "arp_ignore" not in c and "arp_announce" not in c]
    s["hosts"]["rs1"]["setup"] = setup + [f"arptables {rule}" for rule in rules]
    s["commands"] = {"rs1": {"arptables.txt": listing}}


@scenario("dr003-arptables", "rs1 leaves arp_ignore and arp_announce at 0 and uses arptables instead: requests for the VIP dropped in INPUT, the VIP rewritten to the RIP as sender in OUTPUT.",
          cousin_of=["DR003", "DR004"])
def _(s):
    arptables_rs1(s, [f"-A INPUT -d {VIP} -j DROP", f"-A OUTPUT -s {VIP} -j mangle --mangle-ip-s 192.0.2.21"])


@scenario("dr004-arptables-drop-only", "rs1 drops ARP requests for the VIP with arptables but does not rewrite the VIP as sender of its own requests (listed with -v --line-numbers).",
          expected=[("DR004", "rs1", "warning")], cousin_of=["DR003"])
def _(s):
    arptables_rs1(s, [f"-A INPUT -d {VIP} -j DROP"], listing="arptables -L -n -v --line-numbers")


@scenario("dr003-arptables-accept-first", "rs1's arptables accepts ARP for the whole subnet before the rule that would drop requests for the VIP: it still answers.",
          expected=[("DR003", "rs1", "error"), ("DR004", "rs1", "warning")])
def _(s):
    arptables_rs1(s, ["-A INPUT -d 192.0.2.0/24 -j ACCEPT", f"-A INPUT -d {VIP} -j DROP",
                      f"-A OUTPUT -s {VIP} -j ACCEPT", f"-A OUTPUT -s {VIP} -j mangle --mangle-ip-s 192.0.2.21"])


@scenario("dr004-arp-announce-1", "arp_announce=1 while the VIP lies inside eth0's subnet: not enough.",
          expected=[("DR004", "rs1", "warning")])
def _(s):
    s["hosts"]["rs1"]["setup"] = replace(s["hosts"]["rs1"]["setup"], "sysctl -qw net.ipv4.conf.all.arp_announce=2",
                                         "sysctl -qw net.ipv4.conf.all.arp_announce=1")


@scenario("dr005-vip-on-eth0", "rs2 carries the VIP on eth0, which answers ARP.",
          expected=[("DR005", "rs2", "error"), ("NET001", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["setup"] = replace(s["hosts"]["rs2"]["setup"], f"ip addr add {VIP}/32 dev lo label lo:100",
                                         f"ip addr add {VIP}/32 dev eth0")


@scenario("dr005-vip-on-noarp", "rs2 carries the VIP on a second interface with ARP turned off (NOARP): acceptable.",
          cousin_of=["DR005", "NET001"])
def _(s):
    s["hosts"]["rs2"]["setup"] = replace(s["hosts"]["rs2"]["setup"], f"ip addr add {VIP}/32 dev lo label lo:100",
        f"ip link add eth1 type veth peer name eth1p && ip link set eth1 arp off && ip link set eth1 up && ip link set eth1p up && ip addr add {VIP}/32 dev eth1")


@scenario("dr006-rs-behind-router", "rs2 sits in another subnet that the director reaches via the router.",
          expected=[("DR006", "lvs1", "error")])
def _(s):
    s["hosts"]["rs2"]["address"] = "198.51.100.22"
    s["hosts"]["rs2"]["setup"] = real_server_setup("198.51.100.22")
    s["hosts"]["rs2"]["setup"][-1] = "ip route add default via 198.51.100.1"
    s["hosts"]["lvs1"]["setup"].append(f"ip route add 198.51.100.0/24 via {GATEWAY}")


@scenario("dr006-rs-second-segment", "rs2 sits in another subnet on which the director has an interface: connected.",
          cousin_of=["DR006"])
def _(s):
    s["hosts"]["rs2"]["address"] = "198.51.100.22"
    s["hosts"]["rs2"]["setup"] = real_server_setup("198.51.100.22")
    s["hosts"]["rs2"]["setup"][-1] = "ip route add default via 198.51.100.1"
    s["hosts"]["lvs1"]["setup"].append("ip link add eth1 type veth peer name eth1p && ip link set eth1 up && ip link set eth1p up && ip addr add 198.51.100.11/24 dev eth1")


@scenario("dr007-port-remap", "The description maps port 80 to 8080 on rs2, which DR cannot do.",
          expected=[("DR007", "rs2", "error")])
def _(s):
    s["services"][0]["real_servers"][1] = {"host": "rs2", "port": 8080}


@scenario("dr007-same-port", "The description names the real-server port explicitly, equal to the service port.",
          cousin_of=["DR007"])
def _(s):
    s["services"][0]["real_servers"][1] = {"host": "rs2", "port": 80}


@scenario("dr008-gateway-director-no-forwarding", "rs1 routes its replies via the director, which does not forward and filters by reverse path.",
          expected=[("DR008", "rs1", "error")])
def _(s):
    s["hosts"]["rs1"]["setup"][-1] = "ip route add default via 192.0.2.11"
    s["hosts"]["lvs1"]["setup"] += ["sysctl -qw net.ipv4.ip_forward=0", "sysctl -qw net.ipv4.conf.all.rp_filter=1"]


@scenario("dr008-gateway-director-prepared", "rs1 routes its replies via a director prepared for it (forwarding, loose rp_filter, accept_local): allowed, but warned.",
          expected=[("DR008", "rs1", "warning")])
def _(s):
    s["hosts"]["rs1"]["setup"][-1] = "ip route add default via 192.0.2.11"
    s["hosts"]["lvs1"]["setup"] += ["sysctl -qw net.ipv4.ip_forward=1", "sysctl -qw net.ipv4.conf.all.rp_filter=2",
                                    "sysctl -qw net.ipv4.conf.eth0.rp_filter=2", "sysctl -qw net.ipv4.conf.all.accept_local=1"]


@scenario("dr008-specific-route-via-director", "rs1 reaches one management network via the director, but its default route is the router.",
          cousin_of=["DR008"])
def _(s):
    s["hosts"]["rs1"]["setup"].append("ip route add 203.0.113.0/24 via 192.0.2.11")


@scenario("dr009-arp-ignore-8", "rs1 has arp_ignore=8: it answers no ARP at all, its RIP included.",
          expected=[("DR009", "rs1", "error")])
def _(s):
    s["hosts"]["rs1"]["setup"] = replace(s["hosts"]["rs1"]["setup"], "sysctl -qw net.ipv4.conf.all.arp_ignore=1",
                                         "sysctl -qw net.ipv4.conf.all.arp_ignore=8")


@scenario("dr009-arp-ignore-8-on-lo", "arp_ignore=8 only on lo, where no ARP ever arrives: harmless.", cousin_of=["DR009"])
def _(s):
    s["hosts"]["rs1"]["setup"].append("sysctl -qw net.ipv4.conf.lo.arp_ignore=8")


@scenario("net001-duplicate-rip", "rs2 also carries rs1's address on eth0.", expected=[("NET001", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["setup"].append("ip addr add 192.0.2.21/24 dev eth0")
    s["settle"] = 0.5


@scenario("net001-copy-on-lo", "rs2 carries rs1's address as /32 on lo, where it answers no ARP.", cousin_of=["NET001"])
def _(s):
    s["hosts"]["rs2"]["setup"].append("ip addr add 192.0.2.21/32 dev lo")


def two_directors(s, vip_on=("lvs1",)):
    s["hosts"] = {"lvs1": s["hosts"]["lvs1"], "lvs2": copy.deepcopy(s["hosts"]["lvs1"]), "rs1": s["hosts"]["rs1"], "rs2": s["hosts"]["rs2"]}
    s["hosts"]["lvs2"]["address"] = "192.0.2.12"
    s["hosts"]["lvs2"]["setup"] = ["ip addr add 192.0.2.12/24 dev eth0", f"ip route add default via {GATEWAY}"]
    s["hosts"]["lvs1"]["setup"] = ["ip addr add 192.0.2.11/24 dev eth0", f"ip route add default via {GATEWAY}"]
    for d in vip_on:
        s["hosts"][d]["setup"].append(f"ip addr add {VIP}/32 dev eth0 label eth0:vip")


@scenario("net002-split-brain", "Both directors hold the VIP on eth0.", expected=[("NET002", "lvs2", "error")])
def _(s):
    two_directors(s, ("lvs1", "lvs2"))


@scenario("net002-backup-idle", "An HA pair: the backup has no VIP and the same table.", cousin_of=["NET002", "NET005", "IPVS011"])
def _(s):
    two_directors(s, ("lvs1",))


@scenario("net003-rip-wrong", "The description gives rs2 an address it does not have.", expected=[("NET003", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["address"] = "192.0.2.23"


@scenario("net003-rip-secondary", "rs2 holds its described address as a secondary.", cousin_of=["NET003"])
def _(s):
    s["hosts"]["rs2"]["address"] = "192.0.2.23"
    s["hosts"]["rs2"]["setup"].append("ip addr add 192.0.2.23/24 dev eth0")


@scenario("net004-lo-down", "rs2's lo, which carries the VIP, is down.", expected=[("NET004", "rs2", "error")])
def _(s):
    s["hosts"]["rs2"]["setup"].append("ip link set lo down")


@scenario("net004-unused-down", "rs2 has a spare interface that is down and carries no cluster address.", cousin_of=["NET004"])
def _(s):
    s["hosts"]["rs2"]["setup"].append("ip link add eth9 type veth peer name eth9p && ip addr add 198.51.100.9/24 dev eth9")


@scenario("net005-no-vip", "No director holds the VIP.", expected=[("NET005", "lvs1", "error")])
def _(s):
    s["hosts"]["lvs1"]["setup"] = [c for c in s["hosts"]["lvs1"]["setup"] if VIP not in c]


@scenario("net006-dad-failed", "rs2 was given an IPv6 address rs1 already uses: duplicate address detection fails.",
          expected=[("NET006", "rs2", "error"), ("NET001", "rs1", "error"), ("NET001", "rs2", "error")])
def _(s):
    for h in ("rs1", "rs2"):
        s["hosts"][h]["setup"].append("sysctl -qw net.ipv6.conf.eth0.accept_dad=1")
    s["hosts"]["rs1"]["setup"].append("ip -6 addr add 2001:db8::5/64 dev eth0 nodad")
    s["hosts"]["rs2"]["setup"].append("sleep 1; ip -6 addr add 2001:db8::5/64 dev eth0")
    s["settle"] = 3


@scenario("net006-unique-v6", "rs1 and rs2 have distinct IPv6 addresses.", cousin_of=["NET006"])
def _(s):
    s["hosts"]["rs1"]["setup"].append("ip -6 addr add 2001:db8::21/64 dev eth0 nodad")
    s["hosts"]["rs2"]["setup"].append("ip -6 addr add 2001:db8::22/64 dev eth0 nodad")


@scenario("desc001-single-server", "The service has one real server.", expected=[("DESC001", "-", "note")])
def _(s):
    s["services"][0]["real_servers"] = [{"host": "rs1"}]
    s["hosts"]["rs2"]["role"] = "real-server"


@scenario("desc002-port-zero", "A port-0 (all ports) service without persistence.",
          expected=[("DESC002", "-", "error")])
def _(s):
    s["services"][0]["port"] = 0


@scenario("desc002-port-zero-persistent", "A port-0 service with persistence, as ipvsadm requires.",
          cousin_of=["DESC002", "DESC001"])
def _(s):
    s["services"][0]["port"] = 0
    s["services"][0]["persistence"] = 300


@scenario("ipvs001-service-missing", "The director's table is empty.", expected=[("IPVS001", "lvs1", "error")])
def _(s):
    s["tables"]["lvs1"] = []


@scenario("ipvs002-stale-service", "The table still balances an old service.", expected=[("IPVS002", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = lambda t: t + [{"proto": "TCP", "vip": "192.0.2.101", "port": 443, "scheduler": "wlc",
                                          "dests": [{"address": "192.0.2.31", "port": 443, "forward": "Route", "weight": 1}]}]


@scenario("ipvs002-described", "The second service is in the table and in the description.", cousin_of=["IPVS002"])
def _(s):
    s["hosts"]["lvs1"]["setup"].append("ip addr add 192.0.2.101/32 dev eth0 label eth0:vip2")
    for h in ("rs1", "rs2"):
        s["hosts"][h]["setup"].append("ip addr add 192.0.2.101/32 dev lo label lo:101")
    s["services"].append({"name": "api", "vip": "192.0.2.101", "port": 443, "scheduler": "wlc", "method": "dr",
                          "real_servers": [{"host": "rs1"}, {"host": "rs2"}]})


def edit_dest(index, **changes):
    def edit(table):
        table[0]["dests"][index].update(changes)
        return table
    return edit


@scenario("ipvs003-server-missing", "rs2 is not in the director's table.", expected=[("IPVS003", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = lambda t: [dict(t[0], dests=t[0]["dests"][:1])]


@scenario("ipvs004-extra-server", "The table sends traffic to a server the description does not list.",
          expected=[("IPVS004", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = lambda t: [dict(t[0], dests=t[0]["dests"] + [{"address": "192.0.2.23", "port": 80, "forward": "Route", "weight": 1}])]


@scenario("ipvs005-masq-instead-of-dr", "rs2 was added with -m: the table masquerades, the description says DR.",
          expected=[("IPVS005", "lvs1", "error")])
def _(s):
    s["tables"]["lvs1"] = edit_dest(1, forward="Masq")


@scenario("ipvs006-scheduler", "The service was added without -s, so ipvsadm chose wlc; the description says rr.",
          expected=[("IPVS006", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = lambda t: [dict(t[0], scheduler="wlc")]


@scenario("ipvs006-default-scheduler", "The description leaves the scheduler out (wlc, ipvsadm's default) and the table has wlc.",
          cousin_of=["IPVS006"])
def _(s):
    del s["services"][0]["scheduler"]


@scenario("ipvs007-weight", "rs2 has weight 3 in the table, 1 in the description.", expected=[("IPVS007", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = edit_dest(1, weight=3)


@scenario("ipvs008-persistence", "The table is persistent (ipvsadm -p), the description is not.",
          expected=[("IPVS008", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = lambda t: [dict(t[0], persistent=300)]


@scenario("ipvs008-persistence-described", "Persistence 300 s in both description and table.", cousin_of=["IPVS008"])
def _(s):
    s["services"][0]["persistence"] = 300


@scenario("ipvs009-all-quiesced", "Every real server has weight 0.", expected=[("IPVS009", "lvs1", "error")])
def _(s):
    s["tables"]["lvs1"] = lambda t: edit_dest(1, weight=0)(edit_dest(0, weight=0)(t))


@scenario("ipvs010-one-quiesced", "rs2 is drained (weight 0); rs1 still serves.", expected=[("IPVS010", "lvs1", "note")],
          cousin_of=["IPVS007", "IPVS009"])
def _(s):
    s["tables"]["lvs1"] = edit_dest(1, weight=0)


@scenario("ipvs011-tables-differ", "The backup director's table was edited by hand: another scheduler.",
          expected=[("IPVS011", "lvs2", "warning"), ("IPVS006", "lvs2", "warning")])
def _(s):
    two_directors(s, ("lvs1",))
    s["tables"]["lvs2"] = lambda t: [dict(t[0], scheduler="wlc")]


@scenario("cap001-garbled-line", "A line of rs1's address capture was mangled when it was copied: the checks that need rs1's addresses are listed as not made.",
          expected=[("CAP001", "rs1", "warning"), ("CAP003", "rs1", "note")])
def _(s):
    def mangle(directory):
        path = os.path.join(directory, "captures", "rs1", "ip-addr.txt")
        with open(path) as f:
            lines = f.read().split("\n")
        lines.insert(2, "    inet 192.0.2.21 /24 scope global eth0 <<pasted twice")
        with open(path, "w") as f:
            f.write("\n".join(lines))
    s["after"] = [mangle]


@scenario("cap001-crlf", "rs1's captures were saved with CRLF line ends and without a final newline: read as usual.",
          cousin_of=["CAP001"])
def _(s):
    def crlf(directory):
        folder = os.path.join(directory, "captures", "rs1")
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data.rstrip(b"\n").replace(b"\n", b"\r\n"))
    s["after"] = [crlf]


@scenario("cap002-unrecognised", "rs2's folder holds notes that are not a capture.", expected=[("CAP002", "rs2", "note")])
def _(s):
    s["extra_files"]["rs2"] = {"notes.txt": "rebooted rs2 at 14:02, VIP came back by hand\n"}


@scenario("cap002-odd-names", "Captures with odd file names are recognised by their content; `ip -o addr` prints no link flags, so rs2's ARP checks are listed as not made.",
          expected=[("CAP003", "rs2", "note")], cousin_of=["CAP002"])
def _(s):
    s["formats"]["rs2"] = {"addresses_file": "output(1).log", "routes_file": "rs2 routes", "addresses": "ip -o addr",
                           "routes": "ip -j route show table all"}


@scenario("cap003-no-sysctl", "rs2's sysctls were not captured: its ARP checks cannot be made.",
          expected=[("CAP003", "rs2", "note")])
def _(s):
    s["omit"]["rs2"] = ["sysctls"]


# ---------------------------------------------------------------- NAT

def nat_two_armed(s):
    """Director lvs1: eth0 on the client side (192.0.2.0/24, VIP), eth1 on the real servers'
    network (198.51.100.0/24, DIP 198.51.100.1); real servers route via the DIP."""
    s["hosts"]["lvs1"].update(address="198.51.100.1", links=["br0", "br1"], setup=[
        "ip addr add 192.0.2.11/24 dev eth0", f"ip addr add {VIP}/32 dev eth0 label eth0:vip",
        "ip addr add 198.51.100.1/24 dev eth1", f"ip route add default via {GATEWAY}", "sysctl -qw net.ipv4.ip_forward=1"])
    for host, rip in (("rs1", "198.51.100.21"), ("rs2", "198.51.100.22")):
        s["hosts"][host].update(address=rip, links=["br1"], setup=[f"ip addr add {rip}/24 dev eth0", "ip route add default via 198.51.100.1"])
    s["services"][0]["method"] = "nat"


def nat_one_armed(s):
    """Director and real servers on one segment; real servers route via the director."""
    s["hosts"]["lvs1"]["setup"] += ["sysctl -qw net.ipv4.ip_forward=1"]
    for host, rip in (("rs1", "192.0.2.21"), ("rs2", "192.0.2.22")):
        s["hosts"][host]["setup"] = [f"ip addr add {rip}/24 dev eth0", "ip route add default via 192.0.2.11"]
    s["services"][0]["method"] = "nat"


def drop_lines(host, filename, needle):
    def hook(directory):
        path = os.path.join(directory, "captures", host, filename)
        with open(path) as f:
            lines = f.read().split("\n")
        with open(path, "w") as f:
            f.write("\n".join(l for l in lines if needle not in l))
    return hook


@scenario("nat-two-armed", "A correct two-armed NAT cluster: clients on one network, real servers on another behind the director.",
          cousin_of=["NAT001", "NAT002", "NAT003", "NAT005"])
def _(s):
    nat_two_armed(s)


@scenario("nat001-inside-not-forwarding", "ip_forward=1, but forwarding was later turned off on eth1, where the real servers' replies arrive.",
          expected=[("NAT001", "lvs1", "error")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["lvs1"]["setup"].append("sysctl -qw net.ipv4.conf.eth1.forwarding=0")


@scenario("nat001-ip-forward-only", "Only net.ipv4.ip_forward (0) was captured on the director; the finding says it was used.",
          expected=[("NAT001", "lvs1", "error")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["lvs1"]["setup"].append("sysctl -qw net.ipv4.ip_forward=0")
    s["after"] = [drop_lines("lvs1", "sysctl.txt", ".forwarding =")]


@scenario("nat002-rs-via-router", "rs1's default route goes to a router on its network, not the director: replies bypass it.",
          expected=[("NAT002", "rs1", "error")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["rs1"]["setup"][-1] = "ip route add default via 198.51.100.254"


@scenario("nat003-rs-behind-router", "rs2 sits on a network the director reaches only via a router.",
          expected=[("NAT003", "rs2", "warning"), ("NAT002", "rs2", "error")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["rs2"].update(address="203.0.113.22", setup=["ip addr add 203.0.113.22/24 dev eth0", "ip route add default via 203.0.113.1"])
    s["hosts"]["lvs1"]["setup"].append("ip route add 203.0.113.0/24 via 198.51.100.254")


@scenario("nat004-one-armed-redirects", "One-armed NAT: the director forwards replies back out of eth0 and sends ICMP redirects.",
          expected=[("NAT004", "lvs1", "warning")])
def _(s):
    nat_one_armed(s)


@scenario("nat004-one-armed-no-redirects", "One-armed NAT with send_redirects off on all and eth0.", cousin_of=["NAT004", "NAT006"])
def _(s):
    nat_one_armed(s)
    s["hosts"]["lvs1"]["setup"] += ["sysctl -qw net.ipv4.conf.all.send_redirects=0", "sysctl -qw net.ipv4.conf.eth0.send_redirects=0"]


@scenario("nat005-rs-holds-vip", "rs1 kept the VIP on lo from an earlier DR setup.", expected=[("NAT005", "rs1", "warning")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["rs1"]["setup"].append(f"ip addr add {VIP}/32 dev lo label lo:100")


def nat_ha_pair(s, gateway):
    nat_two_armed(s)
    lvs2 = copy.deepcopy(s["hosts"]["lvs1"])
    lvs2.update(address="198.51.100.3", setup=["ip addr add 192.0.2.12/24 dev eth0", "ip addr add 198.51.100.3/24 dev eth1",
                                               f"ip route add default via {GATEWAY}", "sysctl -qw net.ipv4.ip_forward=1"])
    s["hosts"]["lvs1"]["address"] = "198.51.100.2"
    s["hosts"]["lvs1"]["setup"] = replace(s["hosts"]["lvs1"]["setup"], "ip addr add 198.51.100.1/24 dev eth1", "ip addr add 198.51.100.2/24 dev eth1")
    s["hosts"]["lvs1"]["setup"].append("ip addr add 198.51.100.1/24 dev eth1 label eth1:gw")
    s["hosts"] = {"lvs1": s["hosts"]["lvs1"], "lvs2": lvs2, "rs1": s["hosts"]["rs1"], "rs2": s["hosts"]["rs2"]}
    for host in ("rs1", "rs2"):
        s["hosts"][host]["setup"][-1] = f"ip route add default via {gateway}"


@scenario("nat006-ha-fixed-dip", "An HA pair: the real servers route via lvs1's own inside address instead of the floating one.",
          expected=[("NAT006", "rs1", "warning"), ("NAT006", "rs2", "warning")])
def _(s):
    nat_ha_pair(s, "198.51.100.2")


@scenario("nat-ha-floating-gateway", "An HA pair: the real servers route via the floating inside address 198.51.100.1, held by the active director.",
          cousin_of=["NAT006", "NAT002"])
def _(s):
    nat_ha_pair(s, "198.51.100.1")


@scenario("mixed-methods", "One service, two methods: rs1 by DR, rs2 by NAT (ipvsadm allows a mix); each is judged by its own method.",
          cousin_of=["NAT005", "DR001", "NAT002"])
def _(s):
    s["hosts"]["lvs1"]["setup"] += ["sysctl -qw net.ipv4.ip_forward=1", "sysctl -qw net.ipv4.conf.all.send_redirects=0",
                                    "sysctl -qw net.ipv4.conf.eth0.send_redirects=0"]
    s["hosts"]["rs2"]["setup"] = ["ip addr add 192.0.2.22/24 dev eth0", "ip route add default via 192.0.2.11"]
    s["services"][0]["real_servers"][1] = {"host": "rs2", "method": "nat"}


# ---------------------------------------------------------------- TUN

TUNL0 = """{index}: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000
    link/ipip 0.0.0.0 brd 0.0.0.0 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 
    ipip any remote any local any ttl inherit nopmtudisc numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 
    inet {vip}/32 scope global tunl0
       valid_lft forever preferred_lft forever
"""


def add_tunl0(host, vip=VIP, rp_filter=0):
    """This kernel has no ipip: write tunl0 as `ip -d addr` prints it, and its sysctls as
    `sysctl -a` would list them (copied from conf.default, as the kernel does when ipip loads)."""
    def hook(directory):
        folder = os.path.join(directory, "captures", host)
        path = os.path.join(folder, "ip-addr.txt")
        with open(path) as f:
            text = f.read()
        indexes = [int(line.split(":")[0]) for line in text.splitlines() if line[:1].isdigit()]
        with open(path, "w") as f:
            f.write(text + TUNL0.format(index=max(indexes) + 1, vip=vip))
        path = os.path.join(folder, "sysctl.txt")
        with open(path) as f:
            lines = f.read().splitlines()
        defaults = [l for l in lines if l.startswith("net.ipv4.conf.default.")]
        tunl0 = []
        for line in defaults:
            key, value = line.split(" = ", 1)
            param = key.rsplit(".", 1)[1]
            value = str(rp_filter) if param == "rp_filter" else value
            tunl0.append(f"net.ipv4.conf.tunl0.{param} = {value}")
        last_conf = max(i for i, l in enumerate(lines) if l.startswith("net.ipv4.conf."))
        lines[last_conf + 1:last_conf + 1] = tunl0
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
    return hook


def tun_cluster(s, all_rp_filter=0, tunnels=("rs1", "rs2")):
    """Real servers at a remote site (203.0.113.0/24), reached through IPIP; VIP on tunl0."""
    s["hosts"]["lvs1"]["setup"].append("ip route add 203.0.113.0/24 via 192.0.2.1")
    s["after"] = []
    for host, rip in (("rs1", "203.0.113.21"), ("rs2", "203.0.113.22")):
        setup = [f"ip addr add {rip}/24 dev eth0", "ip route add default via 203.0.113.1",
                 "sysctl -qw net.ipv4.conf.all.arp_ignore=1", "sysctl -qw net.ipv4.conf.all.arp_announce=2",
                 f"sysctl -qw net.ipv4.conf.all.rp_filter={all_rp_filter}"]
        if host not in tunnels:
            setup.append(f"ip addr add {VIP}/32 dev lo label lo:100")
        else:
            s["after"].append(add_tunl0(host))
        s["hosts"][host].update(address=rip, setup=setup)
    s["services"][0]["method"] = "tun"


@scenario("tun-healthy", "A correct LVS-TUN cluster: remote real servers with the VIP on tunl0, rp_filter off.",
          cousin_of=["TUN001", "TUN002", "DR006"])
def _(s):
    tun_cluster(s)


@scenario("fw001-tun-ipip-dropped", "rs1 accepts port 80 under an INPUT policy of DROP, but not the IPIP packets (protocol 4) the director wraps it in; rs2's nftables drop `ip protocol ipencap` outright.",
          expected=[("FW001", "rs1", "error"), ("FW001", "rs2", "error")])
def _(s):
    tun_cluster(s)
    firewall(s, {"rs1": ["-P INPUT DROP", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-A INPUT -p tcp --dport 80 -j ACCEPT"]})
    nftables(s, {"rs2": """table ip filter {
  chain input { type filter hook input priority 0; policy accept; ip protocol 4 drop; tcp dport 80 accept; }
}"""})


@scenario("fw001-tun-ipip-accepted", "rs1 accepts IPIP from the director's network and port 80 under an INPUT policy of DROP; rs2 accepts protocol 4 by number in nftables.",
          cousin_of=["FW001"])
def _(s):
    tun_cluster(s)
    firewall(s, {"rs1": ["-P INPUT DROP", "-A INPUT -p 4 -j ACCEPT", "-A INPUT -p tcp --dport 80 -j ACCEPT"]})
    nftables(s, {"rs2": """table inet filter {
  chain input { type filter hook input priority 0; policy drop; meta l4proto 4 accept; tcp dport 80 accept; }
}"""})


@scenario("tun001-no-tunnel", "rs2 has the VIP on lo but no IPIP tunnel device.", expected=[("TUN001", "rs2", "error")])
def _(s):
    tun_cluster(s, tunnels=("rs1",))


@scenario("tun002-rp-filter-all", "The classic: tunl0.rp_filter=0 but all.rp_filter=1, so the effective value is strict.",
          expected=[("TUN002", "rs1", "error"), ("TUN002", "rs2", "error")])
def _(s):
    tun_cluster(s, all_rp_filter=1)


@scenario("tun002-loose", "all.rp_filter=2 (loose) and tunl0.rp_filter=0: decapsulated packets pass.", cousin_of=["TUN002"])
def _(s):
    tun_cluster(s, all_rp_filter=2)


# ---------------------------------------------------------------- table formats, fwmark, IPv6

@scenario("table-ipvsadm-save", "The director's table captured with `ipvsadm-save -n` instead of `ipvsadm -Ln`.", cousin_of=["CAP004"])
def _(s):
    s["table_formats"] = {"lvs1": ["save"]}


@scenario("table-proc-ip-vs", "The director's table captured from /proc/net/ip_vs (hex) instead of `ipvsadm -Ln`.")
def _(s):
    s["table_formats"] = {"lvs1": ["proc"]}


@scenario("ipvs007-weight-save", "As ipvs007-weight, with the table from `ipvsadm-save -n`: the same verdict.",
          expected=[("IPVS007", "lvs1", "warning")])
def _(s):
    s["tables"]["lvs1"] = edit_dest(1, weight=3)
    s["table_formats"] = {"lvs1": ["save"]}


@scenario("ipvs005-proc", "As ipvs005-masq-instead-of-dr, with the table from /proc/net/ip_vs: the same verdict.",
          expected=[("IPVS005", "lvs1", "error")])
def _(s):
    s["tables"]["lvs1"] = edit_dest(1, forward="Masq")
    s["table_formats"] = {"lvs1": ["proc"]}


@scenario("tables-agree", "The director's table captured three ways (ipvsadm -Ln, ipvsadm-save -n, /proc/net/ip_vs) that agree.",
          cousin_of=["CAP004"])
def _(s):
    s["table_formats"] = {"lvs1": ["ln", "save", "proc"]}


@scenario("cap004-tables-disagree", "ipvsadm -Ln and /proc/net/ip_vs were captured at different times: rs2's weight differs.",
          expected=[("CAP004", "lvs1", "warning")])
def _(s):
    s["table_formats"] = {"lvs1": ["ln", ("proc", edit_dest(1, weight=5))]}


def fwmark_service(s):
    s["services"][0] = {"name": "web", "fwmark": 7, "scheduler": "rr", "method": "dr",
                        "real_servers": [{"host": "rs1"}, {"host": "rs2"}]}


@scenario("dr-fwmark", "A DR service selected by firewall mark 7: the table shows FWM 7 and ports :0, matched by address.",
          cousin_of=["IPVS003", "IPVS004"])
def _(s):
    fwmark_service(s)


@scenario("ipvs003-fwmark", "A fwmark service whose table lacks rs2.", expected=[("IPVS003", "lvs1", "warning")])
def _(s):
    fwmark_service(s)
    s["tables"]["lvs1"] = lambda t: [dict(t[0], dests=t[0]["dests"][:1])]


VIP6 = "2001:db8::100"


def ipv6_cluster(s, rs2_vip=True):
    s["hosts"]["lvs1"].update(address="2001:db8::11", setup=["ip -6 addr add 2001:db8::11/64 dev eth0 nodad",
                                                             f"ip -6 addr add {VIP6}/128 dev eth0 nodad",
                                                             "ip -6 route add default via 2001:db8::1"])
    for host, rip in (("rs1", "2001:db8::21"), ("rs2", "2001:db8::22")):
        setup = [f"ip -6 addr add {rip}/64 dev eth0 nodad", "ip -6 route add default via 2001:db8::1"]
        if host == "rs1" or rs2_vip:
            setup.append(f"ip -6 addr add {VIP6}/128 dev lo nodad")
        s["hosts"][host].update(address=rip, setup=setup)
    s["services"][0]["vip"] = VIP6


@scenario("dr-ipv6", "An IPv6 LVS-DR cluster: VIP /128 on the real servers' lo.", cousin_of=["DR002", "NET005"])
def _(s):
    ipv6_cluster(s)


@scenario("dr001-ipv6", "An IPv6 LVS-DR cluster where rs2 lacks the VIP.", expected=[("DR001", "rs2", "error")])
def _(s):
    ipv6_cluster(s, rs2_vip=False)


@scenario("sup001-unused-suppression", "A suppression of DR004 on rs1, whose arp_announce is right: it suppresses nothing.",
          expected=[("SUP001", "-", "warning")])
def _(s):
    s["comments"] = {"rs1": "# lvslint: disable=DR004 -- kernel 2.6 box, arp_announce=1 is all it has"}


@scenario("sup001-suppression-used", "As dr004-arp-announce-1, with DR004 suppressed on rs1 by a comment with a reason.",
          cousin_of=["SUP001"])
def _(s):
    s["hosts"]["rs1"]["setup"] = replace(s["hosts"]["rs1"]["setup"], "sysctl -qw net.ipv4.conf.all.arp_announce=2",
                                         "sysctl -qw net.ipv4.conf.all.arp_announce=1")
    s["comments"] = {"rs1": "# lvslint: disable=DR004 -- kernel 2.6 box, arp_announce=1 is all it has"}


@scenario("bundle-terminal-session", "Each host's captures pasted from one terminal session into captures/<host>.txt, prompts and all (rs1 has the lo-only ARP trap).",
          expected=[("DR003", "rs1", "error"), ("DR004", "rs1", "warning"), ("CAP002", "lvs1", "note"), ("CAP002", "rs1", "note"),
                    ("CAP002", "rs2", "note")])
def _(s):
    s["bundle"] = True
    s["hosts"]["rs1"]["setup"] = replace(replace(s["hosts"]["rs1"]["setup"],
        "sysctl -qw net.ipv4.conf.all.arp_ignore=1", "sysctl -qw net.ipv4.conf.lo.arp_ignore=1"),
        "sysctl -qw net.ipv4.conf.all.arp_announce=2", "sysctl -qw net.ipv4.conf.lo.arp_announce=2")


@scenario("dr-director-also-real-server", "lvs1 directs and also serves (LocalNode): it holds the VIP on eth0 and answers ARP for it, as a director must.",
          cousin_of=["DR003", "DR005"])
def _(s):
    s["hosts"]["lvs1"]["role"] = ["director", "real-server"]
    s["services"][0]["real_servers"].append({"host": "lvs1"})
    s["tables"]["lvs1"] = lambda t: [dict(t[0], dests=t[0]["dests"][:2] + [dict(t[0]["dests"][2], forward="Local")])]


# ---------------------------------------------------------------- never a silent pass

def lo_only_arp(s, host):
    s["hosts"][host]["setup"] = replace(replace(s["hosts"][host]["setup"],
        "sysctl -qw net.ipv4.conf.all.arp_ignore=1", "sysctl -qw net.ipv4.conf.lo.arp_ignore=1"),
        "sysctl -qw net.ipv4.conf.all.arp_announce=2", "sysctl -qw net.ipv4.conf.lo.arp_announce=2")


@scenario("bundle-script-no-markers", "Each host's captures written by `{ ip -d addr; ip route show table all; sysctl -a; ipvsadm -Ln; } > captures/<host>.txt`, without a marker between the commands; rs2 has arp_ignore set on lo only.",
          expected=[("DR003", "rs2", "error"), ("DR004", "rs2", "warning")], cousin_of=["CAP001"])
def _(s):
    s["bundle"] = "script"
    lo_only_arp(s, "rs2")


@scenario("bundle-script-markers", "Bundles whose commands are marked as scripts mark them: `==== cmd ====` with separator lines (lvs1, whose table is under a typo `pvsadm -Ln`), `+ cmd` from sh -x with a trailing prompt (rs1), `### cmd` (rs2). All healthy.",
          cousin_of=["CAP001", "CAP002", "IPVS001"])
def _(s):
    s["bundle"] = "script"
    s["bundle_sysctl"] = f"sysctl -a --pattern '{SYSCTL_PATTERN}'"
    s["bundle_styles"] = {"lvs1": "equals", "rs1": "sh-x", "rs2": "hashes"}
    s["bundle_typos"] = {("lvs1", "ipvsadm -Ln"): "pvsadm -Ln"}


@scenario("cap001-unread-region", "lvs1's bundle has `ipvsadm -Ln` run without the module loaded: its output is not a table, so the table checks are not made on lvs1 (never passed).",
          expected=[("CAP001", "lvs1", "warning"), ("CAP003", "lvs1", "note")], cousin_of=["IPVS001"])
def _(s):
    s["bundle"] = "script"
    s["bundle_sysctl"] = f"sysctl -a --pattern '{SYSCTL_PATTERN}'"
    s["bundle_styles"] = {"lvs1": "dashes", "rs1": "dashes", "rs2": "dashes"}

    def broken_table(directory):
        path = os.path.join(directory, "captures", "lvs1.txt")
        with open(path) as f:
            text = f.read()
        head = text[:text.index("--- ipvsadm -Ln ---")]
        with open(path, "w") as f:
            f.write(head + "--- ipvsadm -Ln ---\nCan't initialize ipvs: Protocol not available\n"
                    "Are you sure that IP Virtual Server is built in the kernel or as module?\n")
    s["after"] = [broken_table]


@scenario("ipvs001-unread-service-line", "lvs1's table was copied from a narrow terminal that wrapped the service line (`TCP  192.0.2.1` / `00:80 rr`): the table checks are listed as not made, not reported as a missing service.",
          expected=[("CAP001", "lvs1", "warning")] * 4 + [("CAP003", "lvs1", "note")], cousin_of=["IPVS001", "IPVS002"])
def _(s):
    s["tables"]["lvs1"] = lambda t: ipvsadm_ln(t).replace("TCP  192.0.2.100:80 rr", "TCP  192.0.2.1\n00:80 rr")


@scenario("partial-sysctl-grep", "rs1's sysctls captured as `sysctl -a | grep arp_ignore` with the lo-only trap: arp_ignore is proven (DR003), arp_announce is not in the capture, so DR004 is listed as not made on rs1.",
          expected=[("DR003", "rs1", "error"), ("CAP003", "rs1", "note")], cousin_of=["DR004"])
def _(s):
    lo_only_arp(s, "rs1")
    s["formats"]["rs1"] = {"sysctls": "sysctl -a 2>/dev/null | grep arp_ignore"}


@scenario("partial-sysctl-one-key", "rs1's sysctls captured as `sysctl net.ipv4.conf.eth0.arp_ignore` alone: conf.all is not in the capture, so the ARP checks are listed as not made on rs1 rather than guessed.",
          expected=[("CAP003", "rs1", "note")], cousin_of=["DR003", "DR004"])
def _(s):
    lo_only_arp(s, "rs1")
    s["formats"]["rs1"] = {"sysctls": "sysctl net.ipv4.conf.eth0.arp_ignore"}


@scenario("net007-vip-on-lo", "lvs1 holds the VIP on lo, as the real servers do, with arp_ignore=1: nobody answers ARP for the VIP.",
          expected=[("NET007", "lvs1", "error")])
def _(s):
    s["hosts"]["lvs1"]["setup"] = ["ip addr add 192.0.2.11/24 dev eth0", f"ip addr add {VIP}/32 dev lo label lo:vip",
                                   "sysctl -qw net.ipv4.conf.all.arp_ignore=1", f"ip route add default via {GATEWAY}"]


@scenario("net007-vip-on-lo-arp-ignore-0", "lvs1 holds the VIP on lo with arp_ignore left at 0: eth0 answers ARP for every local address, the VIP included.",
          cousin_of=["NET007"])
def _(s):
    s["hosts"]["lvs1"]["setup"] = ["ip addr add 192.0.2.11/24 dev eth0", f"ip addr add {VIP}/32 dev lo label lo:vip",
                                   f"ip route add default via {GATEWAY}"]


@scenario("net007-noarp-interface", "lvs1 holds the VIP on eth0, whose ARP was switched off (`ip link set eth0 arp off`).",
          expected=[("NET007", "lvs1", "error")])
def _(s):
    s["hosts"]["lvs1"]["setup"].append("ip link set eth0 arp off")


@scenario("net007-routed-vip", "The VIP 203.0.113.100 lies outside every subnet on the director: the router must route it there, which lvslint cannot see (a note).",
          expected=[("NET007", "lvs1", "note")])
def _(s):
    vip = "203.0.113.100"
    s["hosts"]["lvs1"]["setup"] = replace(s["hosts"]["lvs1"]["setup"], f"ip addr add {VIP}/32 dev eth0 label eth0:vip",
                                          f"ip addr add {vip}/32 dev lo label lo:vip")
    for rs, rip in (("rs1", "192.0.2.21"), ("rs2", "192.0.2.22")):
        s["hosts"][rs]["setup"] = real_server_setup(rip, vip)
    s["services"][0]["vip"] = vip


# ---------------------------------------------------------------- what people paste

PORT_NAMES = {80: "http", 443: "https", 53: "domain", 22: "ssh", 3306: "mysql"}


def ipvsadm_l(services, hosts):
    """`ipvsadm -L` as ipvsadm 1.31 prints it without -n: addresses it could resolve
    (through `hosts`, address -> name) and ports as services-database names, the rest as
    numbers; the columns padded exactly as with -n (`%-4s %s`, `  -> %-28s %-7s %-6d …`)."""
    def named(address, port):
        return f"{hosts.get(address, address)}:{PORT_NAMES.get(port, port)}"
    lines = ["IP Virtual Server version 1.2.1 (size=4096)",
             "Prot LocalAddress:Port Scheduler Flags",
             "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"]
    for s in sorted(services, key=sort_key):
        line = "%-4s %s %s" % (s["proto"], named(s["vip"], s["port"]), s["scheduler"])
        if s.get("persistent"):
            line += " persistent %d" % s["persistent"]
        lines.append(line)
        for d in sorted(s["dests"], key=lambda d: (ip_key(d["address"]), d["port"])):
            lines.append("  -> %-28s %-7s %-6d %-10u %-10u" % (named(d["address"], d["port"]), d["forward"], d["weight"],
                                                               d.get("active", 0), d.get("inactive", 0)))
    return "\n".join(lines) + "\n"


@scenario("ipvs005-ipvsadm-L-names", "lvs1's table pasted from `ipvsadm -L` (no -n): the VIP and rs1 printed by name, ports as `http`; rs2's row says Masq in a DR service.",
          expected=[("IPVS005", "lvs1", "error")], cousin_of=["CAP001"])
def _(s):
    s["services"][0]["name"] = "www"
    names = {VIP: "www.example.com", "192.0.2.21": "rs1.example.com"}
    s["tables"]["lvs1"] = lambda t: ipvsadm_l(edit_dest(1, forward="Masq")(t), names)


@scenario("ipvsadm-L-unresolvable", "lvs1's table pasted from `ipvsadm -L` with a VIP name the description does not use (`lb.example.org`): the table checks are listed as not made, never reported as a missing or unexpected service.",
          expected=[("CAP003", "lvs1", "note")], cousin_of=["IPVS001", "IPVS002", "CAP001"])
def _(s):
    s["tables"]["lvs1"] = lambda t: ipvsadm_l(t, {VIP: "lb.example.org"})


@scenario("dr003-pasted-sysctl-session", "rs1's sysctls pasted from a terminal: a `# for each Real Server` note, `rs1$ sysctl KEY KEY` prompts and their output (arp_ignore set on lo only); read as a partial sysctl capture.",
          expected=[("DR003", "rs1", "error"), ("DR004", "rs1", "warning")], cousin_of=["CAP002"])
def _(s):
    lo_only_arp(s, "rs1")
    s["formats"]["rs1"] = {"sysctls_session": [
        "sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.eth0.arp_ignore net.ipv4.conf.lo.arp_ignore",
        "sysctl net.ipv4.conf.all.arp_announce net.ipv4.conf.eth0.arp_announce"]}


@scenario("nat001-pasted-ip-forward", "The NAT director's only sysctl capture is a pasted `cat /proc/sys/net/ipv4/ip_forward` printing 0: forwarding is off, and NAT replies die there.",
          expected=[("NAT001", "lvs1", "error"), ("CAP003", "lvs1", "note")])
def _(s):
    nat_two_armed(s)
    s["hosts"]["lvs1"]["setup"].append("sysctl -qw net.ipv4.ip_forward=0")
    s["formats"]["lvs1"] = {"sysctls_session": ["cat /proc/sys/net/ipv4/ip_forward"]}


def ipvsadm_lnc(rows):
    """`ipvsadm -Lnc` as ipvsadm 1.31 prints it (print_conn): `%-3s %02d:%02d  %-11s %-18s %-18s %s`."""
    lines = ["IPVS connection entries", "pro expire state       source             virtual            destination"]
    for proto, expire, state, source, virtual, destination in rows:
        lines.append("%-3s %02d:%02d  %-11s %-18s %-18s %s" % (proto, expire // 60, expire % 60, state, source, virtual, destination))
    return "\n".join(lines) + "\n"


@scenario("ipvs012-syn-recv", "The NAT director's `ipvsadm -Lnc` shows every connection to rs1 stuck in SYN_RECV (rs1 routes its replies elsewhere); rs1 itself was not captured.",
          expected=[("IPVS012", "lvs1", "warning"), ("CAP003", "rs1", "note")])
def _(s):
    nat_two_armed(s)
    s["omit"]["rs1"] = ["addresses", "routes", "sysctls"]
    s["extra_files"]["lvs1"] = {"ipvsadm-Lnc.txt": ipvsadm_lnc([
        ("TCP", 57, "SYN_RECV", "203.0.113.7:51234", f"{VIP}:80", "198.51.100.21:80"),
        ("TCP", 43, "SYN_RECV", "203.0.113.9:40112", f"{VIP}:80", "198.51.100.21:80"),
        ("TCP", 899, "ESTABLISHED", "203.0.113.8:51300", f"{VIP}:80", "198.51.100.22:80"),
        ("TCP", 58, "SYN_RECV", "203.0.113.8:51301", f"{VIP}:80", "198.51.100.22:80"),
    ])}


@scenario("ipvs012-established", "The NAT director's `ipvsadm -Lnc` shows connections to both real servers ESTABLISHED (one new one in SYN_RECV): replies come back.",
          cousin_of=["IPVS012"])
def _(s):
    nat_two_armed(s)
    s["extra_files"]["lvs1"] = {"ipvsadm-Lnc.txt": ipvsadm_lnc([
        ("TCP", 899, "ESTABLISHED", "203.0.113.7:51234", f"{VIP}:80", "198.51.100.21:80"),
        ("TCP", 58, "SYN_RECV", "203.0.113.9:40112", f"{VIP}:80", "198.51.100.21:80"),
        ("TCP", 899, "ESTABLISHED", "203.0.113.8:51300", f"{VIP}:80", "198.51.100.22:80"),
    ])}


def two_node(s, standby_directs=True):
    """Two machines, each a real server of the VIP: lvs1 active (VIP on eth0), lvs2 standby
    (VIP on lo, ARP suppressed). With `standby_directs`, lvs2 is a director too and holds
    the same IPVS service, as keepalived leaves it on both nodes."""
    del s["hosts"]["rs1"], s["hosts"]["rs2"]
    s["hosts"]["lvs1"]["role"] = ["director", "real-server"]
    s["hosts"]["lvs2"] = {"role": ["director", "real-server"] if standby_directs else "real-server", "address": "192.0.2.12",
                          "setup": real_server_setup("192.0.2.12")}
    s["services"][0]["real_servers"] = [{"host": "lvs1"}, {"host": "lvs2"}]

    def local_for(node):
        def edit(t):
            for d in t[0]["dests"]:
                if d["address"] == s["hosts"][node]["address"]:
                    d["forward"] = "Local"
            return t
        return edit
    s["tables"]["lvs1"] = local_for("lvs1")
    if standby_directs:
        s["tables"]["lvs2"] = local_for("lvs2")
    else:
        s["extra_files"]["lvs2"] = {"ipvsadm.txt": ipvsadm_ln([])}


@scenario("dr011-two-node-loop", "Two nodes, each director and real server: the standby lvs2 holds the VIP on lo and keeps the IPVS service, so it balances again what lvs1 hands it.",
          expected=[("DR011", "lvs2", "error")], cousin_of=["IPVS011"])
def _(s):
    two_node(s)


@scenario("dr011-standby-without-service", "The same two nodes, with no IPVS service on the standby (it is a real server only): nothing balances twice.",
          cousin_of=["DR011"])
def _(s):
    two_node(s, standby_directs=False)


# ---------------------------------------------------------------- what breaks at reboot

DEBIAN_SYSCTL_CONF = """#
# /etc/sysctl.conf - Configuration file for setting system variables
# See /etc/sysctl.d/ for additional system variables.
# See sysctl.conf (5) for information.
#

#kernel.domainname = example.com

# Uncomment the following to stop low-level messages on console
#kernel.printk = 3 4 1 3

# Uncomment the next line to enable packet forwarding for IPv4
#net.ipv4.ip_forward=1
"""

LVS_DR_CONF = "net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n"


@scenario("persist001-not-saved", "The real servers' ARP settings were typed with `sysctl -w`: rs1's captured /etc/sysctl.conf is Debian's default, so they are lost at reboot; rs2 has /etc/sysctl.d/90-lvs-dr.conf.",
          expected=[("PERSIST001", "rs1", "warning")])
def _(s):
    s["extra_files"]["rs1"] = {"etc/sysctl.conf": DEBIAN_SYSCTL_CONF}
    s["extra_files"]["rs2"] = {"etc/sysctl.conf": DEBIAN_SYSCTL_CONF, "etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF}


@scenario("persist001-saved", "Both real servers keep their ARP settings in /etc/sysctl.d/90-lvs-dr.conf; on rs1 a same-named file in /usr/lib/sysctl.d that would reset them is masked by /etc's.",
          cousin_of=["PERSIST001"])
def _(s):
    s["extra_files"]["rs1"] = {"etc/sysctl.conf": DEBIAN_SYSCTL_CONF, "etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF,
                               "usr/lib/sysctl.d/90-lvs-dr.conf": "net.ipv4.conf.all.arp_ignore = 0\n"}
    s["extra_files"]["rs2"] = {"etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF}


@scenario("persist001-overridden", "rs1 saves arp_ignore = 1 in /etc/sysctl.d/90-lvs-dr.conf, but /etc/sysctl.conf, read last, sets it back to 0.",
          expected=[("PERSIST001", "rs1", "warning")])
def _(s):
    s["extra_files"]["rs1"] = {"etc/sysctl.conf": DEBIAN_SYSCTL_CONF + "net.ipv4.conf.all.arp_ignore = 0\n",
                               "etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF}
    s["extra_files"]["rs2"] = {"etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF}


def dotted_rs1(s, persistent):
    """rs1's interface carries a VLAN-style dotted name, eth0.100 (this kernel has no 8021q,
    so it is the veth renamed: the sysctl directory is net/ipv4/conf/eth0.100 either way),
    with its ARP settings on that interface alone, saved as `persistent`."""
    s["hosts"]["rs1"]["setup"] = ["ip link set eth0 down", "ip link set eth0 name eth0.100", "ip link set eth0.100 up",
                                  "ip addr add 192.0.2.21/24 dev eth0.100",
                                  f"ip addr add {VIP}/32 dev lo label lo:100",
                                  "sysctl -qw net.ipv4.conf.eth0/100.arp_ignore=1",
                                  "sysctl -qw net.ipv4.conf.eth0/100.arp_announce=2",
                                  f"ip route add default via {GATEWAY}"]
    s["extra_files"]["rs1"] = {"etc/sysctl.d/90-lvs-dr.conf": persistent}
    s["extra_files"]["rs2"] = {"etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF}


@scenario("persist001-dotted-interface-misspelled", "rs1's ARP settings are on its VLAN-named interface eth0.100, saved as `net.ipv4.conf.eth0.100.arp_ignore`: sysctl reads that as net/ipv4/conf/eth0/100/… and never applies it.",
          expected=[("PERSIST001", "rs1", "warning")])
def _(s):
    dotted_rs1(s, "net.ipv4.conf.eth0.100.arp_ignore = 1\nnet.ipv4.conf.eth0.100.arp_announce = 2\n")


@scenario("persist001-dotted-interface-saved", "The same settings saved in the two spellings sysctl applies: the path form and `/` for the dot.",
          cousin_of=["PERSIST001"])
def _(s):
    dotted_rs1(s, "net/ipv4/conf/eth0.100/arp_ignore = 1\nnet.ipv4.conf.eth0/100.arp_announce = 2\n")


def firewall(s, rules):
    """Real iptables rules (either back end prints iptables-save alike) on each host named in
    `rules`, captured with iptables-save. Needs the Debian package iptables."""
    if not shutil.which("iptables-save"):
        sys.exit("these scenarios filter with the real iptables: apt-get install -y iptables")
    for host, lines in rules.items():
        s["hosts"][host]["setup"] = s["hosts"][host]["setup"] + [f"iptables {line}" for line in lines]
        s.setdefault("commands", {}).setdefault(host, {})["iptables-save.txt"] = "iptables-save"
    # iptables-save stamps the time it ran: fixtures stay the same when rebuilt.
    s.setdefault("after", []).append(lambda d: [strip_stamps(os.path.join(d, "captures", h, "iptables-save.txt")) for h in rules])
    open_firewalls(s)


def open_firewalls(s):
    """Every host whose firewall a scenario does not set gets an empty filter table, captured,
    so that FW001 judges each host rather than listing it as not checked."""
    for host in s["hosts"]:
        commands = s.setdefault("commands", {}).setdefault(host, {})
        if "iptables-save.txt" in commands or "nft-ruleset.txt" in commands:
            continue
        s["hosts"][host]["setup"] = s["hosts"][host]["setup"] + ["iptables -P INPUT ACCEPT"]
        commands["iptables-save.txt"] = "iptables-save"
        s.setdefault("after", []).append(lambda d, h=host: strip_stamps(os.path.join(d, "captures", h, "iptables-save.txt")))


def strip_stamps(path):
    with open(path) as f:
        text = f.read()
    text = re.sub(r" on \w{3} \w{3} +\d+ [\d:]+ \d{4}", " on Thu Nov 26 12:00:00 2026", text)
    with open(path, "w") as f:
        f.write(text)


RS_FIREWALL_RIP_ONLY = ["-P INPUT DROP", "-A INPUT -i lo -j ACCEPT", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                        "-A INPUT -p tcp --dport 22 -j ACCEPT"]


@scenario("fw001-rip-only", "rs1's firewall was written for its RIP: INPUT policy DROP, port 80 accepted to 192.0.2.21 only, so the VIP's packets are dropped; rs2 rejects port 80 outright.",
          expected=[("FW001", "rs1", "error"), ("FW001", "rs2", "error")])
def _(s):
    firewall(s, {"rs1": RS_FIREWALL_RIP_ONLY + ["-A INPUT -d 192.0.2.21/32 -p tcp --dport 80 -j ACCEPT"],
                 "rs2": ["-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                         "-A INPUT -p tcp -m tcp --dport 80 -j REJECT --reject-with tcp-reset"]})


@scenario("fw001-vip-accepted", "rs1's INPUT policy is DROP but a user chain accepts port 80 to the VIP; rs2 accepts ports 80 and 443 with multiport, under a comment with spaces.",
          cousin_of=["FW001"])
def _(s):
    firewall(s, {"rs1": ["-N web"] + RS_FIREWALL_RIP_ONLY + ["-A INPUT -j web", f"-A web -d {VIP}/32 -p tcp --dport 80 -j ACCEPT"],
                 "rs2": RS_FIREWALL_RIP_ONLY + ["-A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment \"web and tls\" -j ACCEPT"]})


@scenario("fw001-director-input", "lvs1's INPUT policy is DROP and only ssh is accepted: the clients' packets to the VIP are dropped before IPVS sees them, so no real server ever gets one.",
          expected=[("FW001", "lvs1", "error")])
def _(s):
    firewall(s, {"lvs1": ["-P INPUT DROP", "-A INPUT -i lo -j ACCEPT", "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                          "-A INPUT -p tcp --dport 22 -j ACCEPT"]})


@scenario("fw001-nat-forward-reject", "A two-armed NAT director with Red Hat's stock /etc/sysconfig/iptables: its last FORWARD rule rejects everything, so the real servers' replies never get back to the clients; its INPUT accepts port 80.",
          expected=[("FW001", "lvs1", "error"), ("FW001", "lvs1", "error")])
def _(s):
    nat_two_armed(s)
    firewall(s, {"lvs1": ["-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT", "-A INPUT -p icmp -j ACCEPT", "-A INPUT -i lo -j ACCEPT",
                          "-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT", "-A INPUT -p tcp -m state --state NEW -m tcp --dport 80 -j ACCEPT",
                          "-A INPUT -j REJECT --reject-with icmp-host-prohibited", "-A FORWARD -j REJECT --reject-with icmp-host-prohibited"]})


@scenario("fw001-nat-forward-accepted", "The same NAT director, with FORWARD policy DROP but the real servers' port 80 replies accepted from their network before it.",
          cousin_of=["FW001"])
def _(s):
    nat_two_armed(s)
    firewall(s, {"lvs1": ["-P INPUT DROP", "-A INPUT -p tcp -m state --state NEW -m tcp --dport 80 -j ACCEPT", "-P FORWARD DROP",
                          "-A FORWARD -i eth1 -s 198.51.100.0/24 -p tcp --sport 80 -j ACCEPT", "-A FORWARD -o eth1 -j DROP"]})


# ---------------------------------------------------------------- keepalived

def keepalived_conf(router_id="lvs1", vrrp_addresses=(f"{VIP}/32 dev eth0 label eth0:vip",), state="MASTER", priority=150,
                    service=None, extra_vrrp="", extra=""):
    """A keepalived.conf for the DR cluster of dr_base: VRRP instance VI_1 holding the VIP,
    and the web service (`service`: the virtual_server block's body, correct by default)."""
    if service is None:
        service = KEEPALIVED_WEB
    addresses = "\n".join(f"        {a}" for a in vrrp_addresses)
    return f"""! Configuration File for keepalived on {router_id}
global_defs {{
    router_id {router_id}
}}

vrrp_instance VI_1 {{
    state {state}
    interface eth0
    virtual_router_id 51
    priority {priority}
    advert_int 1
    authentication {{
        auth_type PASS
        auth_pass lvs-1111
    }}
    virtual_ipaddress {{
{addresses}
    }}{extra_vrrp}
}}

virtual_server {VIP} 80 {{
{service}
}}
{extra}"""


KEEPALIVED_CHECK = """        TCP_CHECK {
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }"""

KEEPALIVED_WEB = f"""    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP

    real_server 192.0.2.21 80 {{
        weight 1
{KEEPALIVED_CHECK}
    }}
    real_server 192.0.2.22 80 {{
        weight 1
{KEEPALIVED_CHECK}
    }}"""


def keepalived_only(s, files):
    """The cluster is described by keepalived alone: no cluster.yaml."""
    s["keepalived"] = files
    s["yaml"] = False


@scenario("ka-healthy", "keepalived describes the healthy DR cluster: VRRP brings up the VIP on lvs1, the web service says protocol, method and scheduler, both real servers listen on port 80.",
          cousin_of=["KA001", "KA002", "KA003", "KA004", "KA005", "KA006", "KA010", "KA011"])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf()})


@scenario("ka001-method-defaults-nat", "keepalived.conf leaves out lb_kind: keepalived programs a NAT service (lvs1's table says Masq) in front of real servers set up for DR, which answer clients directly from the VIP through their router.",
          expected=[("KA001", "lvs1", "warning"), ("NAT001", "lvs1", "error"), ("NAT002", "rs1", "error"), ("NAT002", "rs2", "error"),
                    ("NAT004", "lvs1", "warning"), ("NAT005", "rs1", "warning"), ("NAT005", "rs2", "warning")])
def _(s):
    s["services"][0]["method"] = "nat"
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=KEEPALIVED_WEB.replace("    lb_kind DR\n", ""))})


@scenario("ka002-protocol-defaults-udp", "keepalived.conf gives no protocol for the web service: keepalived makes it UDP 192.0.2.100:80, which lvs1's table (TCP) does not hold.",
          expected=[("KA002", "lvs1", "error"), ("IPVS001", "lvs1", "error"), ("IPVS002", "lvs1", "warning")])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=KEEPALIVED_WEB.replace("    protocol TCP\n", ""))})


@scenario("ka003-port-reset", "keepalived.conf points DR real server rs1 at port 8080: keepalived resets it to 80, where IPVS sends anyway.",
          expected=[("KA003", "lvs1", "warning")])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=KEEPALIVED_WEB.replace("real_server 192.0.2.21 80", "real_server 192.0.2.21 8080"))})


@scenario("ka004-virtual-server-ignored", "A second virtual_server (UDP 53) whose real_server blocks were commented out: keepalived drops it.",
          expected=[("KA004", "lvs1", "warning")])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf(
        vrrp_addresses=(f"{VIP}/32 dev eth0 label eth0:vip",),
        extra=f"""
virtual_server {VIP} 53 {{
    protocol UDP
    lb_algo rr
    lb_kind DR
#    real_server 192.0.2.21 53 {{
#    }}
}}
""")})


@scenario("ka005-vip-not-in-vrrp", "The VRRP instance brings up 192.0.2.101 instead of the web VIP; lvs1 holds 192.0.2.100 only because someone added it by hand, so a failover does not move it.",
          expected=[("KA005", "lvs1", "warning")])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf(vrrp_addresses=("192.0.2.101/32 dev eth0",))})


@scenario("ka006-quorum-above-weight", "quorum 3 with two real servers of weight 1: keepalived lowers it to 2.",
          expected=[("KA006", "lvs1", "warning")])
def _(s):
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=KEEPALIVED_WEB.replace("    protocol TCP\n", "    protocol TCP\n    quorum 3\n"))})


@scenario("ka007-differs-from-description", "The description says rr and both real servers; lvs1's keepalived.conf (named by `keepalived:`) says wlc and lists rs1 only.",
          expected=[("KA007", "lvs1", "warning")])
def _(s):
    s["hosts"]["lvs1"]["keepalived"] = "directors/lvs1-keepalived.conf"
    body = KEEPALIVED_WEB.replace("lb_algo rr", "lb_algo wlc")
    body = body[:body.index("    real_server 192.0.2.22")].rstrip()
    s["keepalived"] = {"directors/lvs1-keepalived.conf": keepalived_conf(service=body)}


@scenario("ka007-matches-description", "lvs1's keepalived.conf, named by `keepalived:`, says what the description says.",
          cousin_of=["KA007"])
def _(s):
    s["hosts"]["lvs1"]["keepalived"] = "directors/lvs1-keepalived.conf"
    s["keepalived"] = {"directors/lvs1-keepalived.conf": keepalived_conf()}


def keepalived_pair(s):
    """lvs2, a standby director beside lvs1 (no VIP until a failover)."""
    s["hosts"]["lvs2"] = {"role": "director", "address": "192.0.2.12",
                          "setup": ["ip addr add 192.0.2.12/24 dev eth0", f"ip route add default via {GATEWAY}"]}
    s["tables"]["lvs2"] = table_from_description(s, "lvs2")


@scenario("ka008-pair-mismatch", "The MASTER/BACKUP pair's files drifted: lvs2's keepalived.conf has only rs1 and wlc, and its VRRP instance brings up a second address.",
          expected=[("KA008", "lvs2", "warning"), ("KA008", "lvs2", "warning"), ("KA008", "lvs2", "warning")])
def _(s):
    keepalived_pair(s)
    backup = KEEPALIVED_WEB.replace("lb_algo rr", "lb_algo wlc")
    backup = backup[:backup.index("    real_server 192.0.2.22")].rstrip()
    keepalived_only(s, {"keepalived-lvs1.conf": keepalived_conf(),
                        "keepalived-lvs2.conf": keepalived_conf(router_id="lvs2", state="BACKUP", priority=100, service=backup,
                                                                vrrp_addresses=(f"{VIP}/32 dev eth0 label eth0:vip", "192.0.2.101/32 dev eth0"))})


@scenario("ka009-priority-tie", "Both directors' VRRP instances are written `state MASTER` with the default priority 100: the higher address (lvs2) wins the election.",
          expected=[("KA009", "lvs2", "warning")])
def _(s):
    keepalived_pair(s)
    keepalived_only(s, {"keepalived-lvs1.conf": keepalived_conf(priority=100).replace("    priority 100\n", ""),
                        "keepalived-lvs2.conf": keepalived_conf(router_id="lvs2", priority=100).replace("    priority 100\n", "")})


@scenario("ka-pair-healthy", "A consistent MASTER/BACKUP pair: the same services, priorities 150 and 100.",
          cousin_of=["KA008", "KA009"])
def _(s):
    keepalived_pair(s)
    keepalived_only(s, {"keepalived-lvs1.conf": keepalived_conf(),
                        "keepalived-lvs2.conf": keepalived_conf(router_id="lvs2", state="BACKUP", priority=100)})


@scenario("ka010-adjusts-config", "keepalived.conf gives no scheduler (keepalived uses wlc, and so does lvs1's table) and lists rs2 twice.",
          expected=[("KA010", "lvs1", "note"), ("KA010", "lvs1", "warning")])
def _(s):
    s["services"][0]["scheduler"] = "wlc"
    body = KEEPALIVED_WEB.replace("    lb_algo rr\n", "") + "\n    real_server 192.0.2.22 80 {\n        weight 1\n    }"
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=body)})


@scenario("ka011-line-not-understood", "`persistance_timeout 50` (misspelt) in the web service, and an include that finds no file: keepalived ignores both.",
          expected=[("KA011", "lvs1", "warning"), ("KA011", "lvs1", "warning")])
def _(s):
    body = KEEPALIVED_WEB.replace("    protocol TCP\n", "    protocol TCP\n    persistance_timeout 50\n")
    keepalived_only(s, {"keepalived.conf": keepalived_conf(service=body, extra="include conf.d/missing-site.conf\n")})


def nftables(s, rulesets):
    """Real nftables rule sets (`nft -f`) on each host named in `rulesets`, captured with
    `nft list ruleset`. Needs the Debian package nftables."""
    if not shutil.which("nft"):
        sys.exit("these scenarios filter with the real nftables: apt-get install -y nftables")
    for host, ruleset in rulesets.items():
        s["hosts"][host]["setup"] = s["hosts"][host]["setup"] + [f"nft -f - <<'EOF'\n{ruleset}\nEOF"]
        s.setdefault("commands", {}).setdefault(host, {})["nft-ruleset.txt"] = "nft list ruleset"
    open_firewalls(s)


NFT_RIP_ONLY = """table inet filter {
  chain input {
    type filter hook input priority filter; policy drop;
    ct state vmap { established : accept, related : accept, invalid : drop }
    iif "lo" accept
    tcp dport 22 accept
    ip daddr 192.0.2.21 tcp dport 80 accept
  }
}"""


@scenario("fw001-nft-rip-only", "rs1's nftables input chain (policy drop) accepts port 80 to its RIP only, so the VIP's packets meet the policy; rs2's second table drops port 80 through a verdict map, after the first accepted it.",
          expected=[("FW001", "rs1", "error"), ("FW001", "rs2", "error")])
def _(s):
    nftables(s, {"rs1": NFT_RIP_ONLY,
                 "rs2": """table inet first {
  chain input { type filter hook input priority filter; policy accept; tcp dport 80 accept; }
}
table ip second {
  chain input { type filter hook input priority filter + 10; policy accept; tcp dport vmap { 22 : accept, 80 : drop }; }
}"""})


@scenario("fw001-nft-vip-accepted", "rs1's nftables input chain (policy drop) accepts port 80 to the VIP from a named set of addresses; rs2 jumps to a user chain that accepts port 80 to any address, and drops the rest at its end.",
          cousin_of=["FW001"])
def _(s):
    nftables(s, {"rs1": """table inet filter {
  set service_addresses { type ipv4_addr; elements = { 192.0.2.21, 192.0.2.100 }; }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    ip daddr @service_addresses tcp dport { 80, 443 } counter accept comment "web"
  }
}""",
                 "rs2": """table ip filter {
  chain web { tcp dport 80 accept; }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    jump web
  }
}"""})


def systemctl_units(units):
    """`systemctl list-unit-files --type=service` then `systemctl list-units --type=service
    --all`, as systemd 252 prints them (columns padded to the longest name). systemd does not
    run in the namespaces, so these two listings are written rather than captured."""
    width = max(len(name) for name, _, _ in units) + 1
    lines = ["%-*s %-15s %s" % (width, "UNIT FILE", "STATE", "PRESET")]
    for name, state, _ in units:
        lines.append("%-*s %-15s %s" % (width, name, state, "disabled" if state == "disabled" else "enabled"))
    lines += ["", f"{len(units)} unit files listed."]
    lines.append("  %-*s %-6s %-8s %-7s %s" % (width, "UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"))
    for name, _, active in units:
        mark = "\u25cf " if active != "active" else "  "
        sub = "running" if active == "active" else "dead"
        lines.append("%s%-*s %-6s %-8s %-7s %s" % (mark, width, name, "loaded", active, sub, name.split(".")[0]))
    lines += ["", "LOAD   = Reflects whether the unit definition was properly loaded.",
              "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.",
              "SUB    = The low-level unit activation state, values depend on unit type.",
              "", f"{len(units)} loaded units listed."]
    return "\n".join(lines) + "\n"


BASE_UNITS = [("sshd.service", "enabled", "active"), ("systemd-journald.service", "static", "active")]


@scenario("persist003-started-not-enabled", "As the tutorial leaves rs1: httpd started with `systemctl start` (active, disabled) and firewalld stopped with `systemctl stop` (inactive, enabled); rs2's units are right.",
          expected=[("PERSIST003", "rs1", "warning")])
def _(s):
    s["extra_files"]["lvs1"] = {"systemctl.txt": systemctl_units(BASE_UNITS + [("ipvsadm.service", "enabled", "active")])}
    s["extra_files"]["rs1"] = {"systemctl.txt": systemctl_units(BASE_UNITS + [("httpd.service", "disabled", "active"),
                                                                               ("firewalld.service", "enabled", "inactive")])}
    s["extra_files"]["rs2"] = {"systemctl.txt": systemctl_units(BASE_UNITS + [("httpd.service", "enabled", "active"),
                                                                               ("firewalld.service", "disabled", "inactive")])}


@scenario("persist003-enabled", "httpd enabled and running, firewalld disabled and stopped on both real servers.",
          cousin_of=["PERSIST003"])
def _(s):
    s["extra_files"]["lvs1"] = {"systemctl.txt": systemctl_units(BASE_UNITS + [("ipvsadm.service", "enabled", "active")])}
    for host in ("rs1", "rs2"):
        s["extra_files"][host] = {"systemctl.txt": systemctl_units(BASE_UNITS + [("httpd.service", "enabled", "active"),
                                                                                 ("firewalld.service", "disabled", "inactive")])}


def persisted_real_servers(s):
    """The real servers keep their ARP settings, so only the director's state is in question."""
    for host in ("rs1", "rs2"):
        s["extra_files"][host] = {"etc/sysctl.d/90-lvs-dr.conf": LVS_DR_CONF,
                                  "systemctl.txt": systemctl_units(BASE_UNITS + [("httpd.service", "enabled", "active")])}


def saved_table(edit=None):
    """The director's table as `ipvsadm-save -n` writes it into the saved rules file."""
    return lambda t: ipvsadm_save(edit(copy.deepcopy(t)) if edit else t)


@scenario("persist002-not-saved", "As the tutorial leaves lvs1: `ipvsadm-save` printed the rules to the terminal, so no saved rules file exists; the table is empty after a reboot.",
          expected=[("PERSIST002", "lvs1", "warning")])
def _(s):
    persisted_real_servers(s)
    s["extra_files"]["lvs1"] = {"etc/sysctl.conf": DEBIAN_SYSCTL_CONF, "systemctl.txt": systemctl_units(BASE_UNITS + [("ipvsadm.service", "disabled", "inactive")])}


@scenario("persist002-not-loaded", "Debian: lvs1 saved its rules to /etc/ipvsadm.rules, but /etc/default/ipvsadm keeps the package's AUTO=\"false\".",
          expected=[("PERSIST002", "lvs1", "warning")])
def _(s):
    persisted_real_servers(s)
    s["after"] = [lambda d: write(os.path.join(d, "captures", "lvs1", "etc"), "ipvsadm.rules",
                                  open(os.path.join(d, "captures", "lvs1", "ipvsadm-save.txt")).read())]
    s["table_formats"] = {"lvs1": ["ln", "save"]}
    s["extra_files"]["lvs1"] = {"etc/default/ipvsadm": "# ipvsadm\n\n# if you want to start ipvsadm on boot set this to true\nAUTO=\"false\"\n\n# daemon method (none|master|backup)\nDAEMON=\"none\"\n", "systemctl.txt": systemctl_units(BASE_UNITS)}


@scenario("persist002-stale", "RHEL: lvs1's /etc/sysconfig/ipvsadm (loaded by the enabled ipvsadm.service) gives rs2 weight 3; the live table has 1.",
          expected=[("PERSIST002", "lvs1", "warning")])
def _(s):
    persisted_real_servers(s)
    s["extra_files"]["lvs1"] = {"etc/sysconfig/ipvsadm": ipvsadm_save(edit_dest(1, weight=3)(table_from_description(s, "lvs1"))),
                                "systemctl.txt": systemctl_units(BASE_UNITS + [("ipvsadm.service", "enabled", "active")])}


@scenario("persist002-saved", "RHEL: lvs1's /etc/sysconfig/ipvsadm matches the live table and ipvsadm.service is enabled; a second director-less file set is fine.",
          cousin_of=["PERSIST002"])
def _(s):
    persisted_real_servers(s)
    s["extra_files"]["lvs1"] = {"etc/sysconfig/ipvsadm": ipvsadm_save(table_from_description(s, "lvs1")),
                                "systemctl.txt": systemctl_units(BASE_UNITS + [("ipvsadm.service", "enabled", "active")])}


@scenario("persist002-keepalived", "lvs1's table is built by keepalived (virtual_server in /etc/keepalived/keepalived.conf, keepalived enabled): no saved rules are needed.",
          cousin_of=["PERSIST002"])
def _(s):
    persisted_real_servers(s)
    s["extra_files"]["lvs1"] = {"etc/keepalived/keepalived.conf": f"virtual_server {VIP} 80 {{\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n"
                                                                   "    real_server 192.0.2.21 80 {\n        weight 1\n    }\n    real_server 192.0.2.22 80 {\n        weight 1\n    }\n}\n",
                                "systemctl.txt": systemctl_units(BASE_UNITS + [("keepalived.service", "enabled", "active")])}


# ---------------------------------------------------------------- listeners (real sockets)

@scenario("dr010-listens-on-rip", "rs1's web server listens on its RIP only (`Listen 192.0.2.21:80`), so packets for the VIP are refused; rs2 listens on 0.0.0.0:80.",
          expected=[("DR010", "rs1", "error")])
def _(s):
    s["listeners"] = {"rs1": [("192.0.2.21", 80)], "rs2": [("0.0.0.0", 80)]}


@scenario("dr010-wildcard", "rs1 listens on 0.0.0.0:80 and rs2 on [::]:80 (which takes IPv4 too): both take the VIP.",
          cousin_of=["DR010"])
def _(s):
    s["listeners"] = {"rs1": [("0.0.0.0", 80)], "rs2": [("::", 80)]}


@scenario("nat007-wrong-port", "NAT: rs1's service listens on 8080 while the director sends to port 80; rs2 listens on its RIP:80.",
          expected=[("NAT007", "rs1", "error")])
def _(s):
    nat_two_armed(s)
    s["listeners"] = {"rs1": [("0.0.0.0", 8080)], "rs2": [("198.51.100.22", 80)]}


@scenario("nat007-listening", "NAT: both real servers listen on port 80 (one on its RIP, one on all addresses).",
          cousin_of=["NAT007"])
def _(s):
    nat_two_armed(s)
    s["listeners"] = {"rs1": [("198.51.100.21", 80)], "rs2": [("0.0.0.0", 80)]}


# ---------------------------------------------------------------- addresses at boot

def ifcfg(device, address, prefix=24):
    return f"TYPE=Ethernet\nBOOTPROTO=none\nNAME={device}\nDEVICE={device}\nONBOOT=yes\nIPADDR={address}\nPREFIX={prefix}\nGATEWAY={GATEWAY}\n"


def ifcfg_alias(label, address):
    return f"DEVICE={label}\nIPADDR={address}\nNETMASK=255.255.255.255\nONBOOT=yes\nNAME=loopback\n"


@scenario("persist004-vip-not-saved", "rs1's VIP was added with `ip addr add` only: its ifcfg files create the RIP on eth0 but no lo:100; rs2 has ifcfg-lo:100, lvs1 IPADDR1 for its VIP.",
          expected=[("PERSIST004", "rs1", "warning")])
def _(s):
    s["extra_files"]["lvs1"] = {"etc/sysconfig/network-scripts/ifcfg-eth0": ifcfg("eth0", "192.0.2.11") + f"IPADDR1={VIP}\nPREFIX1=32\n",
                                "etc/sysconfig/ipvsadm": ipvsadm_save(table_from_description(s, "lvs1"))}
    s["extra_files"]["rs1"] = {"etc/sysconfig/network-scripts/ifcfg-eth0": ifcfg("eth0", "192.0.2.21")}
    s["extra_files"]["rs2"] = {"etc/sysconfig/network-scripts/ifcfg-eth0": ifcfg("eth0", "192.0.2.22"),
                               "etc/sysconfig/network-scripts/ifcfg-lo:100": ifcfg_alias("lo:100", VIP)}


@scenario("persist004-saved", "Every address is created at boot: ifcfg files on lvs1 and rs1, /etc/network/interfaces with an `up ip addr add` line for the VIP on rs2.",
          cousin_of=["PERSIST004"])
def _(s):
    s["extra_files"]["lvs1"] = {"etc/sysconfig/network-scripts/ifcfg-eth0": ifcfg("eth0", "192.0.2.11") + f"IPADDR1={VIP}\nPREFIX1=32\n",
                                "etc/sysconfig/ipvsadm": ipvsadm_save(table_from_description(s, "lvs1"))}
    s["extra_files"]["rs1"] = {"etc/sysconfig/network-scripts/ifcfg-eth0": ifcfg("eth0", "192.0.2.21"),
                               "etc/sysconfig/network-scripts/ifcfg-lo:100": ifcfg_alias("lo:100", VIP)}
    s["extra_files"]["rs2"] = {"etc/network/interfaces": "auto lo\niface lo inet loopback\n"
                               f"    up ip addr add {VIP}/32 dev lo label lo:100\n\nauto eth0\niface eth0 inet static\n"
                               f"    address 192.0.2.22/24\n    gateway {GATEWAY}\n"}


def main(argv):
    if os.geteuid() != 0:
        sys.exit("make-fixtures.py needs root (it creates network namespaces)")
    wanted = set(argv)
    try:
        for name, make in SCENARIOS:
            if wanted and name not in wanted:
                continue
            emit(make())
            print(f"Fixtures/{name}")
    finally:
        teardown()


if __name__ == "__main__":
    main(sys.argv[1:])
