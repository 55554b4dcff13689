import gdb

from .. import model
from ..model import MMError, parse_number
from ..render import diagram, text
from .base import Command, picture_where, write_file

KINDS = ("pgdat", "sparse")
USAGE = "mm diagram pgdat|sparse [PFN] [--svg FILE]"


class MmDiagram(Command):
    """Draw the structures at this stop as boxes and arrows.

pgdat: each node's pg_data_t -> its zones -> each zone's free_area[] -> the struct pages on one
free list (the highest order's), with their addresses and counts. sparse: mem_section -> the runs
of sections -> their struct pages in the vmemmap -> the physical memory holding them, and the
struct page of PFN (default: the last pfn of memblock.memory). An outline on the screen; --svg
writes the picture as a self-contained SVG file.

Usage: mm diagram pgdat|sparse [PFN] [--svg FILE]
Example: mm diagram pgdat --svg /tmp/pgdat.svg, then mm diagram sparse --svg /tmp/sparse.svg"""
    name = "mm diagram"
    order = 22
    words = KINDS
    requires = ("sparse_memory_present_with_active_regions", "mem_section and pg_data_t exist")

    def parse(self, arg):
        args = gdb.string_to_argv(arg)
        path = None
        if "--svg" in args:
            i = args.index("--svg")
            if i + 1 >= len(args) or not args[i + 1]:
                raise MMError(f"usage: {USAGE}")
            path = args.pop(i + 1)
            args.pop(i)
        if not args or args[0] not in KINDS or len(args) > 2 or (len(args) == 2 and args[0] != "sparse"):
            raise MMError(f"usage: {USAGE}")
        pfn = parse_number(args[1]) if len(args) == 2 else None
        if pfn is not None and pfn < 0:
            raise MMError(f"'{args[1]}' is negative; usage: {USAGE}")
        return args[0], pfn, path

    def run(self, args):
        kind, pfn, path = args
        snap = self.snap()
        forest, what = self.pgdat(snap) if kind == "pgdat" else self.sparse(snap, pfn)
        if path is None:
            return diagram.text(forest) + "\n"
        return write_file(path, diagram.svg(forest, f"{what} at {picture_where(snap)}", SUBTITLE[kind]))

    def pgdat(self, snap):
        nodes = snap.nodes()
        core = snap.nodes_past("free_area_init_core")
        lists = {(n.nid, z.index): snap.free_lists(n.nid, z.index) for n in nodes if n.nid in core
                 for z in n.zones if z.spanned_pages}
        pfns = {pfn for l in lists.values() for row in l for pfns in row for pfn in pfns[:diagram.STACK_SHOWN]}
        pages = {pfn: snap.page(pfn) for pfn in sorted(pfns)}
        mt = snap.migratetype_names() if lists else []
        forest = diagram.pgdat(nodes, snap.nodes_past("calculate_node_totalpages"), core, lists, pages, mt,
                               snap.vmemmap_base(), snap.page_size(), snap.page_field_offsets()["lru"])
        return forest, "pg_data_t -> zone -> free_area -> struct page"

    def sparse(self, snap, pfn):
        if pfn is None:
            mem = snap.memblock("memory").regions
            pfn = (mem[-1].end >> model.PAGE_SHIFT) - 1 if mem else 0
        sec = snap.section_of_pfn(pfn)
        page = snap.page(pfn) if sec is not None and sec.has_mem_map else None
        lines = ()
        if page is not None:
            mt = snap.pageblock_migratetype(pfn)
            names = snap.migratetype_names()
            lines = [l.strip() for l in text.page(page, snap.page_flags_layout(), snap.zone_names(),
                                                  None if mt is None else names[mt] if mt < len(names) else mt)
                     .replace("  node ", "\n  node ", 1).splitlines()[1:]]
        forest = diagram.sparse(snap.sections(), snap.sections_per_root(), snap.page_size(), snap.vmemmap_base(),
                                snap.memmap_backing(), pfn, page, lines)
        return forest, "mem_section -> vmemmap -> struct page"

    def complete_words(self, text_):
        return gdb.COMPLETE_FILENAME if "--svg " in text_ else list(KINDS) + ["--svg"]


SUBTITLE = {"pgdat": "real addresses and counts of this stop; an arrow is a pointer or an array element",
            "sparse": "real addresses of this stop; sections whose struct pages lie together in RAM drawn as one run"}
