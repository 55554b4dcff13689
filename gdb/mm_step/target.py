"""Reading the replay kernel's structures from the guest, through GDB, with DWARF types.

Every size, offset and array length comes from the ELF's DWARF (gdb.lookup_type, field bitpos);
each array is fetched with one read_memory; results are cached until the target runs again.
Readers raise model.MMError with one line when a structure is absent or not built yet.
"""
import functools
import mmap
import os
import struct

import gdb

from . import guestram, model
from .model import MMError

_cache = {}


def invalidate(*_):
    _cache.clear()


def cached(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        key = (fn.__name__,) + args
        if key not in _cache:
            _cache[key] = fn(*args)
        return _cache[key]
    return wrapper


def install_cache_hooks():
    gdb.events.stop.connect(invalidate)
    gdb.events.cont.connect(invalidate)
    gdb.events.memory_changed.connect(invalidate)
    gdb.events.exited.connect(invalidate)


# ---- symbols, types, raw memory -----------------------------------------------------------------

def find_symbol(name):
    sym = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    return sym


def value(name, what=None):
    sym = find_symbol(name)
    if sym is None:
        raise MMError(f"this kernel has no '{name}' yet ({what or name} is not replayed in this build)")
    return sym.value()


def lookup_type(name):
    try:
        return gdb.lookup_type(name).strip_typedefs()
    except gdb.error:
        raise MMError(f"this kernel has no type '{name}' yet") from None


def check_target():
    """MMError unless GDB is connected to a live QEMU running this kernel."""
    inf = gdb.selected_inferior()
    if inf is None or inf.pid == 0 or not inf.threads():
        raise MMError("no live target: QEMU has gone or was never connected (start with scripts/mm-gdb)")
    if find_symbol("mm_checkpoints") is None or find_symbol("mm_checkpoint_reached") is None:
        raise MMError("this is not the mm-step kernel (no mm_checkpoints): load build/kernel.elf")


def read(addr, size, what="memory"):
    if size == 0:
        return b""
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except (gdb.MemoryError, gdb.error) as e:
        raise MMError(f"cannot read {what} at {addr:#x} ({size} bytes): {e}") from None


def read_phys(addr, size, what="physical memory"):
    """Read guest-physical memory (QEMU's gdbstub physical mode)."""
    gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        return read(addr, size, what)
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def read_u64(addr, what="memory"):
    return struct.unpack("<Q", read(addr, 8, what))[0]


def read_string(addr, limit=64):
    if not addr:
        return ""
    raw = read(addr, limit, "a string")
    return raw.split(b"\0", 1)[0].decode("latin-1")


def address_of(val):
    """The address of a gdb.Value that is an object, or the pointee address of a pointer."""
    if val.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        return int(val)
    return int(val.address)


def find_field(t, name):
    """(byte offset, gdb.Type) of field @name in struct type @t, looking into anonymous members."""
    t = t.strip_typedefs()
    for f in t.fields():
        if f.name == name:
            return f.bitpos // 8, f.type.strip_typedefs()
        if not f.name and f.type.strip_typedefs().code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
            try:
                off, ft = find_field(f.type, name)
                return f.bitpos // 8 + off, ft
            except KeyError:
                pass
    raise KeyError(name)


def _scalar(t):
    """(size, signed) of a scalar type; atomic_t-like structs read as their single 'counter'."""
    t = t.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and len(t.fields()) == 1:
        return _scalar(t.fields()[0].type)
    if t.code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_BOOL, gdb.TYPE_CODE_CHAR):
        return t.sizeof, False
    if t.code == gdb.TYPE_CODE_ENUM:
        return t.sizeof, True
    if t.code == gdb.TYPE_CODE_INT:
        return t.sizeof, bool(getattr(t, "is_signed", True))
    raise TypeError(f"not a scalar: {t}")


class Decoder:
    """Decodes chosen fields of a struct from raw bytes; missing optional fields read as None."""

    def __init__(self, type_name_or_type, fields, optional=()):
        self.type = lookup_type(type_name_or_type) if isinstance(type_name_or_type, str) else type_name_or_type
        self.size = self.type.sizeof
        self.fields = {}
        for name in list(fields) + list(optional):
            try:
                off, ft = find_field(self.type, name)
            except KeyError:
                if name in optional:
                    continue
                raise MMError(f"this kernel's {self.type} has no field '{name}' yet") from None
            if ft.code == gdb.TYPE_CODE_ARRAY:
                n = ft.range()[1] + 1
                et = ft.target().strip_typedefs()
                size, signed = _scalar(et)
                self.fields[name] = (off, size, signed, n, et.sizeof)
            else:
                size, signed = _scalar(ft)
                self.fields[name] = (off, size, signed, None, size)

    def decode(self, buf, base=0):
        out = {}
        for name, (off, size, signed, n, stride) in self.fields.items():
            if n is None:
                out[name] = int.from_bytes(buf[base + off:base + off + size], "little", signed=signed)
            else:
                out[name] = [int.from_bytes(buf[base + off + i * stride:base + off + i * stride + size], "little",
                                            signed=signed) for i in range(n)]
        return out

    def array(self, addr, count, what):
        buf = read(addr, count * self.size, what)
        return [self.decode(buf, i * self.size) for i in range(count)]


def array_len(val):
    t = val.type.strip_typedefs()
    return t.range()[1] + 1


# ---- where we are --------------------------------------------------------------------------------

def checkpoint_state():
    """(count, index, nid) from the kernel's globals, or None when they cannot be read (machine just
    reset, paging still off)."""
    try:
        count = int(gdb.parse_and_eval("mm_checkpoint_count"))
        index = int(gdb.parse_and_eval("mm_checkpoint_current"))
        nid = int(gdb.parse_and_eval("mm_checkpoint_nid"))
    except (gdb.MemoryError, gdb.error):
        return None
    return count, index, nid


def paging_on():
    """CR0.PG: the kernel's virtual addresses mean something only once paging is on."""
    try:
        return bool(int(gdb.parse_and_eval("$cr0")) >> 31 & 1)
    except gdb.error:
        return True


_elf = {}


def remember_elf():
    """The bytes of the loaded ELF's .text and .rodata, read once when the plugin loads (GDB has
    just read the file's symbols), for kernel_mismatch()."""
    path = gdb.current_progspace().filename
    if not path or _elf.get("path") == path:
        return
    _elf.clear()
    _elf["path"] = path
    try:
        with open(path, "rb") as f:
            data = f.read()
        _elf["sections"] = elf_sections(data, (".text", ".rodata"))
    except (OSError, ValueError, struct.error):
        _elf["sections"] = []


def elf_sections(data, names):
    """[(name, address, bytes)] of the named sections of a little-endian ELF64 image."""
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError("not an ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    hdrs = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx][4]
    out = []
    for name_off, _type, _flags, addr, off, size in hdrs:
        name = data[strtab + name_off:data.index(b"\0", strtab + name_off)].decode()
        if name in names:
            out.append((name, addr, data[off:off + size]))
    return out


def kernel_mismatch():
    """None when the guest's .text and .rodata equal the ELF's, else a short description."""
    for name, addr, want in _elf.get("sections", []):
        got = read(addr, len(want), name)
        if got != want:
            first = next(i for i in range(len(want)) if got[i] != want[i])
            return f"{name} differs at {addr + first:#x}"
    return None


# ---- the structures ------------------------------------------------------------------------------

@cached
def e820_table():
    val = value("e820_table", "e820 (arch/x86/kernel/e820.c)")
    addr = address_of(val)
    if not addr:
        raise MMError("e820_table is NULL: e820__memory_setup has not run")
    t = lookup_type("struct e820_table")
    dec = Decoder(t, ["nr_entries"])
    hdr = dec.decode(read(addr, t.sizeof, "e820_table"))
    off, at = find_field(t, "entries")
    n = min(hdr["nr_entries"], at.range()[1] + 1)
    ent = Decoder(at.target(), ["addr", "size", "type"])
    return [model.E820Entry(e["addr"], e["size"], e["type"]) for e in ent.array(addr + off, n, "e820 entries")]


@cached
def memblock_type(which):
    mb = value("memblock", "memblock (mm/memblock.c)")
    try:
        mt = mb[which]
    except gdb.error:
        raise MMError(f"memblock has no '{which}' type") from None
    cnt, mx, total = int(mt["cnt"]), int(mt["max"]), int(mt["total_size"])
    if cnt > mx or mx > 1 << 20:
        raise MMError(f"memblock.{which} looks corrupt (cnt {cnt}, max {mx})")
    dec = Decoder("struct memblock_region", ["base", "size", "flags"], optional=["nid"])
    regs = dec.array(int(mt["regions"]), cnt, f"memblock.{which}.regions")
    regions = [model.MemblockRegion(r["base"], r["size"], r["flags"], r.get("nid", -1)) for r in regs]
    if cnt == 1 and regions[0].size == 0:       # the empty dummy entry of an empty type
        regions = []
    return model.MemblockType(which, cnt, mx, total, regions)


@cached
def numa_meminfo():
    val = value("numa_meminfo", "NUMA (arch/x86/mm/numa.c)")
    addr = address_of(val)
    t = lookup_type("struct numa_meminfo")
    nr = Decoder(t, ["nr_blks"]).decode(read(addr, 8, "numa_meminfo"))["nr_blks"]
    off, at = find_field(t, "blk")
    if not 0 <= nr <= at.range()[1] + 1:
        raise MMError(f"numa_meminfo.nr_blks is {nr}: corrupt")
    dec = Decoder(at.target(), ["start", "end", "nid"])
    return [model.NumaMemblk(b["start"], b["end"], b["nid"]) for b in dec.array(addr + off, nr, "numa_meminfo.blk")]


@cached
def numa_distance():
    """The distance matrix as a list of rows, [] before numa_alloc_distance."""
    cnt = int(value("numa_distance_cnt", "the SLIT"))
    ptr = int(value("numa_distance", "the SLIT"))
    if not cnt or not ptr:
        return []
    raw = read(ptr, cnt * cnt, "numa_distance")
    return [list(raw[i * cnt:(i + 1) * cnt]) for i in range(cnt)]


def nodemask(name):
    """A nodemask_t global as a set of nids."""
    v = value(name, f"{name} (arch/x86/mm/numa.c)")
    raw = read(address_of(v), v.type.sizeof, name)
    bits = int.from_bytes(raw, "little")
    return {b for b in range(len(raw) * 8) if bits >> b & 1}


def numa_view(sized):
    """model.NumaView; a node's extent is filled in once @sized (nids past
    calculate_node_totalpages) holds it."""
    try:
        dist = numa_distance()
    except MMError:
        dist = []
    psize = lookup_type("struct pglist_data").sizeof
    by_nid = {n.nid: n for n in nodes()}
    data = []
    for nid, ptr in enumerate(node_data_ptrs()):
        if not ptr:
            continue
        d = model.NodeData(nid, ptr, ptr - model.PAGE_OFFSET, psize)
        n = by_nid.get(nid)
        if n is not None and nid in sized:
            d.start_pfn, d.spanned, d.present = n.node_start_pfn, n.node_spanned_pages, n.node_present_pages
        data.append(d)
    return model.NumaView(nodemask("numa_nodes_parsed"), node_states(), numa_meminfo(), dist, data)


@cached
def node_data_ptrs():
    val = value("node_data", "node_data (arch/x86/mm/numa.c)")
    n = array_len(val)
    raw = read(address_of(val), n * 8, "node_data[]")
    return list(struct.unpack(f"<{n}Q", raw))


def max_numnodes():
    return len(node_data_ptrs())


@cached
def sections():
    """Every non-empty mem_section, as model.MemSection, in section order."""
    val = value("mem_section", "SPARSEMEM (mm/sparse.c)")
    roots_addr = int(val)
    if not roots_addr:
        raise MMError("mem_section is NULL: the roots are allocated by memory_present "
                      "(checkpoint sparse_memory_present_with_active_regions)")
    st = lookup_type("struct mem_section")
    per_root = model.PAGE_SIZE // st.sizeof
    nr_roots = model.NR_MEM_SECTIONS // per_root
    roots = struct.unpack(f"<{nr_roots}Q", read(roots_addr, nr_roots * 8, "mem_section roots"))
    dec = Decoder(st, ["section_mem_map", "pageblock_flags"])
    out = []
    for r, root in enumerate(roots):
        if not root:
            continue
        for i, s in enumerate(dec.array(root, per_root, f"mem_section root {r}")):
            if s["section_mem_map"] or s["pageblock_flags"]:
                out.append(model.MemSection(r * per_root + i, s["section_mem_map"], s["pageblock_flags"]))
    return out


def sections_per_root():
    return model.PAGE_SIZE // lookup_type("struct mem_section").sizeof


def page_size():
    return lookup_type("struct page").sizeof


def vmemmap_base():
    sym = find_symbol("vmemmap_base")
    return int(sym.value()) if sym else model.VMEMMAP_START


@cached
def zone_names_dwarf():
    """enum zone_type: the number of zones (MAX_NR_ZONES)."""
    t = lookup_type("struct pglist_data")
    _, zt = find_field(t, "node_zones")
    return zt.range()[1] + 1


_ZONE_FIELDS = ["zone_start_pfn", "spanned_pages", "present_pages", "managed_pages", "name"]
_ZONE_OPTIONAL = ["watermark", "_watermark", "lowmem_reserve", "vm_stat", "vm_numa_stat", "initialized", "pageset"]


@cached
def string_array(name):
    """A global array of C strings (zone_names, migratetype_names) as a list, [] if absent."""
    sym = find_symbol(name)
    if sym is None:
        return []
    v = sym.value()
    n = array_len(v)
    ptrs = struct.unpack(f"<{n}Q", read(address_of(v), n * 8, name))
    return [read_string(p) for p in ptrs]


@cached
def pageset(addr):
    """(pcp.count, pcp.high, pcp.batch, stat_threshold) of a struct per_cpu_pageset."""
    t = lookup_type("struct per_cpu_pageset")
    poff, pt = find_field(t, "pcp")
    raw = read(addr, t.sizeof, "a per_cpu_pageset")
    pcp = Decoder(pt, ["count", "high", "batch"]).decode(raw, poff)
    thr = Decoder(t, ["stat_threshold"]).decode(raw)["stat_threshold"]
    return pcp["count"], pcp["high"], pcp["batch"], thr


@cached
def nodes():
    """Every node with a pg_data_t (node_data[nid] set), as model.Node with its zones; the nid is
    the index in node_data[] (pgdat->node_id is only set by free_area_init_node)."""
    pt = lookup_type("struct pglist_data")
    zoff, zat = find_field(pt, "node_zones")
    zt = zat.target().strip_typedefs()
    pdec = Decoder(pt, ["node_start_pfn", "node_present_pages", "node_spanned_pages", "node_id"],
                   optional=["nr_zones", "vm_stat", "kswapd_failures"])
    zdec = Decoder(zt, _ZONE_FIELDS, optional=_ZONE_OPTIONAL)
    faoff, fat = find_field(zt, "free_area")
    fa_t = fat.target().strip_typedefs()
    fa_n = fat.range()[1] + 1
    fadec = Decoder(fa_t, ["nr_free"])
    floff, flt = find_field(fa_t, "free_list")
    nmt = flt.range()[1] + 1
    lh_size = flt.target().sizeof
    names = string_array("zone_names")
    out = []
    for nid, ptr in enumerate(node_data_ptrs()):
        if not ptr:
            continue
        buf = read(ptr, pt.sizeof, f"NODE_DATA({nid})")
        p = pdec.decode(buf)
        zones = []
        for zi in range(zat.range()[1] + 1):
            zb = zoff + zi * zt.sizeof
            z = zdec.decode(buf, zb)
            fas, heads = [], []
            for o in range(fa_n):
                fb = zb + faoff + o * fa_t.sizeof
                fas.append(model.FreeArea(fadec.decode(buf, fb)["nr_free"]))
                heads.append([(ptr + fb + floff + mt * lh_size,
                               int.from_bytes(buf[fb + floff + mt * lh_size:fb + floff + mt * lh_size + 8], "little"))
                              for mt in range(nmt)])
            name = read_string(z["name"]) if z["name"] else (names[zi] if zi < len(names) else str(zi))
            ps = pageset(z["pageset"]) if z.get("pageset") else None
            zones.append(model.Zone(nid, zi, name, z["zone_start_pfn"],
                                    z["spanned_pages"], z["present_pages"], z["managed_pages"], fas,
                                    z.get("watermark") or z.get("_watermark") or [],
                                    z.get("lowmem_reserve") or [], z.get("vm_stat") or [],
                                    z.get("initialized") or 0, z.get("vm_numa_stat") or [], ps, heads))
        out.append(model.Node(nid, ptr, p["node_start_pfn"], p["node_present_pages"], p["node_spanned_pages"],
                              p.get("nr_zones") or 0, zones, p.get("vm_stat") or [], p["node_id"],
                              p.get("kswapd_failures") or 0))
    return out


@cached
def node_states():
    """{state name: set of nids} from the kernel's node_states[] (N_ONLINE, N_MEMORY, ...)."""
    v = value("node_states", "node_states (mm/page_alloc.c)")
    n = array_len(v)
    et = v.type.strip_typedefs().target()
    raw = read(address_of(v), n * et.sizeof, "node_states")
    try:
        names = [f.name for f in gdb.lookup_type("enum node_states").fields() if f.name != "NR_NODE_STATES"]
        by_val = {f.enumval: f.name for f in gdb.lookup_type("enum node_states").fields()}
    except gdb.error:
        names, by_val = [], {}
    out = {}
    for i in range(n):
        bits = int.from_bytes(raw[i * et.sizeof:(i + 1) * et.sizeof], "little")
        out[by_val.get(i, str(i))] = {b for b in range(et.sizeof * 8) if bits >> b & 1}
    return out


def online_nids():
    try:
        return node_states()["N_ONLINE"]
    except (MMError, KeyError):
        return {n.nid for n in nodes()}


def zone_addr(node, zone_index):
    pt = lookup_type("struct pglist_data")
    zoff, zat = find_field(pt, "node_zones")
    return node.addr + zoff + zone_index * zat.target().sizeof


def page_field_offsets():
    """Byte offsets in struct page of flags, lru, private and _mapcount (page_type)."""
    t = lookup_type("struct page")
    return {name: find_field(t, name)[0] for name in ("flags", "lru", "private", "_mapcount", "_refcount")}


@cached
def free_lists(nid, zone_index):
    """[order][migratetype] -> list of the head pfns on that free list, walked in the memmap
    snapshot; model.MMError when a list is broken (a pointer outside vmemmap, or a cycle)."""
    node = next(n for n in nodes() if n.nid == nid)
    zone = node.zones[zone_index]
    mm = memmap()
    lru = page_field_offsets()["lru"]
    base, psize = vmemmap_base(), mm.page_size
    limit = zone.spanned_pages + 1
    out = []
    for order, row in enumerate(zone.free_list_heads):
        lists = []
        for mt, (head, cur) in enumerate(row):
            pfns = []
            if cur == 0 and not zone.spanned_pages:
                cur = head          # an empty zone's lists are never initialised (zeroed pgdat)
            while cur != head:
                pfn, rem = divmod(cur - lru - base, psize)
                nxt = mm.u64(pfn, lru) if rem == 0 and pfn >= 0 else None
                if nxt is None:
                    raise MMError(f"node {nid} zone {zone.name} free_area[{order}].free_list[{mt}] has an entry "
                                  f"{cur:#x} that is not a struct page's lru")
                pfns.append(pfn)
                if len(pfns) > limit:
                    raise MMError(f"node {nid} zone {zone.name} free_area[{order}].free_list[{mt}] loops")
                cur = nxt
            lists.append(pfns)
        out.append(lists)
    return out


def free_list_lengths(nid, zone_index):
    """[order][migratetype] -> entries on the free list."""
    return [[len(l) for l in row] for row in free_lists(nid, zone_index)]


@cached
def migratetype_names():
    names = string_array("migratetype_names")
    if names:
        return names
    zt = lookup_type("struct zone")
    _, fat = find_field(zt, "free_area")
    _, flt = find_field(fat.target(), "free_list")
    return model.MIGRATETYPE_NAMES[:flt.range()[1] + 1]


@cached
def page_flags_layout():
    try:
        pf = {f.name: f.enumval for f in gdb.lookup_type("enum pageflags").fields()}
    except gdb.error:
        pf = {}
    return model.PageFlagsLayout.derive(max_numnodes(), zone_names_dwarf(), pf)


def section_of_pfn(pfn):
    nr = model.pfn_to_section_nr(pfn)
    if nr >= model.NR_MEM_SECTIONS:
        raise MMError(f"pfn {pfn:#x} is beyond MAX_PHYSMEM_BITS ({model.MAX_PHYSMEM_BITS} bits)")
    for s in sections():
        if s.nr == nr:
            return s
    return None


@cached
def page(pfn):
    s = section_of_pfn(pfn)
    if s is None or not s.has_mem_map:
        raise MMError(f"pfn {pfn:#x} is not valid: section {model.pfn_to_section_nr(pfn)} has no mem_map "
                      "(pfn_valid() is false)")
    psize = page_size()
    addr = s.mem_map(psize) + (pfn - s.start_pfn) * psize
    dec = Decoder("struct page", ["flags", "_refcount"], optional=["_mapcount", "private"])
    raw = read(addr, psize, f"struct page of pfn {pfn:#x}")
    p = dec.decode(raw)
    lru_next = lru_prev = 0
    try:
        off, _ = find_field(dec.type, "lru")
        lru_next, lru_prev = struct.unpack("<QQ", raw[off:off + 16])
    except KeyError:
        pass
    return model.Page(pfn, addr, p["flags"], p["_refcount"], p.get("_mapcount", -1) or 0,
                      p.get("private", 0) or 0, lru_next, lru_prev)


def usemap_migratetype(words, pfn):
    """get_pfnblock_flags_mask(.., PB_migrate_end, MIGRATETYPE_MASK) on a section's usemap bytes:
    a block's NR_PAGEBLOCK_BITS bits are counted from the top of each unsigned long down."""
    bitidx = ((pfn & (model.PAGES_PER_SECTION - 1)) >> model.PAGEBLOCK_ORDER) * model.NR_PAGEBLOCK_BITS
    word = int.from_bytes(words[(bitidx // 64) * 8:(bitidx // 64) * 8 + 8], "little")
    pb_migrate_end = 2
    return (word >> (64 - pb_migrate_end - 1 - bitidx % 64)) & 0x7


USEMAP_BYTES = (model.PAGES_PER_SECTION >> model.PAGEBLOCK_ORDER) * model.NR_PAGEBLOCK_BITS // 8


@cached
def usemaps():
    """{section nr: usemap bytes}, read in runs of adjacent usemaps (sparse allocates them together)."""
    secs = sorted((s for s in sections() if s.pageblock_flags), key=lambda s: s.pageblock_flags)
    out, i = {}, 0
    while i < len(secs):
        j = i
        while j + 1 < len(secs) and secs[j + 1].pageblock_flags == secs[j].pageblock_flags + USEMAP_BYTES:
            j += 1
        raw = read(secs[i].pageblock_flags, (j - i + 1) * USEMAP_BYTES, "the usemaps")
        for k in range(i, j + 1):
            out[secs[k].nr] = raw[(k - i) * USEMAP_BYTES:(k - i + 1) * USEMAP_BYTES]
        i = j + 1
    return out


def pageblock_migratetype(pfn):
    """get_pageblock_migratetype from the section's usemap, None without one."""
    words = usemaps().get(model.pfn_to_section_nr(pfn))
    return None if words is None else usemap_migratetype(words, pfn)


def pageblock_counts(zone):
    """Pageblocks per migratetype in @zone, as pagetypeinfo_showblockcount_print counts them:
    every pageblock_nr_pages from zone_start_pfn whose page is valid and page_zone() == zone.
    No struct page is read: memmap_init_zone gave the page this zone (holes included) unless its
    section has no mem_map, another node's memblock.memory holds it (early_pfn_in_nid), or, under
    kernelcore=mirror, it is mirrored memory in the Movable span."""
    nmt = len(migratetype_names())
    counts = [0] * nmt
    maps = usemaps()
    valid = {s.nr for s in sections() if s.has_mem_map}
    regions = memblock_type("memory").regions
    others = [(r.base >> model.PAGE_SHIFT, r.end >> model.PAGE_SHIFT) for r in regions if r.nid != zone.nid]
    mirror = find_symbol("mirrored_kernelcore")
    if mirror is not None and int(mirror.value()) and zone.name == "Movable":
        others += [(r.base >> model.PAGE_SHIFT, r.end >> model.PAGE_SHIFT) for r in regions
                   if r.flags & 0x2 and r.nid == zone.nid]
    for pfn in range(zone.zone_start_pfn, zone.end_pfn, 1 << model.PAGEBLOCK_ORDER):
        nr = model.pfn_to_section_nr(pfn)
        if nr not in valid or nr not in maps or any(s <= pfn < e for s, e in others):
            continue
        mt = usemap_migratetype(maps[nr], pfn)
        if mt < nmt:
            counts[mt] += 1
    return counts


WALK_LIMIT = 2000       # guest reads before the bulk memmap snapshot is the cheaper way


@cached
def free_list_counts(nid, zone_index):
    """[order][migratetype] -> entries on the free list, as pagetypeinfo counts them, with few
    reads: a list head says whether the list is empty, and an order whose only non-empty list
    is one migratetype has nr_free entries on it (the invariant mm check verifies). Orders with
    several non-empty lists are walked in the guest, all lists in step, until one is left: it
    holds the rest of nr_free. Past WALK_LIMIT reads, the lists are counted in the memmap."""
    zone = next(n for n in nodes() if n.nid == nid).zones[zone_index]
    out, reads = [], 0
    for order, row in enumerate(zone.free_list_heads):
        counts = [0] * len(row)
        cur = {mt: nxt for mt, (head, nxt) in enumerate(row) if nxt not in (head, 0)}
        nr_free = zone.free_area[order].nr_free
        while len(cur) > 1:
            for mt in list(cur):
                counts[mt] += 1
                cur[mt] = read_u64(cur[mt], f"free_area[{order}].free_list[{mt}] of node {nid} zone {zone.name}")
                reads += 1
                if cur[mt] == row[mt][0]:
                    del cur[mt]
            if reads > WALK_LIMIT or sum(counts) > nr_free:
                return free_list_lengths(nid, zone_index)
        for mt in cur:
            counts[mt] = nr_free - sum(c for o, c in enumerate(counts) if o != mt)
        out.append(counts)
    return out


# ---- bulk reads of the memmap ----------------------------------------------------------------------

_bulk_dir = None


def _bulk_directory():
    """A private (0700) directory QEMU can write to: the monitor's memsave is ~50x faster than
    reading through the gdbstub, and QEMU runs on this host under scripts/mm-gdb."""
    global _bulk_dir
    if _bulk_dir is None:
        import atexit
        import shutil
        import tempfile
        base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        _bulk_dir = tempfile.mkdtemp(prefix="mm-step-", dir=base)
        atexit.register(shutil.rmtree, _bulk_dir, True)
    return _bulk_dir


_memsave_works = True


def bulk_read(addr, size, what):
    """@size bytes at virtual @addr in one go: QEMU's `memsave` into a private file, mapped;
    through the gdbstub when the monitor cannot (a QEMU on another host, another stub)."""
    global _memsave_works
    if _memsave_works and size >= 1 << 16:
        path = os.path.join(_bulk_directory(), "memmap")
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        try:
            out = gdb.execute(f'monitor memsave {addr:#x} {size} "{path}"', to_string=True)
        except gdb.error:
            out = None
        if out == "" and os.path.exists(path) and os.path.getsize(path) == size:
            with open(path, "rb") as f:
                m = mmap.mmap(f.fileno(), size, access=mmap.ACCESS_READ)
            os.unlink(path)
            return m
        if out is not None and "Invalid addr" in out:
            raise MMError(f"cannot read {what} at {addr:#x} ({size} bytes): not mapped")
        _memsave_works = False
    return read(addr, size, what)


# ---- guest RAM through QEMU's own files ------------------------------------------------------------

_ram = {}


def forget_ram():
    """A new boot: QEMU's memory map is parsed and the files checked again at the next bulk read."""
    _ram.clear()


def ram_fds():
    """{region name: file descriptor} of the guest's RAM files that scripts/mm-gdb passed us in
    $MM_STEP_GUEST_RAM ("m0=5,m1=6"): read-only, already unlinked."""
    out = {}
    for item in os.environ.get("MM_STEP_GUEST_RAM", "").split(","):
        name, _, fd = item.partition("=")
        if name and fd.isdigit():
            out[name] = int(fd)
    return out


def guest_ram():
    """guestram.PhysMem over QEMU's RAM files, laid out as its `info mtree -f` says; None without
    files (another QEMU than scripts/mm-gdb's) or when they do not hold what the gdbstub reads."""
    if "mem" not in _ram:
        _ram["mem"] = None
        fds = ram_fds()
        if fds:
            try:
                text = gdb.execute("monitor info mtree -f", to_string=True)
                mem = guestram.PhysMem(fds, guestram.parse_mtree(text, set(fds)))
                if mem.ranges and ram_agrees(mem):
                    _ram["mem"] = mem
            except (gdb.error, MMError, OSError, ValueError):
                pass
    return _ram["mem"]


def ram_agrees(mem):
    """The files against the gdbstub: the first and last page of each RAM range, the page-table
    root, and (paging on) the kernel's .rodata found through the page tables equal to the ELF's."""
    pages = [p for start, end, _, _ in mem.ranges for p in (start, end - guestram.PAGE)]
    if paging_on():
        pages.append(cr3() & 0x000ffffffffff000)
        for name, addr, want in _elf.get("sections", []):
            if name == ".rodata" and want:
                walked = guestram.walk(mem.read, cr3(), addr, len(want))
                got = b"".join(mem.read(p, n) or b"" for _, p, n in walked or [])
                if got != want:
                    return False
    return all(mem.read(p, guestram.PAGE) == read_phys(p, guestram.PAGE) for p in pages
               if mem.locate(p, guestram.PAGE))


def ram_pieces(mem, addr, size, psize):
    """[(offset, mapping)] of virtual [addr, addr + size) in QEMU's RAM files, each piece whole
    struct pages of @psize bytes; None when it cannot be (not mapped, not RAM in a file) or a
    spot check against the gdbstub differs (then the files are not used again in this boot)."""
    if guestram.PAGE % psize:
        return None
    walked = guestram.walk(mem.read, cr3(), addr, size)
    out = []
    for voff, paddr, length in walked or []:
        segs = mem.segments(paddr, length)
        if segs is None:
            return None
        for name, off, n in segs:
            if off % mmap.ALLOCATIONGRANULARITY or n % psize:
                return None
            out.append((voff, mem.view(name, off, n)))
            voff += n
    if not out:
        return None
    for voff, m in (out[0], out[len(out) // 2], out[-1]):
        k = min(len(m), 512)
        if read(addr + voff, k, "the struct pages") != m[:k]:
            _ram["mem"] = None
            return None
    return out


@cached
def memmap():
    """model.MemMap of every section with a mem_map, per run of consecutive sections: mapped from
    QEMU's RAM files when scripts/mm-gdb gave them, else one bulk read per run."""
    psize = page_size()
    runs = []
    for s in sections():
        if not s.has_mem_map:
            continue
        addr = s.mem_map(psize)
        if runs and runs[-1][0] + runs[-1][1] == s.start_pfn and runs[-1][2] + runs[-1][1] * psize == addr:
            runs[-1][1] += model.PAGES_PER_SECTION
        else:
            runs.append([s.start_pfn, model.PAGES_PER_SECTION, addr])
    chunks = []
    for pfn, n, addr in runs:
        mem = guest_ram()
        try:
            pieces = ram_pieces(mem, addr, n * psize, psize) if mem else None
        except (MMError, OSError):          # an unreadable spot, a failed mmap: QEMU copies it
            pieces = None
        if pieces is None:
            what = f"the struct pages of pfns {pfn:#x}-{pfn + n - 1:#x}"
            chunks.append((pfn, n, bulk_read(addr, n * psize, what)))
        else:
            chunks += [(pfn + off // psize, len(m) // psize, m) for off, m in pieces]
    return model.MemMap(psize, chunks)


def cr3():
    return int(gdb.parse_and_eval("$cr3"))


def summary():
    """Key facts of the current state, for 'what changed' lines and mm diff (missing parts left out)."""
    out = {}

    def attempt(fn):
        try:
            fn()
        except (MMError, gdb.error, gdb.MemoryError, KeyError, TypeError):
            pass

    def e820():
        t = e820_table()
        if t:
            out["e820_table"] = f"{len(t)} entries, {model.human_size(sum(e.size for e in t if e.type in (1, 128)))} usable"

    def mb():
        for w in ("memory", "reserved"):
            t = memblock_type(w)
            out[f"memblock.{w}"] = f"{len(t.regions)} regions, {model.human_size(t.total_size)}"
            nids = sorted({r.nid for r in t.regions})
            if w == "memory" and t.regions:
                out["memblock.memory nids"] = ",".join(map(str, nids))

    def numa():
        out["numa_meminfo"] = f"{len(numa_meminfo())} blocks"
        out["node_data"] = "nodes " + (",".join(str(i) for i, p in enumerate(node_data_ptrs()) if p) or "none")

    def secs():
        s = sections()
        out["mem_section present"] = str(sum(x.present for x in s))
        out["mem_section with mem_map"] = str(sum(x.has_mem_map for x in s))

    def zones():
        for n in nodes():
            out[f"node {n.nid}"] = f"start_pfn {n.node_start_pfn:#x} spanned {n.node_spanned_pages} present {n.node_present_pages}"
            for z in n.zones:
                if z.spanned_pages or z.managed_pages:
                    out[f"node {n.nid} {z.name or z.index}"] = (f"start {z.zone_start_pfn:#x} spanned {z.spanned_pages} "
                                                              f"present {z.present_pages} managed {z.managed_pages} "
                                                              f"free {z.free_pages()}")

    def lowest():
        lo = value("arch_zone_lowest_possible_pfn")
        hi = value("arch_zone_highest_possible_pfn")
        n = array_len(lo)
        out["zone pfn ranges"] = " ".join(f"[{int(lo[i]):#x},{int(hi[i]):#x})" for i in range(n))

    for fn in (e820, mb, numa, secs, lowest, zones):
        attempt(fn)
    return out
