"""Checkpoint navigation: mm-step, mm-goto, mm-back, mm-restart, mm-phases.

The machine is deterministic, so a stop is named by mm_checkpoint_count (stops so far): going back
is `monitor system_reset` and running forward to that count. The kernel (readers.kernel) says where
the breakpoints are: on the replay, mm_checkpoint_reached (each checkpoint) and mm_step_exit (the
end, before QEMU would exit); on real Linux, its phase table.
"""
import os
import re

import gdb

from . import checkpoints, model, snapshot
from .guest import memory, ramfiles
from .model import MMError
from .readers.kernel import KERNEL
from .render import palette, summary, text


MAX_OTHER_STOPS = 32        # stops that are not ours, in a row, before forward() gives up
MAX_REPLAYS = 3             # resets goto_count may do when a replay overshoots its target


class Navigator:
    def __init__(self):
        self.history = {}           # count -> (index, nid): the stops seen, valid across resets
        self.end_count = None       # stops in a whole run, once the end has been seen
        self.exit_code = None
        self.summaries = {}         # count -> render.summary.facts() of that stop
        self.navigating = False
        self.boot_offset = 0        # where this boot's output starts in the serial log
        self.offsets = {}           # count -> serial log size at that stop, in this boot
        self.verified = False       # verify_kernel passed in this boot
        self.keep_summaries = False # read every stop's facts on the way (the dashboard shows each phase's change)

    # ---- breakpoints and raw motion -------------------------------------------------------------
    def ensure_breakpoints(self):
        KERNEL.ensure_breakpoints()

    def _ours(self):
        """{address: "checkpoint" or "exit"} of the kernel's stop places."""
        return KERNEL.stops()

    def where(self):
        """(count, index, nid, ended): count 0 = before the first checkpoint.

        The count is the kernel's own mm_checkpoint_count. With paging still off (the reset
        vector, firmware, the PVH entry) the kernel's globals are not mapped -- reading them
        would read whatever lies at the truncated physical address -- so that is count 0."""
        KERNEL.check()
        pc = memory.register("pc")
        ours = pc in self._ours()
        st = KERNEL.stop_state() if ours or memory.paging_on() else None
        if ours and KERNEL.counts_in_guest and (st is None or st[0] < 1):
            gdb.execute("maintenance flush register-cache", to_string=True)
            memory.invalidate()
            st = KERNEL.stop_state()
            if st is None or st[0] < 1:
                raise MMError(f"stopped at {pc:#x} but cannot read the kernel's mm_checkpoint_count "
                              f"({'unreadable' if st is None else st[0]})")
        count, idx, nid = st if st else (0, -1, -1)
        ended = self._ours().get(pc) == "exit"
        if ended:
            self.end_count = count
            self.exit_code = KERNEL.exit_code()
        elif ours:
            self.history[count] = (idx, nid)
        return count, idx, nid, ended

    def forward(self):
        """Run to the next stop (a checkpoint or the end) and return where() there.

        A stop counts only when a vCPU is at one of our breakpoints with the kernel's own
        mm_checkpoint_count moved on (model.judge_stop); any other stop -- a SIGTRAP that is not
        ours, another vCPU's event, the same checkpoint reported again -- is continued past, at
        most MAX_OTHER_STOPS times. A SIGINT (Ctrl-C) or the user's own breakpoint ends the motion."""
        self.ensure_breakpoints()
        count, _, _, ended = self.where()
        if ended:
            raise MMError("the kernel has finished: mm-back or mm-restart")
        for _ in range(MAX_OTHER_STOPS):
            event = self._continue()
            at = self._select_our_thread()
            if at is not None:
                KERNEL.arrive(int(gdb.parse_and_eval("$pc")))
            if at is None:
                pc = int(gdb.parse_and_eval("$pc"))
                if isinstance(event, gdb.SignalEvent) and event.stop_signal == "SIGINT":
                    raise MMError(f"interrupted at {pc:#x}, not at a checkpoint (Ctrl-C): mm-step goes on")
                if isinstance(event, gdb.BreakpointEvent):
                    raise MMError(f"stopped at {pc:#x} by your breakpoint, not at a checkpoint: mm-step goes on")
                continue
            try:
                new = self.where()
            except MMError:
                raise MMError("QEMU has gone (the kernel exited or the connection closed)") from None
            verdict = model.judge_stop(count, new[0], at)
            if verdict == "again":
                continue
            self.verify_kernel()
            size = serial_size()
            if size is not None:
                self.offsets[new[0] + (1 if new[3] else 0)] = size
            if self.keep_summaries and not new[3]:
                self.summary_at(new[0])
            return new
        raise MMError(f"{MAX_OTHER_STOPS} stops in a row were not at a checkpoint (last at "
                      f"{int(gdb.parse_and_eval('$pc')):#x}): is another breakpoint or watchpoint set?")

    def _continue(self):
        """`continue` once; the stop event it produced (None if none was seen)."""
        events = []
        gdb.events.stop.connect(events.append)
        self.navigating = True
        try:
            gdb.execute("continue", to_string=True)
        except gdb.error as e:
            raise MMError(f"QEMU has gone ({str(e).splitlines()[0] if str(e) else 'connection lost'})") from None
        finally:
            self.navigating = False
            gdb.events.stop.disconnect(events.append)
        memory.invalidate()
        return events[-1] if events else None

    def _select_our_thread(self):
        """'checkpoint' or 'exit' when a vCPU stands at one of our breakpoints (that thread is
        then selected: with several vCPUs GDB may report another one), else None."""
        ours = self._ours()
        try:
            inf = gdb.selected_inferior()
            threads = [gdb.selected_thread()] + [t for t in inf.threads() if t != gdb.selected_thread()]
        except gdb.error:
            return None
        for t in threads:
            if t is None or not t.is_valid():
                continue
            t.switch()
            try:
                pc = int(gdb.parse_and_eval("$pc"))
            except gdb.error:
                continue
            if pc in ours:
                return ours[pc]
        if threads and threads[0] is not None and threads[0].is_valid():
            threads[0].switch()
        return None

    def verify_kernel(self):
        """Once per boot, at its first stop: the kernel QEMU runs must be the ELF GDB loaded (the
        same .text and .rodata bytes); a `make` that rewrote build/kernel.elf between QEMU's and
        GDB's start would otherwise give wrong symbols, wrong counts, missed breakpoints."""
        if self.verified:
            return
        bad = KERNEL.verify()
        if bad:
            raise MMError(f"the kernel QEMU runs is not the ELF GDB loaded ({bad}): build/kernel.elf was "
                          "rebuilt meanwhile? quit and start scripts/mm-gdb again")
        self.verified = True

    def reset(self):
        KERNEL.check()
        self.ensure_breakpoints()
        try:
            gdb.execute("monitor system_reset", to_string=True)
            gdb.execute("maintenance flush register-cache", to_string=True)
        except gdb.error as e:
            raise MMError(f"monitor system_reset failed: {str(e).splitlines()[0]}") from None
        memory.invalidate()
        ramfiles.forget()
        KERNEL.rebooted()
        try:
            memory.check_target()
            gdb.parse_and_eval("$pc")
        except (MMError, gdb.error):
            raise MMError("QEMU exited on system_reset: start it without -no-reboot (as scripts/mm-gdb does)") from None
        self.boot_offset = serial_size() or 0
        self.offsets = {}
        self.verified = False

    def goto_count(self, n):
        """Go to stop @n (by the kernel's count): forward, or reset and replay when it is behind.
        A replay that overshoots (a stop the hardware breakpoint missed) is replayed again."""
        for _ in range(MAX_REPLAYS):
            count, _, _, ended = self.where()
            if n == count and not ended:
                return
            if n < count or ended:
                self.reset()
                count = 0
            while count < n:
                count, _, _, ended = self.forward()
                if ended:
                    raise MMError(f"the kernel ended after {count} stops; there is no stop {n}")
            if count == n:
                return
        raise MMError(f"stop {n} was passed over {MAX_REPLAYS} times (the kernel's count went to {count})")

    # ---- named targets --------------------------------------------------------------------------
    def _matches(self, idx, nid):
        cp = KERNEL.table()[idx]
        return sorted(c for c, (i, n) in self.history.items()
                      if i == idx and (nid is None or not cp.per_node or n == nid))

    def run_to_last(self):
        """Forward to the last checkpoint without passing it: the table's final one, if it is one
        per machine (not per node), follows every other phase, so no stop can come after it; a
        kernel that ends before it (a panic) runs to its end."""
        final = KERNEL.table()[-1]
        count, idx, _, ended = self.where()
        while not ended and (idx != final.index or final.per_node):
            count, idx, _, ended = self.forward()

    def goto(self, spec):
        try:
            idx, nid = checkpoints.parse_spec(spec, KERNEL.table())
        except ValueError as e:
            raise MMError(str(e)) from None
        start = self.where()[0]
        if idx == "last":
            if self.end_count is None:
                self.run_to_last()     # one boot, not one to the end and another back
            if not self.history:
                raise MMError("the kernel reached no checkpoint")
            self.goto_count(max(self.history))
            return
        found = self._matches(idx, nid)
        if found:
            self.goto_count(found[0])
            return
        cp = KERNEL.table()[idx]
        if self.end_count is None:
            count, _, _, ended = self.where()
            while not ended:
                count, i, n, ended = self.forward()
                if not ended and i == idx and (nid is None or n == nid):
                    return
        nodes = sorted({n for i, n in self.history.values() if i == idx})
        if nodes and nid is not None:
            msg = f"{cp.name} has no stop for node {nid} (nodes: {', '.join(map(str, nodes))})"
        else:
            msg = f"this kernel never reaches checkpoint {cp.name} (not replayed yet?)"
        if start:
            self.goto_count(start)
        raise MMError(msg)

    # ---- what to show ---------------------------------------------------------------------------
    def summary_at(self, count):
        """The facts of stop @count, which must be the current stop when they are not known yet."""
        if count not in self.summaries:
            self.summaries[count] = summary.facts(snapshot.current())
        return self.summaries[count]

    def banner(self, before_count=None, color=False, hints=()):
        """What the stop is, what its phase printed and what changed since stop @before_count."""
        count, idx, nid, ended = self.where()
        total = len(KERNEL.table())
        if ended:
            what = ("done" if self.exit_code == model.EXIT_DONE else "kernel panic" if self.exit_code == model.EXIT_PANIC
                    else f"code {self.exit_code:#x}")
            printed = self.printed(count + 1)
            more = f"\n  printed: {printed[0]}" + (f" ... and {len(printed) - 1} more lines (mm log)"
                                                  if len(printed) > 1 else "") if printed else ""
            return palette.paint(f"the end: the kernel has finished after {count} stops ({what}); the state is still "
                                 "here to inspect; mm-back or mm-restart to go again", "heading", color) + more
        if count == 0:
            return palette.paint("before the first checkpoint (the machine is reset): mm-step", "heading", color)
        changes = ()
        if before_count is not None and before_count != count:
            before = self.summaries.get(before_count, {})
            changes = summary.changes(before, self.summary_at(count))
        ptrs = snapshot.current().get("node_data") or []
        return text.banner(KERNEL.table()[idx], nid, total, changes, printed=self.printed(count), count=count,
                           nodes=[i for i, p in enumerate(ptrs) if p], color=color, hints=hints,
                           here=KERNEL.phase_place(idx))

    # ---- the serial log -------------------------------------------------------------------------
    def log_lines(self):
        """This boot's serial output so far, as lines."""
        path = serial_path()
        with open(path, "rb") as f:
            f.seek(self.boot_offset)
            return f.read().decode("latin-1").splitlines()

    def printed(self, count):
        """The lines the phase that ended at stop @count printed (timestamps and the checkpoint's
        own line left out), [] when unknown."""
        if count not in self.offsets or serial_path() is None:
            return []
        start = self.offsets.get(count - 1, self.boot_offset) if count > 1 else self.boot_offset
        with open(serial_path(), "rb") as f:
            f.seek(start)
            raw = f.read(self.offsets[count] - start).decode("latin-1")
        return [STAMP.sub("", l) for l in raw.splitlines()
                if l.strip() and not checkpoints.LOG_LINE.search(l)]

    def stops(self):
        return sorted((c, i, n) for c, (i, n) in self.history.items())


STAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


def serial_path():
    """The kernel's serial log, which scripts/mm-gdb names in $MM_STEP_SERIAL_LOG."""
    path = os.environ.get("MM_STEP_SERIAL_LOG")
    return path if path and os.path.exists(path) else None


def serial_size():
    path = serial_path()
    return os.path.getsize(path) if path else None


NAV = Navigator()
