"""A real Linux kernel under GDB (scripts/mm-gdb --kernel linux-VERSION|VMLINUX): the Kernel
interface from the phase table of its version (linux/phases.py). Linux keeps no record of our
checkpoints, so the record is the stops GDB has seen in this boot -- each one verified by the
table's condition on the kernel's state when it was reached; a reset starts a new boot, and
going back replays the boot up to the stop (the machine is deterministic up to the memory init:
one vCPU runs until smp_init)."""
import mmap
import re

import gdb

from .. import checkpoints, model
from ..guest import dwarf, elf, memory
from ..linux import phases
from ..model import MMError
from .kernel import Kernel, Record

EXIT = "rest_init"      # start_kernel's last call: the memory initialisation is over


def banner_version():
    """"4.19" from the vmlinux's linux_banner ("Linux version 4.19.222 ..."), read from the ELF
    file: before QEMU has loaded the kernel, guest memory does not hold it yet."""
    try:
        address = int(gdb.parse_and_eval("&linux_banner"))
        with open(gdb.current_progspace().filename, "rb") as f, \
                mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            raw = elf.bytes_at(data, address, 64)
    except (gdb.error, OSError, ValueError):
        raw = None
    if raw is None:
        raise MMError("this vmlinux has no linux_banner: which Linux version is it?")
    text = raw.split(b"\0")[0].decode("latin-1")
    m = re.match(r"Linux version (\d+)\.(\d+)", text)
    if not m:
        raise MMError(f"unexpected linux_banner: {text[:40]!r}")
    return f"{m.group(1)}.{m.group(2)}"


class LinuxKernel(Kernel):
    counts_in_guest = False

    def __init__(self, name):
        self.name = name
        self.version = name.split("-", 1)[1] if name.startswith("linux-") else None
        self.runner = None
        self.exit_bp = None
        self.seen = []          # [(checkpoint index, nid or -1)]: this boot's stops, in order

    def check(self):
        memory.check_target()
        if dwarf.find_symbol("start_kernel") is None or dwarf.find_symbol(EXIT) is None:
            raise MMError(f"this is not a Linux vmlinux with debug info (no start_kernel/{EXIT})")

    def _runner(self):
        if self.runner is None:
            self.version = self.version or banner_version()
            try:
                self.runner = phases.Runner(self.version)
            except phases.PhaseError as e:
                raise MMError(f"Linux {self.version}: {e}") from None
        return self.runner

    def stops(self):
        out = dict.fromkeys(self._runner().addresses(), "checkpoint")
        out[dwarf.symbol_address(EXIT)] = "exit"
        return out

    def ensure_breakpoints(self):
        self._runner()
        if self.exit_bp is None or not self.exit_bp.is_valid():
            self.exit_bp = gdb.Breakpoint(f"*{dwarf.symbol_address(EXIT):#x}", type=gdb.BP_HARDWARE_BREAKPOINT,
                                          internal=True)
            self.exit_bp.silent = True

    def arrive(self, pc):
        try:
            hits = self._runner().hit(pc, memory.read_u64)
        except phases.PhaseError as e:
            raise MMError(f"Linux {self.version}: {e}") from None
        for p, nid in hits:
            self.seen.append((checkpoints.by_name(p["checkpoint"]).index, -1 if nid is None else nid))

    def rebooted(self):
        if self.runner is not None:
            self.runner.boot()
        self.seen = []

    def stop_state(self):
        return (len(self.seen),) + self.seen[-1] if self.seen else (0, -1, -1)

    def stops_since(self, count):
        return self.seen[count:]     # several phases can end at one place

    def record(self):
        rec = Record.empty()
        for idx, nid in self.seen:
            rec.passes[idx] += 1
            if nid >= 0:
                rec.nodes[idx].add(nid)
        return rec

    def phase_place(self, index):
        cp = checkpoints.TABLE[index].name
        p = next((p for p in self._runner().table if p["checkpoint"] == cp), None)
        if p is None or self.version == "4.19":
            return None
        name = p.get("name", p["function"])
        inlined = f", inlined in {p['caller']}()" if p["end"] == "inlined" else ""
        return f"Linux {self.version}: {name}(){inlined}" + (f" -- {p['why']}" if p.get("why") else "")

    def exit_code(self):
        return model.EXIT_DONE
