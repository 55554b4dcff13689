"""A real Linux kernel under GDB (scripts/mm-gdb --kernel linux-VERSION|VMLINUX): the Kernel
interface from the phase table of its version (linux/phases.py). Linux keeps no record of our
checkpoints, so the record is the stops GDB has seen in this boot -- each one verified by the
table's condition on the kernel's state when it was reached; a reset starts a new boot, and
going back replays the boot up to the stop (the machine is deterministic up to the memory init:
one vCPU runs until smp_init). 6.1's page_alloc_init_late comes after smp_init: its stop is its
return in the kernel_init thread, after it has waited for every node's deferred_init_memmap
kthread, so the stops before it do not depend on the vCPUs' timing (its free counts may: the other
vCPUs allocate too)."""
import mmap
import re
from dataclasses import dataclass

import gdb

from .. import checkpoints, model
from ..guest import dwarf, elf, memory
from ..linux import phases
from ..model import MMError
from .kernel import Kernel, Record


@dataclass(frozen=True)
class Phase(checkpoints.Checkpoint):
    """A stop of a real kernel: a replay checkpoint, or a phase only this version has."""
    label: str = ""         # its name in this version
    only_in: str = ""       # the version, for a phase 4.19 lacks
    inits: str = ""         # what it initialises (the table's 'inits')


def stop_table(version):
    """The stops of a session on Linux @version, in boot order: the replay's checkpoints under
    this version's names, each followed by the phases of this version that come after it."""
    rows = phases.table(version, extra=True)
    named = {p["checkpoint"]: p for p in rows if "checkpoint" in p}
    out = []
    for cp in checkpoints.TABLE:
        p = named.get(cp.name, {})
        out.append(Phase(len(out), cp.name, cp.per_node, cp.linux_file, cp.seed_phase, cp.description,
                         label=p.get("name", cp.name), inits=p.get("inits", "")))
        for e in (e for e in rows if e.get("follows") == cp.name):
            out.append(Phase(len(out), e["phase"], False, e["file"], e["seed"], e["text"], label=e["phase"],
                             only_in=version, inits=e.get("inits", "")))
    return out


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
        self.stops_ = None
        self.exit_bp = None
        self.seen = []          # [(checkpoint index, nid or -1)]: this boot's stops, in order

    def check(self):
        memory.check_target()
        if dwarf.find_symbol("start_kernel") is None or dwarf.find_symbol("linux_banner") is None:
            raise MMError("this is not a Linux vmlinux with debug info (no start_kernel/linux_banner)")

    def _runner(self):
        if self.runner is None:
            self.version = self.version or banner_version()
            try:
                self.runner = phases.Runner(self.version, extra=True)
                self.exit = phases.exit_function(self.version)
            except phases.PhaseError as e:
                raise MMError(f"Linux {self.version}: {e}") from None
            if dwarf.find_symbol(self.exit) is None:
                raise MMError(f"Linux {self.version}: no {self.exit} in this vmlinux, where the session ends")
        return self.runner

    def table(self):
        if self.stops_ is None:
            self.version = self.version or banner_version()
            try:
                self.stops_ = stop_table(self.version)
            except phases.PhaseError as e:
                raise MMError(f"Linux {self.version}: {e}") from None
        return self.stops_

    def stops(self):
        out = dict.fromkeys(self._runner().addresses(), "checkpoint")
        out[dwarf.symbol_address(self.exit)] = "exit"
        return out

    def ensure_breakpoints(self):
        self._runner()
        if self.exit_bp is None or not self.exit_bp.is_valid():
            self.exit_bp = gdb.Breakpoint(f"*{dwarf.symbol_address(self.exit):#x}", type=gdb.BP_HARDWARE_BREAKPOINT,
                                          internal=True)
            self.exit_bp.silent = True

    def arrive(self, pc):
        try:
            hits = self._runner().hit(pc, memory.read_u64)
        except phases.PhaseError as e:
            raise MMError(f"Linux {self.version}: {e}") from None
        for p, nid in hits:
            self.seen.append((checkpoints.by_name(phases.name(p), self.table()).index, -1 if nid is None else nid))

    def rebooted(self):
        if self.runner is not None:
            self.runner.boot()
        self.seen = []

    def stop_state(self):
        return (len(self.seen),) + self.seen[-1] if self.seen else (0, -1, -1)

    def stops_since(self, count):
        return self.seen[count:]     # several phases can end at one place

    def record(self):
        rec = Record.empty(len(self.table()))
        for idx, nid in self.seen:
            rec.passes[idx] += 1
            if nid >= 0:
                rec.nodes[idx].add(nid)
        return rec

    def phase_place(self, index):
        cp = self.table()[index].name
        p = next((p for p in self._runner().table if phases.name(p) == cp), None)
        if p is None or self.version == "4.19":
            return None
        name = p.get("name", p["function"])
        inlined = f", inlined in {p['caller']}()" if p["end"] == "inlined" else ""
        return f"Linux {self.version}: {name}(){inlined}" + (f" -- {p['why']}" if p.get("why") else "")

    def struct_pages(self):
        phase = {p.inits: p.name for p in self.table() if p.inits}
        return phase.get("struct_pages"), phase.get("deferred_struct_pages")

    def exit_code(self):
        return model.EXIT_DONE
