"""derive.py, the numbers mm explain shows, on hand-made zones (no GDB): the values Linux 4.19's
functions give for them."""
from mm_step import derive, model


def test_zone_batchsize():
    # managed / 1024, at most 1 MiB of pages, quartered, at least 1, then 2^n - 1
    assert [derive.zone_batchsize(n) for n in (0, 3913, 4096 * 4, 100000, 770080)] == [0, 0, 3, 31, 63]


def test_calc_memmap_size_counts_present_pages_when_holes_are_big():
    assert derive.calc_memmap_size(4095, 3998, 64) == 64          # spanned: 4095 * 64 bytes -> 64 pages
    assert derive.calc_memmap_size(720896, 196575, 64) == 3072    # holes: present * 64 -> 3072 pages


def test_holes_and_zone_sizes():
    regions = [model.MemblockRegion(0x1000, 0x9e000, 0, 0), model.MemblockRegion(0x100000, 0xff00000, 0, 0),
               model.MemblockRegion(0x20000000, 0x1000, 0, 1)]
    ranges = derive.node_pfn_ranges(regions, 0)
    assert ranges == [(0x1, 0x9f), (0x100, 0x10000)]
    assert derive.holes(0x1, 0x1000, ranges) == [(0x9f, 0x100)]
    dma = model.Zone(0, 0, "DMA", 1, 4095, 3998, 0)
    z = derive.zone_sizes(dma, ranges, 64, 21)
    assert (z.present, z.memmap_pages, z.dma_reserve, z.estimate, z.batch) == (3998, 64, 21, 3913, 0)
    dma32 = model.Zone(0, 1, "DMA32", 0x1000, 0xf000, 0xf000, 0)
    assert derive.zone_sizes(dma32, ranges, 64, 21).dma_reserve == 0   # only zone 0 pays dma_reserve


def test_pfn_place_and_flag_fields():
    p = derive.pfn_place(0x12345, 256, 64, model.VMEMMAP_START)
    assert (p.section, p.root, p.offset, p.struct_page) == (2, 0, 2, model.VMEMMAP_START + 0x12345 * 64)
    lay = model.PageFlagsLayout.derive(64, 4, {"PG_reserved": 11, "PG_locked": 0})
    flags = (1 << 58) | (2 << 56) | (1 << 11)
    assert derive.flag_fields(flags, lay) == [(63, 58, "node (NODES_PGSHIFT)", 1), (57, 56, "zone (ZONES_PGSHIFT)", 2),
                                              (11, 11, "PG_reserved", 1)]
    assert derive.free_block_of(0x12345, [(0x1000, 3), (0x12000, 10)]) == (0x12000, 10)
    assert derive.free_block_of(0x5, [(0x1000, 3)]) is None


def test_a_zone_with_present_pages_but_no_span():
    # movablecore: node 0's ZONE_MOVABLE starts at 0xc0000, 32 pages past the node's end 0xbffe0;
    # Linux 4.19's unsigned absent count wraps and the zone gets 32 present pages, 0 spanned
    movable = model.Zone(0, 3, "Movable", 0, 0, 32, 0)
    z = derive.zone_sizes(movable, [(0x1, 0xbffe0)], 64, 21)
    assert derive.absent_wrapped(movable) and (z.present, z.memmap_pages, z.estimate, z.batch) == (32, 0, 32, 0)
    assert not derive.absent_wrapped(model.Zone(0, 0, "DMA", 1, 4095, 3998, 0))
