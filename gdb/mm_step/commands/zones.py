from ..render import text
from .base import NodeCommand, parse_nid, text_width


class MmZones(NodeCommand):
    """List every zone's start pfn and page counts.

Start pfn, spanned, present, managed and free pages of every zone (like crash's kmem -z).

Usage: mm zones [NID]
Example: mm zones 1"""
    name = "mm zones"
    order = 15
    teaches = ("calculate_node_totalpages", "free_area_init_node")
    requires = ("calculate_node_totalpages", "zones are sized")

    def run(self, arg):
        snap = self.snap()
        nid = parse_nid(snap, arg, "mm zones [NID]")
        nodes = [n for n in snap.nodes() if nid is None or n.nid == nid]
        sized = snap.nodes_past("calculate_node_totalpages")
        return text.zones(nodes, pending={n.nid for n in nodes} - sized, width=text_width()) + "\n"
