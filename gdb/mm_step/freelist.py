"""The buddy free lists: walked in a memmap snapshot, or counted with few guest reads (no GDB:
the reads are a function passed in)."""

from .model import MMError

def walk(zone, memmap, lru, vmemmap):
    """[order][migratetype] -> the head pfns on that free list of @zone, walked in @memmap
    (struct page's lru at offset @lru); MMError when a list is broken (an entry that is not a
    struct page's lru, or a cycle)."""
    psize = memmap.page_size
    # a list holds each struct page once: more entries than the zone spans or the memmap holds is
    # a cycle (bounded by the memmap, so a corrupted spanned_pages cannot make it a hang)
    limit = min(zone.spanned_pages, sum(n for _, n, _ in memmap.chunks)) + 1
    out = []
    for order, row in enumerate(zone.free_list_heads):
        lists = []
        for mt, (head, cur) in enumerate(row):
            pfns = []
            if cur == 0 and not zone.spanned_pages:
                cur = head          # an empty zone's lists are never initialised (zeroed pgdat)
            while cur != head:
                pfn, rem = divmod(cur - lru - vmemmap, psize)
                c = memmap.chunk(pfn) if rem == 0 and pfn >= 0 else None
                if c is None:
                    raise MMError(f"node {zone.nid} zone {zone.name} free_area[{order}].free_list[{mt}] has an entry "
                                  f"{cur:#x} that is not a struct page's lru")
                pfns.append(pfn)
                if len(pfns) > limit:
                    raise MMError(f"node {zone.nid} zone {zone.name} free_area[{order}].free_list[{mt}] loops")
                o = c[1] * psize + lru
                cur = int.from_bytes(c[0][o:o + 8], "little")
            lists.append(pfns)
        out.append(lists)
    return out

def lengths(lists):
    """[order][migratetype] -> entries, from walk()'s lists."""
    return [[len(l) for l in row] for row in lists]

def count(zone, read_u64, limit, fallback):
    """[order][migratetype] -> entries on the free list, as pagetypeinfo counts them, with few
    reads: a list head says whether the list is empty, and an order whose only non-empty list
    is one migratetype has nr_free entries on it (the invariant mm check verifies). Orders with
    several non-empty lists are walked (@read_u64(addr, what) reads a next pointer), all lists in
    step, until one is left: it holds the rest of nr_free. Past @limit reads, or when the lists
    hold more than nr_free, @fallback() counts them another way."""
    out, reads = [], 0
    for order, row in enumerate(zone.free_list_heads):
        counts = [0] * len(row)
        cur = {mt: nxt for mt, (head, nxt) in enumerate(row) if nxt not in (head, 0)}
        nr_free = zone.free_area[order].nr_free
        while len(cur) > 1:
            for mt in list(cur):
                counts[mt] += 1
                cur[mt] = read_u64(cur[mt], f"free_area[{order}].free_list[{mt}] of node {zone.nid} zone {zone.name}")
                reads += 1
                if cur[mt] == row[mt][0]:
                    del cur[mt]
            if reads > limit or sum(counts) > nr_free:
                return fallback()
        for mt in cur:
            counts[mt] = nr_free - sum(c for o, c in enumerate(counts) if o != mt)
        out.append(counts)
    return out

def blocks(nodes, lists_of):
    """(pfn, order) of every block on a free list of @nodes' zones with free pages, sorted;
    @lists_of(nid, zone index) gives walk()'s lists."""
    out = []
    for n in nodes:
        for z in n.zones:
            if z.free_pages():
                for order, row in enumerate(lists_of(n.nid, z.index)):
                    out += [(pfn, order) for pfns in row for pfn in pfns]
    return sorted(out)
