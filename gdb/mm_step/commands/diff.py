from .. import checkpoints
from ..readers.kernel import KERNEL
from ..model import MMError
from ..nav import NAV
from ..render import summary, text
from .base import Command, color_on
from .goto import checkpoint_completions


class MmDiff(Command):
    """Show what changed between two checkpoints.

The fields that changed, by name, old -> new (default: the previous stop and this one).

Usage: mm diff [FROM [TO]]      (checkpoint names, NAME:NODE or numbers; TO defaults to here)
Example: mm diff sparse_init free_all_bootmem"""
    name = "mm diff"
    order = 22
    teaches = ("zone_sizes_init", "free_area_init_nodes")
    navigates = True

    def parse(self, arg):
        args = arg.split()
        if len(args) > 2:
            raise MMError("usage: mm diff [FROM [TO]]")
        return args

    def run(self, args):
        here = NAV.where()[0]
        if here == 0:
            raise MMError("before the first checkpoint: nothing to compare (mm-step)")
        for a in args:
            try:
                checkpoints.parse_spec(a, KERNEL.table())
            except ValueError as e:
                raise MMError(str(e)) from None
        NAV.summary_at(here)
        if not args:
            if here <= 1:
                raise MMError("at the first checkpoint: nothing before it to compare with")
            counts = [here - 1, here]
            if here - 1 not in NAV.summaries:
                NAV.goto_count(here - 1)
                NAV.summary_at(here - 1)
        else:
            counts = []
            for a in args:
                NAV.goto(a)
                c = NAV.where()[0]
                NAV.summary_at(c)
                counts.append(c)
            if len(counts) == 1:
                counts.append(here)
        if NAV.where()[0] != here:
            NAV.goto_count(here)
        changes = summary.changes(NAV.summaries[counts[0]], NAV.summaries[counts[1]])
        lines = text.change_lines(changes, color_on())
        return (f"{stop_name(counts[0])} -> {stop_name(counts[1])}:\n" +
                ("\n".join("  " + l for l in lines) if lines else "  no change") + "\n")

    def complete_words(self, text):
        return checkpoint_completions()


def stop_name(count):
    """"checkpoint 7 calculate_node_totalpages, node 1 (stop 12)": the checkpoint by its own number."""
    if count not in NAV.history:
        return f"stop {count}"
    idx, nid = NAV.history[count]
    cp = KERNEL.table()[idx]
    return f"checkpoint {cp.number} {cp.name}" + (f", node {nid}" if cp.per_node and nid >= 0 else "") + f" (stop {count})"
