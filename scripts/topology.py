#!/usr/bin/env python3
"""Machine presets: scripts/topologies/NAME.machine, one `key = value` per line, '#' comments.

Keys: description (one line), qemu (QEMU machine options, as a user would type them),
cmdline (extra kernel command line). Read by the Makefile, scripts/mm-gdb, the tests,
the Linux oracle and the lessons.

    python3 scripts/topology.py qemu two-node     -> the QEMU options
    python3 scripts/topology.py list              -> every preset with its description
"""
import os
import sys

TOPOLOGY_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "topologies")
KEYS = ("description", "qemu", "cmdline")
DEFAULT = "two-node"


class TopologyError(Exception):
    pass


def names():
    return sorted(f[: -len(".machine")] for f in os.listdir(TOPOLOGY_DIR) if f.endswith(".machine"))


def load(name):
    path = os.path.join(TOPOLOGY_DIR, name + ".machine")
    if not os.path.isfile(path):
        raise TopologyError(f"unknown topology '{name}' (known: {', '.join(names())})")
    fields = dict.fromkeys(KEYS, "")
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            key = key.strip()
            if not sep or key not in KEYS:
                raise TopologyError(f"{path}:{lineno}: expected one of {', '.join(KEYS)} = value")
            fields[key] = value.strip()
    fields["name"] = name
    return fields


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        for n in names():
            print(f"{n:20} {load(n)['description']}")
        return 0
    if len(argv) != 3 or argv[1] not in KEYS:
        print(f"usage: {argv[0]} {{{'|'.join(KEYS)}}} NAME | list", file=sys.stderr)
        return 2
    try:
        print(load(argv[2])[argv[1]])
    except TopologyError as e:
        print(f"topology: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
