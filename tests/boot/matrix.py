"""The machines every boot and differential test runs on: a preset plus an extra command line.
One entry per behaviour worth checking against Linux."""

MATRIX = [
    # (id, topology, extra kernel command line)
    ("one-node", "one-node", ""),
    ("two-node", "two-node", ""),
    ("memoryless-node", "memoryless-node", ""),
    ("q35-odd", "q35-odd", ""),
    ("qboot", "qboot", ""),
    ("four-node-16g", "four-node-16g", ""),
    ("eight-node-64g", "eight-node-64g", ""),
    ("numa-off", "two-node", "numa=off"),
    ("numa-fake-4", "two-node", "numa=fake=4"),
    ("mem-limit", "two-node", "mem=5000M"),
    ("movablecore", "two-node", "movablecore=1G"),
    ("kernelcore", "two-node", "kernelcore=2G"),
]

PHASES = ("e820", "numa", "zones", "zoneinfo")

# Machines Debian's Linux cannot be the oracle for, and why. Their facts are checked by the host
# unit tests (hand-computed values) and by the invariants (tests/gdb) instead.
NO_ORACLE = {
    "numa-fake-4": "Debian's kernel is built without CONFIG_NUMA_EMU (it says \"Malformed early option 'numa'\")",
}
ORACLE_MATRIX = [m for m in MATRIX if m[0] not in NO_ORACLE]
