"""Loops over guest data are bounded by what the structures can hold, not by the numbers read:
corrupted memory (a zone spanning 2^48 pages, a free list that cycles, an absurd nr_free) gives
an answer or an MMError at once, never a hang. Host only (no GDB); each case runs under a
generous alarm that only a walk of the corrupted span could reach."""
import contextlib
import random
import signal

import pytest

from mm_step import freelist, model, pageblock
from mm_step.model import MMError
from test_logic import BLOCK, HEAD, LRU, SEC, VMEMMAP, lru, memmap_with, usemap, zone

HUGE = 0xffffffffffff


@contextlib.contextmanager
def no_hang(seconds=10):
    def fire(*_):
        raise TimeoutError(f"still running after {seconds} s: the loop follows the corrupted numbers")
    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def counts_by_span(z, usemaps, valid, memory, nmt):
    """pagetypeinfo's count the way Linux walks it: every pageblock of the span (small spans only)."""
    out = [0] * nmt
    others = [(r.base >> 12, r.end >> 12) for r in memory if r.nid != z.nid]
    for pfn in range(z.zone_start_pfn, z.end_pfn, BLOCK):
        nr = model.pfn_to_section_nr(pfn)
        if nr in valid and nr in usemaps and not any(s <= pfn < e for s, e in others):
            mt = pageblock.usemap_migratetype(usemaps[nr], pfn)
            out[mt] += mt < nmt
    return out


MAPS = {1: usemap([0, 0, 2] + [1] * 61), 2: usemap([3] * 64), 4: usemap([1, 4] * 32)}
MEM = [model.MemblockRegion(SEC << 12, 4 * SEC << 12, 0, 0)]


@pytest.mark.parametrize("start,spanned", [(SEC, HUGE), (0, HUGE), (HUGE, SEC), (HUGE, HUGE), (SEC + 100, HUGE),
                                           (1 << 40, 1 << 45)])
def test_pageblock_counts_of_a_corrupted_span(start, spanned):
    with no_hang():
        got = pageblock.counts(zone(start=start, spanned=spanned), MAPS, {1, 2, 4}, MEM, 5)
    # what the span holds past the valid sections adds nothing
    cut = zone(start=start, spanned=max(0, min(start + spanned, 5 * SEC) - start)) if start < 5 * SEC else None
    assert got == (counts_by_span(cut, MAPS, {1, 2, 4}, MEM, 5) if cut else [0] * 5)


def test_pageblock_counts_as_linux_walks_them():
    """Walking the valid sections equals walking the span, for spans of any alignment."""
    rnd = random.Random(12)
    others = MEM + [model.MemblockRegion((2 * SEC + 7 * BLOCK) << 12, 9 * BLOCK << 12, 0, 1)]
    for _ in range(300):
        start = rnd.randrange(0, 6 * SEC)
        z = zone(start=start, spanned=rnd.randrange(0, 6 * SEC))
        valid = {nr for nr in MAPS if rnd.random() < 0.8}
        assert pageblock.counts(z, MAPS, valid, others, 5) == counts_by_span(z, MAPS, valid, others, 5), z


def test_free_list_cycle_in_a_huge_zone():
    """A cycle that never returns to the head is found within the memmap's size, however much
    the zone claims to span."""
    z = zone(spanned=HUGE, heads=[[(HEAD, lru(4))]])
    for links in ({4: lru(4)}, {4: lru(5), 5: lru(6), 6: lru(5)}):
        with no_hang(), pytest.raises(MMError, match=r"free_area\[0\].free_list\[0\] loops"):
            freelist.walk(z, memmap_with(links), LRU, VMEMMAP)


def test_free_list_count_with_absurd_nr_free():
    """Two cycling lists and nr_free 2^64-1: the reads stop at the limit and the walk (which
    finds the cycle) takes over."""
    links = {lru(1): lru(1), lru(2): lru(2)}
    z = zone(spanned=HUGE, heads=[[(HEAD, lru(1)), (HEAD + 16, lru(2))]], nr_free=[2**64 - 1])
    fallback = lambda: freelist.lengths(freelist.walk(z, memmap_with({1: lru(1), 2: lru(2)}), LRU, VMEMMAP))
    with no_hang(), pytest.raises(MMError, match="loops"):
        freelist.count(z, lambda a, what: links[a], 2000, fallback)
