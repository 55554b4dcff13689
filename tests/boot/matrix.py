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
