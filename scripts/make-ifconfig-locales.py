#!/usr/bin/env python3
"""Writes the localised ifconfig captures the parser tests read (Tests/LVSLintTests/Ifconfig/).

net-tools' ifconfig prints two forms, and both are translated by its gettext catalogues:
  - net-tools 2.x (`eth0: flags=4163<UP,...>  mtu 1500`): recorded by running the real
    ifconfig under each locale in a network namespace (needs root, iproute2, net-tools and the
    locales: `apt-get install net-tools locales`, then enable them in /etc/locale.gen and run
    locale-gen);
  - the older form (`eth0  Link encap:Ethernet`, `inet addr:... Mask:...`), which Debian no
    longer builds: rendered line by line as net-tools 1.60's ife_print_long printed it, with
    each string taken from the catalogue Debian's net-tools ships (the old strings are still
    in it). Chinese has no catalogue in Debian; its strings (`inet 地址:`, `广播:`, `掩码:`,
    `Link encap:以太网`, `硬件地址`, `跃点数:`) are those Ubuntu's language pack printed, as
    public pastes show them.

  scripts/make-ifconfig-locales.py [--old-only]
Documentation addresses only (192.0.2.0/24, 2001:db8::/32).
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(HERE, "Tests", "LVSLintTests", "Ifconfig")
LANGUAGES = ["cs", "de", "et", "fr", "ja", "pt_BR"]
LOCALES = ["cs_CZ", "de_DE", "et_EE", "fr_FR", "ja_JP", "pt_BR", "zh_CN"]


def read_mo(path):
    """A gettext .mo file as {msgid: msgstr}, decoded in the charset its header names."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    raw = {}
    for i in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * i : originals + 8 * i + 8])
        key = data[offset : offset + length]
        length, offset = struct.unpack(order + "2I", data[translations + 8 * i : translations + 8 * i + 8])
        raw[key] = data[offset : offset + length]
    charset = "utf-8"
    for line in raw.get(b"", b"").split(b"\n"):
        if line.lower().startswith(b"content-type:") and b"charset=" in line:
            charset = line.split(b"charset=")[1].strip().decode("ascii")
    return {k.decode(charset, "replace"): v.decode(charset, "replace") for k, v in raw.items() if k}


def catalogue(language):
    """The net-tools catalogue of `language`, from the installed package or its .deb."""
    installed = f"/usr/share/locale/{language}/LC_MESSAGES/net-tools.mo"
    if os.path.exists(installed):
        return read_mo(installed)
    work = tempfile.mkdtemp()
    try:
        subprocess.run(["apt-get", "download", "net-tools"], cwd=work, check=True, capture_output=True)
        deb = next(name for name in os.listdir(work) if name.endswith(".deb"))
        subprocess.run(["dpkg-deb", "-x", deb, "x"], cwd=work, check=True)
        return read_mo(os.path.join(work, "x", installed.lstrip("/")))
    finally:
        shutil.rmtree(work)


def old_form(_):
    """Two interfaces as net-tools 1.60 printed them, through the translation `_`."""
    out = []
    out.append(_("%-9.9s Link encap:%s  ") % ("eth0", _("Ethernet")) + _("HWaddr %s  ") % "02:00:00:00:00:21" + "\n")
    out.append(_("          %s addr:%s ") % ("inet", "192.0.2.21") + _(" Bcast:%s ") % "192.0.2.255" + _(" Mask:%s\n") % "255.255.255.0")
    out.append(_("          inet6 addr: %s/%d") % ("2001:db8::21", 64) + _(" Scope:") + _("Global") + "\n")
    out.append("          " + _("UP ") + _("BROADCAST ") + _("RUNNING ") + _("MULTICAST ") + _(" MTU:%d  Metric:%d") % (1500, 1) + "\n")
    out.append(_("          collisions:%lu ").replace("%lu", "%d") % 0 + "\n\n")
    out.append(_("%-9.9s Link encap:%s  ") % ("lo", _("Local Loopback")) + "\n")
    out.append(_("          %s addr:%s ") % ("inet", "127.0.0.1") + _(" Mask:%s\n") % "255.0.0.0")
    out.append(_("          inet6 addr: %s/%d") % ("::1", 128) + _(" Scope:") + _("Host") + "\n")
    out.append("          " + _("UP ") + _("LOOPBACK ") + _("RUNNING ") + _(" MTU:%d  Metric:%d") % (65536, 1) + "\n\n")
    out.append(_("%-9.9s Link encap:%s  ") % ("lo:100", _("Local Loopback")) + "\n")
    out.append(_("          %s addr:%s ") % ("inet", "192.0.2.100") + _(" Mask:%s\n") % "255.255.255.255")
    out.append("          " + _("UP ") + _("LOOPBACK ") + _("RUNNING ") + _(" MTU:%d  Metric:%d") % (65536, 1) + "\n")
    return "".join(out)


# Ubuntu's zh_CN language pack, as public pastes of its ifconfig show it.
CHINESE = {
    "%-9.9s Link encap:%s  ": "%-9.9s Link encap:%s  ",
    "Ethernet": "以太网",
    "Local Loopback": "本地环回",
    "HWaddr %s  ": "硬件地址 %s  ",
    "          %s addr:%s ": "          %s 地址:%s ",
    " Bcast:%s ": " 广播:%s ",
    " Mask:%s\n": " 掩码:%s\n",
    "          inet6 addr: %s/%d": "          inet6 地址: %s/%d",
    " MTU:%d  Metric:%d": " MTU:%d  跃点数:%d",
    "          collisions:%lu ": "          碰撞:%lu ",
}


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(os.path.join(OUT, name), HERE)}")


def record_new_forms():
    """The real ifconfig under each locale, in a namespace of documentation addresses."""
    ns = f"lvsifc-{os.getpid()}"
    run = lambda *a: subprocess.run(["ip", *a], check=True)  # noqa: E731
    run("netns", "add", ns)
    try:
        run("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "p0")
        run("-n", ns, "link", "set", "eth0", "up")
        run("-n", ns, "link", "set", "lo", "up")
        run("-n", ns, "addr", "add", "192.0.2.21/24", "brd", "+", "dev", "eth0")
        run("-n", ns, "addr", "add", "192.0.2.100/32", "dev", "lo", "label", "lo:100")
        run("-n", ns, "addr", "add", "2001:db8::21/64", "dev", "eth0", "nodad")
        for locale in ["C"] + LOCALES:
            name = locale if locale == "C" else locale + ".UTF-8"
            env = dict(os.environ, LANG=name, LC_ALL=name)
            text = subprocess.run(["ip", "netns", "exec", ns, "ifconfig", "-a"], env=env, check=True, capture_output=True, text=True).stdout
            write(f"net-tools-2.10-{locale}.txt", text)
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


def main():
    os.makedirs(OUT, exist_ok=True)
    write("net-tools-1.60-C.txt", old_form(lambda s: s))
    for language in LANGUAGES:
        strings = catalogue(language)
        write(f"net-tools-1.60-{language}.txt", old_form(lambda s, strings=strings: strings.get(s, s)))
    write("net-tools-1.60-zh_CN.txt", old_form(lambda s: CHINESE.get(s, s)))
    if "--old-only" not in sys.argv:
        record_new_forms()


if __name__ == "__main__":
    main()
