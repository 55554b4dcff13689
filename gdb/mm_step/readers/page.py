"""struct page (include/linux/mm_types.h): one page, the flags layout, and the whole memmap."""
import struct

from .. import model, pageblock
from ..guest import dwarf, memory, ramfiles
from ..model import MMError


def page_size(snap):
    return dwarf.lookup_type("struct page").sizeof


def vmemmap_base(snap):
    """vmemmap_base when the kernel has the variable (KASLR-capable kernels), else VMEMMAP_START."""
    sym = dwarf.find_symbol("vmemmap_base")
    return int(sym.value()) if sym else model.VMEMMAP_START


def field_offsets(snap):
    """Byte offsets in struct page of flags, lru, private, _mapcount (page_type) and _refcount."""
    t = dwarf.lookup_type("struct page")
    return {name: dwarf.find_field(t, name)[0] for name in ("flags", "lru", "private", "_mapcount", "_refcount")}


def flags_layout(snap):
    """Where page->flags keeps node and zone: NODES_SHIFT from node_data[]'s length (MAX_NUMNODES),
    ZONES_SHIFT from MAX_NR_ZONES, the PG_ bits from enum pageflags; checked against a page of
    known node and zone once a node's struct pages are initialised."""
    lay = model.PageFlagsLayout.derive(len(snap.node_data()), snap.nr_zones(), dwarf.enum_values("enum pageflags"))
    known = known_page(snap)
    if known is not None:
        pfn, nid, zi = known
        flags = snap.page(pfn).flags
        if (lay.nid(flags), lay.zone(flags)) != (nid, zi):
            raise MMError(f"page->flags layout does not fit this kernel: pfn {pfn:#x} (node {nid}, zone {zi}) has "
                          f"flags {flags:#x}, read as node {lay.nid(flags)}, zone {lay.zone(flags)}")
    return lay


def known_page(snap):
    """(pfn, nid, zone index) of the first page in memblock.memory of the first zone with pages of
    a node whose struct pages are initialised (free_area_init_core), else None."""
    done = snap.nodes_past("free_area_init_core")
    if not done:
        return None
    memory_ = snap.memblock("memory").regions
    for node in snap.nodes():
        if node.nid not in done:
            continue
        for z in node.zones:
            end = z.zone_start_pfn + z.spanned_pages
            for r in memory_:
                lo, hi = max(z.zone_start_pfn, -(-r.base // 4096)), min(end, (r.base + r.size) // 4096)
                if z.present_pages and lo < hi:
                    return lo, node.nid, z.index
    return None


def page(snap, pfn):
    s = snap.section_of_pfn(pfn)
    if s is None or not s.has_mem_map:
        raise MMError(f"pfn {pfn:#x} is not valid: section {model.pfn_to_section_nr(pfn)} has no mem_map "
                      "(pfn_valid() is false)")
    psize = snap.page_size()
    addr = s.mem_map(psize) + (pfn - s.start_pfn) * psize
    dec = dwarf.Decoder("struct page", ["flags", "_refcount"], optional=["_mapcount", "private"])
    raw = memory.read(addr, psize, f"struct page of pfn {pfn:#x}")
    p = dec.decode(raw)
    lru_next = lru_prev = 0
    try:
        off, _ = dwarf.find_field(dec.type, "lru")
        lru_next, lru_prev = struct.unpack("<QQ", raw[off:off + 16])
    except KeyError:
        pass
    return model.Page(pfn, addr, p["flags"], p["_refcount"], p.get("_mapcount", -1) or 0,
                      p.get("private", 0) or 0, lru_next, lru_prev)


def pageblock_migratetype(snap, pfn):
    """get_pageblock_migratetype from the section's usemap, None without one."""
    words = snap.usemaps().get(model.pfn_to_section_nr(pfn))
    return None if words is None else pageblock.usemap_migratetype(words, pfn)


def memmap(snap):
    """model.MemMap of every section with a mem_map, per run of consecutive sections: mapped from
    QEMU's RAM files when scripts/mm-gdb gave them, else one bulk read per run."""
    psize = snap.page_size()
    runs = []
    for s in snap.sections():
        if not s.has_mem_map:
            continue
        addr = s.mem_map(psize)
        if runs and runs[-1][0] + runs[-1][1] == s.start_pfn and runs[-1][2] + runs[-1][1] * psize == addr:
            runs[-1][1] += model.PAGES_PER_SECTION
        else:
            runs.append([s.start_pfn, model.PAGES_PER_SECTION, addr])
    # the struct pages live in RAM: more than memblock.memory holds is mem_section read as garbage
    # (and a bulk read of that size would fill the host's memory)
    size, ram = sum(n for _, n, _ in runs) * psize, snap.memblock("memory").total_size
    if size > ram:
        raise MMError(f"mem_section gives {size // model.PAGES_PER_SECTION // psize} sections a mem_map, "
                      f"{model.human_size(size)} of struct pages, more than the RAM ({model.human_size(ram)}): corrupt")
    chunks = []
    for pfn, n, addr in runs:
        what = f"the struct pages of pfns {pfn:#x}-{pfn + n - 1:#x}"
        chunks += [(pfn + off, len(m) // psize, m) for off, m in ramfiles.read_pages(addr, n, psize, what)]
    return model.MemMap(psize, chunks)
