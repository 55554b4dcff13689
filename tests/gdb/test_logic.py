"""The plugin's pure logic, on the host (no GDB): usemap migratetypes, pageblock counts, free-list
walking and counting, ELF sections, the kernel's constants and checkpoint log line."""
import struct

import pytest

from mm_step import checkpoints, freelist, kconst, model, pageblock
from mm_step.guest import elf
from mm_step.model import MMError

SEC = model.PAGES_PER_SECTION          # 32768 pfns
BLOCK = 1 << model.PAGEBLOCK_ORDER     # 512 pfns


def usemap(types):
    """A section's usemap with pageblock i of migratetype types[i], as set_pfnblock_flags_mask
    lays it out: each block's 4 bits from the top of each 64-bit word down."""
    words = [0] * (pageblock.USEMAP_BYTES // 8)
    for block, mt in enumerate(types):
        bitidx = block * model.NR_PAGEBLOCK_BITS
        words[bitidx // 64] |= mt << (64 - model.PB_MIGRATE_END - 1 - bitidx % 64)
    return struct.pack(f"<{len(words)}Q", *words)


def test_usemap_layout():
    assert pageblock.USEMAP_BYTES == 32 and pageblock.MIGRATETYPE_MASK == 7
    raw = usemap([1, 2, 0, 4] + [0] * 12 + [3])
    assert raw[:8] == struct.pack("<Q", (1 << 61) | (2 << 57) | (4 << 49))
    assert raw[8:16] == struct.pack("<Q", 3 << 61)
    got = [pageblock.usemap_migratetype(raw, pfn) for pfn in (0, 511, 512, 1024, 1536, 16 * 512, 5 * SEC + 16 * 512)]
    assert got == [1, 1, 2, 0, 4, 3, 3]


def test_usemap_runs():
    u = pageblock.USEMAP_BYTES
    assert pageblock.runs({5: 0x5000, 1: 0x1000, 2: 0x1000 + u, 3: 0x1000 + 3 * u}) == \
        [(0x1000, [1, 2]), (0x1000 + 3 * u, [3]), (0x5000, [5])]


def zone(nid=0, start=SEC, spanned=SEC, name="DMA32", heads=(), nr_free=()):
    z = model.Zone(nid, 1, name, start, spanned, spanned, spanned, [model.FreeArea(n) for n in nr_free])
    z.free_list_heads = [list(r) for r in heads]
    return z


def test_pageblock_counts():
    maps = {1: usemap([0, 0, 2] + [1] * 61)}
    mem = [model.MemblockRegion(SEC << 12, SEC << 12, 0, 0)]
    assert pageblock.counts(zone(), maps, {1}, mem, 5) == [2, 61, 1, 0, 0]
    # a pageblock another node's memblock.memory holds is that node's (early_pfn_in_nid)
    other = mem + [model.MemblockRegion((SEC + 2 * BLOCK) << 12, BLOCK << 12, 0, 1)]
    assert pageblock.counts(zone(), maps, {1}, other, 5) == [2, 61, 0, 0, 0]
    # a section without mem_map has no valid pages; a migratetype past the names is not counted
    assert pageblock.counts(zone(), maps, set(), mem, 5) == [0] * 5
    assert pageblock.counts(zone(), maps, {1}, mem, 2) == [2, 61]
    # kernelcore=mirror: the mirrored memory in the Movable span belongs to the other zones
    mirrored = [model.MemblockRegion(SEC << 12, BLOCK << 12, model.MEMBLOCK_MIRROR, 0)]
    assert pageblock.counts(zone(name="Movable"), maps, {1}, mirrored, 5, mirror=True) == [1, 61, 1, 0, 0]


VMEMMAP, LRU, PS = 0x10000000, 8, 64


def memmap_with(links, pfns=32):
    """A MemMap of @pfns struct pages whose lru.next are @links {pfn: next address}."""
    buf = bytearray(pfns * PS)
    for pfn, nxt in links.items():
        buf[pfn * PS + LRU:pfn * PS + LRU + 8] = nxt.to_bytes(8, "little")
    return model.MemMap(PS, [(0, pfns, bytes(buf))])


def lru(pfn):
    return VMEMMAP + pfn * PS + LRU


HEAD = 0xffff880000001000      # a list head inside the pg_data_t, not in vmemmap


def test_free_list_walk():
    mm = memmap_with({4: lru(8), 8: HEAD})
    z = zone(heads=[[(HEAD, lru(4)), (HEAD + 16, HEAD + 16)]])
    assert freelist.walk(z, mm, LRU, VMEMMAP) == [[[4, 8], []]]
    assert freelist.lengths([[[4, 8], []]]) == [[2, 0]]


def test_free_list_walk_errors():
    z = zone(heads=[[(HEAD, lru(4))]])
    with pytest.raises(MMError, match=r"free_area\[0\].free_list\[0\] has an entry 0x10000105 that is not"):
        freelist.walk(z, memmap_with({4: lru(4) - 3}), LRU, VMEMMAP)
    with pytest.raises(MMError, match="loops"):
        freelist.walk(zone(spanned=4, heads=[[(HEAD, lru(4))]]), memmap_with({4: lru(5), 5: lru(4)}), LRU, VMEMMAP)
    # an empty zone's lists were never initialised: zero, not a broken list
    assert freelist.walk(zone(spanned=0, heads=[[(HEAD, 0)]]), memmap_with({}), LRU, VMEMMAP) == [[[]]]


def test_free_list_count_reads_little():
    links = {lru(1): lru(2), lru(2): HEAD, lru(7): HEAD + 16}
    reads = []

    def read(addr, what):
        reads.append(addr)
        return links[addr]
    # order 0: migratetypes 0 and 1 both non-empty (walked in step); order 1: one list, nr_free says
    z = zone(heads=[[(HEAD, lru(1)), (HEAD + 16, lru(7)), (HEAD + 32, HEAD + 32)],
                    [(HEAD + 48, lru(9)), (HEAD + 64, HEAD + 64), (HEAD + 80, 0)]], nr_free=[3, 5])
    assert freelist.count(z, read, 100, lambda: "fallback") == [[2, 1, 0], [5, 0, 0]]
    assert len(reads) == 2      # one step each: then migratetype 0 alone holds the rest of nr_free
    assert freelist.count(z, read, 1, lambda: "fallback") == "fallback"


def test_free_blocks_sorted():
    n = model.Node(0, 0, 0, 0, 0, 2, [zone(nr_free=[1]), zone(nr_free=[0])])
    lists = {(0, 1): [[[9], [3]]]}
    assert freelist.blocks([n], lambda nid, zi: lists[(nid, zi)]) == [(3, 0), (9, 0)]


def elf64(sections, symbols=()):
    """A minimal little-endian ELF64 with @sections [(name, addr, bytes)], a .shstrtab and, with
    @symbols [(name, st_info, st_size)], a .symtab and its .strtab."""
    sections = [(n, a, d, 1, 0) for n, a, d in sections]
    if symbols:
        strs = b"\0" + b"".join(n.encode() + b"\0" for n, _, _ in symbols)
        syms, pos = bytes(24), 1
        for name, info, size in symbols:
            syms += struct.pack("<IBBHQQ", pos, info, 0, 1, 0x1000, size)
            pos += len(name) + 1
        sections += [(".strtab", 0, strs, 3, 0), (".symtab", 0, syms, 2, len(sections) + 1)]
    names = b"\0" + b"".join(n.encode() + b"\0" for n, *_ in sections) + b".shstrtab\0"
    body, offs = b"", []
    for _, _, data, _, _ in sections:
        offs.append(0x40 + len(body))
        body += data
    strtab_off = 0x40 + len(body)
    body += names
    shoff = 0x40 + len(body)
    hdr = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9) + bytes(0x28 - 16) + struct.pack("<Q", shoff) + bytes(4) + \
        struct.pack("<HHHHHH", 0x40, 0, 0, 64, len(sections) + 2, len(sections) + 1)
    shdrs = bytes(64)
    pos = 1
    for (name, addr, data, typ, link), off in zip(sections, offs):
        shdrs += struct.pack("<IIQQQQIIQQ", pos, typ, 0, addr, off, len(data), link, 0, 1, 0)
        pos += len(name) + 1
    shdrs += struct.pack("<IIQQQQIIQQ", pos, 3, 0, 0, strtab_off, len(names), 0, 0, 1, 0)
    return hdr + body + shdrs


def test_elf_sections():
    img = elf64([(".text", 0xffffffff81000000, b"\x90" * 5), (".rodata", 0xffffffff82000000, b"ro")])
    assert elf.sections(img, (".rodata",)) == [(".rodata", 0xffffffff82000000, b"ro")]
    assert [s[0] for s in elf.sections(img, (".text", ".rodata"))] == [".text", ".rodata"]
    with pytest.raises(ValueError, match="not an ELF64"):
        elf.sections(b"\x7fELF\x01" + bytes(80), (".text",))
    with pytest.raises(ValueError, match="truncated or corrupt"):
        elf.sections(img[:0x60], (".text",))
    secs = elf.sections(img, (".text", ".rodata"))
    mem = {0xffffffff81000000: b"\x90" * 5, 0xffffffff82000000: b"rX"}
    assert elf.first_difference(secs, lambda a, n, what: mem[a][:n]) == ".rodata differs at 0xffffffff82000001"
    mem[0xffffffff82000000] = b"ro"
    assert elf.first_difference(secs, lambda a, n, what: mem[a][:n]) is None


def test_elf_object_sizes():
    """The defined size of each data object (what an `extern T x[];` declaration lacks); functions
    and other symbol types are not objects."""
    img = elf64([(".data", 0xffffffff82000000, bytes(16))],
                [("node_data", 0x11, 512), ("start_kernel", 0x12, 40), ("zone_names", 0x01, 40)])
    assert elf.object_sizes(img) == {"node_data": 512, "zone_names": 40}
    assert elf.object_sizes(elf64([(".text", 0, b"x")])) == {}
    with pytest.raises(ValueError, match="not an ELF64"):
        elf.object_sizes(b"ELF")


def test_constants_are_the_kernels_headers():
    k = kconst.K
    assert (k["PAGE_SHIFT"], k["SECTION_SIZE_BITS"], k["MAX_PHYSMEM_BITS"], k["MAX_NUMNODES"]) == (12, 27, 46, 64)
    assert (model.PAGES_PER_SECTION, model.NR_MEM_SECTIONS, model.SECTION_MAP_MASK) == \
        (32768, 524288, 0xfffffffffffffff8)
    assert (model.EXIT_DONE, model.EXIT_PANIC, model.E820_USABLE) == (0x10, 0x11, (1, 128))
    assert k["MIGRATE_TYPES"] == 5 and "MIGRATE_CMA" not in k      # 4.19 without CONFIG_CMA
    assert model.VMEMMAP_START == 0xffffea0000000000 and model.PAGE_OFFSET == 0xffff888000000000


def test_constants_parser():
    env = kconst.parse(["#define A (1UL << 4)\n#ifdef MM_STEP_HOSTED\n#define B 1\n#else\n#define B 2\n#endif\n"
                        "enum x { X0, X1 = A + 1, X2, /* c */ XN };\n#define C (~(A - 1))\n#define S \"str\"\n"])
    assert env == {"A": 16, "B": 2, "X0": 0, "X1": 17, "X2": 18, "XN": 19, "C": -16}


def test_checkpoint_table_and_log_line():
    assert checkpoints.COUNT == len(checkpoints.TABLE) and checkpoints.NAMES == [cp.name for cp in checkpoints.TABLE]
    assert checkpoints.PER_NODE == ["calculate_node_totalpages", "free_area_init_core", "free_area_init_node"]
    log = ("[    0.1] mm-step: checkpoint 1/10 e820__memblock_setup\n"
           "[    0.2] On node 0 totalpages: 524158\n"
           "[    0.3] mm-step: checkpoint 7/10 calculate_node_totalpages (node 2)\n"
           "mm-step: checkpoint 3/10 sparse_init\n")      # a number that is not that checkpoint's
    got = [(cp.name, nid) for cp, nid in checkpoints.parse_log(log)]
    assert got == [("e820__memblock_setup", None), ("calculate_node_totalpages", 2)]
    rx = checkpoints.log_regex("cp %d/%d %s", " [n %d]")
    assert rx.fullmatch("cp 3/9 abc [n 4]").groups() == ("3", "9", "abc", "4")
    with pytest.raises(ValueError):
        checkpoints.log_formats('#define MM_CHECKPOINT_LINE "x"')


def test_a_phase_entry_reported_twice_ends_once(monkeypatch):
    """phases.Runner: a 'return' phase whose entry breakpoint is reported twice before it returns
    (seen once under load: free_area_init_node (node 0) twice in a Linux dump) ends once, and the
    next node's call through the same return address still ends for that node."""
    import sys
    import types
    from mm_step.linux import phases

    class Breakpoint:
        def __init__(self, spec, type=None, internal=False):
            self.spec = spec

        def delete(self):
            pass

    regs = {"$sp": 0x9000, "nid": 0}
    monkeypatch.setitem(sys.modules, "gdb", types.SimpleNamespace(
        BP_HARDWARE_BREAKPOINT=1, Breakpoint=Breakpoint, parse_and_eval=lambda e: regs[e]))
    entry, ra = 0x1000, 0x2000
    p = {"checkpoint": "free_area_init_node", "end": "return", "per_node": True, "nid": "nid", "address": entry}
    r = object.__new__(phases.Runner)
    r.static, r.returns, r.done, r.nid = {entry: [("phase", p)]}, {}, set(), None

    def stop(pc):
        return [(phases.name(q), nid) for q, nid in r.hit(pc, lambda addr: ra)]

    assert stop(entry) == [] and stop(entry) == []          # one entry, reported twice
    assert stop(ra) == [("free_area_init_node", 0)]
    regs["nid"] = 1
    assert stop(entry) == [] and stop(ra) == [("free_area_init_node", 1)]
