"""render/diagram.py on hand-built model objects: the boxes, their text outline and the SVG,
exact (no GDB)."""
import xml.etree.ElementTree as ET

from mm_step import model
from mm_step.render import diagram

VMEMMAP, PSIZE, LRU = 0xffffea0000000000, 64, 8
MT = ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"]
SVG = "{http://www.w3.org/2000/svg}"


def node(free=True):
    """One node, DMA32 [0x1000, 0x3000) with two order-10 blocks on the Movable list (or none)."""
    fa = [model.FreeArea(0)] * 10 + [model.FreeArea(2 if free else 0)]
    heads = [[(0xffff888000001000 + o * 0x50 + mt * 0x10, 0) for mt in range(5)] for o in range(11)]
    dma32 = model.Zone(0, 1, "DMA32", 0x1000, 0x2000, 0x2000, 0x1f00, fa, free_list_heads=heads)
    empty = model.Zone(0, 2, "Normal", 0, 0, 0, 0, [model.FreeArea(0)] * 11)
    return model.Node(0, 0xffff888000001000, 0x1000, 0x2000, 0x2000, 2, [dma32, empty], node_id=0)


def lists(free=True):
    out = [[[] for _ in MT] for _ in range(11)]
    if free:
        out[10][1] = [0x2400, 0x1c00]
    return {(0, 1): out}


def page(pfn, nxt):
    return model.Page(pfn, VMEMMAP + pfn * PSIZE, 0, 0, -129, 10, nxt, 0)


PAGES = {0x2400: page(0x2400, VMEMMAP + 0x1c00 * PSIZE + LRU), 0x1c00: page(0x1c00, 0xffff888000001000 + 10 * 0x50 + 0x10)}


def test_pgdat_outline_exact():
    forest = diagram.pgdat([node()], {0}, {0}, lists(), PAGES, MT, VMEMMAP, PSIZE, LRU)
    lines = diagram.text(forest).split("\n")
    assert lines[:8] == ["NODE_DATA(0): pg_data_t", "  @ 0xffff888000001000", "  node_id 0", "  node_start_pfn 0x1000",
                         "  node_spanned_pages 8192", "  node_present_pages 8192", "  nr_zones 2",
                         "  -> node_zones[1]: struct zone DMA32"]
    assert "            [10] nr_free      2  Movable 2" in lines and "            [ 9] nr_free      0" in lines
    chain = lines[lines.index("            -> free_area[10].free_list[Movable]"):]
    assert chain[:13] == [
        "            -> free_area[10].free_list[Movable]",
        "                 list_head @ 0xffff888000001330",
        "                 2 blocks of 2^10 = 1024 pages",
        "                 | struct page @ 0xffffea0000090000",
        "                     pfn 0x2400  (phys 0x2400000)",
        "                     _mapcount -129  (PageBuddy)",
        "                     private 10  (the block's order)",
        "                     lru.next 0xffffea0000070008",
        "                       = pfn 0x1c00's lru",
        "                 | struct page @ 0xffffea0000070000",
        "                     pfn 0x1c00  (phys 0x1c00000)",
        "                     _mapcount -129  (PageBuddy)",
        "                     private 10  (the block's order)"]
    assert chain[14:] == ["                       = the list_head", "  -> node_zones[2]: Normal",
                          "       spanned_pages 0: no memory"]


def test_pgdat_before_the_free_lists_and_before_sizing():
    empty = diagram.text(diagram.pgdat([node(False)], {0}, {0}, lists(False), {}, MT, VMEMMAP, PSIZE, LRU))
    assert "every list empty: free_all_bootmem fills them" in empty and "free_list[" not in empty
    unset = diagram.text(diagram.pgdat([node()], {0}, set(), {}, {}, MT, VMEMMAP, PSIZE, LRU))
    assert "not set up: free_area_init_core" in unset and "nr_free" not in unset
    unsized = diagram.pgdat([node()], set(), set(), {}, {}, MT, VMEMMAP, PSIZE, LRU)
    assert [(c.title, c.lines) for c in unsized[0].children] == [
        ("node_zones[2]: DMA32 Normal", ["all 0: calculate_node_totalpages", "sizes this node's zones"])]


def section(nr, smm):
    return model.MemSection(nr, smm, 0xffff888000002000 + nr * 0x20)


SMM = VMEMMAP | model.SECTION_MARKED_PRESENT | model.SECTION_HAS_MEM_MAP | model.SECTION_IS_ONLINE
TWO_MIB = 2 << 20


def test_sparse_runs_follow_the_physical_memory():
    """Sections 0-1 have their struct pages one after the other in RAM, section 2 elsewhere,
    section 5 none yet: three runs."""
    secs = [section(0, SMM), section(1, SMM), section(2, SMM), model.MemSection(5, (0 << 3) | model.SECTION_MARKED_PRESENT, 0)]
    backing = {0: [(0, 0x7e000000, TWO_MIB)], 1: [(0, 0x7e200000, TWO_MIB)], 2: [(0, 0x7dc00000, TWO_MIB)]}
    runs = diagram.section_runs(secs, backing)
    assert [[s.nr for s in r] for r in runs] == [[0, 1], [2], [5]]
    assert diagram.contiguous(None, None) and not diagram.contiguous(backing[0], None)
    assert not diagram.contiguous([], backing[0])
    forest = diagram.sparse(secs, 128, PSIZE, VMEMMAP, backing, 0x9000, page(0x9000, 0), ["flags 0x0"])
    out = diagram.text(forest).split("\n")
    assert out[:5] == ["mem_section", "  struct mem_section **", f"  {model.NR_MEM_SECTIONS // 128} roots of 128 sections",
                       "  a section: 32768 pfns (128 MiB)", "  4 present, 3 with a mem_map"]
    first = out.index("  -> mem_section[0][0]..[0][1]")
    assert out[first:first + 18] == [
        "  -> mem_section[0][0]..[0][1]", "       section 0-1", "       pfns 0x0-0xffff",
        "       section_mem_map 0xffffea0000000007  (PMO)", "         = (mem_map - first pfn) | flags",
        "       usemap 0xffff888000002000 ...",
        "       -> vmemmap: their struct pages", "            0xffffea0000000000-0xffffea00003fffff",
        "            65536 x 64 B = 4 MiB", "            pfn_to_page(pfn) = vmemmap + pfn",
        "            -> in RAM at", "                 0x7e000000-0x7e3fffff", "                 4 MiB from memblock",
        "                 (mm vmemmap PFN walks there)",
        "            -> struct page of pfn 0x9000", "                 @ 0xffffea0000240000", "                 flags 0x0",
        "  -> mem_section[0][2]"]
    assert out[-5:] == ["  -> mem_section[0][5]", "       section 5", "       pfns 0x28000-0x2ffff",
                        "       section_mem_map 0x1  (P)", "         = early nid 0 << 3 | flags"]
    assert sum("-> in RAM at" in l for l in out) == 2 and out.count("            -> struct page of pfn 0x9000") == 1


def test_svg_layout_exact_and_deterministic():
    forest = diagram.pgdat([node()], {0}, {0}, lists(), PAGES, MT, VMEMMAP, PSIZE, LRU)
    one = diagram.svg(forest, "pg_data_t at checkpoint free_all_bootmem", "sub")
    assert one == diagram.svg(diagram.pgdat([node()], {0}, {0}, lists(), PAGES, MT, VMEMMAP, PSIZE, LRU),
                              "pg_data_t at checkpoint free_all_bootmem", "sub")
    root = ET.fromstring(one)
    rects = root.findall(f"{SVG}rect")
    # the background, then two rects (body, title band) per box: pgdat, 2 zones, free_area, chain head,
    # 2 struct pages, "... more" is absent with two blocks
    assert len(rects) == 1 + 2 * 7
    titles = [t.text for t in root.findall(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert titles == ["pg_data_t at checkpoint free_all_bootmem", "NODE_DATA(0): pg_data_t",
                      "node_zones[1]: struct zone DMA32", "DMA32 free_area[11]", "free_area[10].free_list[Movable]",
                      "struct page @ 0xffffea0000090000", "struct page @ 0xffffea0000070000", "node_zones[2]: Normal"]
    # column widths: the widest title (7.2 px a character) or line (6.7), + 2 x 6; 44 between columns;
    # heights: 20 + 15 a line + 6; the DMA32 zone, its free_area and the list share a top (50), the two
    # struct pages stack under the list head 22 apart (bottom 352), the Normal zone 14 under that
    xs = sorted({int(r.get("x")) for r in rects[1:]})
    assert xs == [16, 16 + 177 + 44, 237 + 242 + 44, 523 + 213 + 44]
    assert root.get("width") == str(780 + 242 + 16) and root.get("height") == str(352 + 14 + 41 + 28)
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 4 + 2      # elbows to the 2 zones, the free_area and the list; 2 arrows down the list
    assert diagram.box_h(diagram.Box("t", ["a", "b"])) == 20 + 30 + 6
    assert diagram.box_w(diagram.Box("t" * 10, ["x" * 20])) == int(20 * 6.7 + 12)
