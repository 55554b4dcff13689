#!/usr/bin/python3
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
import struct
import subprocess
import sys

TOPOLOGY_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "topologies")
KEYS = ("description", "qemu", "cmdline")
DEFAULT = "two-node"


class TopologyError(Exception):
    pass


def names():
    return sorted(f[: -len(".machine")] for f in os.listdir(TOPOLOGY_DIR) if f.endswith(".machine"))


def load(name):
    # a preset's name, never a path: "../../x" must not reach a *.machine file elsewhere
    path = os.path.join(TOPOLOGY_DIR, name + ".machine")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name or "") or not os.path.isfile(path):
        raise TopologyError(f"unknown topology {shown(name)} (known: {', '.join(names())})")
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


def split(words, what):
    """@words split as a shell would (quotes group, nothing is run), or one line on what is wrong."""
    try:
        return shlex.split(words)
    except ValueError as e:     # "No closing quotation", "No escaped character"
        raise TopologyError(f"{what}: {str(e)[0].lower() + str(e)[1:]}: {shown(words)}") from None


def machine_options(topology=None, machine=""):
    """The QEMU machine options: MACHINE when given, else the preset's."""
    if machine and machine.strip():
        return split(machine, "MACHINE")
    return split(load(topology or DEFAULT)["qemu"], f"topology {topology or DEFAULT}")


def kernel_cmdline(topology=None, machine="", cmdline=""):
    """The preset's command line (unless MACHINE replaces the preset), then the user's."""
    preset = "" if machine and machine.strip() else load(topology or DEFAULT)["cmdline"]
    return " ".join(part for part in (preset, cmdline.strip()) if part)


def memory_bytes(options):
    """Guest RAM in bytes from the last -m, as QEMU reads it ("[size=]N[.F][BKMGTPE]", MiB without
    a suffix; QEMU's default is 128 MiB); None when QEMU would refuse it (and say why)."""
    size = "128M"
    for i, opt in enumerate(options[:-1]):
        if opt in ("-m", "--m"):
            size = options[i + 1]
    parts = size.split(",")
    value = next((p[len("size="):] for p in parts if p.startswith("size=")), parts[0])
    m = re.fullmatch(r"(0x[0-9a-f]+|\d+(?:\.\d+)?)([bkmgtpe]?)", value, re.I)
    if not m:
        return None
    shift = "bkmgtpe".index(m.group(2).lower() or "m") * 10
    number = int(m.group(1), 16) if m.group(1).lower().startswith("0x") else float(m.group(1))
    return int(number * (1 << shift))


def memory_mib(options):
    """Guest RAM in MiB (0 when QEMU cannot read -m: it will refuse to start)."""
    return (memory_bytes(options) or 0) >> 20


def kernel_end(kernel=KERNEL):
    """The physical end of the kernel's footprint: its _end symbol (past the bss and the brk, which
    take no room in the ELF's PT_LOAD segments), made physical as the first PT_LOAD is mapped."""
    with open(kernel, "rb") as f:
        elf = f.read(64)
        phoff, = struct.unpack_from("<Q", elf, 32)
        phentsize, phnum = struct.unpack_from("<HH", elf, 54)
        f.seek(phoff)
        headers = f.read(phentsize * phnum)
    loads = [struct.unpack_from("<IIQQQQQ", headers, i * phentsize) for i in range(phnum)]
    loads = [(vaddr, paddr, memsz) for p_type, _, _, vaddr, paddr, _, memsz in loads if p_type == 1]
    end = max(paddr + memsz for _, paddr, memsz in loads)
    nm = subprocess.run(["nm", kernel], capture_output=True, text=True).stdout
    sym = re.search(r"^([0-9a-f]+) \S _end$", nm, re.M)
    if sym:
        vaddr, paddr, _ = loads[0]
        end = max(end, int(sym.group(1), 16) - vaddr + paddr)
    return end


def command_line_size():
    """COMMAND_LINE_SIZE, from the kernel's header (2048 on x86, as Linux)."""
    with open(os.path.join(REPO, "kernel", "arch", "x86", "include", "asm", "bootparam.h")) as f:
        return int(re.search(r"#define COMMAND_LINE_SIZE (\d+)", f.read()).group(1))


# Options that let QEMU outlive the session (-daemonize) or listen on the network (a second
# gdbstub, VNC/SPICE, TCP/UDP/telnet/websocket endpoints, migration): never from mm-step.
REFUSED = {"-daemonize": "QEMU would leave the session and outlive it",
           "-s": "it opens a gdbstub on TCP port 1234, reachable from the network",
           "-gdb": "mm-step gives QEMU its own private gdbstub",
           "-vnc": "it listens on the network", "-spice": "it listens on the network",
           "-incoming": "it listens for a migration",
           "-kernel": "mm-step boots its own kernel", "-initrd": "mm-step boots its own kernel",
           "-append": "the kernel command line goes in CMDLINE (--cmdline)",
           "-nographic": "the kernel's console is mm-step's (make run prints it, mm log shows it)",
           "-enable-kvm": "mm-step runs QEMU's TCG, as its checks and lessons assume"}
LISTENERS = re.compile(r"(^|[,=:])(tcp|udp|telnet|websocket|vnc)[:=,]|(^|,)port=|hostfwd|guestfwd", re.I)


def check(options, cmdline, kernel=KERNEL):
    """One line (TopologyError) for a machine or command line that cannot work, before QEMU starts."""
    for i, opt in enumerate(options):
        key = "-" + opt.lstrip("-") if opt.startswith("-") else None
        if key in REFUSED:
            raise TopologyError(f"{opt} is not allowed: {REFUSED[key]}")
        if LISTENERS.search(opt):
            raise TopologyError(f"{shown(opt)} is not allowed: nothing of mm-step listens on the network")
        if re.search(r"(^|[,:=])stdio($|,)", opt):
            raise TopologyError(f"{shown(opt)} is not allowed: stdio is the kernel's console here")
        if re.search(r"(^|[,=])kvm($|[,:])", opt) and i and options[i - 1] in ("-accel", "-machine", "-M"):
            raise TopologyError(f"{shown(opt)} is not allowed: {REFUSED['-enable-kvm']}")
    if options and options[-1] in ("-m", "--m"):
        raise TopologyError("-m needs a size")
    if memory_bytes(options) is None:
        given = options[len(options) - 1 - options[::-1].index("-m") + 1] if "-m" in options[:-1] else ""
        raise TopologyError(f"-m {shown(given)}: not a size QEMU reads (N or N.F with a suffix K, M, G, T; MiB without one)")
    size = memory_bytes(options)
    need = round_up_mib(kernel_end(kernel))
    if size is not None and size < need:
        have = f"{size >> 20} MiB" if size % (1 << 20) == 0 else f"{size >> 10} KiB"
        raise TopologyError(f"{have} of RAM is too little: the kernel loads at 16 MiB and needs -m {need >> 20}M "
                            "at least")
    limit = command_line_size() - 1
    if len(cmdline.encode()) > limit:
        raise TopologyError(f"the kernel command line is {len(cmdline.encode())} bytes: Linux takes at most "
                            f"{limit} on x86 (COMMAND_LINE_SIZE {limit + 1})")


def shown(text):
    """@text quoted on one line, whatever it holds (a newline would make the answer two lines)."""
    return repr(text)


def round_up_mib(n):
    return (n + (1 << 20) - 1) & ~((1 << 20) - 1)


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
