from ..readers.kernel import KERNEL
from ..nav import NAV
from ..render import text
from .base import Command, color_on


class MmPhases(Command):
    """List every checkpoint: passed, current or ahead.

Usage: mm-phases
Example: mm-phases"""
    name = "mm-phases"
    order = 5
    takes_args = False

    def run(self, _):
        count, _, _, ended = NAV.where()
        out = text.phases(KERNEL.table(), NAV.stops(), count if not ended else count + 1, color=color_on()) + "\n"
        if ended:
            out += "   the kernel has finished (mm-back / mm-restart)\n"
        elif count == 0:
            out += "   the machine is before the first checkpoint (mm-step)\n"
        return out
