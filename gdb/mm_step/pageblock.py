"""Pageblock migratetypes from the usemaps (mm/page_alloc.c get_pfnblock_flags_mask), and
/proc/pagetypeinfo's block counts: pure functions over bytes and model objects (no GDB)."""
from . import model

# a section's usemap: NR_PAGEBLOCK_BITS per pageblock (usemap_size)
USEMAP_BYTES = (model.PAGES_PER_SECTION >> model.PAGEBLOCK_ORDER) * model.NR_PAGEBLOCK_BITS // 8
MIGRATETYPE_MASK = (1 << (model.PB_MIGRATE_END + 1)) - 1


def usemap_migratetype(words, pfn):
    """get_pfnblock_flags_mask(.., PB_migrate_end, MIGRATETYPE_MASK) on a section's usemap bytes:
    a block's NR_PAGEBLOCK_BITS bits are counted from the top of each unsigned long down."""
    bitidx = ((pfn & (model.PAGES_PER_SECTION - 1)) >> model.PAGEBLOCK_ORDER) * model.NR_PAGEBLOCK_BITS
    word = int.from_bytes(words[(bitidx // 64) * 8:(bitidx // 64) * 8 + 8], "little")
    return (word >> (64 - model.PB_MIGRATE_END - 1 - bitidx % 64)) & MIGRATETYPE_MASK


def runs(addrs):
    """Group {key: usemap address} into runs of adjacent usemaps (sparse allocates them together):
    [(first address, [keys in address order])]."""
    items = sorted(addrs.items(), key=lambda kv: kv[1])
    out = []
    for key, addr in items:
        if out and out[-1][0] + len(out[-1][1]) * USEMAP_BYTES == addr:
            out[-1][1].append(key)
        else:
            out.append((addr, [key]))
    return out


def counts(zone, usemaps, valid, memory, nmt, mirror=False):
    """Pageblocks per migratetype in @zone, as pagetypeinfo_showblockcount_print counts them:
    every pageblock_nr_pages from zone_start_pfn whose page is valid and page_zone() == zone.
    No struct page is read: memmap_init_zone gave the page this zone (holes included) unless its
    section has no mem_map (not in @valid), another node's memblock.memory (@memory) holds it
    (early_pfn_in_nid), or, under kernelcore=mirror (@mirror), it is mirrored memory in the
    Movable span. @usemaps: {section nr: usemap bytes}."""
    out = [0] * nmt
    pfn_range = lambda r: (r.base >> model.PAGE_SHIFT, r.end >> model.PAGE_SHIFT)
    others = [pfn_range(r) for r in memory if r.nid != zone.nid]
    if mirror and zone.name == "Movable":
        others += [pfn_range(r) for r in memory if r.flags & model.MEMBLOCK_MIRROR and r.nid == zone.nid]
    start, end, step = zone.zone_start_pfn, zone.end_pfn, 1 << model.PAGEBLOCK_ORDER
    others = [(s, e) for s, e in others if s < end and e > start]
    # only the sections with a mem_map and a usemap can count: walking them, not the span, keeps a
    # corrupted span (spanned_pages of 2^48) as quick as a real one
    for nr in sorted(valid & usemaps.keys()):
        lo = max(start, nr * model.PAGES_PER_SECTION)
        hi = min(end, (nr + 1) * model.PAGES_PER_SECTION)
        for pfn in range(start + -(-(lo - start) // step) * step, hi, step):
            if any(s <= pfn < e for s, e in others):
                continue
            mt = usemap_migratetype(usemaps[nr], pfn)
            if mt < nmt:
                out[mt] += 1
    return out
