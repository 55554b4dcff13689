from ..model import MMError
from ..nav import NAV
from .base import Command, stop_banner


class MmBack(Command):
    """Go back one stop (reset the machine and replay).

Usage: mm-back
Example: mm-goto sparse_init, then mm-back -> sparse_memory_present_with_active_regions"""
    name = "mm-back"
    order = 3
    navigates = True
    takes_args = False

    def run(self, _):
        count, _, _, ended = NAV.where()
        if ended:
            target_count = count
        elif count <= 1:
            raise MMError("already at the first checkpoint: nothing before it" if count else
                          "before the first checkpoint: nothing to go back to")
        else:
            target_count = count - 1
        NAV.goto_count(target_count)
        return stop_banner(count)
