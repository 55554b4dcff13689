import gdb

from .. import model
from ..model import MMError
from ..render import diagram, physmap, svg
from .base import Command, color_on, picture_where, text_width, unsigned, write_file
from .page import decoded

KINDS = ("pgdat", "sparse")
USAGE = "mm map [pgdat|sparse [PFN]] [--svg FILE]"


class MmMap(Command):
    """Draw memory at this stop: the physical map, or a structure diagram.

The physical memory map as one picture: e820, memblock.memory (by node), memblock.reserved,
nodes, each node's zones, sections and free pages on one address axis (long empty gaps collapsed),
with a legend and each row's entries; in colour unless `set mm color off`.
pgdat: each node's pg_data_t -> its zones -> each zone's free_area[] -> the struct pages on one
free list (the highest order's), with their addresses and counts. sparse: mem_section -> the runs
of sections -> their struct pages in the vmemmap -> the RAM holding them, and the struct page of
PFN (default: the last pfn of memblock.memory); on the screen as an outline.
--svg writes the same picture as a self-contained SVG file.

Usage: mm map [pgdat|sparse [PFN]] [--svg FILE]
Example: mm map --svg /tmp/map.svg, then mm map pgdat --svg /tmp/pgdat.svg, then mm map sparse --svg /tmp/sparse.svg"""
    name = "mm map"
    order = 21
    teaches = ("free_all_bootmem",)
    words = KINDS + ("--svg",)
    requires = ("e820__memblock_setup", "the structures it draws exist")

    def parse(self, arg):
        args = gdb.string_to_argv(arg)
        path = None
        if "--svg" in args:
            i = args.index("--svg")
            if i + 1 >= len(args) or not args[i + 1]:
                raise MMError(f"usage: {USAGE}")
            path = args.pop(i + 1)
            args.pop(i)
        if len(args) > 2 or (args and args[0] not in KINDS) or (len(args) == 2 and args[0] != "sparse"):
            raise MMError(f"usage: {USAGE}")
        pfn = unsigned(args[1], USAGE) if len(args) == 2 else None
        return (args[0] if args else None), pfn, path

    def run(self, args):
        kind, pfn, path = args
        snap = self.snap()
        if kind is None:
            st = snap.state()
            st["free_blocks"] = snap.free_blocks()
            if path is None:
                return physmap.text(st, text_width(), color=color_on()) + "\n"
            return write_file(path, svg.memory_map(st, f"Physical memory at {picture_where(snap)}"))
        forest, what, sub = pgdat(snap) if kind == "pgdat" else sparse(snap, pfn)
        if path is None:
            return diagram.text(forest) + "\n"
        return write_file(path, diagram.svg(forest, f"{what} at {picture_where(snap)}", sub))

    def complete_words(self, text_):
        return gdb.COMPLETE_FILENAME if "--svg " in text_ else list(self.words)


def pgdat(snap):
    """The pg_data_t diagram's boxes: the free lists walked for the nodes that have them."""
    nodes = snap.get("nodes") or []
    if not nodes:
        return ([diagram.Box("node_data[]", ["all NULL: numa_init allocates", "one pg_data_t per node"])],
                "pg_data_t", "")
    core = snap.nodes_past("free_area_init_core")
    lists = {(n.nid, z.index): snap.free_lists(n.nid, z.index) for n in nodes if n.nid in core
             for z in n.zones if z.spanned_pages}
    pfns = {pfn for l in lists.values() for row in l for pfns in row for pfn in pfns[:diagram.STACK_SHOWN]}
    forest = diagram.pgdat(nodes, snap.nodes_past("calculate_node_totalpages"), core, lists,
                           {pfn: snap.page(pfn) for pfn in sorted(pfns)}, snap.migratetype_names() if lists else [],
                           snap.vmemmap_base(), snap.page_size(), snap.page_field_offsets()["lru"])
    return (forest, "pg_data_t -> zone -> free_area -> struct page",
            "real addresses and counts of this stop; an arrow is a pointer or an array element")


def sparse(snap, pfn):
    """The mem_section diagram's boxes, with the struct page of @pfn (None: the last pfn of RAM)."""
    secs = snap.get("sections")
    if secs is None:
        return ([diagram.Box("mem_section", ["NULL: memory_present allocates the roots",
                                             "(checkpoint sparse_memory_present_with_active_regions)"])],
                "mem_section", "")
    if pfn is None:
        mem = snap.memblock("memory").regions
        pfn = (mem[-1].end >> model.PAGE_SHIFT) - 1 if mem else 0
    sec = snap.section_of_pfn(pfn)
    page, lines = None, ()
    if sec is not None and sec.has_mem_map:
        page = snap.page(pfn)
        lines = [l.strip() for l in decoded(snap, pfn).replace("  node ", "\n  node ", 1).splitlines()[1:]]
    forest = diagram.sparse(secs, snap.sections_per_root(), snap.page_size(), snap.vmemmap_base(),
                            snap.memmap_backing(), pfn, page, lines)
    return (forest, "mem_section -> vmemmap -> struct page",
            "real addresses of this stop; sections whose struct pages lie together in RAM drawn as one run")
