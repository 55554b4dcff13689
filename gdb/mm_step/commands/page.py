from ..render import text
from .base import Command, parse_unsigned


class MmPage(Command):
    """Show one struct page, its flags decoded.

Flags, node, zone, refcount, mapcount/page_type, private.

Usage: mm page PFN        (decimal or 0x...)
Example: mm page 0x1000"""
    name = "mm page"
    order = 19
    requires = ("sparse_init", "struct pages exist")

    def parse(self, arg):
        return parse_unsigned(arg, "mm page PFN (decimal or 0x...)")

    def run(self, pfn):
        return decoded(self.snap(), pfn) + "\n"


def decoded(snap, pfn):
    """text.page of @pfn's struct page: flags, node, zone and pageblock migratetype named."""
    names = snap.get("migratetype_names") or []
    mt = snap.get("pageblock_migratetype", pfn)
    mt = names[mt] if mt is not None and mt < len(names) else mt
    return text.page(snap.page(pfn), snap.page_flags_layout(), snap.zone_names() or None, mt)
