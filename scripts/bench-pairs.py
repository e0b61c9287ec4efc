#!/usr/bin/env python3
"""The cost of each (service, real server) pair added, from paired runs.

A difference of two medians measured minutes apart is mostly the machine's drift on a
shared virtual machine (the check of one fleet wandered by a third between runs). Here
each round runs `lvslint check` and the read alone (`--select CAP002`) on every fleet of
one size, one after the other, in an order that alternates between rounds; a round's
figures are differences within that round, and the medians of the rounds are reported.

Usage: bench-pairs.py LVSLINT WORK "1000 10000" "1 4 16" ROUNDS > pairs.json
Writes, per fleet of more than the fewest services: the rules' cost per pair added
((check - read) minus the same for the fewest services, over the pairs added), the read's
cost per pair added, and each round's figures.
"""

import json
import os
import statistics
import subprocess
import sys
import time


def seconds(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    binary, work, sizes, counts, rounds = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split(), int(sys.argv[5])
    out = {}
    for n in sizes:
        fleets = []
        for m in counts:
            path = os.path.join(work, f"fleet-{n}x{m}")
            with open(os.path.join(path, "fleet.json")) as f:
                pairs = json.load(f)["pairs"]
            description = os.path.join(path, "cluster.yaml")
            fleets.append((m, pairs, description))
        base_m, base_pairs, _ = fleets[0]
        figures = {m: {"rules": [], "read": []} for m, _, _ in fleets[1:]}
        for round_number in range(rounds):
            print(f"pairs: {n} real servers, round {round_number + 1} of {rounds}", file=sys.stderr)
            measured = {}
            order = fleets if round_number % 2 == 0 else list(reversed(fleets))
            for m, _, description in order:
                check = seconds([binary, "check", "--fail-on", "never", description])
                read = seconds([binary, "check", "--fail-on", "never", "--select", "CAP002", description])
                measured[m] = (check, read)
            base_check, base_read = measured[base_m]
            for m, pairs, _ in fleets[1:]:
                added = pairs - base_pairs
                if added <= 0:
                    continue
                check, read = measured[m]
                figures[m]["rules"].append(((check - read) - (base_check - base_read)) / added)
                figures[m]["read"].append((read - base_read) / added)
        for m, values in figures.items():
            if values["rules"]:
                out[f"{n}x{m}"] = {
                    "rules_per_pair": statistics.median(values["rules"]),
                    "read_per_pair": statistics.median(values["read"]),
                    "rounds": rounds,
                    "rules_per_pair_by_round": values["rules"],
                    "read_per_pair_by_round": values["read"],
                }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
