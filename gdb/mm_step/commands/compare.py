import json
import os
import shlex
import sys

from ..model import MMError
from ..nav import NAV
from ..readers.kernel import KERNEL
from .base import Command

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
KERNELS = ("replay", "linux-4.19", "linux-6.1")
MAX_ROWS = 60    # more differences than this, without a filter, are folded by family
_dumps = {}     # (kernel, machine, cmdline) -> its stops, once per session (Linux's are cached on disk too)


def _oracle(name="linux419"):
    """A module of scripts/oracle."""
    path = os.path.join(_REPO, "scripts", "oracle")
    if path not in sys.path:
        sys.path.insert(0, path)
    import importlib
    return importlib.import_module(name)


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


def versus61(here, other, name, mine, theirs):
    """Rows (mark, field, mine, theirs) of a stop beside Linux 6.1, and {field: expected61.json's
    entry} of the expected differences: the fields both versions share, '!' where they differ
    unexplained, '~' where as expected61.json explains; then the other fields, '.' where they differ
    (not compared: structures 6.1 changed, addresses, what one version lacks)."""
    m61 = _oracle("match61")
    ident = m61.machine_id(*machine())
    rows, reasons = [], {}
    for path, a, b, differ in _oracle().fields(m61.view(mine, here), m61.view(theirs, other)):
        hit = m61.expectation(name, path, ident) if differ else None
        if hit:
            reasons[path] = hit[0]
        rows.append(("~" if hit else "!" if differ else " ", path, a, b))
    rows += [("." if differ else " ", p, a, b) for p, a, b, differ in _oracle().fields(mine, theirs) if not m61.shared(p)]
    return rows, reasons


class MmCompare(Command):
    """Compare this checkpoint's structures with another kernel's.

The other kernel runs on the same machine, booted headless to the same checkpoint under GDB and
read by one dumper (scripts/oracle/gdbdump.py; Linux's dump is cached), field by field: '!' marks
a difference, absent a field that kernel lacks. Beside linux-6.1 only the structures 4.19 and 6.1
share are compared (scripts/oracle/expected61.json): '~' marks a difference listed there, its
reason below the table, and '.' a field outside them. Without a FILTER only the differences ('!'
and '~') are listed; with one, every field whose path contains it.

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
        if "linux-6.1" in (here, other):
            rows, reasons = versus61(here, other, name, mine[name], theirs[name])
        else:
            rows, reasons = [("!" if d else " ", p, a, b) for p, a, b, d in lx.fields(mine[name], theirs[name])], {}
        rows = [r for r in rows if filt is None or filt in r[1]]
        counts = {m: sum(1 for r in rows if r[0] == m) for m in "!~."}
        lines = [f"{name}: {here} beside {other}, {len(rows)} fields{f' matching {filt!r}' if filt else ''}, "
                 f"{counts['!']} differ" + (f", {counts['~']} as expected (~)" if counts["~"] else "")
                 + (f", {counts['.']} not compared (.)" if counts["."] else "")]
        shown = [r for r in rows if r[0] in "!~" or filt]
        if len(shown) > MAX_ROWS and not filt:
            # fold array elements: one line per family of fields and mark, with its first difference
            families = {}
            for r in shown:
                families.setdefault((lx.family(r[1]), r[0]), []).append(r)
            shown = [(mark, f"{fam} ({len(rs)} differ, first {rs[0][1]})" if len(rs) > 1 else rs[0][1]) + rs[0][2:]
                     for (fam, mark), rs in families.items()]
            lines[0] += f" (array elements folded: mm compare {other} FIELD lists them)"
        if shown:
            w = max(len(r[1]) for r in shown)
            lines.append(f"  {'FIELD':{w}}  {here.upper():>24}  {other.upper():>24}")
            lines += [f"{m} {p:{w}}  {lx.shown(a):>24}  {lx.shown(b):>24}" for m, p, a, b in shown]
        # the reasons of the expected differences, one line each (expected61.json)
        entries = []
        for r in rows:
            if r[0] == "~" and reasons[r[1]] not in entries:
                entries.append(reasons[r[1]])
        lines += [f"~ {e['title']} ({e['linux']})" for e in entries]
        return "\n".join(lines) + "\n"
