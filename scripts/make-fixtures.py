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

The recipes live beside the rules they prove, one module per rule family:
scripts/fixtures/<family>.py (dr.py, nat.py, …; cluster.py for whole clusters), with what
they share (namespaces, capture, ipvsadm's formats) in scripts/fixtures/common.py.

Usage, from anywhere:
  scripts/make-fixtures.py --list [ID]     every scenario, what it proves and shows (no root needed)
  scripts/make-fixtures.py --only ID       rebuild the scenarios of one rule (root)
  scripts/make-fixtures.py [SCENARIO…]     rebuild these scenarios, or all of them (root)
Namespaces are named lvsfx-* and are removed when the script ends, even on error.
"""

import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import importlib  # noqa: E402
import pkgutil  # noqa: E402

import fixtures  # noqa: E402
from fixtures.common import FIXTURES, SCENARIOS, emit, teardown  # noqa: E402

# Every module beside common registers its family's recipes when imported: a new family's
# module (scripts/new-rule writes one) is picked up without editing this file.
for module in sorted(m.name for m in pkgutil.iter_modules(fixtures.__path__) if m.name != "common"):
    importlib.import_module(f"fixtures.{module}")


def hand_written():
    """Fixture folders no recipe builds (made from other captures, or in a format's exact
    text), with the `made-by:` line of their scenario.txt."""
    recipes = {r.name for r in SCENARIOS}
    out = []
    for name in sorted(os.listdir(FIXTURES)):
        folder = os.path.join(FIXTURES, name)
        about = os.path.join(folder, "scenario.txt")
        if name in recipes or not os.path.isfile(about):
            continue
        fields = dict(line.split(": ", 1) for line in open(about).read().splitlines() if ": " in line)
        expected = os.path.join(folder, "expected.tsv")
        rows = [line.split("\t") for line in open(expected).read().splitlines()[1:] if line] if os.path.isfile(expected) else []
        out.append((name, fields.get("about", ""), rows, fields.get("cousin-of", "").split(), fields.get("made-by", "")))
    return out


def list_scenarios(rule=None):
    def show(name, family, about, expected, cousins, made_by=None):
        if rule and not (any(e[0] == rule for e in expected) or rule in cousins):
            return 0
        proves = [f"{e[0]} on {e[1]} ({e[2]})" for e in expected] + [f"not {c}" for c in cousins]
        print(f"{name}  [{family}]")
        print(f"    proves: {', '.join(proves) if proves else 'nothing is reported'}")
        print(f"    shows:  {about}")
        if made_by:
            print(f"    made:   {made_by}")
        return 1

    count = sum(show(r.name, r.family, r.about, r.expected, r.cousin_of) for r in SCENARIOS)
    others = sum(show(name, "by hand", about, rows, cousins, made_by) for name, about, rows, cousins, made_by in hand_written())
    print(f"\n{count} scenarios built by recipes, {others} written by hand" + (f", proving {rule}" if rule else ""))
    if rule and count + others == 0:
        sys.exit(f"no scenario proves {rule}: add a recipe to scripts/fixtures/<family>.py")


def main(argv):
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return
    if argv[:1] == ["--list"]:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `--list | head` ends quietly
        list_scenarios(argv[1] if len(argv) > 1 else None)
        return
    if argv[:1] == ["--only"]:
        if len(argv) != 2:
            sys.exit("usage: make-fixtures.py --only RULE-ID")
        chosen = [r for r in SCENARIOS if r.proves(argv[1]) or r.name == argv[1]]
        if not chosen:
            sys.exit(f"no recipe proves {argv[1]} (make-fixtures.py --list shows them)")
    else:
        known = {r.name for r in SCENARIOS}
        unknown = [a for a in argv if a not in known]
        if unknown:
            sys.exit(f"no recipe named {', '.join(unknown)} (make-fixtures.py --list shows them)")
        chosen = [r for r in SCENARIOS if not argv or r.name in argv]
    if os.geteuid() != 0:
        sys.exit("make-fixtures.py needs root to build fixtures (it creates network namespaces); --list does not")
    try:
        for recipe in chosen:
            emit(recipe.make())
            print(f"Fixtures/{recipe.name}")
    finally:
        teardown()


if __name__ == "__main__":
    main(sys.argv[1:])
