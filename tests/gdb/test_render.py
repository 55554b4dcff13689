"""The text renderers, on hand-built model objects: exact expected output (no GDB)."""
from mm_step import checkpoints, model
from mm_step.render import dashboard, fit, jsonout, palette, physmap, summary, svg, text


def node0():
    fa = lambda counts: [model.FreeArea(c) for c in counts]
    dma = model.Zone(0, 0, "DMA", 1, 4095, 3998, 3977, fa([1, 1, 0, 1, 2, 1, 1, 0, 1, 1, 2]),
                     [0, 0, 0], [0, 1, 2, 2])
    dma32 = model.Zone(0, 1, "DMA32", 4096, 520160, 520160, 503654, fa([0] * 10 + [490]))
    normal = model.Zone(0, 2, "Normal", 0, 0, 0, 0, fa([0] * 11))
    movable = model.Zone(0, 3, "Movable", 0, 0, 0, 0, fa([0] * 11))
    return model.Node(0, 0xffff88007ffd5000, 1, 524158, 524255, 2, [dma, dma32, normal, movable])


def test_buddyinfo_exact():
    assert text.buddyinfo([node0()]) == (
        "Node 0, zone      DMA      1      1      0      1      2      1      1      0      1      1      2 \n"
        "Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0    490 \n")


def test_zoneinfo_exact_unpopulated_and_populated():
    n = node0()
    n.vm_stat = [0]
    n.zones[0].vm_stat = [3977]
    out = text.zoneinfo([n], ["nr_inactive_anon"], ["nr_free_pages"])
    dma, rest = out.split("Node 0, zone    DMA32")
    assert dma == ("Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 0"
                   "\n  pages free     3977\n        min      0\n        low      0\n        high     0"
                   "\n        spanned  4095\n        present  3998\n        managed  3977"
                   "\n        protection: (0, 1, 2, 2)\n      nr_free_pages 3977"
                   "\n  pagesets\n  node_unreclaimable:  0\n  start_pfn:           1\n")
    assert rest.startswith("\n  pages free     501760") and "per-node stats" not in rest
    normal = out.split("Node 0, zone   Normal")[1].split("Node 0")[0]
    assert normal == ("\n  pages free     0\n        min      0\n        low      0\n        high     0"
                      "\n        spanned  0\n        present  0\n        managed  0"
                      "\n        protection: (0, 0, 0, 0)\n")


def test_pagetypeinfo_exact():
    n = node0()
    lengths = {(0, 0): [[1, 0, 0, 0]] * 11, (0, 1): [[0, 0, 0, 0]] * 10 + [[0, 490, 0, 0]]}
    blocks = {(0, 0): [0, 8, 0, 0], (0, 1): [0, 1016, 0, 0]}
    out = text.pagetypeinfo([n], lengths, blocks, ["Unmovable", "Movable", "Reclaimable", "HighAtomic"])
    lines = out.split("\n")
    assert lines[:3] == ["Page block order: 9", "Pages per block:  512", ""]
    assert lines[3] == "Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 "
    assert lines[4] == "Node    0, zone      DMA, type    Unmovable      1      1      1      1      1      1      1      1      1      1      1 "
    assert lines[12] == ""
    assert lines[13] == "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic "
    assert lines[15] == "Node 0, zone    DMA32            0         1016            0            0 "


def test_memblock_table():
    t = model.MemblockType("memory", 2, 128, 0x7ff7e000 + 0x9e000,
                           [model.MemblockRegion(0x1000, 0x9e000, 0, 0), model.MemblockRegion(0x100000, 0x7fee0000, 0, 0)])
    out = text.memblock_type(t)
    assert out.splitlines()[0] == " memory.cnt  = 0x2  (max 0x80)"
    assert out.splitlines()[2] == "memory[0x0]  0x0000000000001000  0x000000000009efff     0x9e000       632 KiB    0  NONE"
    assert "MISMATCH" not in out and "memblock_trim_memory() cut partial pages" in out   # Linux's own quirk
    t.name = "reserved"
    assert "MISMATCH: regions sum to 0x7ff7e000" in text.memblock_type(t)
    empty = text.memblock_type(model.MemblockType("reserved", 1, 128, 0, []))
    assert empty == " reserved.cnt  = 0x1  (max 0x80)\n (empty)\n reserved.total_size = 0x0 (0 B)"


def test_e820_and_sections():
    out = text.e820([model.E820Entry(0, 0x9fc00, 1), model.E820Entry(0x9fc00, 0x400, 2)])
    assert out.splitlines()[1] == "0  0x0000000000000000  0x000000000009fbff  639 KiB  usable"
    assert out.endswith("2 entries; usable RAM 639 KiB (159 pages)")
    s = model.MemSection(1, model.SECTION_MARKED_PRESENT | model.SECTION_IS_ONLINE, 0)
    out = text.sections([s])
    assert out.splitlines()[1].split() == ["1", "0/1", "PO", "0x0000000000000005", "-", "0", "0x8000-0xffff", "-"]
    assert "1 sections: 1 present, 0 with mem_map" in out


def test_zones_checks_totals():
    out = text.zones([node0()])
    assert "node 0: zones present 524158, node_present_pages 524158 (ok)" in out
    assert out.splitlines()[1].split() == ["0", "0", "DMA", "0x1", "0x1000", "4095", "3998", "3977", str(
        sum(c << o for o, c in enumerate([1, 1, 0, 1, 2, 1, 1, 0, 1, 1, 2])))]


def test_page_render():
    lay = model.PageFlagsLayout.derive(64, 4, {"PG_reserved": 11})
    p = model.Page(0x1000, model.pfn_to_page(0x1000), (1 << 56) | (1 << 11), 1, -1, 0, 0, 0)
    out = text.page(p, lay, ["DMA", "DMA32", "Normal", "Movable"])
    assert out.splitlines()[0] == "pfn 0x1000  phys 0x1000000  struct page 0xffffea0000040000"
    assert "node 0  zone 1 (DMA32)  [reserved]" in out
    buddy = model.Page(0x1000, 0, 0, 0, -129, 10, 0, 0)
    assert "PageBuddy" in text.page(buddy, lay) and "(buddy order)" in text.page(buddy, lay)


def test_phases_and_banner():
    t = checkpoints.TABLE
    stops = [(1, 0, -1), (2, 1, -1), (7, 6, 0), (8, 7, 0), (9, 8, 0), (10, 6, 1)]
    out = text.phases(t, stops, 8).splitlines()
    assert out[0].startswith("    1. e820__memblock_setup") and "passed" in out[0]
    assert out[7].startswith("=>  8. free_area_init_core") and out[7].endswith("nodes 0*")
    assert "ahead" in out[6] and out[6].endswith("nodes 0 1?")
    changes = summary.changes({"node 1 DMA32": {"spanned_pages": "0", "zone_start_pfn": "0x1000"}},
                              {"node 1 DMA32": {"spanned_pages": "520160", "zone_start_pfn": "0x1000"},
                               "mem_section": {"present": "4"}})
    b = text.banner(t[7], 1, 10, changes, count=12, nodes=[0, 1, 2])
    assert b.splitlines()[0] == "checkpoint 8/10 free_area_init_core, node 1 (2nd of 3 nodes)  [stop 12]"
    assert "mm/page_alloc.c, free_area_init_core()" in b
    assert b.endswith("  changed:\n    node 1 DMA32: spanned_pages 0 -> 520160\n    mem_section (new): present 4\n"
                      "  try: mm-step goes on")
    b = text.banner(t[0], -1, 10, hints=["mm e820", "mm explain memblock"])
    assert b.splitlines()[-1] == "  try: mm e820, mm explain memblock; mm-step goes on"
    b = text.banner(t[1], -1, 10, printed=[f"line {i}" for i in range(9)], max_printed=3).splitlines()
    assert b[3:-1] == ["  printed:", "    ... 6 earlier lines (mm log)", "    line 6", "    line 7", "    line 8"]


G = 1 << 30


def two_islands():
    """Node 0 RAM [0, 2 GiB), node 1 RAM [64, 66 GiB), and a firmware window past the end of RAM."""
    return {"e820": [model.E820Entry(0, 2 * G, 1), model.E820Entry(64 * G, 2 * G, 1),
                     model.E820Entry(0xfd00000000, 0x300000000, 2)],
            "memblock_memory": model.MemblockType("memory", 2, 128, 0, [model.MemblockRegion(0, 2 * G, 0, 0),
                                                                        model.MemblockRegion(64 * G, 2 * G, 0, 1)]),
            "memblock_reserved": model.MemblockType("reserved", 1, 128, 0, [model.MemblockRegion(1 << 24, 1 << 24, 0, 0)]),
            "free_blocks": [(0x10000, 10), (0x10400, 10)]}


def test_map_axis_collapses_the_gap_and_clips_past_ram():
    st = two_islands()
    rows = physmap.rows(st)
    assert [r.name for r in rows] == ["e820", "memblock.memory", "memblock.reserved", "free pages"]
    end = physmap.ram_end(st)
    assert end == 66 * G and physmap.beyond(rows, end) == [("e820", 0xfd00000000, 0x10000000000, "reserved")]
    ax = physmap.axis(rows, 40, 3, end)
    assert ax.pieces == [(0, 2 * G, 0.0, 18.5), (64 * G, 66 * G, 21.5, 40.0)]
    assert ax.gaps == [(2 * G, 64 * G, 18.5, 21.5)]
    assert ax.x(G) == 9.25 and physmap.ax_addr(ax, 20) is None and physmap.cell(ax, 18, 1) == (
        int(18 / 18.5 * 2 * G), 2 * G)
    assert physmap.density([(0, 10), (20, 30)], 5, 25) == 0.5


def test_map_text_exact():
    lines = physmap.text(two_islands(), 60).split("\n")
    assert lines[:11] == [
        "e820              |UUUUUUUUUUUUUUUUUUU///UUUUUUUUUUUUUUUUUU|",
        "memblock.memory   |0000000000000000000///111111111111111111|",
        "memblock.reserved |#                  ///                  |",
        "free pages        |  .                ///                  |",
        "                  +-------------------///------------------+",
        "                   |0x0     |0x40000000 |0x1000000000",
        "                                     |0x80000000",
        "                                     0x1040000000|",
        "                   / at column 19: 0x80000000-0xfffffffff",
        "                       collapsed (62 GiB, nothing there)",
        "                   > beyond the end of RAM (0x1080000000),"]
    assert "free pages: 8 MiB in 2 blocks" in lines and max(map(len, lines)) <= 60
    assert "  0x001000000000-0x00107fffffff         2 GiB  node 1" in lines
    coloured = physmap.text(two_islands(), 60, color=True)
    assert palette.plain(coloured) == "\n".join(lines)
    node0, node1 = (palette.cell("0" * 19, "node 0"), palette.cell("1" * 18, "node 1"))
    assert node0 in coloured and node1 in coloured and node0 != node1
    assert palette.cell("1", "node 1") == "\x1b[48;5;209;38;5;16m1\x1b[0m"    # #f79646 in xterm's cube


def test_map_uses_the_width_it_has():
    for width in (60, 99, 199):
        lines = physmap.text(two_islands(), width).split("\n")
        assert max(map(len, lines)) <= width
        assert len(lines[0]) == width            # the picture takes what the names leave
    assert len(physmap.text(two_islands()).split("\n")[0]) == 18 + 2 + physmap.CELLS   # unlimited: CELLS


def test_one_palette_for_text_and_pictures():
    assert svg.colour("DMA32") == palette.hex_of("DMA32") and svg.FREE == palette.hex_of("free")
    assert svg.colour("node 9") == palette.hex_of("node 1")
    assert palette.paint("x", "new", False) == "x" and palette.paint("x", "new") == "\x1b[1;38;5;214mx\x1b[0m"


def test_fold_keeps_words_colour_and_indent():
    line = "  node 1 Normal: " + ", ".join(f"field{i} {palette.paint('old', 'old')} -> new" for i in range(6))
    out = fit.fold_line(line, 40)
    assert all(palette.visible_len(l) <= 40 for l in out) and len(out) > 2
    assert all(palette.plain(l).startswith("      ") for l in out[1:])
    assert " ".join(palette.plain(l).strip() for l in out) == palette.plain(line).strip()
    assert fit.fold("a b\n", None) == "a b\n" and fit.usable(80) == 79 and fit.usable(None) is None


def test_table_wraps_columns_under_their_headings():
    rows = [(i, "x" * 30, "y" * 30, i * 1000) for i in range(3)]
    wide = text.table(("N", "LONG", "LONGER", "NUM"), rows)
    assert len(wide.splitlines()) == 4 and max(map(len, wide.splitlines())) == 1 + 2 + 30 + 2 + 30 + 2 + 4
    narrow = text.table(("N", "LONG", "LONGER", "NUM"), rows, right={0, 3}, width=50).splitlines()
    assert max(map(len, narrow)) <= 50 and len(narrow) == 8
    assert narrow[:2] == ["N  LONG", "    LONGER" + " " * 24 + "   NUM"]
    assert narrow[5] == "    " + "y" * 30 + "  1000"


def test_changes_name_only_the_changed_fields():
    before = {"node 0 DMA": {"zone_start_pfn": "0x1", "spanned_pages": "4095", "managed_pages": "0"},
              "memblock.memory": {"nid": summary.nids([64])}, "old": {"x": "1"}}
    after = {"node 0 DMA": {"zone_start_pfn": "0x1", "spanned_pages": "4095", "managed_pages": "3977"},
             "memblock.memory": {"nid": summary.nids([0, 1])}}
    assert text.change_lines(summary.changes(before, after)) == [
        "node 0 DMA: managed_pages 0 -> 3977",
        "memblock.memory: nid 64 (MAX_NUMNODES: no node yet) -> 0,1",
        "old: gone"]
    coloured = text.change_lines(summary.changes(before, after), color=True)[0]
    assert coloured == f"node 0 DMA: managed_pages {palette.paint('0', 'old')} -> {palette.paint('3977', 'new')}"


def test_map_svg_structure():
    import xml.etree.ElementTree as ET
    doc = svg.memory_map(two_islands(), "Physical memory at test")
    root = ET.fromstring(doc)             # well-formed, self-contained: no external reference
    assert "href" not in doc and root.tag.endswith("svg")
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(ns + "text")]
    assert texts[0] == "Physical memory at test"
    assert {"e820", "memblock.memory", "memblock.reserved", "free pages"} <= set(texts)
    assert "node 0 2 GiB" in texts and "node 1 2 GiB" in texts and "gap 62 GiB" in texts
    assert any(t.startswith("beyond the end of RAM (0x1080000000), not drawn: e820 reserved") for t in texts)
    titles = ["".join(t.itertext()) for t in root.iter(ns + "title")]
    assert "usable: 0x0-0x7fffffff (2 GiB)" in titles and "node 1: 0x1000000000-0x107fffffff (2 GiB)" in titles
    hatched = [r for r in root.iter(ns + "rect") if r.get("fill") == "url(#gap)"]
    assert len(hatched) == 1
    free = [r for r in root.iter(ns + "rect") if r.get("fill") == svg.FREE and r.get("width") == "2"]
    assert free and max(float(r.get("fill-opacity")) for r in free) > 0.04
    assert physmap.text({}) .startswith("nothing to map yet")


def test_json():
    st = {"e820": [model.E820Entry(0, 0x9fc00, 1)], "nodes": [node0()], "memblock_memory": None}
    doc = jsonout.export(st)
    assert '"type": 1' in doc and '"name": "DMA32"' in doc


def test_numa_without_slit_exact():
    v = model.NumaView({0, 1}, {"N_POSSIBLE": {0, 1}, "N_ONLINE": {0, 1}, "N_MEMORY": {0}, "N_CPU": {0}},
                       [model.NumaMemblk(0, 0x50000000, 0), model.NumaMemblk(0x100000000, 0x1f4000000, 1)], [],
                       [model.NodeData(0, 0xffff88004fffb000, 0x4fffb000, 0x1680, 0x1, 327679, 327582),
                        model.NodeData(1, 0xffff8801f3ffa000, 0x1f3ffa000, 0x1680)])
    assert text.numa(v).split("\n") == [
        "node masks:",
        "MASK                     NODES",
        "numa_nodes_parsed        0-1    the nodes SRAT named (or numa_init faked)",
        "node_states[N_POSSIBLE]  0-1    node_possible_map",
        "node_states[N_ONLINE]    0-1    node_online_map",
        "node_states[N_MEMORY]    0",
        "node_states[N_CPU]       0",
        "",
        "numa_meminfo:",
        "BLK  NID  START               END (incl.)         SIZE",
        "  0    0  0x0000000000000000  0x000000004fffffff  0x50000000 (1.25 GiB)",
        "  1    1  0x0000000100000000  0x00000001f3ffffff  0xf4000000 (3904 MiB)",
        "",
        "numa_distance: none (numa_distance_cnt 0: no SLIT); node_distance() gives LOCAL_DISTANCE 10 within a "
        "node, REMOTE_DISTANCE 20 between nodes:",
        "node   0   1",
        "   0  10  20",
        "   1  20  10",
        "",
        "NODE_DATA (pg_data_t):",
        "NID  NODE_DATA           PHYS                       START_PFN  SPANNED             PRESENT",
        "  0  0xffff88004fffb000  [0x4fffb000-0x4fffc67f]    0x1        327679 (~1.24 GiB)  327582 (~1.24 GiB)",
        "  1  0xffff8801f3ffa000  [0x1f3ffa000-0x1f3ffb67f]  -          -                   -",
        "(START_PFN, SPANNED, PRESENT: set by calculate_node_totalpages; - = not yet)"]


def test_numa_with_slit_uses_the_table_and_falls_back_beyond_it():
    v = model.NumaView({0, 1, 2}, {"N_ONLINE": {0, 1, 2}}, [], [[10, 21], [21, 10]], [])
    out = text.numa(v)
    assert "numa_distance (numa_distance_cnt 2" in out
    assert "\n   0  10  21  20\n   1  21  10  20\n   2  20  20  10\n" in out and " (no blocks)" in out
    assert model.nodelist({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8" and model.nodelist(set()) == ""


def test_dashboard_fits_and_marks():
    st = two_islands()
    st["free_blocks"] = []
    before = {"mem_section": {"present": "0", "with mem_map": "0"}}
    after = {"mem_section": {"present": "4", "with mem_map": "0"}, "node 0": {"node_start_pfn": "0x1"}}
    for width in (79, 99):
        out = dashboard.render(checkpoints.TABLE, (5, 3, -1, False), st, before, after, ["line"] * 9, width, False)
        lines = out.splitlines()
        assert max(map(len, lines)) <= width
        assert lines[1] == "1 2 3 [4 sparse_init] 5 6 7 8 9 10"
        assert "free pages        |none yet: free_all_bootmem fills the free lists" in out
        assert "mem_section: present 4, with mem_map 0" in lines and "node 0 (new): node_start_pfn 0x1" in lines
        assert lines[-5:] == ["line"] * 5
    coloured = dashboard.render(checkpoints.TABLE, (5, 3, -1, False), st, before, after, [], 79, True)
    assert f"present {palette.paint('4', 'new')}, with mem_map 0" in coloured
    assert palette.paint("[4 sparse_init]", "current") in coloured and palette.plain(coloured) != coloured
    passed_unknown = dashboard.render(checkpoints.TABLE, (5, 3, -1, False), None, None, after, [], 79, False)
    assert "passed without a look" in passed_unknown
