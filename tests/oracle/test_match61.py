"""The replay (= Linux 4.19) against Debian's Linux 6.1 on the matrix of scripts/oracle/expected61.json:
every field both versions share, at every stop both have, is equal or its difference is listed
there with its reason; and every listed difference still occurs on each machine it names (a list
that cannot go stale). The first tests need no QEMU."""
import os
import re
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "oracle"))
import linux419  # noqa: E402
import linux61  # noqa: E402
import match61  # noqa: E402


def test_data_file_names_known_machines_and_fields():
    d = match61.data()
    assert set(d["machines"]) <= set(linux419.MACHINE_IDS) and set(d["not_compared"]) <= set(linux419.MACHINE_IDS)
    assert not set(d["machines"]) & set(d["not_compared"])
    for e in d["expected"]:
        assert e["title"] and e["reason"] and e["linux"] and e["where"] and e["machines"], e
        assert set(e["machines"]) <= set(d["machines"]), e["title"]
        assert all(set(w.get("machines", [])) <= set(e["machines"]) for w in e["where"]), e["title"]


def stop(checkpoint, values, nid=None):
    return {"checkpoint": checkpoint, "nid": nid, "values": values}


def test_sections_compare_what_both_versions_keep():
    """4.19 keeps the node above 3 flag bits, 6.1 above 5; the mem_map address is the same."""
    assert match61.view({"mem_section[32].section_mem_map": 0xd}, "replay") == \
        {"mem_section[32].present": 1, "mem_section[32].has_mem_map": 0, "mem_section[32].online": 1,
         "mem_section[32].nid": 1}
    assert match61.view({"mem_section[32].section_mem_map": 0x25}, "linux-6.1") == \
        match61.view({"mem_section[32].section_mem_map": 0xd}, "replay")
    assert match61.view({"mem_section[0].section_mem_map": 0xffffea000000000f, "mem_section[0].usage": 5,
                         "memblock.reserved.cnt": 9, "max_pfn": 0x1c0000}, "linux-6.1") == \
        {"mem_section[0].present": 1, "mem_section[0].has_mem_map": 1, "mem_section[0].online": 1,
         "mem_section[0].mem_map": 0xffffea0000000000, "max_pfn": 0x1c0000}


def test_check_finds_unexplained_and_stale():
    """A difference in a shared field with no entry is unexplained; another field is not compared;
    an entry whose difference is gone is stale; a stop only 6.1 has is not compared."""
    replay = [stop("sparse_init", {"max_pfn": 0x1c0000, "dma_reserve": 0x15, "memblock.reserved.cnt": 9})]
    linux = [stop("sparse_init", {"max_pfn": 0x1c0001, "dma_reserve": 0x9e, "memblock.reserved.cnt": 7}),
             stop("memmap_init", {"max_pfn": 0})]
    unexplained, stale = match61.check("two-node", replay, linux)
    assert unexplained == [("sparse_init", "max_pfn", 0x1c0000, 0x1c0001)]
    first_1m = next(e for e in match61.data()["expected"] if "dma_reserve" in e["where"][0]["fields"])
    assert [w["fields"] for e, w in stale if e is first_1m] == ["nr_kernel_pages|nr_all_pages"]
    assert match61.expectation("sparse_init", "dma_reserve", "two-node")[0] is first_1m
    assert match61.expectation("sparse_init", "dma_reserve", None)[0] is first_1m
    assert match61.expectation("sparse_init", "dma_reserve", "numa-fake-4") is None


def test_machine_id_from_options():
    options, extra = linux419.machine("numa-off")
    assert match61.machine_id(options, extra) == "numa-off"
    assert match61.machine_id(["-machine", "pc", "-m", "3G"], "") is None


@pytest.fixture(scope="module")
def needs_linux61():
    why = linux61.missing()
    if why:
        pytest.skip(why)


@pytest.mark.parametrize("ident", match61.data()["machines"])
def test_linux61_differs_from_the_replay_only_as_listed(needs_linux61, ident):
    options, extra = linux419.machine(ident)
    replay, linux = linux419.gdb_dump("replay", options, extra), linux419.gdb_dump("linux-6.1", options, extra)
    # the comparison is not empty: every shared structure, the sections' nodes and mem_maps are in it
    paths = {p for s in replay for p in match61.view(s["values"], "replay")}
    for s in match61.data()["shared"]:
        assert any(re.fullmatch(s["fields"], p) for p in paths), s["what"]
    assert any(re.fullmatch(r"mem_section\[\d+\]\.nid", p) for p in paths)
    assert any(re.fullmatch(r"mem_section\[\d+\]\.mem_map", p) for p in paths)
    unexplained, stale = match61.check(ident, replay, linux)
    lines = []
    if unexplained:
        families = {}
        for name, path, a, b in unexplained:
            families.setdefault(linux419.family(path), []).append(f"{name}: {path}: replay {linux419.shown(a)}  "
                                                                  f"linux-6.1 {linux419.shown(b)}")
        lines.append(f"{len(unexplained)} differences not explained in scripts/oracle/expected61.json:")
        lines += [f"  {fam}: {len(items)}, e.g. {items[0]}" for fam, items in families.items()]
    for e, w in stale:
        lines.append(f"listed but no longer differing on {ident}: {w['fields']} at {w.get('stops', 'every stop')} "
                     f"({e['title']})")
    assert not lines, f"{ident}: linux-6.1 beside the replay\n" + "\n".join(lines)


def test_configurations_are_as_the_data_file_says():
    """The reasons that are configurations, read from the configs themselves: MAX_NUMNODES (the
    first entry), numa=fake= (not_compared) and the 64 KiB 4.19 reserves low (the first-1M entry)."""
    import glob
    ours = os.path.join(linux419.REFERENCE, "config-4.19.222-oracle")
    theirs = sorted(glob.glob(os.path.join(ROOT, "build", "linux", "pkg", "boot", "config-*")))
    if not os.path.isfile(ours) or not theirs:
        pytest.skip("the 4.19 reference's config or Debian's 6.1 config (scripts/oracle/fetch-linux) is absent")
    c419, c61 = open(ours).read().splitlines(), open(theirs[-1]).read().splitlines()
    assert "CONFIG_NODES_SHIFT=6" in c419 and "CONFIG_NODES_SHIFT=10" in c61
    assert "CONFIG_NUMA_EMU=y" in c419 and "# CONFIG_NUMA_EMU is not set" in c61
    assert "CONFIG_X86_RESERVE_LOW=64" in c419
    d = match61.data()
    assert "NODES_SHIFT=10" in d["expected"][0]["reason"] and "CONFIG_NUMA_EMU" in d["not_compared"]["numa-fake-4"]
