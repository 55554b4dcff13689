"""Guest RAM read from QEMU's files: the memory-map parser on captured `info mtree -f` text, the
page-table walk and the file layout (pure), scripts/mm-gdb's rewrite of the machine options, and
end to end the mapped bytes against the same bytes read through QEMU."""
import json
import os
import subprocess
import sys

import pytest

from mm_step.guest import physmem as guestram

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MTREE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mtree")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import topology  # noqa: E402

G = 1 << 30
P = guestram.PAGE


def mtree(name):
    with open(os.path.join(MTREE, name + ".txt")) as f:
        return f.read()


def test_parse_mtree_pc_numa():
    """four-node-16g at its last checkpoint: m0 below 4 GiB (around the PAM windows SeaBIOS left
    as RAM) and its last GiB above 4 GiB, then m1..m3 concatenated."""
    got = guestram.parse_mtree(mtree("four-node-16g"), {"m0", "m1", "m2", "m3"})
    assert got == [(0, 0xa0000, "m0", 0), (0xcb000, 0xce000, "m0", 0xcb000), (0xe8000, 0xf0000, "m0", 0xe8000),
                   (0x100000, 3 * G, "m0", 0x100000), (4 * G, 5 * G, "m0", 3 * G),
                   (5 * G, 9 * G, "m1", 0), (9 * G, 13 * G, "m2", 0), (13 * G, 17 * G, "m3", 0)]


def test_parse_mtree_q35_backend_split_at_4g():
    """q35-odd: the 2 GiB boundary falls inside m1, whose rest is above 4 GiB; the PAM windows
    that are ROM now and the SMM views' copies are left out, other RAM (vga.vram) is not named."""
    got = guestram.parse_mtree(mtree("q35-odd"), {"m0", "m1"})
    assert got[3:] == [(0x100000, 0x50000000, "m0", 0x100000), (0x50000000, 2 * G, "m1", 0),
                       (4 * G, 0x144000000, "m1", 0x30000000)]
    assert [r[2] for r in guestram.parse_mtree(mtree("q35-odd"), {"vga.vram"})] == ["vga.vram"]
    assert guestram.parse_mtree("FlatView #0\n AS \"I/O\", root: io\n", {"m0"}) == []


@pytest.fixture
def ram(tmp_path):
    """A 16-page file laid out as pc does: its pages 0-3 at guest 0, its pages 4-15 at guest 8."""
    path = tmp_path / "r"
    path.write_bytes(b"".join(bytes([i]) * P for i in range(16)))
    fd = os.open(path, os.O_RDONLY)
    yield guestram.PhysMem({"r": fd}, [(0, 4 * P, "r", 0), (8 * P, 20 * P, "r", 4 * P), (30 * P, 99 * P, "r", 0)])
    os.close(fd)


def test_physmem_layout(ram):
    assert len(ram.ranges) == 2, "a range past the end of its file is dropped"
    assert ram.read(P, 2) == b"\1\1" and ram.read(9 * P, 1) == b"\5"
    assert ram.read(3 * P, 2 * P) is None and ram.read(5 * P, 8) is None
    assert ram.segments(8 * P, 3 * P) == [("r", 4 * P, 3 * P)]
    assert ram.segments(3 * P, 2 * P) is None
    assert ram.view("r", 4 * P, 2 * P)[P:P + 1] == b"\5"


def tables(entries):
    """A read(paddr, size) over page tables given as {(table paddr, index): entry}."""
    def read(paddr, size):
        table, first = paddr & ~0xfff, (paddr & 0xfff) // 8
        return b"".join(entries.get((table, i), 0).to_bytes(8, "little") for i in range(first, first + size // 8))
    return read


def test_levels_stop_at_the_leaf_or_the_missing_entry():
    va = 0xffffea0000000000
    pt = {(0x1000, 468): 0x2003, (0x2000, 0): 0x3003, (0x3000, 0): 0x40000000 | 0x83}
    assert guestram.levels(tables(pt), 0x1000, va) == [("PGD", 468, 0x1000 + 468 * 8, 0x2003),
                                                       ("PUD", 0, 0x2000, 0x3003),
                                                       ("PMD", 0, 0x3000, 0x40000083)]
    assert guestram.levels(tables(pt), 0x1000, va + (2 << 20)) == [("PGD", 468, 0x1000 + 468 * 8, 0x2003),
                                                                   ("PUD", 0, 0x2000, 0x3003),
                                                                   ("PMD", 1, 0x3008, 0)]
    assert guestram.is_leaf("PMD", 0, 0, 0x40000083) and not guestram.is_leaf("PMD", 1, 0, 0x3003)


def test_walk_merges_contiguous_pages():
    va = 0xffffea0000000000                       # vmemmap: PGD 468, PUD 0
    pt = {(0x1000, 468): 0x2003, (0x2000, 0): 0x3003,
          (0x3000, 0): 0x40000000 | 0x83,       # 2 MiB page at 1 GiB
          (0x3000, 1): 0x40200000 | 0x83,       # the next 2 MiB: contiguous
          (0x3000, 2): 0x4003,                   # 4 KiB pages from here
          (0x4000, 0): 0x80000003, (0x4000, 1): 0x90000003}
    got = guestram.walk(tables(pt), 0x1000, va + 0x100, (4 << 20) + 2 * P - 0x100)
    assert got == [(0, 0x40000100, (4 << 20) - 0x100), ((4 << 20) - 0x100, 0x80000000, P),
                   ((4 << 20) - 0x100 + P, 0x90000000, P)]
    assert guestram.walk(tables(pt), 0x1000, va + (4 << 20), 3 * P) is None, "PTE 2 is not present"


def test_walk_1g_page():
    pt = {(0x1000, 0): 0x2003, (0x2000, 1): (5 << 30) | 0x83}
    assert guestram.walk(tables(pt), 0x1000, (1 << 30) + 8, 16) == [(0, (5 << 30) + 8, 16)]


def test_file_backed_ram_same_machine():
    opts, files = topology.file_backed_ram(topology.machine_options("four-node-16g"), "/d")
    assert files == {f"m{i}": f"/d/m{i}" for i in range(4)}
    assert "-object" in opts and "memory-backend-file,id=m2,size=4G,share=on,mem-path=/d/m2" in opts
    assert [o for o in opts if o.startswith("memory-backend-ram")] == []
    assert len(opts) == len(topology.machine_options("four-node-16g"))
    opts, files = topology.file_backed_ram(["-machine", "q35", "-m", "3136M"], "/d")
    assert files == {topology.RAM_ID: f"/d/{topology.RAM_ID}"}
    assert opts[-4:] == ["-object", f"memory-backend-file,id={topology.RAM_ID},size=3136M,share=on,"
                         f"mem-path=/d/{topology.RAM_ID}", "-machine", f"memory-backend={topology.RAM_ID}"]


@pytest.mark.parametrize("options", [
    ["-m", "2G", "-mem-path", "/dev/hugepages"],
    ["-m", "2G", "-numa", "node,mem=1G", "-numa", "node,mem=1G"],
    ["-m", "2G", "-object", "memory-backend-ram,id=r,size=2G", "-machine", "pc,memory-backend=r"],
    ["-m", "1.5G"],
    ["-machine", "pc"],
])
def test_file_backed_ram_leaves_what_it_cannot_rewrite(options):
    assert topology.file_backed_ram(options, "/d") == (options, {})


def test_file_backed_ram_keeps_a_users_file():
    options = ["-m", "1G", "-object", "memory-backend-file,id=m0,size=1G,mem-path=/srv/guest.img,share=on",
               "-numa", "node,memdev=m0"]
    assert topology.file_backed_ram(options, "/d") == (options, {})


@pytest.mark.parametrize("topo", ["two-node", "one-node"])
def test_mapped_pages_equal_qemus(topo, tmp_path):
    out = tmp_path / "guestram.json"
    cmd = [os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", topo, "-batch",
           "-ex", f"source {os.path.join(ROOT, 'tests', 'gdb', 'guestram_driver.py')}"]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, MM_GUESTRAM_OUT=str(out)), capture_output=True,
                          text=True, timeout=170)
    assert out.exists(), proc.stderr[-2000:]
    res = json.loads(out.read_text())
    assert res["fds"] and all(p.endswith(" (deleted)") for p in res["fds"].values()), res["fds"]
    assert len(res["stops"]) == 2                 # the last stop, and after mm-back's reset
    for stop in res["stops"]:
        assert stop["ranges"], "the RAM files were not used"
        assert stop["from_files"] and stop["fallback_used"] and stop["same_pfns"], stop
        assert stop["shifted_refused"], "the self-check takes a layout one page off"
        assert all(stop["stub_equal"]) and all(stop["phys_equal"]) and stop["memsave_equal"], stop
