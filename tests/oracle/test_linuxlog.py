"""Unit tests of scripts/oracle/linuxlog.py and compare.py on excerpts of real Linux 6.1 boots
(Debian 12 cloud kernel 6.1.0-56, QEMU 7.2 TCG, the presets in scripts/topologies/).
No QEMU needed: run `python3 -m pytest tests/oracle`."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORACLE = os.path.join(ROOT, "scripts", "oracle")
DATA = os.path.join(HERE, "data")
sys.path.insert(0, ORACLE)
import compare  # noqa: E402
import linuxlog  # noqa: E402


def text(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


@pytest.fixture(scope="module")
def two():
    return linuxlog.parse(text("two-node.excerpt.log"))


@pytest.fixture(scope="module")
def memless():
    return linuxlog.parse(text("memoryless-node.excerpt.log"))


@pytest.fixture(scope="module")
def one():
    return linuxlog.parse(text("one-node.excerpt.log"))


@pytest.fixture(scope="module")
def q35():
    return linuxlog.parse(text("q35-odd.excerpt.log"))


# ------------------------------------------------------------------ e820

def test_timestamps_stripped():
    assert linuxlog.strip_timestamps("[    0.013295] last_pfn = 0x1 max_arch_pfn = 0x2\r\nplain") == [
        "last_pfn = 0x1 max_arch_pfn = 0x2", "plain"]


def test_e820_map(two):
    assert two["e820_header"] == "BIOS-provided physical RAM map:"
    assert two["e820"] == [
        {"start": 0x0, "end": 0x9fbff, "type": "usable"},
        {"start": 0x9fc00, "end": 0x9ffff, "type": "reserved"},
        {"start": 0xf0000, "end": 0xfffff, "type": "reserved"},
        {"start": 0x100000, "end": 0xbffdffff, "type": "usable"},
        {"start": 0xbffe0000, "end": 0xbfffffff, "type": "reserved"},
        {"start": 0xfffc0000, "end": 0xffffffff, "type": "reserved"},
        {"start": 0x100000000, "end": 0x1bfffffff, "type": "usable"},
        {"start": 0xfd00000000, "end": 0xffffffffff, "type": "reserved"},
    ]
    assert list(two["e820_tables"]) == ["BIOS-e820"]


def test_e820_updates_and_last_pfn(two, one):
    assert two["e820_updates"] == [
        {"op": "update", "start": 0x0, "end": 0xfff, "old": "usable", "new": "reserved"},
        {"op": "remove", "start": 0xa0000, "end": 0xfffff, "old": "usable", "new": None},
    ]
    assert two["last_pfn"] == [{"last_pfn": 0x1c0000, "max_arch_pfn": 0x400000000},
                               {"last_pfn": 0xbffe0, "max_arch_pfn": 0x400000000}]
    # Below 4 GiB Linux prints last_pfn once only (max_low_pfn = max_pfn).
    assert one["last_pfn"] == [{"last_pfn": 0x7ffe0, "max_arch_pfn": 0x400000000}]


def test_e820_419_header_and_other_tables():
    f = linuxlog.parse("e820: BIOS-provided physical RAM map:\n"
                       "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                       "user: [mem 0x0000000000100000-0x000000003fffffff] usable\n"
                       "e820: remove [mem 0x40000000-0xffffffffffffffff] \n")
    assert f["e820_header"] == "e820: BIOS-provided physical RAM map:"
    assert f["e820"] == [{"start": 0, "end": 0x9fbff, "type": "usable"}]
    assert f["e820_tables"]["user"] == [{"start": 0x100000, "end": 0x3fffffff, "type": "usable"}]
    assert f["e820_updates"] == [{"op": "remove", "start": 0x40000000, "end": 0xffffffffffffffff,
                                  "old": None, "new": None}]


# ------------------------------------------------------------------ NUMA

def test_srat_and_merges(two):
    assert two["srat_cpus"] == [{"pxm": 0, "apic": 0, "node": 0}, {"pxm": 1, "apic": 1, "node": 1}]
    assert two["srat_mem"] == [
        {"node": 0, "pxm": 0, "start": 0x0, "end": 0x9ffff, "flags": []},
        {"node": 0, "pxm": 0, "start": 0x100000, "end": 0xbfffffff, "flags": []},
        {"node": 1, "pxm": 1, "start": 0x100000000, "end": 0x1bfffffff, "flags": []},
    ]
    assert two["numa_merges"] == [{"node": 0, "a": {"start": 0, "end": 0x9ffff},
                                   "b": {"start": 0x100000, "end": 0xbfffffff},
                                   "merged": {"start": 0, "end": 0xbfffffff}}]
    assert two["no_numa"] is None and two["fake_node"] is None
    assert two["node_data"] == [
        {"node": 0, "start": 0xbfeb9000, "end": 0xbfee3fff, "on_node": None},
        {"node": 1, "start": 0x1bffd2000, "end": 0x1bfffcfff, "on_node": None},
    ]


def test_q35_two_merges_and_distance_line_ignored(q35):
    assert [(m["node"], m["merged"]["start"], m["merged"]["end"]) for m in q35["numa_merges"]] == [
        (0, 0x0, 0x4fffffff), (1, 0x50000000, 0x143ffffff)]
    assert q35["unavailable"] == [
        {"node": 0, "zone": "DMA", "pages": 1}, {"node": 0, "zone": "DMA", "pages": 97},
        {"node": 1, "zone": "Normal", "pages": 33}, {"node": 1, "zone": "Normal", "pages": 16384}]


def test_no_numa_faking(one):
    assert one["no_numa"] == "No NUMA configuration found"
    assert one["fake_node"] == {"start": 0, "end": 0x7ffdffff}
    assert one["srat_mem"] == [] and one["numa_merges"] == []
    assert one["node_data"] == [{"node": 0, "start": 0x7feb9000, "end": 0x7fee3fff, "on_node": None}]


def test_numa_emulation_and_node_data_elsewhere():
    f = linuxlog.parse("Faking node 1 at [mem 0x0000000040000000-0x000000007fffffff] (1024MB)\n"
                       "NODE_DATA(1) allocated [mem 0x3ffd5000-0x3fffffff]\n"
                       "    NODE_DATA(1) on node 0\n")
    assert f["fake_nodes"] == [{"node": 1, "start": 0x40000000, "end": 0x7fffffff, "mb": 1024}]
    assert f["node_data"] == [{"node": 1, "start": 0x3ffd5000, "end": 0x3fffffff, "on_node": 0}]


# ------------------------------------------------------------------ memblock

def test_memblock_dump(two):
    (d,) = two["memblock_dumps"]
    assert d["memory_size"] == 0x17ff7ec00 and d["reserved_size"] == 0x2a67c2f
    assert d["memory_cnt"] == 3 and d["reserved_cnt"] == 6
    assert d["memory"][2] == {"idx": 2, "start": 0x100000000, "end": 0x1bfffffff, "size": 0xc0000000,
                              "node": 1, "flags": 0}
    assert d["reserved"][2] == {"idx": 2, "start": 0xbfeb9000, "end": 0xbfee3fff, "size": 0x2b000,
                                "node": None, "flags": 0}
    assert two["memblock_ops"][0] == {"op": "memblock_add", "start": 0x1000, "end": 0x9fbff,
                                      "caller": "e820__memblock_setup+0x65/0x7d"}


# ------------------------------------------------------------------ zones

def test_zone_blocks(two):
    assert two["zone_ranges"] == [
        {"zone": "DMA", "start": 0x1000, "end": 0xffffff, "empty": False},
        {"zone": "DMA32", "start": 0x1000000, "end": 0xffffffff, "empty": False},
        {"zone": "Normal", "start": 0x100000000, "end": 0x1bfffffff, "empty": False},
        {"zone": "Device", "start": None, "end": None, "empty": True},
    ]
    assert two["movable_zone_start"] == []
    assert two["early_node_ranges"] == [
        {"node": 0, "start": 0x1000, "end": 0x9efff},
        {"node": 0, "start": 0x100000, "end": 0xbffdffff},
        {"node": 1, "start": 0x100000000, "end": 0x1bfffffff},
    ]
    assert two["initmem"] == [
        {"node": 0, "start": 0x1000, "end": 0xbffdffff, "memoryless": False},
        {"node": 1, "start": 0x100000000, "end": 0x1bfffffff, "memoryless": False},
    ]
    assert two["unavailable"] == [
        {"node": 0, "zone": "DMA", "pages": 1}, {"node": 0, "zone": "DMA", "pages": 97},
        {"node": 1, "zone": "Normal", "pages": 32}]
    assert two["fallback_order"] == {0: [0, 1], 1: [1, 0]}
    assert two["zonelists"] == {"zonelists": 2, "mobility": "on", "total_pages": 1548000}
    assert two["memory"]["available_k"] == 350908 and two["memory"]["total_k"] == 6290936
    assert two["memory"]["reserved_k"] == 208176 and two["memory"]["cma_reserved_k"] == 0


def test_one_node_empty_normal(one):
    assert [(z["zone"], z["empty"]) for z in one["zone_ranges"]] == [
        ("DMA", False), ("DMA32", False), ("Normal", True), ("Device", True)]
    assert one["zone_ranges"][1]["end"] == 0x7ffdffff


def test_memoryless_node(memless):
    assert memless["memoryless_init"] == [1]
    assert memless["initmem"] == [
        {"node": 0, "start": 0x1000, "end": 0x7fffffff, "memoryless": False},
        {"node": 1, "start": None, "end": None, "memoryless": True},
        {"node": 2, "start": 0x80000000, "end": 0x13fffffff, "memoryless": False},
    ]
    assert [m["node"] for m in memless["numa_merges"]] == [0, 2]
    assert memless["zonelists"]["zonelists"] == 3


def test_419_only_lines():
    f = linuxlog.parse("[    0.000000] Movable zone start for each node\n"
                       "[    0.000000]   Node 1: 0x0000000140000000\n"
                       "[    0.000000] On node 0 totalpages: 524157\n"
                       "[    0.000000]   DMA zone: 64 pages used for memmap\n"
                       "[    0.000000]   DMA zone: 21 pages reserved\n"
                       "[    0.000000]   DMA zone: 3998 pages, LIFO batch:0\n"
                       "[    0.000000] Zeroed struct page in unavailable ranges: 98 pages\n"
                       "[    0.000000] Initmem setup node 1 [mem 0x0000000000000000-0x0000000000000000]\n")
    assert f["movable_zone_start"] == [{"node": 1, "start": 0x140000000}]
    assert f["totalpages_419"] == [{"node": 0, "pages": 524157}]
    assert f["zone_init_419"] == [
        {"node": 0, "zone": "DMA", "what": "memmap", "pages": 64},
        {"node": 0, "zone": "DMA", "what": "reserved", "pages": 21},
        {"node": 0, "zone": "DMA", "what": "pages", "pages": 3998, "batch": 0}]
    assert f["zeroed_unavailable"] == 98
    assert f["initmem"] == [{"node": 1, "start": 0, "end": 0, "memoryless": False}]


# ------------------------------------------------------------------ /proc files

def test_zoneinfo(two):
    zi = two["zoneinfo"]
    assert [(z["node"], z["zone"]) for z in zi] == [
        (n, z) for n in (0, 1) for z in ("DMA", "DMA32", "Normal", "Movable", "Device")]
    dma = zi[0]
    assert {k: dma[k] for k in ("free", "boost", "min", "low", "high", "spanned", "present", "managed",
                                "cma", "protection", "node_unreclaimable", "start_pfn")} == {
        "free": 3584, "boost": 0, "min": 42, "low": 52, "high": 62, "spanned": 4095, "present": 3998,
        "managed": 3840, "cma": 0, "protection": [0, 2902, 2902, 2902, 2902], "node_unreclaimable": 0,
        "start_pfn": 1}
    assert dma["node_stats"]["nr_kernel_stack"] == 468          # per-node stats kept apart
    assert dma["stats"]["nr_free_pages"] == 3584
    dma32, normal1 = zi[1], zi[7]
    assert (dma32["spanned"], dma32["present"], dma32["managed"], dma32["start_pfn"]) == (782304, 782304, 745421, 4096)
    assert (normal1["spanned"], normal1["present"], normal1["managed"], normal1["start_pfn"]) == (
        786432, 786432, 773835, 1048576)
    assert zi[2]["spanned"] == 0 and zi[2]["start_pfn"] is None  # unpopulated: no start_pfn line


def test_zoneinfo_memoryless(memless):
    zi = {(z["node"], z["zone"]): z for z in memless["zoneinfo"]}
    assert all(zi[(1, z)]["present"] == 0 for z in ("DMA", "DMA32", "Normal", "Movable", "Device"))
    assert (zi[(2, "DMA32")]["spanned"], zi[(2, "DMA32")]["present"], zi[(2, "DMA32")]["start_pfn"]) == (
        524288, 262112, 524288)


def test_zoneinfo_419_format():
    zi = linuxlog.parse_zoneinfo([
        "Node 0, zone   Normal", "  pages free     5", "        min      1", "        low      2",
        "        high     3", "        spanned  10", "        present  9", "        managed  8",
        "        protection: (0, 0, 0)", "  node_unreclaimable:  0", "  start_pfn:           4096"])
    assert zi == [{"node": 0, "zone": "Normal", "free": 5, "min": 1, "low": 2, "high": 3, "spanned": 10,
                   "present": 9, "managed": 8, "protection": [0, 0, 0], "node_unreclaimable": 0,
                   "start_pfn": 4096, "stats": {}, "node_stats": {}}]


def test_buddyinfo_pagetypeinfo(two):
    assert two["buddyinfo"] == [
        {"node": 0, "zone": "DMA", "free": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3]},
        {"node": 0, "zone": "DMA32", "free": [0, 2, 3, 3, 0, 3, 1, 2, 1, 2, 717]},
        {"node": 1, "zone": "Normal", "free": [2, 0, 0, 3, 0, 1, 2, 3, 1, 2, 747]},
    ]
    pt = two["pagetypeinfo"]
    assert pt["page_block_order"] == 9 and pt["pages_per_block"] == 512
    assert len(pt["free"]) == 15
    assert pt["free"][1] == {"node": 0, "zone": "DMA", "type": "Movable", "free": [0] * 9 + [1, 3]}
    assert pt["blocks"] == [
        {"node": 0, "zone": "DMA", "counts": {"Unmovable": 1, "Movable": 7, "Reclaimable": 0, "HighAtomic": 0, "Isolate": 0}},
        {"node": 0, "zone": "DMA32", "counts": {"Unmovable": 69, "Movable": 1457, "Reclaimable": 2, "HighAtomic": 0, "Isolate": 0}},
        {"node": 1, "zone": "Normal", "counts": {"Unmovable": 35, "Movable": 1495, "Reclaimable": 6, "HighAtomic": 0, "Isolate": 0}},
    ]


def test_sections_ignore_interleaved_kernel_lines():
    kernel, sections = linuxlog.split_sections(
        "[    1.0] a\n==== BEGIN /proc/buddyinfo ====\n"
        "Node 0, zone      DMA      1      0 \n[    2.5] random: crng init done\n"
        "==== END /proc/buddyinfo ====\n")
    assert sections == {"/proc/buddyinfo": ["Node 0, zone      DMA      1      0 "]}
    assert kernel == ["a", "random: crng init done"]


def test_no_timestamps_parse_the_same(two):
    plain = "\n".join(linuxlog.strip_timestamps(text("two-node.excerpt.log")))
    assert linuxlog.parse(plain) == two


def test_facts_json_matches_excerpt(two):
    with open(os.path.join(DATA, "two-node.facts.json")) as f:
        recorded = json.load(f)
    s = json.loads(json.dumps(linuxlog.facts_summary(two)))
    for key in ("e820", "e820_updates", "last_pfn", "srat_mem", "numa_merges", "zone_ranges",
                "early_node_ranges", "initmem", "unavailable", "zonelists"):
        assert s[key] == recorded[key], key
    for a, b in zip(s["zoneinfo"], recorded["zoneinfo"]):
        assert (a["node"], a["zone"], a["spanned"], a["present"], a["start_pfn"]) == (
            b["node"], b["zone"], b["spanned"], b["present"], b["start_pfn"])


# ------------------------------------------------------------------ compare

def test_compare_equal(two):
    equal, diffs = compare.compare(two, two, compare.PHASES)
    assert diffs == [] and equal == 49


def test_compare_419_forms_of_61_lines(two, memless):
    """4.19 totals the unavailable pages (6.1: zone by zone) and prints [mem 0x0-0x0] for 6.1's memoryless."""
    ours = text("two-node.excerpt.log")
    for line in ("On node 0, zone DMA: 1 pages in unavailable ranges", "On node 0, zone DMA: 97 pages in unavailable ranges",
                 "On node 1, zone Normal: 32 pages in unavailable ranges"):
        assert line in ours
        ours = ours.replace(line, "")
    equal, diffs = compare.compare(two, linuxlog.parse(ours + "\nZeroed struct page in unavailable ranges: 130 pages\n"), ("zones",))
    assert diffs == [] and ("unavailable pages, all zones", "130 pages") in compare.facts(two, "zones")
    _, diffs = compare.compare(two, linuxlog.parse(ours + "\nZeroed struct page in unavailable ranges: 129 pages\n"), ("zones",))
    assert diffs == [("unavailable pages, all zones", "130 pages", "129 pages")]
    memless_419 = dict(memless, initmem=[dict(i, start=0, end=0, memoryless=False) if i["memoryless"] else i
                                         for i in memless["initmem"]])
    assert compare.compare(memless, memless_419, ("zones",))[1] == []


def test_compare_reports_differences(two):
    ours = text("two-node.excerpt.log")
    ours = ours.replace("On node 1, zone Normal: 32 pages", "On node 1, zone Normal: 31 pages")
    ours = ours.replace("        present  782304", "        present  782303")
    ours = ours.replace("  start_pfn:           1048576\n", "")
    equal, diffs = compare.compare(two, linuxlog.parse(ours), compare.PHASES)
    assert diffs == [
        ("unavailable pages, all zones", "130 pages", "129 pages"),
        ("zoneinfo node 0 DMA32 present", "782304", "782303"),
        ("zoneinfo node 1 Normal start_pfn", "1048576", "(not printed)"),
    ]
    assert equal == 46


def test_compare_missing_and_extra(two, one):
    _, diffs = compare.compare(two, one, ("numa",))
    assert ("no NUMA", "(missing)", "No NUMA configuration found") in diffs
    assert ("SRAT mem[0]", "Node 0 PXM 0 [mem 0x00000000-0x0009ffff]", "(missing)") in diffs


def test_compare_cli(tmp_path):
    linux = os.path.join(DATA, "two-node.excerpt.log")
    ours = tmp_path / "ours.log"
    ours.write_text(text("two-node.excerpt.log").replace("0x00000001bfffffff] usable", "0x000000013fffffff] usable"))
    run = lambda *a: subprocess.run([sys.executable, os.path.join(ORACLE, "compare.py"), *a],
                                    capture_output=True, text=True)
    r = run(linux, linux)
    assert (r.returncode, r.stdout) == (0, "oracle: 49 facts equal\n")
    r = run(linux, str(ours), "--phase", "e820")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "e820[6]  linux: [mem 0x0000000100000000-0x00000001bfffffff] usable",
        "         ours:  [mem 0x0000000100000000-0x000000013fffffff] usable",
        "oracle: 1 facts differ, 11 equal"]
    r = run(os.path.join(DATA, "one-node.excerpt.log"), linux, "--phase", "zoneinfo")
    assert r.returncode == 2 and "no zoneinfo facts" in r.stderr


def test_topology_facts_recorded():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import topology
    for name in topology.names():
        with open(os.path.join(DATA, name + ".facts.json")) as f:
            facts = json.load(f)
        assert facts["e820"] and facts["zone_ranges"] and facts["initmem"] and facts["zoneinfo"], name


def test_compare_movable_start_past_node_end(two):
    """4.19 keeps a Movable start at its node's end (node 0 ends at 0xbffdffff); 6.1 drops it."""
    def with_movable_start(start, present):
        zi = [dict(z, present=present) if (z["node"], z["zone"]) == (0, "Movable") else z for z in two["zoneinfo"]]
        return dict(two, movable_zone_start=[{"node": 0, "start": start}], zoneinfo=zi)

    assert compare.movable_past_end(with_movable_start(0xc0000000, 32)) == {0}
    assert compare.compare(two, with_movable_start(0xc0000000, 32), compare.PHASES)[1] == []
    inside = with_movable_start(0xb0000000, 32)
    assert compare.movable_past_end(inside) == set()
    assert compare.compare(two, inside, compare.PHASES)[1] == [
        ("movable zone start node 0", "(missing)", "0x00000000b0000000"),
        ("zoneinfo node 0 Movable present", "0", "32"),
    ]
