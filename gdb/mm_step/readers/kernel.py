"""Which kernel runs, and what it records about its own progress (the interface a second kernel
implements: a real Linux under GDB keeps the same record from its breakpoints)."""
import os
from dataclasses import dataclass
from typing import List, Set

import gdb

from .. import checkpoints
from ..guest import dwarf, image, memory
from ..model import MMError


@dataclass
class Record:
    """What the kernel has been through at a stop: per checkpoint (by index), how often it has
    finished, and the nodes that have passed it (per-node checkpoints)."""
    passes: List[int]
    nodes: List[Set[int]]

    @classmethod
    def empty(cls, n=checkpoints.COUNT):
        return cls([0] * n, [set() for _ in range(n)])


class Kernel:
    """The interface: where the kernel stops, where it stopped and what it has recorded."""
    name = "kernel"
    counts_in_guest = True  # stop_state reads the guest's own count (unreadable = a stale register cache)

    def check(self):
        """MMError unless GDB has this kernel loaded and a live target."""
        raise NotImplementedError

    def stops(self):
        """{address: "checkpoint" or "exit"}: where navigation's breakpoints are (set by
        ensure_breakpoints). A hit at a "checkpoint" address is a stop only when the count moves."""
        raise NotImplementedError

    def ensure_breakpoints(self):
        raise NotImplementedError

    def loaded(self):
        """When the plugin is loaded (the ELF is GDB's)."""

    def table(self):
        """The stops of this kernel in boot order (Checkpoint, index = the stop_state index): the
        replay's checkpoints, and a real kernel's phases that 4.19 lacks."""
        return checkpoints.TABLE

    def struct_pages(self):
        """(phase, deferred phase): the phase after which a node's struct pages are initialised
        (None: each node's free_area_init_core, as 4.19), and the one after which the pages its
        version defers are (None: nothing is deferred)."""
        return None, None

    def phase_place(self, index):
        """Where this kernel ends checkpoint @index, when its version names it otherwise than 4.19."""
        return None

    def arrive(self, pc):
        """A vCPU stands at one of stops(): the kernel's record takes note (before stop_state)."""

    def rebooted(self):
        """The machine was reset: a new boot begins."""

    def verify(self):
        """At the first stop of a boot: None, or why the kernel that runs is not the one GDB loaded."""
        return None

    def stop_state(self):
        """(count, index, nid) of the last stop, or None when it cannot be read."""
        raise NotImplementedError

    def stops_since(self, count):
        """[(checkpoint index, nid or -1)] of this boot's stops after its first @count, after arrive()
        (a kernel that stops at one checkpoint per hit: the one stop_state names, if it is new)."""
        st = self.stop_state()
        if st is None:
            raise MMError(f"{self.name}: cannot read where the kernel stopped")
        return [st[1:]] if st[0] > count else []

    def record(self):
        """Record at the current stop."""
        raise NotImplementedError

    def exit_code(self):
        """At the exit stop: the kernel's exit status."""
        raise NotImplementedError


class ReplayKernel(Kernel):
    """mm-step's replay: kernel/mm_step/checkpoint.c keeps mm_checkpoint_count/_current/_nid and,
    per checkpoint, mm_checkpoint_passes[] and the node mask mm_checkpoint_nodes[]."""
    name = "replay"
    stop_symbols = {"checkpoint": "mm_checkpoint_reached", "exit": "mm_step_exit"}

    def __init__(self):
        self.bps = []

    def check(self):
        memory.check_target()
        if dwarf.find_symbol("mm_checkpoints") is None or dwarf.find_symbol("mm_checkpoint_reached") is None:
            raise MMError("this is not the mm-step kernel (no mm_checkpoints): load build/kernel.elf")

    def stops(self):
        return {dwarf.symbol_address(sym): kind for kind, sym in self.stop_symbols.items()}

    def ensure_breakpoints(self):
        self.bps = [b for b in self.bps if b.is_valid()]
        if len(self.bps) == len(self.stop_symbols):
            return
        for b in self.bps:
            b.delete()
        self.bps = []
        for loc in self.stop_symbols.values():
            if dwarf.find_symbol(loc) is None:
                raise MMError(f"this is not the mm-step kernel (no {loc}): load build/kernel.elf")
            # at the entry itself, where the pc is compared (not after a prologue GDB guesses)
            bp = gdb.Breakpoint(f"*{dwarf.symbol_address(loc):#x}", type=gdb.BP_HARDWARE_BREAKPOINT, internal=True)
            bp.silent = True
            self.bps.append(bp)

    def loaded(self):
        image.remember()

    def verify(self):
        return image.mismatch()

    def stop_state(self):
        try:
            count = int(gdb.parse_and_eval("mm_checkpoint_count"))
            index = int(gdb.parse_and_eval("mm_checkpoint_current"))
            nid = int(gdb.parse_and_eval("mm_checkpoint_nid"))
        except (gdb.MemoryError, gdb.error):
            return None
        return count, index, nid

    def record(self):
        passes = dwarf.u64_array("mm_checkpoint_passes", "the checkpoint record (kernel/mm_step/checkpoint.c)")
        nodes = dwarf.nodemask("mm_checkpoint_nodes")
        if len(passes) != checkpoints.COUNT or len(nodes) != checkpoints.COUNT:
            raise MMError(f"the kernel records {len(passes)} checkpoints, checkpoints.def has {checkpoints.COUNT}: "
                          "rebuild (make)")
        return Record(passes, nodes)

    def exit_code(self):
        """mm_step_exit(code): the first argument, in %rdi."""
        return memory.register("rdi") & 0xff


def select(name):
    """The kernel scripts/mm-gdb started ($MM_STEP_KERNEL_KIND): the replay, or linux-VERSION."""
    if name in (None, "", "replay"):
        return ReplayKernel()
    from .linux import LinuxKernel
    return LinuxKernel(name)


KERNEL = select(os.environ.get("MM_STEP_KERNEL_KIND"))
