from ..render import text
from .base import NodeCommand, parse_nid


class MmPgdat(NodeCommand):
    """Show a node's pg_data_t (NODE_DATA(nid)).

Usage: mm pgdat [NID]
Example: mm pgdat 0"""
    name = "mm pgdat"
    order = 14
    teaches = ("calculate_node_totalpages",)
    requires = ("numa_init", "pg_data_t are allocated")

    def run(self, arg):
        snap = self.snap()
        nid = parse_nid(snap, arg, "mm pgdat [NID]")
        return "\n".join(text.pgdat(n) for n in snap.nodes() if nid is None or n.nid == nid) + "\n"
