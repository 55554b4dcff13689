"""The numbers a lesson asks about, derived the way Linux 4.19 computes them, from what a snapshot
holds (no GDB): `mm explain` shows each with the function that computes it, and the tests hold
them against the kernel's own log lines.
"""
from dataclasses import dataclass
from typing import List, Tuple

from . import model


def rounddown_pow_of_two(n):
    return 1 << (n.bit_length() - 1) if n > 0 else 0


def zone_batchsize(managed_pages, page_size=model.PAGE_SIZE):
    """mm/page_alloc.c zone_batchsize(): about a thousandth of the zone, at most 1 MiB, quartered,
    at least 1, clamped to 2^n - 1."""
    batch = managed_pages // 1024
    if batch * page_size > 1024 * 1024:
        batch = 1024 * 1024 // page_size
    batch = max(batch // 4, 1)
    return rounddown_pow_of_two(batch + batch // 2) - 1


def calc_memmap_size(spanned, present, struct_page_size):
    """mm/page_alloc.c calc_memmap_size(): the pages the zone's struct pages take, counted over
    present pages when holes make spanned more than present + present/16 (SPARSEMEM)."""
    pages = present if spanned > present + (present >> 4) else spanned
    return -(-pages * struct_page_size // model.PAGE_SIZE)


def node_pfn_ranges(regions, nid):
    """for_each_mem_pfn_range(): [(start_pfn, end_pfn)] of the node's memblock.memory regions
    (PFN_UP of the base, PFN_DOWN of the end)."""
    out = []
    for r in regions:
        if r.nid != nid:
            continue
        s = -(-r.base // model.PAGE_SIZE)
        e = r.end // model.PAGE_SIZE
        if e > s:
            out.append((s, e))
    return sorted(out)


def holes(start_pfn, end_pfn, ranges):
    """__absent_pages_in_range(): the [start, end) pfn runs of [start_pfn, end_pfn) that no range
    covers."""
    out, at = [], start_pfn
    for s, e in ranges:
        s, e = max(s, start_pfn), min(e, end_pfn)
        if e <= s:
            continue
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < end_pfn:
        out.append((at, end_pfn))
    return out


@dataclass
class ZoneSizes:
    """One zone through calculate_node_totalpages and free_area_init_core."""
    spanned: int
    holes: List[Tuple[int, int]]
    present: int
    memmap_pages: int
    dma_reserve: int            # what free_area_init_core took off (zone 0 only)
    estimate: int               # managed_pages as free_area_init_core sets it
    batch: int                  # zone_pcp_init's "LIFO batch"


def zone_sizes(zone, ranges, struct_page_size, dma_reserve):
    """The zone's numbers from its extent and the node's memory ranges (free_area_init_core). A zone
    that spans nothing keeps the kernel's present count: Linux 4.19 can give one pages there (see
    absent_wrapped)."""
    end = zone.zone_start_pfn + zone.spanned_pages
    hs = holes(zone.zone_start_pfn, end, ranges) if zone.spanned_pages else []
    present = zone.spanned_pages - sum(e - s for s, e in hs) if zone.spanned_pages else zone.present_pages
    memmap = calc_memmap_size(zone.spanned_pages, present, struct_page_size)
    free = present - memmap if present >= memmap else present
    reserve = dma_reserve if zone.index == 0 and free > dma_reserve else 0
    free -= reserve
    return ZoneSizes(zone.spanned_pages, hs, present, memmap, reserve, free, zone_batchsize(free))


def absent_wrapped(zone):
    """Whether the zone has present pages but spans none: zone_absent_pages_in_node() counted a
    range whose start (ZONE_MOVABLE's zone_movable_pfn) lies past the node's end, the unsigned
    difference wrapped, and spanned - absent came out as a small positive number."""
    return not zone.spanned_pages and zone.present_pages != 0


@dataclass
class PfnPlace:
    section: int
    root: int
    offset: int                 # the section's index in its root
    struct_page: int            # the struct page's virtual address in vmemmap


def pfn_place(pfn, sections_per_root, struct_page_size, vmemmap):
    """pfn_to_section_nr(), SECTION_NR_TO_ROOT() and the index __nr_to_section() takes, and
    __pfn_to_page() under SPARSEMEM_VMEMMAP."""
    nr = model.pfn_to_section_nr(pfn)
    root, off = model.section_root(nr, sections_per_root)
    return PfnPlace(nr, root, off, model.pfn_to_page(pfn, struct_page_size, vmemmap))


def flag_fields(flags, layout):
    """page->flags bit by bit, top down: [(high bit, low bit, name, value)] for the node and zone
    fields (include/linux/page-flags-layout.h; no section field with VMEMMAP) and each PG_ bit
    that is set."""
    out = [(63, layout.nodes_pgshift, "node (NODES_PGSHIFT)", layout.nid(flags)),
           (layout.nodes_pgshift - 1, layout.zones_pgshift, "zone (ZONES_PGSHIFT)", layout.zone(flags))]
    for name, bit in sorted(layout.pageflags.items(), key=lambda x: -x[1]):
        if bit < layout.zones_pgshift and flags >> bit & 1 and not name.startswith("__"):
            out.append((bit, bit, name, 1))
    return out


def free_block_of(pfn, blocks):
    """The free block (head pfn, order) that holds @pfn, or None; @blocks sorted by pfn."""
    for head, order in blocks:
        if head <= pfn < head + (1 << order):
            return head, order
        if head > pfn:
            break
    return None
