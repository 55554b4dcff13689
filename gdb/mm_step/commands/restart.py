from ..nav import NAV
from .base import Command, stop_banner


class MmRestart(Command):
    """Reset the machine and stop at the first checkpoint.

Usage: mm-restart
Example: mm-restart"""
    name = "mm-restart"
    order = 4
    navigates = True
    takes_args = False

    def run(self, _):
        NAV.reset()
        NAV.forward()
        return stop_banner()
