"""mm explain: a topic in a few sentences, then this machine's numbers for it, each derived from the
snapshot the way the Linux 4.19 function named beside it computes it (derive.py)."""
from .. import derive, model
from ..model import MMError
from .base import Command, node_ids, parse_nid

PROSE = {
    "e820": "The firmware's map of physical memory (BIOS INT 15h E820 / PVH memmap). Linux sanitises it "
            "(e820__update_table), trims it (trim_bios_range) and feeds its RAM to memblock.memory. See: mm e820.",
    "memblock": "The boot-time allocator: memblock.memory lists RAM, memblock.reserved what is taken. Allocations "
                "before the buddy allocator come from here, top-down unless bottom_up. See: mm memblock.",
    "numa": "numa_init reads SRAT/SLIT (or fakes one node), builds numa_meminfo, sets the nid of every memblock "
            "region and allocates a pg_data_t per node (alloc_node_data). See: mm numa, mm pgdat.",
    "node_data": "alloc_node_data (arch/x86/mm/numa.c) takes roundup(sizeof(pg_data_t), PAGE_SIZE) from memblock "
                 "with memblock_alloc_try_nid(nid): from the node's own memory, at the highest free address "
                 "(memblock allocates top-down), and prints \"NODE_DATA(%d) allocated [mem ...]\". See: mm numa.",
    "sections": "SPARSEMEM cuts physical memory into sections of PAGES_PER_SECTION pages; mem_section[root][idx] "
                "says which are present and where their struct pages are (section_mem_map, encoded). "
                "See: mm sections.",
    "pfn": "A pfn's section is pfn >> PFN_SECTION_SHIFT (pfn_to_section_nr); SPARSEMEM_EXTREME keeps sections "
           "in roots of SECTIONS_PER_ROOT (SECTION_NR_TO_ROOT, __nr_to_section); its struct page is "
           "vmemmap + pfn (__pfn_to_page). Usage: mm explain pfn PFN. See: mm vmemmap PFN.",
    "vmemmap": "All struct pages live in one virtual array: pfn_to_page(pfn) = vmemmap + pfn. sparse_init backs "
               "it with 2 MiB pages (vmemmap_populate). See: mm vmemmap PFN.",
    "zones": "Each node's memory is split into ZONE_DMA (<16 MiB), ZONE_DMA32 (<4 GiB), ZONE_NORMAL and "
             "ZONE_MOVABLE. spanned includes holes, present does not, managed is what the buddy allocator owns. "
             "Usage: mm explain zones [NID]. See: mm zones.",
    "buddy": "The buddy allocator keeps free blocks of 2^order pages on free_area[order].free_list[migratetype]; "
             "free_all_bootmem hands memblock's free memory to it. See: mm buddyinfo, mm pagetypeinfo.",
    "page": "struct page: flags holds the PG_ bits and, at the top, the node and zone; _refcount, "
            "_mapcount/page_type (PageBuddy), private (the buddy order). Usage: mm explain page PFN. "
            "See: mm page PFN.",
}
# the checkpoint from which a topic has numbers to show (and the banner suggests it there)
FROM = {"e820": "e820__memblock_setup", "memblock": "e820__memblock_setup", "numa": "numa_init",
        "node_data": "numa_init", "sections": "sparse_memory_present_with_active_regions", "pfn": "sparse_init",
        "vmemmap": "sparse_init", "zones": "calculate_node_totalpages", "buddy": "free_all_bootmem",
        "page": "free_area_init_core"}
SUGGEST = {"e820__memblock_setup": "memblock", "numa_init": "node_data",
           "sparse_memory_present_with_active_regions": "sections", "sparse_init": "pfn 0x1000",
           "zone_sizes_init": "zones", "free_area_init_nodes": "zones", "calculate_node_totalpages": "zones",
           "free_area_init_core": "zones", "free_area_init_node": "page 0x1000", "free_all_bootmem": "buddy"}


def topics_for(cp_name):
    """The topic worth explaining right after checkpoint @cp_name."""
    return [SUGGEST[cp_name]] if cp_name in SUGGEST else []


def pages(n):
    return f"{n} pages ({model.human_size(n * model.PAGE_SIZE)})"


def e820_numbers(snap, _):
    t = snap.e820()
    usable = sum(e.size for e in t if e.type in model.E820_USABLE)
    return [f"{len(t)} entries; usable RAM {model.human_size(usable)} = {usable >> model.PAGE_SHIFT} pages "
            "(e820__print_table prints them)"]


def memblock_numbers(snap, _):
    bottom_up, limit = snap.memblock_config()
    out = [f"bottom_up = {'true' if bottom_up else 'false'}: allocations come from the "
           f"{'lowest' if bottom_up else 'highest'} free address below current_limit {limit:#x} "
           "(memblock_find_in_range_node)"]
    for w in ("memory", "reserved"):
        t = snap.memblock(w)
        out.append(f"memblock.{w}: {len(t.regions)} regions, total_size {t.total_size:#x} "
                   f"({model.human_size(t.total_size)})")
    return out


def numa_numbers(snap, _):
    v = snap.numa_view()
    return [f"numa_meminfo: {len(v.blocks)} blocks; nodes parsed {model.nodelist(v.parsed) or 'none'}; "
            f"numa_distance_cnt {len(v.distance)}"]


def node_data_numbers(snap, _):
    mem = snap.memblock("memory").regions
    out = []
    for d in snap.numa_view().node_data:
        ranges = derive.node_pfn_ranges(mem, d.nid)
        nd_size = -(-d.size // model.PAGE_SIZE) * model.PAGE_SIZE
        line = (f"NODE_DATA({d.nid}) at phys [{d.phys:#x}-{d.phys + nd_size - 1:#x}]: sizeof(pg_data_t) {d.size:#x} "
                f"rounded up to {nd_size:#x} ({nd_size // model.PAGE_SIZE} pages)")
        home = [(s, e) for s, e in ranges if s << model.PAGE_SHIFT <= d.phys < e << model.PAGE_SHIFT]
        if home:
            top = home[0][1] << model.PAGE_SHIFT
            gap = top - d.phys - nd_size
            line += (f"; in node {d.nid}'s own memory [{home[0][0] << model.PAGE_SHIFT:#x}-{top - 1:#x}], " +
                     ("at its very top" if not gap else
                      f"{gap:#x} bytes below its top (taken by what was reserved there before)"))
        else:
            line += f"; not in node {d.nid}'s memory: memblock_alloc_try_nid fell back to another node"
        out.append(line)
    return out or ["no pg_data_t allocated yet"]


def sections_numbers(snap, _):
    secs = snap.sections()
    return [f"PAGES_PER_SECTION {model.PAGES_PER_SECTION} ({model.human_size(model.PAGES_PER_SECTION * model.PAGE_SIZE)}"
            f" per section); SECTIONS_PER_ROOT {snap.sections_per_root()}; {sum(s.present for s in secs)} sections "
            f"present, {sum(s.has_mem_map for s in secs)} with a mem_map (sparse_init)"]


def parse_pfn(arg, topic):
    if not arg:
        raise MMError(f"usage: mm explain {topic} PFN")
    return model.parse_number(arg)


def pfn_numbers(snap, arg):
    pfn = parse_pfn(arg, "pfn")
    size = snap.page_size()
    p = derive.pfn_place(pfn, snap.sections_per_root(), size, snap.vmemmap_base())
    sec = snap.section_of_pfn(pfn)
    state = ("no section: not present" if sec is None else
             f"present, {'with' if sec.has_mem_map else 'without'} a mem_map")
    return [f"pfn {pfn:#x} = phys {pfn << model.PAGE_SHIFT:#x}",
            f"section {p.section} = pfn >> PFN_SECTION_SHIFT ({model.PFN_SECTION_SHIFT}) "
            f"(pfn_to_section_nr); {state}",
            f"root {p.root} = {p.section} / SECTIONS_PER_ROOT ({snap.sections_per_root()}) (SECTION_NR_TO_ROOT); "
            f"offset {p.offset} in that root (__nr_to_section: mem_section[{p.root}][{p.offset}])",
            f"struct page at {p.struct_page:#x} = vmemmap {snap.vmemmap_base():#x} + {pfn:#x} * "
            f"sizeof(struct page) {size} (__pfn_to_page)"]


def zone_numbers(snap, arg):
    nid = parse_nid(snap, arg, "mm explain zones [NID]")
    mem = snap.memblock("memory").regions
    reserve = snap.dma_reserve()
    sized = snap.nodes_past("calculate_node_totalpages")
    core = snap.nodes_past("free_area_init_core")
    out = [f"dma_reserve {reserve} (memblock_find_dma_reserve, arch/x86/mm/init.c: the pages below 16 MiB that "
           "are not free RAM; free_area_init_core takes them off ZONE_DMA's estimate)"]
    for n in snap.nodes():
        if nid is not None and n.nid != nid or n.nid not in sized:
            continue
        ranges = derive.node_pfn_ranges(mem, n.nid)
        for z in n.zones:
            if not (z.spanned_pages or z.present_pages):
                continue
            d = derive.zone_sizes(z, ranges, snap.page_size(), reserve)
            out.append(f"node {n.nid} {z.name}: pfns [{z.zone_start_pfn:#x},{z.end_pfn:#x})")
            out.append(f"  spanned {pages(d.spanned)} = end - start (zone_spanned_pages_in_node)")
            hl = ", ".join(f"[{s:#x},{e:#x}) {e - s}" for s, e in d.holes) or "none"
            if derive.absent_wrapped(z):
                out.append(f"  present {pages(d.present)} with nothing spanned: zone_absent_pages_in_node's range "
                           "starts past the node's end (ZONE_MOVABLE's zone_movable_pfn), its unsigned count "
                           "wrapped, and spanned - absent came out positive, as in Linux 4.19")
            else:
                out.append(f"  present {pages(d.present)} = spanned - holes (zone_absent_pages_in_node); holes: {hl}"
                           + ("" if d.present == z.present_pages else f"  (the kernel has {z.present_pages})"))
            out.append(f"  memmap {d.memmap_pages} pages = PAGE_ALIGN({'present' if d.present < d.spanned else 'spanned'}"
                       f" * {snap.page_size()}) / PAGE_SIZE (calc_memmap_size)")
            if n.nid not in core:
                continue
            minus = f" - dma_reserve {d.dma_reserve}" if z.index == 0 else ""
            out.append(f"  managed estimate {d.estimate} = present - memmap{minus} (free_area_init_core); "
                       f"LIFO batch {d.batch} (zone_batchsize over it, printed by zone_pcp_init)")
            if snap.passed("free_all_bootmem"):
                out.append(f"  managed now {z.managed_pages}: free_all_bootmem counted the pages it freed "
                           "(reset_managed_pages_done, __free_pages_bootmem)")
    return out


def buddy_numbers(snap, _):
    out = []
    for n in snap.nodes():
        for z in n.zones:
            if z.populated:
                orders = ", ".join(f"{o}:{a.nr_free}" for o, a in enumerate(z.free_area) if a.nr_free)
                out.append(f"node {n.nid} {z.name}: {z.free_pages()} free pages; blocks per order {orders or 'none'}")
    return out


def page_numbers(snap, arg):
    pfn = parse_pfn(arg, "page")
    p = snap.page(pfn)
    layout = snap.page_flags_layout()
    names = snap.zone_names()
    out = [f"pfn {pfn:#x}: struct page at {p.addr:#x}, flags {p.flags:#018x}"]
    for hi, lo, name, val in derive.flag_fields(p.flags, layout):
        bits = f"bits {hi}-{lo}" if hi != lo else f"bit {lo}"
        what = f" = {names[val]}" if name.startswith("zone") and val < len(names) else ""
        out.append(f"  {bits:<10} {name:<24} {val}{what}")
    out.append("  (set_page_links puts the node and zone at the top; __SetPageReserved etc. the PG_ bits)")
    if "buddy" in model.page_type_names(p.mapcount):
        out.append(f"  PageBuddy: order {p.private} in page->private (set_page_order): a free block of "
                   f"{1 << p.private} pages [{pfn:#x},{pfn + (1 << p.private):#x}); its buddy is pfn "
                   f"{pfn ^ (1 << p.private):#x} = pfn ^ (1 << order) (__find_buddy_pfn)")
    elif snap.passed("free_all_bootmem"):
        head = derive.free_block_of(pfn, snap.free_blocks())
        out.append(f"  not a block head; inside the free block at pfn {head[0]:#x}, order {head[1]}" if head
                   else "  not free: not on any free list")
    return out


TOPICS = {"e820": e820_numbers, "memblock": memblock_numbers, "numa": numa_numbers, "node_data": node_data_numbers,
          "sections": sections_numbers, "pfn": pfn_numbers, "vmemmap": pfn_numbers, "zones": zone_numbers,
          "buddy": buddy_numbers, "page": page_numbers}


class MmExplain(Command):
    """Explain a topic with this machine's own numbers.

Each number is derived from this stop's structures as the Linux 4.19 function named beside it
computes it.
Usage: mm explain TOPIC [ARG]  (e820 memblock numa node_data sections pfn PFN vmemmap PFN zones [NID] buddy page PFN)
Example: mm explain zones 0"""
    name = "mm explain"
    order = 26
    words = tuple(TOPICS)

    def parse(self, arg):
        args = arg.split()
        if not args or args[0] not in TOPICS or len(args) > 2:
            raise MMError(f"usage: mm explain TOPIC [ARG], TOPIC one of: {', '.join(TOPICS)}")
        return args[0], args[1] if len(args) > 1 else ""

    def run(self, args):
        topic, arg = args
        out = PROSE[topic] + "\n"
        snap = self.snap()
        if topic == "vmemmap" and not arg:
            return out
        if not snap.passed(FROM[topic]):
            cp = FROM[topic]
            return out + f"(this machine's numbers from checkpoint {cp} on: mm-goto {cp})\n"
        return out + "On this machine:\n" + "".join(f"  {l}\n" for l in TOPICS[topic](snap, arg))

    def complete_words(self, text):
        words = text.split()
        if len(words) < 1 or (len(words) == 1 and not text.endswith(" ")):
            return list(TOPICS)
        return node_ids() if words[0] == "zones" else []
