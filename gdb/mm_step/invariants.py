"""mm check: the memory-management invariants, over the model (no GDB).

Each check returns Result lines; commands.MmCheck gathers the state from the guest and runs only
the checks whose structures exist at the current checkpoint (the per-node ones per node, once that
node has passed calculate_node_totalpages or free_area_init_core).
"""
import bisect
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from . import model


@dataclass
class Result:
    ok: bool
    what: str            # the invariant, one short phrase
    numbers: str         # what was compared
    pending: bool = False  # not checked: its structures are not initialised yet (numbers say when)

    def line(self):
        return f"{'--  ' if self.pending else 'OK  ' if self.ok else 'FAIL'} {self.what}: {self.numbers}"


@dataclass
class State:
    """What the guest holds at this stop; None / empty where a structure does not exist yet."""
    nodes: List[model.Node]
    sized: Set[int]                          # nids past calculate_node_totalpages
    core: Set[int]                           # nids past free_area_init_core
    sections: Optional[List[model.MemSection]] = None     # after sparse_init
    vmemmap: int = model.VMEMMAP_START
    page_size: int = 64
    memory: List[model.MemblockRegion] = field(default_factory=list)
    reserved: List[model.MemblockRegion] = field(default_factory=list)
    memmap: Optional[model.MemMap] = None
    layout: Optional[model.PageFlagsLayout] = None
    offsets: Dict[str, int] = field(default_factory=dict)  # struct page: flags, lru, private, _mapcount
    free_lists: Dict[tuple, list] = field(default_factory=dict)   # (nid, zone) -> [order][mt] -> [pfns]
    pages_later: str = ""                    # the struct pages are initialised later, by this phase
    deferred: Dict[int, int] = field(default_factory=dict)  # nid -> first_deferred_pfn, until...
    deferred_by: str = ""                    # ... this phase initialises the rest


def zone_list(zones, fmt):
    """"DMA 3998<=4095, DMA32 ..." over the zones that span or hold anything."""
    parts = [f"{z.name} {fmt(z)}" for z in zones if z.spanned_pages or z.present_pages or z.managed_pages]
    return ", ".join(parts) or "no zones span memory"


def check_sections(st):
    """Every present section has a mem_map, and it decodes to vmemmap + start_pfn * sizeof(struct page)."""
    present = [s for s in st.sections if s.present]
    bad = [s for s in present if s.mem_map(st.page_size) != st.vmemmap + s.start_pfn * st.page_size]
    numbers = f"{len(present) - len(bad)} of {len(present)} present sections"
    if bad:
        s = bad[0]
        got = "no mem_map" if not s.has_mem_map else f"{s.mem_map(st.page_size):#x}"
        numbers += (f"; section {s.nr} (pfn {s.start_pfn:#x}): {got}, expected "
                    f"{st.vmemmap + s.start_pfn * st.page_size:#x}")
    return Result(not bad, "present sections have their mem_map in vmemmap", numbers)


def wrapped_movable(z):
    """Linux 4.19 keeps a ZONE_MOVABLE start at or past its node's end (kernelcore=/movablecore=
    taking a whole node): the zone spans nothing yet has present pages, from an unsigned wrap in
    zone_absent_pages_in_node ("Movable zone: 32 pages" in the reference kernel's log)."""
    return z.name == "Movable" and z.spanned_pages == 0


def check_spans(st, n):
    bad = [z for z in n.zones if z.present_pages > z.spanned_pages and not wrapped_movable(z)]
    return Result(not bad, f"node {n.nid}: present <= spanned in each zone",
                  zone_list(n.zones, lambda z: f"{z.present_pages}{'<=' if z.present_pages <= z.spanned_pages else '>'}"
                                               f"{z.spanned_pages}"))


def check_node_sums(st, n):
    p = sum(z.present_pages for z in n.zones)
    s = sum(z.spanned_pages for z in n.zones)
    ok = p == n.node_present_pages and s == n.node_spanned_pages
    return Result(ok, f"node {n.nid}: the zones add up to the node",
                  f"present {p} {'=' if p == n.node_present_pages else '!='} node_present_pages {n.node_present_pages}, "
                  f"spanned {s} {'=' if s == n.node_spanned_pages else '!='} node_spanned_pages {n.node_spanned_pages}")


def check_managed(st, n):
    bad = [z for z in n.zones if z.managed_pages > z.present_pages]
    return Result(not bad, f"node {n.nid}: managed <= present in each zone",
                  zone_list(n.zones, lambda z: f"{z.managed_pages}{'<=' if z.managed_pages <= z.present_pages else '>'}"
                                               f"{z.present_pages}"))


def intersect(regions, start_pfn, end_pfn):
    """The pfn intervals of @regions (whole pages) inside [start_pfn, end_pfn)."""
    out = []
    for r in regions:
        s = max((r.base + model.PAGE_SIZE - 1) >> model.PAGE_SHIFT, start_pfn)
        e = min(r.end >> model.PAGE_SHIFT, end_pfn)
        if s < e:
            out.append((s, e))
    return out


def _byte_tables(layout):
    """Node and zone sit in page->flags bits zones_pgshift..63: compare bytes 6 and 7 under a mask."""
    shift = layout.zones_pgshift - 48
    mask16 = ~((1 << shift) - 1) & 0xffff
    m6, m7 = mask16 & 0xff, mask16 >> 8
    return shift, bytes(b & m6 for b in range(256)), None if m7 == 0xff else bytes(b & m7 for b in range(256))


FLAGS_BLOCK = 2048      # pages per fast comparison: bytes 6 and 7 are sliced while in cache


def flags_mismatch(memmap, layout, flags_off, start, end, nid, zone):
    """(pages checked, pages wrong, first wrong pfn, its flags) over the valid pfns of [start, end)."""
    checked = wrong = 0
    first = None
    want = (nid << layout.zones_shift) | zone
    fast = 48 <= layout.zones_pgshift <= 56 and flags_off == 0
    if fast:
        shift, t6, t7 = _byte_tables(layout)
        w6, w7 = bytes([(want << shift) & 0xff]), bytes([((want << shift) >> 8) & 0xff])
        w6s, w7s = w6 * FLAGS_BLOCK, w7 * FLAGS_BLOCK
    ps = memmap.page_size
    for pfn, buf, i, n in memmap.runs(start, end):
        checked += n
        for j in range(0, n, FLAGS_BLOCK):
            k = min(FLAGS_BLOCK, n - j)
            lo, hi = (i + j) * ps, (i + j + k) * ps
            if fast:
                # bytes 6 and 7 of each page's flags, masked; byte 7 needs no mask when node and
                # zone fill it (the usual layout)
                b7 = buf[lo + 7:hi:ps]
                if (b7 if t7 is None else b7.translate(t7)) == (w7s if k == FLAGS_BLOCK else w7 * k) and \
                        buf[lo + 6:hi:ps].translate(t6) == (w6s if k == FLAGS_BLOCK else w6 * k):
                    continue
            for o in range(lo + flags_off, hi, ps):
                f = int.from_bytes(buf[o:o + 8], "little")
                if layout.nid(f) != nid or layout.zone(f) != zone:
                    wrong += 1
                    if first is None:
                        first = (pfn + (o - flags_off) // ps - i, f)
    return checked, wrong, first[0] if first else None, first[1] if first else None


def check_page_flags(st, n):
    """Every page of the node's memory (memblock.memory with this nid) in a zone's span decodes to
    this node and that zone."""
    parts, fails = [], []
    limit = st.deferred.get(n.nid)
    waiting = 0
    for z in n.zones:
        if not z.populated:
            continue
        total = wrong = 0
        first = None
        mine = [r for r in st.memory if r.nid == n.nid]
        for s, e in intersect(mine, z.zone_start_pfn, z.end_pfn):
            if limit is not None and e > limit:
                waiting += e - max(s, limit)
                e = limit
            if s >= e:
                continue
            c, w, fp, ff = flags_mismatch(st.memmap, st.layout, st.offsets["flags"], s, e, n.nid, z.index)
            total += c
            wrong += w
            if first is None and fp is not None:
                first = (fp, ff)
        parts.append(f"{z.name} {total} pages")
        if wrong:
            fp, ff = first
            zn = st.layout.zone(ff)
            zname = n.zones[zn].name if zn < len(n.zones) else str(zn)
            fails.append(f"{z.name}: {wrong} of {total} wrong, first pfn {fp:#x} flags {ff:#018x} decodes to "
                         f"node {st.layout.nid(ff)} zone {zname}")
    numbers = "; ".join(fails) if fails else (", ".join(parts) or "no populated zone")
    if waiting:
        numbers += (f"; {waiting} pages from pfn {limit:#x} (first_deferred_pfn) not checked: deferred, "
                    f"initialised by {st.deferred_by} (mm-goto {st.deferred_by})")
    return Result(not fails, f"node {n.nid}: struct page flags decode to node {n.nid} and their zone", numbers)


def check_free_counts(st, n):
    """Per zone: sum (1<<order)*nr_free = NR_FREE_PAGES = the pages on the free lists, and each
    order's nr_free = the entries on its lists."""
    parts, fails = [], []
    for z in n.zones:
        lists = st.free_lists.get((n.nid, z.index))
        if lists is None:
            continue
        nr = z.free_pages()
        stat = z.vm_stat[0] + z.free_diff if z.vm_stat else nr
        walked = sum(len(l) << order for order, row in enumerate(lists) for l in row)
        orders = [o for o, row in enumerate(lists) if sum(len(l) for l in row) != z.free_area[o].nr_free]
        if z.populated or nr or walked:
            parts.append(f"{z.name} {nr}")
        if nr != stat or nr != walked or orders:
            msg = f"{z.name}: nr_free sum {nr}, NR_FREE_PAGES {stat}, lists {walked}"
            if orders:
                o = orders[0]
                msg += (f"; order {o}: nr_free {z.free_area[o].nr_free} but "
                        f"{sum(len(l) for l in lists[o])} on the lists")
            fails.append(msg)
    numbers = "; ".join(fails) if fails else ", ".join(parts) or "no populated zone"
    return Result(not fails, f"node {n.nid}: nr_free = NR_FREE_PAGES = pages on the free lists", numbers)


PAGE_BUDDY = model.PAGE_TYPE_BASE | model.PAGE_TYPES["buddy"]


def check_free_pages(st, n):
    """Each block on a free list: PageBuddy, private = its order, aligned, inside its zone, and
    clear of memblock.reserved."""
    res = sorted((r.base >> model.PAGE_SHIFT, (r.end + model.PAGE_SIZE - 1) >> model.PAGE_SHIFT) for r in st.reserved)
    res_starts = [s for s, _ in res]
    blocks = 0
    fails = []
    ps, mc, pr = st.memmap.page_size, st.offsets["_mapcount"], st.offsets["private"]
    for z in n.zones:
        lists = st.free_lists.get((n.nid, z.index))
        for order, row in enumerate(lists or []):
            for pfns in row:
                for pfn in pfns:
                    blocks += 1
                    end = pfn + (1 << order)
                    buf, i, _ = st.memmap.chunk(pfn)
                    o = i * ps
                    pt = int.from_bytes(buf[o + mc:o + mc + 4], "little")
                    priv = int.from_bytes(buf[o + pr:o + pr + 8], "little")
                    why = None
                    if pt & PAGE_BUDDY != model.PAGE_TYPE_BASE:
                        why = f"not PageBuddy (page_type {pt:#x})"
                    elif priv != order:
                        why = f"private {priv}, not its order"
                    elif pfn & ((1 << order) - 1):
                        why = "not aligned to its order"
                    elif pfn < z.zone_start_pfn or end > z.end_pfn:
                        why = f"outside the zone [{z.zone_start_pfn:#x}, {z.end_pfn:#x})"
                    else:
                        # reserved regions are sorted and disjoint: only the last one starting
                        # below the block's end can reach into it
                        i = bisect.bisect_left(res_starts, end) - 1
                        if i >= 0 and res[i][1] > pfn:
                            why = f"overlaps memblock.reserved pfns [{res[i][0]:#x}, {res[i][1]:#x})"
                    if why:
                        fails.append(f"{z.name} order {order} block at pfn {pfn:#x}: {why}")
    numbers = (f"{len(fails)} of {blocks} blocks wrong, first: {fails[0]}" if fails else
               f"{blocks} blocks PageBuddy with private = order, aligned, in their zone, none in memblock.reserved")
    return Result(not fails, f"node {n.nid}: the free lists hold free pages", numbers)


def check(st):
    """Every invariant whose structures exist in @st, in order: sections, then node by node."""
    out = []
    if st.sections is not None:
        out.append(check_sections(st))
    for n in st.nodes:
        if n.nid in st.sized:
            out += [check_spans(st, n), check_node_sums(st, n)]
        if n.nid in st.core:
            out.append(check_managed(st, n))
            if st.memmap is not None:
                out += [check_page_flags(st, n), check_free_counts(st, n), check_free_pages(st, n)]
            elif st.pages_later:
                out.append(Result(True, f"node {n.nid}: struct pages", f"not yet: their fields are initialised by "
                                  f"{st.pages_later}, for all nodes at once (mm-goto {st.pages_later})", pending=True))
    return out
