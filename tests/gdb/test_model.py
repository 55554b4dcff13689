"""The pure layers: the checkpoint table parser and the model's algorithms (no GDB)."""
import pytest

from mm_step import checkpoints, model


def test_table_is_the_kernels():
    names = [cp.name for cp in checkpoints.TABLE]
    assert names[0] == "e820__memblock_setup" and names[-1] == "free_all_bootmem"
    assert [cp.index for cp in checkpoints.TABLE] == list(range(len(names)))
    per_node = [cp.name for cp in checkpoints.TABLE if cp.per_node]
    assert per_node == ["calculate_node_totalpages", "free_area_init_core", "free_area_init_node"]
    assert checkpoints.by_name("sparse_init").linux_file == "mm/sparse.c"


def test_parse_rejects_malformed_entry():
    with pytest.raises(ValueError):
        checkpoints.parse('CHECKPOINT(a, 2, "f", "p", "d")')
    with pytest.raises(ValueError):
        checkpoints.parse("/* nothing */")
    t = checkpoints.parse('/* c */ CHECKPOINT(x, 1, "a.c", "p -> x", "says \\"hi\\"")')
    assert t[0].per_node and t[0].caller == "p"


@pytest.mark.parametrize("spec,want", [("1", (0, None)), ("sparse_init", (3, None)),
                                        ("free_area_init_core:1", (7, 1)), ("8:0", (7, 0)), ("last", ("last", None))])
def test_parse_spec(spec, want):
    assert checkpoints.parse_spec(spec) == want


@pytest.mark.parametrize("spec,msg", [("0", "numbered 1 to"), (str(checkpoints.COUNT + 1), "numbered 1 to"), ("nope", "no checkpoint"),
                                       ("sparse_init:0", "not per node"), ("free_area_init_core:x", "bad node")])
def test_parse_spec_errors(spec, msg):
    with pytest.raises(ValueError, match=msg):
        checkpoints.parse_spec(spec)


def test_section_arithmetic():
    assert model.PAGES_PER_SECTION == 32768 and model.NR_MEM_SECTIONS == 524288
    assert model.pfn_to_section_nr(0x8000) == 1 and model.section_nr_to_pfn(3) == 0x18000
    assert model.section_root(300, 256) == (1, 44)


def test_section_mem_map_decoding():
    early = model.MemSection(5, (1 << model.SECTION_NID_SHIFT) | model.SECTION_IS_ONLINE | model.SECTION_MARKED_PRESENT, 0)
    assert early.present and early.online and not early.has_mem_map and early.early_nid == 1
    assert early.mem_map() is None and early.flag_names() == "PO"
    # sparse_encode_mem_map: mem_map - section_nr_to_pfn(pnum), in struct page units
    nr = 5
    mem_map = model.VMEMMAP_START + model.section_nr_to_pfn(nr) * 64
    enc = (mem_map - model.section_nr_to_pfn(nr) * 64) & (2**64 - 1)
    final = model.MemSection(nr, enc | model.SECTION_HAS_MEM_MAP | model.SECTION_MARKED_PRESENT, 0x1234)
    assert final.mem_map(64) == mem_map and final.early_nid is None


def test_pfn_page_round_trip():
    for pfn in (0, 1, 0x1000, 0x7ffdf, 0x1c0000):
        assert model.page_to_pfn(model.pfn_to_page(pfn)) == pfn
    with pytest.raises(model.MMError):
        model.page_to_pfn(model.VMEMMAP_START + 3)


def test_page_flags_layout():
    lay = model.PageFlagsLayout.derive(64, 4, {"PG_locked": 0, "PG_reserved": 11, "PG_head": 15})
    assert (lay.nodes_pgshift, lay.zones_pgshift) == (58, 56)
    flags = (1 << 58) | (2 << 56) | (1 << 11)
    assert lay.nid(flags) == 1 and lay.zone(flags) == 2 and lay.flag_names(flags) == ["reserved"]
    lay5 = model.PageFlagsLayout.derive(64, 5, {})
    assert lay5.zones_pgshift == 55      # ZONES_SHIFT 3 with ZONE_DEVICE
    assert lay5.zone(0x0080000000000000) == 1


def test_page_type():
    assert model.page_type_names(0xffffff7f) == ["buddy"]
    assert model.page_type_names(-1) == []
    assert model.page_type_names(-129) == ["buddy"]   # -129 == 0xffffff7f as int


def test_names_and_numbers():
    assert model.e820_type_name(1) == "usable" and model.e820_type_name(7) == "persistent (type 7)"
    assert model.e820_type_name(99) == "type 99"
    assert model.memblock_flags_name(0) == "NONE" and model.memblock_flags_name(5) == "HOTPLUG|NOMAP"
    assert model.human_size(2 << 30) == "2 GiB" and model.human_size(0x9fc00) == "639 KiB"
    # exact where exact, never a misleading rounding: 1280 MiB is 1.25 GiB, not "1.2 GiB"
    assert model.human_size(1280 << 20) == "1.25 GiB" and model.human_size(0x7fee0000) == "2046.875 MiB"
    assert model.human_size(int(97.5 * 2**20)) == "97.5 MiB" and model.human_size(1023) == "1023 B"
    assert model.human_size(0x7ffdf000) == "~1.99 GiB" and model.human_size(0x3fffe000) == "~1023.99 MiB"
    assert model.parse_number("0x10") == 16 and model.parse_number("10") == 10
    with pytest.raises(model.MMError):
        model.parse_number("ten")
    assert model.parse_number("-3") == -3 and model.parse_number("0XfF") == 255 and model.parse_number("010") == 10
    for text in ("1_000", "+5", "\u0661\u0662", "\uff10", "0x", "0x-5", "0x1g", "1e3", "0b101", "0o17", "1.5", ""):
        with pytest.raises(model.MMError, match="is not a number"):
            model.parse_number(text)


def test_zone_free_pages():
    z = model.Zone(0, 0, "DMA", 1, 4095, 3998, 3977, [model.FreeArea(n) for n in (1, 0, 2)])
    assert z.free_pages() == 1 + 8 and z.end_pfn == 4096 and z.populated


def test_judge_stop_by_the_kernels_count():
    assert model.judge_stop(3, 4, "checkpoint") == "next"
    assert model.judge_stop(3, 3, "checkpoint") == "again"      # the same stop reported once more
    assert model.judge_stop(3, 6, "checkpoint") == "next"       # a missed hit: the count still names it
    assert model.judge_stop(13, 13, "exit") == "next"
