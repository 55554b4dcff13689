from .. import model
from ..model import MMError
from ..nav import NAV
from .base import Command, stop_banner


class MmStep(Command):
    """Run to the next checkpoint and say what that phase did.

Usage: mm-step [N]
  N   how many checkpoints to go forward (default 1).
Example: mm-step        (checkpoint 1/{count} e820__memblock_setup ... then numa_init ...)"""
    name = "mm-step"
    order = 1
    navigates = True

    def parse(self, arg):
        n = model.parse_number(arg) if arg.strip() else 1
        if n < 1:
            raise MMError("usage: mm-step [N], N >= 1")
        return n

    def run(self, n):
        before = NAV.where()[0]
        if before:
            NAV.summary_at(before)
        for _ in range(n):
            NAV.forward()
        return stop_banner(before)
