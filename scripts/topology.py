#!/usr/bin/env python3
"""Machines: the presets in scripts/topologies/NAME.machine and the QEMU command that boots a kernel
on one.

Presets: scripts/topologies/NAME.machine, one `key = value` per line, '#' comments.

Keys: description (one line), qemu (QEMU machine options, as a user would type them),
cmdline (extra kernel command line). Read by the Makefile, scripts/mm-gdb, the tests,
the Linux oracle and the lessons.

    python3 scripts/topology.py qemu two-node     -> the QEMU options
    python3 scripts/topology.py list              -> every preset with its description
"""
import os
import re
import shlex
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


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# MM_STEP_KERNEL: another build of the replay (make BUG=name: a planted-bug lab kernel)
KERNEL = os.environ.get("MM_STEP_KERNEL") or os.path.join(REPO, "build", "kernel.elf")
EXIT_DONE = 33   # isa-debug-exit: (0x10 << 1) | 1, the kernel passed its last checkpoint
EXIT_PANIC = 35  # (0x11 << 1) | 1, kernel panic


def machine_options(topology=None, machine=""):
    """The QEMU machine options: MACHINE when given, else the preset's."""
    if machine and machine.strip():
        return shlex.split(machine)
    return shlex.split(load(topology or DEFAULT)["qemu"])


def kernel_cmdline(topology=None, machine="", cmdline=""):
    """The preset's command line (unless MACHINE replaces the preset), then the user's."""
    preset = "" if machine and machine.strip() else load(topology or DEFAULT)["cmdline"]
    return " ".join(part for part in (preset, cmdline.strip()) if part)


def memory_mib(options):
    """Guest RAM in MiB from -m (QEMU's default is 128 MiB)."""
    for i, opt in enumerate(options[:-1]):
        if opt == "-m":
            m = re.match(r"(?:size=)?(\d+)([MGT]?)", options[i + 1], re.I)
            if m:
                return int(m.group(1)) * {"": 1, "M": 1, "G": 1024, "T": 1 << 20}[m.group(2).upper()]
    return 128


RAM_ID = "mm-step-ram"


def file_backed_ram(options, directory):
    """(options, {memory region name: file}): the same machine with its guest RAM in shared files
    under @directory, which a debugger on this host can map and read without asking QEMU.

    Each memory-backend-ram (or memory-backend-file into a directory) becomes a
    memory-backend-file,share=on with the same id and size; a machine without memdevs gets one
    backend of -m's size as its memory-backend. Options this cannot rewrite exactly (-mem-path,
    legacy -numa mem=, a given memory-backend, odd -m or property syntax) are left as they are,
    with no files."""
    opts, files = list(options), {}
    numa_memdev = False
    for i, opt in enumerate(opts[:-1]):
        arg = opts[i + 1]
        if opt in ("-mem-path", "-mem-prealloc") or (opt in ("-machine", "-M") and "memory-backend=" in arg) \
                or (opt == "-numa" and re.search(r"(^|,)mem=", arg)):
            return list(options), {}
        numa_memdev |= opt == "-numa" and bool(re.search(r"(^|,)memdev=", arg))
        if opt != "-object" or ",," in arg:
            continue
        props = arg.split(",")
        kv = dict(p.partition("=")[::2] for p in props[1:])
        if props[0] == "memory-backend-file" and not os.path.isdir(kv.get("mem-path", "")):
            continue
        if props[0] in ("memory-backend-ram", "memory-backend-file") and re.fullmatch(r"[A-Za-z][\w.-]*", kv.get("id", "")):
            files[kv["id"]] = os.path.join(directory, kv["id"])
            keep = [p for p in props[1:] if p.partition("=")[0] not in ("mem-path", "share")]
            opts[i + 1] = ",".join(["memory-backend-file"] + keep + [f"share=on,mem-path={files[kv['id']]}"])
    if not numa_memdev and not files and "-m" in opts[:-1]:
        m = re.fullmatch(r"(?:size=)?(\d+)([MGT]?)", opts[opts.index("-m") + 1], re.I)
        if not m:
            return list(options), {}
        size = f"{m.group(1)}{m.group(2).upper() or 'M'}"
        files[RAM_ID] = os.path.join(directory, RAM_ID)
        opts += ["-object", f"memory-backend-file,id={RAM_ID},size={size},share=on,mem-path={files[RAM_ID]}",
                 "-machine", f"memory-backend={RAM_ID}"]
    return opts, files


def qemu_command(options, cmdline, kernel=KERNEL, serial="stdio", extra=()):
    """qemu-system-x86_64 booting KERNEL headless on a machine, leaving through isa-debug-exit."""
    return (["qemu-system-x86_64", "-display", "none", "-no-reboot", "-serial", serial,
             "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-kernel", kernel]
            + (["-append", cmdline] if cmdline else []) + list(options) + list(extra))


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
