from ..model import MMError
from .base import Command

EXPLAIN = {
    "e820": "The firmware's map of physical memory (BIOS INT 15h E820 / PVH memmap). Linux sanitises it "
            "(e820__update_table), trims it (trim_bios_range) and feeds its RAM to memblock.memory. See: mm e820.",
    "memblock": "The boot-time allocator: memblock.memory lists RAM, memblock.reserved what is taken. Allocations "
                "before the buddy allocator come from here. See: mm memblock.",
    "numa": "numa_init reads SRAT/SLIT (or fakes one node), builds numa_meminfo, sets the nid of every memblock "
            "region and allocates a pg_data_t per node (alloc_node_data). See: mm numa, mm pgdat.",
    "sections": "SPARSEMEM cuts physical memory into 128 MiB sections; mem_section[root][idx] says which are "
                "present and where their struct pages are (section_mem_map, encoded). See: mm sections.",
    "vmemmap": "All struct pages live in one virtual array at 0xffffea0000000000: pfn_to_page(pfn) = vmemmap + pfn. "
               "sparse_init backs it with 2 MiB pages. See: mm vmemmap PFN.",
    "zones": "Each node's memory is split into ZONE_DMA (<16 MiB), ZONE_DMA32 (<4 GiB), ZONE_NORMAL and ZONE_MOVABLE. "
             "spanned includes holes, present does not, managed is what the buddy allocator owns. See: mm zones.",
    "buddy": "The buddy allocator keeps free blocks of 2^order pages on free_area[order].free_list[migratetype]; "
             "free_all_bootmem hands memblock's free memory to it. See: mm buddyinfo, mm pagetypeinfo.",
    "page": "struct page (64 bytes): flags holds the PG_ bits and, at the top, the node and zone; _refcount, "
            "_mapcount/page_type (PageBuddy), private (the buddy order). See: mm page PFN.",
}


class MmExplain(Command):
    """A short explanation of a topic, with the command that shows it.

Usage: mm explain TOPIC     (e820, memblock, numa, sections, vmemmap, zones, buddy, page)
Example: mm explain sections"""
    name = "mm explain"
    order = 26
    needs_target = False
    words = tuple(EXPLAIN)

    def parse(self, arg):
        t = arg.strip()
        if t not in EXPLAIN:
            raise MMError(f"usage: mm explain TOPIC, one of: {', '.join(EXPLAIN)}")
        return t

    def run(self, topic):
        return EXPLAIN[topic] + "\n"
