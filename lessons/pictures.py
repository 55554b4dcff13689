#!/usr/bin/python3
"""The lessons' pictures, drawn by the tool itself on each lesson's machine at its checkpoint:
`mm map --svg` (the physical memory map) and `mm map pgdat|sparse --svg` (the structures), into
lessons/pictures/NAME.svg, shared by the English and the Chinese lesson (their labels are the
kernel's own names, which both languages use).

    python3 lessons/pictures.py            draw them all (make lessons-pictures)
    python3 lessons/pictures.py --check    draw them into a temporary folder; list the committed
                                           pictures that differ from what the tool draws now

A picture is referenced from its lesson (NN- of its name) in both languages as
![...](../pictures/NAME.svg). Drawing is deterministic (the replay has no randomness, the
renderers no clock), so the same tree draws the same bytes.
"""
import argparse
import os
import subprocess
import sys
import tempfile

LESSONS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(LESSONS)
FOLDER = os.path.join(LESSONS, "pictures")
TIMEOUT = 600

# (name, topology, cmdline, where: an mm-goto argument, the drawing command without --svg)
PICTURES = [
    ("00-map", "one-node", "", "last", "mm map"),
    ("01-map", "one-node", "", "e820__memblock_setup", "mm map"),
    ("02-map", "two-node", "", "numa_init", "mm map"),
    ("03-map", "two-node", "", "sparse_memory_present_with_active_regions", "mm map"),
    ("03-sparse", "two-node", "", "sparse_memory_present_with_active_regions", "mm map sparse"),
    ("04-sparse", "one-node", "", "sparse_init", "mm map sparse 0x1000"),
    ("05-map", "two-node", "", "zone_sizes_init", "mm map"),
    ("06-map", "two-node", "movablecore=1G", "free_area_init_nodes", "mm map"),
    ("07-pgdat", "one-node", "", "calculate_node_totalpages:0", "mm map pgdat"),
    ("07-map", "q35-odd", "", "calculate_node_totalpages:1", "mm map"),
    ("08-pgdat", "one-node", "", "free_area_init_core:0", "mm map pgdat"),
    ("09-pgdat", "one-node", "", "free_all_bootmem", "mm map pgdat"),
    ("09-map", "two-node", "", "free_all_bootmem", "mm map"),
    ("10-sparse", "one-node", "", "free_all_bootmem", "mm map sparse 0x7ffdf"),
]


def draw(folder, log=print):
    """Draw every picture into @folder: one GDB batch session per machine. Returns the names
    that were not written (with the session's last lines logged)."""
    machines = {}
    for p in PICTURES:
        machines.setdefault((p[1], p[2]), []).append(p)
    missing = []
    for (topology, cmdline), pics in machines.items():
        args = [os.path.join(REPO, "scripts", "mm-gdb"), "--topology", topology] + \
            (["--cmdline", cmdline] if cmdline else []) + ["-batch"]
        for name, _, _, where, cmd in pics:
            if os.path.exists(os.path.join(folder, name + ".svg")):
                os.unlink(os.path.join(folder, name + ".svg"))    # a picture not drawn is not left stale
            args += ["-ex", f"mm-goto {where}", "-ex", f"{cmd} --svg {os.path.join(folder, name + '.svg')}"]
        r = subprocess.run(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           text=True, timeout=TIMEOUT)
        lost = [name for name, *_ in pics if not os.path.exists(os.path.join(folder, name + ".svg"))]
        if lost:
            log(f"pictures: {topology} {cmdline}: not drawn: {', '.join(lost)}\n" + "\n".join(r.stdout.splitlines()[-15:]))
        missing += lost
    return missing


def differences(folder):
    """The committed pictures that differ from those drawn into @folder, and stray files."""
    out = []
    for name, *_ in PICTURES:
        mine, theirs = os.path.join(FOLDER, name + ".svg"), os.path.join(folder, name + ".svg")
        if not os.path.exists(mine):
            out.append(f"lessons/pictures/{name}.svg is missing: make lessons-pictures")
        elif os.path.exists(theirs) and open(mine, "rb").read() != open(theirs, "rb").read():
            out.append(f"lessons/pictures/{name}.svg differs from what the tool draws now: make lessons-pictures")
    known = {name + ".svg" for name, *_ in PICTURES}
    out += [f"lessons/pictures/{f} is not in lessons/pictures.py's PICTURES" for f in sorted(os.listdir(FOLDER))
            if f not in known] if os.path.isdir(FOLDER) else []
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed pictures, change nothing")
    args = ap.parse_args(argv)
    if not os.path.exists(os.path.join(REPO, "build", "kernel.elf")):
        sys.exit("pictures: build/kernel.elf is missing: run make first")
    if not args.check:
        os.makedirs(FOLDER, exist_ok=True)
        missing = draw(FOLDER)
        print(f"pictures: {len(PICTURES) - len(missing)} drawn in lessons/pictures/, {len(missing)} failed")
        return 1 if missing else 0
    with tempfile.TemporaryDirectory() as tmp:
        problems = [f"{n}: not drawn" for n in draw(tmp)] + differences(tmp)
    for p in problems:
        print(f"FAIL {p}")
    print(f"pictures: {len(PICTURES)} checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
