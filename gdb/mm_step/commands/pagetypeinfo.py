from ..render import text
from .base import Command
from .procfs import proc_nodes


class MmPagetypeinfo(Command):
    """Show /proc/pagetypeinfo: free lists per migratetype.

Free list lengths per migratetype and order, pageblocks per migratetype.

Usage: mm pagetypeinfo
Example: mm pagetypeinfo"""
    name = "mm pagetypeinfo"
    order = 18
    teaches = ("free_area_init_core",)
    takes_args = False
    exact = True
    requires = ("free_area_init_core", "free lists are initialised")

    def run(self, _):
        snap = self.snap()
        nodes, note = proc_nodes(snap, "N_MEMORY")        # pagetypeinfo_show skips memoryless nodes
        lengths, blocks = {}, {}
        for n in nodes:
            for z in n.zones:
                if z.populated:
                    lengths[(n.nid, z.index)] = snap.free_list_counts(n.nid, z.index)
                    blocks[(n.nid, z.index)] = snap.pageblock_counts(n.nid, z.index)
        return text.pagetypeinfo(nodes, lengths, blocks, snap.migratetype_names()) + note
