import json
import os
import shlex
import sys

from ..readers.kernel import KERNEL
from ..model import MMError
from ..nav import NAV
from ..readers.kernel import KERNEL
from .base import Command

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
KERNELS = ("replay", "linux-4.19", "linux-6.1")
MAX_ROWS = 60    # more differences than this, without a filter, are folded by family
_dumps = {}     # (kernel, machine, cmdline) -> its stops, once per session (Linux's are cached on disk too)


def _oracle():
    path = os.path.join(_REPO, "scripts", "oracle")
    if path not in sys.path:
        sys.path.insert(0, path)
    import linux419
    return linux419


def machine():
    """The QEMU options and the machine's own command line scripts/mm-gdb started this session with."""
    raw = os.environ.get("MM_STEP_MACHINE")
    if raw is None:
        raise MMError("mm compare needs the machine this session runs: start it with scripts/mm-gdb")
    return json.loads(raw), os.environ.get("MM_STEP_CMDLINE", "")


def stops(kernel):
    options, extra = machine()
    key = (kernel, tuple(options), extra)
    if key not in _dumps:
        lx = _oracle()
        try:
            _dumps[key] = lx.gdb_dump(kernel, options, extra)
        except lx.ReferenceError as e:
            raise MMError(f"mm compare: {e}") from None
    return _dumps[key]


class MmCompare(Command):
    """Compare this checkpoint's structures with another kernel's.

The other kernel runs on the same machine, booted headless to the same checkpoint under GDB and
read by one dumper (scripts/oracle/gdbdump.py; Linux's dump is cached), field by field: '!' marks
a difference, absent a field that kernel lacks. Without a
FILTER only the differences are listed; with one, every field whose path contains it.

Usage: mm compare [replay|linux-4.19|linux-6.1] [FILTER]
Example: mm compare linux-4.19 node_zones[1]"""
    name = "mm compare"
    order = 95
    boots_others = True
    requires = ("e820__memblock_setup", "the structures to compare exist")

    def run(self, arg):
        words = shlex.split(arg)
        here = KERNEL.name
        other = words.pop(0) if words and words[0] in KERNELS else ("linux-4.19" if here == "replay" else "replay")
        if other == here:
            raise MMError(f"this session runs {here}: mm compare {' or '.join(k for k in KERNELS if k != here)}")
        if here not in KERNELS:
            raise MMError(f"mm compare knows {', '.join(KERNELS)}; this session runs {here}")
        if len(words) > 1:
            raise MMError(f"unexpected argument '{words[1]}'; usage: mm compare [{'|'.join(KERNELS)}] [FILTER]")
        filt = words[0] if words else None
        count, idx, nid, ended = NAV.where()
        if ended or not count:
            raise MMError("mm compare works at a checkpoint: mm-goto one")
        # this stop's name in the dumps: its checkpoint, node and occurrence in this boot
        nth = sum(1 for c, (i, n) in NAV.history.items() if c < count and (i, n) == (idx, nid))
        phase = KERNEL.table()[idx]
        if getattr(phase, "only_in", ""):
            raise MMError(f"{phase.name} is a phase only Linux {phase.only_in} has: nothing to compare with "
                          "(mm-goto a checkpoint both have)")
        cp = phase.name
        lx = _oracle()
        name = lx.stop_name({"checkpoint": cp, "nid": nid if nid >= 0 else None}, nth)
        mine, theirs = lx.stop_names(stops(here)), lx.stop_names(stops(other))
        for k, d in ((here, mine), (other, theirs)):
            if name not in d:
                raise MMError(f"{k} has no stop {name} on this machine")
        rows = [r for r in lx.fields(mine[name], theirs[name]) if filt is None or filt in r[0]]
        differ = sum(1 for r in rows if r[3])
        lines = [f"{name}: {here} beside {other}, {len(rows)} fields{f' matching {filt!r}' if filt else ''}, "
                 f"{differ} differ"]
        shown = [r for r in rows if r[3] or filt]
        if len(shown) > MAX_ROWS and not filt:
            # fold array elements: one line per family of fields, with its first difference
            families = {}
            for r in shown:
                families.setdefault(lx.family(r[0]), []).append(r)
            shown = [(f"{fam} ({len(rs)} differ, first {rs[0][0]})" if len(rs) > 1 else rs[0][0],) + rs[0][1:]
                     for fam, rs in families.items()]
            lines[0] += f" (array elements folded: mm compare {other} FIELD lists them)"
        if shown:
            w = max(len(r[0]) for r in shown)
            lines.append(f"  {'FIELD':{w}}  {here.upper():>24}  {other.upper():>24}")
            lines += [f"{'!' if d else ' '} {p:{w}}  {lx.shown(a):>24}  {lx.shown(b):>24}" for p, a, b, d in shown]
        return "\n".join(lines) + "\n"
