"""SPARSEMEM (mm/sparse.c): mem_section[root][idx] and the usemaps."""
import struct

from .. import model, pageblock
from ..guest import dwarf, memory, physmem, ramfiles
from ..model import MMError


def per_root(snap):
    """SECTIONS_PER_ROOT: a root is one page of struct mem_section (SPARSEMEM_EXTREME)."""
    return model.PAGE_SIZE // dwarf.lookup_type("struct mem_section").sizeof


def roots(snap):
    """[(root index, address, bytes of its SECTIONS_PER_ROOT struct mem_sections)] of every root
    mem_section[] has allocated."""
    roots_addr = int(dwarf.value("mem_section", "SPARSEMEM (mm/sparse.c)"))
    if not roots_addr:
        raise MMError("mem_section is NULL: the roots are allocated by memory_present "
                      "(checkpoint sparse_memory_present_with_active_regions)")
    size = snap.sections_per_root() * dwarf.lookup_type("struct mem_section").sizeof
    nr_roots = model.NR_MEM_SECTIONS // snap.sections_per_root()
    ptrs = struct.unpack(f"<{nr_roots}Q", memory.read(roots_addr, nr_roots * 8, "mem_section roots"))
    return [(r, root, memory.read(root, size, f"mem_section root {r}")) for r, root in enumerate(ptrs) if root]


def sections(snap):
    """Every non-empty mem_section, as model.MemSection, in section order."""
    n_root = snap.sections_per_root()
    dec = dwarf.Decoder("struct mem_section", ["section_mem_map"], optional=["pageblock_flags", "usage"])
    usage_off, last_bit = _usage_pageblock_flags(), _map_last_bit()
    out = []
    for r, _, buf in snap.section_roots():
        for i in range(n_root):
            s = dec.decode(buf, i * dec.size)
            flags = s.get("pageblock_flags") or (s["usage"] + usage_off if s.get("usage") else 0)
            if s["section_mem_map"] or flags:
                out.append(model.MemSection(r * n_root + i, s["section_mem_map"], flags, last_bit))
    return out


def _map_last_bit():
    """SECTION_MAP_LAST_BIT, where mem_map's encoding and the early nid begin: an enumerator in the
    DWARF of newer kernels (6.1: 5), a #define in 4.19 and the replay (kconst: 3)."""
    bit = dwarf.constant("SECTION_MAP_LAST_BIT")
    return model.SECTION_NID_SHIFT if bit is None else bit


def _usage_pageblock_flags():
    """Where the usemap lies in struct mem_section_usage (5.3+: mem_section->usage), 0 without it."""
    try:
        return dwarf.find_field(dwarf.lookup_type("struct mem_section_usage"), "pageblock_flags")[0]
    except (KeyError, MMError):
        return 0


def section_of_pfn(snap, pfn):
    nr = model.pfn_to_section_nr(pfn)
    if nr >= model.NR_MEM_SECTIONS:
        raise MMError(f"pfn {pfn:#x} is beyond MAX_PHYSMEM_BITS ({model.MAX_PHYSMEM_BITS} bits)")
    return next((s for s in snap.sections() if s.nr == nr), None)


def usemaps(snap):
    """{section nr: usemap bytes}, read in runs of adjacent usemaps."""
    out = {}
    addrs = {s.nr: s.pageblock_flags for s in snap.sections() if s.pageblock_flags}
    for addr, nrs in pageblock.runs(addrs):
        raw = memory.read(addr, len(nrs) * pageblock.USEMAP_BYTES, "the usemaps")
        for k, nr in enumerate(nrs):
            out[nr] = raw[k * pageblock.USEMAP_BYTES:(k + 1) * pageblock.USEMAP_BYTES]
    return out


def memmap_backing(snap):
    """{section nr: [(offset, phys, length)]} for each section with a mem_map: where its struct
    pages lie in physical memory, through the kernel's page tables (physmem.walk); [] when they
    are not mapped."""
    mem = ramfiles.guest_ram()
    read = mem.read if mem else _read_phys
    cr3, psize = memory.cr3(), snap.page_size()
    return {s.nr: physmem.walk(read, cr3, s.mem_map(psize), model.PAGES_PER_SECTION * psize) or []
            for s in snap.sections() if s.has_mem_map}


def _read_phys(paddr, size):
    try:
        return memory.read_phys(paddr, size, "a page table")
    except MMError:
        return None
