from ..render import text
from .base import Command
from .procfs import proc_nodes


class MmBuddyinfo(Command):
    """Show /proc/buddyinfo: free blocks per order and zone.

Usage: mm buddyinfo
Example: mm buddyinfo"""
    name = "mm buddyinfo"
    order = 17
    teaches = ("free_all_bootmem",)
    takes_args = False
    exact = True
    requires = ("free_area_init_core", "free lists are initialised")

    def run(self, _):
        nodes, note = proc_nodes(self.snap(), "N_ONLINE")
        return text.buddyinfo(nodes) + note
