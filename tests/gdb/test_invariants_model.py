"""The invariants over hand-built state (no GDB): each one passes on a consistent toy node and
fails, with the numbers, on a broken one."""
import struct

from mm_step import invariants, model

LAY = model.PageFlagsLayout.derive(64, 5, {})
OFF = {"flags": 0, "lru": 8, "private": 40, "_mapcount": 48}
PS = 64


def page(nid, zone, buddy_order=None):
    flags = (nid << LAY.nodes_pgshift) | (zone << LAY.zones_pgshift) | (0x1ffff << 38)
    pt = 0xffffffff if buddy_order is None else 0xffffffff & ~0x80
    return struct.pack("<QQQQQQIIQ", flags, 0, 0, 0, 0, buddy_order or 0, pt, 1, 0)


def toy(pages=1024, free=(0, 512)):
    """Node 0, one DMA32 zone [0, pages) over one section; a free order-9 block at pfn free[1]."""
    buf = bytearray(b"".join(page(0, 1) for _ in range(pages)))
    order, pfn = 9, free[1]
    buf[pfn * PS:(pfn + 1) * PS] = page(0, 1, order)
    mm = model.MemMap(PS, [(0, pages, bytes(buf))])
    fa = [model.FreeArea(1 if o == order else 0) for o in range(11)]
    z = model.Zone(0, 1, "DMA32", 0, pages, pages, pages - 16, fa, vm_stat=[512])
    n = model.Node(0, 0, 0, pages, pages, 2, [model.Zone(0, 0, "DMA", 0, 0, 0, 0, [model.FreeArea(0)] * 11), z])
    lists = [[[] for _ in range(5)] for _ in range(11)]
    lists[order][1] = [pfn]
    st = invariants.State([n], {0}, {0}, [model.MemSection(0, model.SECTION_MARKED_PRESENT | model.SECTION_HAS_MEM_MAP
                                                            | model.VMEMMAP_START, 0)],
                          memory=[model.MemblockRegion(0, pages * 4096, 0, 0)],
                          reserved=[model.MemblockRegion(0, 16 * 4096, 0, 0)], memmap=mm, layout=LAY, offsets=OFF,
                          free_lists={(0, 0): [[[]] * 5] * 11, (0, 1): lists})
    return st, buf


def lines(st):
    return [r.line() for r in invariants.check(st)]


def test_consistent_toy_passes():
    out = lines(toy()[0])
    assert all(l.startswith("OK") for l in out), out
    assert len(out) == 7 and "DMA32 1024 pages" in out[4] and "1 blocks" in out[6]


def test_wrong_zone_in_one_page():
    st, buf = toy()
    buf[100 * PS:101 * PS] = page(0, 2)
    st.memmap = model.MemMap(PS, [(0, 1024, bytes(buf))])
    bad = [l for l in lines(st) if l.startswith("FAIL")]
    assert bad == ["FAIL node 0: struct page flags decode to node 0 and their zone: DMA32: 1 of 1024 wrong, first pfn "
                   f"0x64 flags {(2 << LAY.zones_pgshift) | (0x1ffff << 38):#018x} decodes to node 0 zone 2"]


def test_counts_and_free_pages():
    st, _ = toy()
    st.nodes[0].zones[1].free_area[3] = model.FreeArea(2)
    st.nodes[0].zones[1].managed_pages = 2000
    st.reserved = [model.MemblockRegion(600 * 4096, 4096, 0, 0)]
    bad = [l for l in lines(st) if l.startswith("FAIL")]
    assert any("managed <= present" in l and "2000>1024" in l for l in bad), bad
    assert any("nr_free sum 528, NR_FREE_PAGES 512, lists 512; order 3: nr_free 2 but 0 on the lists" in l for l in bad)
    assert any("block at pfn 0x200: overlaps memblock.reserved pfns [0x258, 0x259)" in l for l in bad), bad


def test_not_buddy_and_sections():
    st, buf = toy()
    buf[512 * PS:513 * PS] = page(0, 1)
    st.memmap = model.MemMap(PS, [(0, 1024, bytes(buf))])
    st.sections.append(model.MemSection(3, model.SECTION_MARKED_PRESENT, 0))
    bad = [l for l in lines(st) if l.startswith("FAIL")]
    assert "not PageBuddy (page_type 0xffffffff)" in bad[1]
    assert bad[0] == ("FAIL present sections have their mem_map in vmemmap: 1 of 2 present sections; section 3 "
                      "(pfn 0x18000): no mem_map, expected 0xffffea0000600000")


def test_deferred_pages_are_left_out_and_named():
    """6.1 before page_alloc_init_late: the pfns from the node's first_deferred_pfn are not
    initialised (zeroes here, which would decode to zone DMA); they are counted, not checked."""
    st, buf = toy()
    buf[768 * PS:] = bytes(256 * PS)
    st.memmap = model.MemMap(PS, [(0, 1024, bytes(buf))])
    assert [l for l in lines(st) if l.startswith("FAIL")][0].startswith(
        "FAIL node 0: struct page flags decode to node 0 and their zone: DMA32: 256 of 1024 wrong, first pfn 0x300")
    st.deferred, st.deferred_by = {0: 768}, "page_alloc_init_late"
    assert lines(st)[4] == ("OK   node 0: struct page flags decode to node 0 and their zone: DMA32 768 pages; 256 pages "
                            "from pfn 0x300 (first_deferred_pfn) not checked: deferred, initialised by "
                            "page_alloc_init_late (mm-goto page_alloc_init_late)")


def test_struct_pages_not_yet():
    """6.1 between a node's free_area_init_core and memmap_init: no struct page is checked, one
    line says when they will be; it is not a failure."""
    st, _ = toy()
    st.memmap, st.pages_later = None, "memmap_init"
    results = invariants.check(st)
    assert [r.line() for r in results][4:] == ["--   node 0: struct pages: not yet: their fields are initialised by "
                                               "memmap_init, for all nodes at once (mm-goto memmap_init)"]
    assert all(r.ok for r in results)


def test_unfolded_vm_stat_diff_counts():
    """NR_FREE_PAGES is vm_stat plus the CPUs' vm_stat_diff (zone_page_state_snapshot)."""
    st, _ = toy()
    z = st.nodes[0].zones[1]
    z.vm_stat = [510]
    assert any(l.startswith("FAIL node 0: nr_free") for l in lines(st))
    z.free_diff = 2
    assert all(l.startswith("OK") for l in lines(st))
