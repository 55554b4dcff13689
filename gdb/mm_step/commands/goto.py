from ..model import MMError
from ..nav import NAV
from ..readers.kernel import KERNEL
from .base import Command, node_ids, stop_banner


def checkpoint_completions():
    """Checkpoint names, "last", NAME:NODE for the per-node ones (the nodes seen at that checkpoint
    or allocated now) and the checkpoints' numbers."""
    nodes = {int(n) for n in node_ids()} | {n for _, n in NAV.history.values() if n >= 0}
    table = KERNEL.table()
    names = sorted({name for cp in table for name in (cp.name, getattr(cp, "label", cp.name))}) + ["last"]
    names += [f"{cp.name}:{n}" for cp in table if cp.per_node for n in sorted(nodes)]
    return names + [str(cp.number) for cp in table]


class MmGoto(Command):
    """Go to a checkpoint, forward or back.

Usage: mm-goto NAME | NAME:NODE | NUMBER | last
  NAME      a checkpoint's name (mm-phases lists them); per-node ones take :NODE (default: first node)
  NUMBER    1 to {count}
  last      the last checkpoint the kernel reaches
Example: mm-goto free_area_init_core:1"""
    name = "mm-goto"
    order = 2
    navigates = True

    def parse(self, arg):
        if not arg.strip():
            raise MMError("usage: mm-goto NAME|NAME:NODE|NUMBER|last (mm-phases lists the names)")
        return arg.strip()

    def run(self, spec):
        before = NAV.where()[0]
        if before:
            NAV.summary_at(before)
        NAV.goto(spec)
        return stop_banner(before)

    def complete_words(self, text):
        return checkpoint_completions()
