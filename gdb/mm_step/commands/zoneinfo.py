from ..render import text
from .base import Command
from .procfs import proc_nodes


class MmZoneinfo(Command):
    """Show /proc/zoneinfo, as Linux 4.19 prints it.

Usage: mm zoneinfo
Example: mm zoneinfo"""
    name = "mm zoneinfo"
    order = 16
    teaches = ("free_area_init_core",)
    takes_args = False
    exact = True
    requires = ("free_area_init_core", "zones are initialised")

    def run(self, _):
        snap = self.snap()
        nodes, note = proc_nodes(snap, "N_ONLINE")
        return text.zoneinfo(nodes, *snap.vmstat_names()) + note
