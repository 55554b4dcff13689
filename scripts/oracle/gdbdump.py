"""Run under GDB (structs419 starts it): stop a kernel at each of the replay's checkpoints and dump
its memory-management structures, as flat {path: value}, into a JSON file.

One dumper for both kernels: everything is read by the names and types of the debug info, which
the replay shares with Linux 4.19 (memblock, numa_meminfo, numa_distance, node_states,
mem_section, node_data, the zones, their free lists). What one kernel lacks is simply absent.
Stops: on the replay, its hardware breakpoint mm_checkpoint_reached; on Linux, the phase table
(gdb/mm_step/linux/phases.py), each stop verified by the table's condition.

Environment: MM_DUMP_KERNEL (replay | linux-VERSION), MM_DUMP_SOCKET (QEMU's gdbstub),
MM_DUMP_OUT (the JSON file). It writes {"stops": [...]} or {"error": "one line"}.
"""
import json
import os
import sys

import gdb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "gdb"))
from mm_step.linux import phases  # noqa: E402

GLOBALS = ("max_pfn", "max_low_pfn", "min_low_pfn", "max_possible_pfn", "nr_node_ids", "nr_online_nodes",
           "totalram_pages", "totalreserve_pages", "arch_zone_lowest_possible_pfn", "arch_zone_highest_possible_pfn",
           "zone_movable_pfn", "required_kernelcore", "required_movablecore", "movable_zone", "nr_kernel_pages",
           "nr_all_pages", "dma_reserve", "vm_zone_stat", "vm_node_stat", "node_states", "numa_nodes_parsed",
           "numa_distance_cnt", "numa_meminfo")
SECTION_SIZE_BITS, MAX_PHYSMEM_BITS, PAGE_SIZE = 27, 46, 4096


class DumpError(Exception):
    pass


def symbol(name):
    return gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)


def read(addr, size):
    return bytes(gdb.selected_inferior().read_memory(addr, size)) if size else b""


_memsave = []


def read_bulk(addr, size):
    """A large read through QEMU's monitor (memsave: a copy, not thousands of gdbstub packets),
    into one private file reused for every read."""
    import tempfile
    if not _memsave:
        _memsave.append(os.path.join(tempfile.mkdtemp(prefix="mm-step-memsave-"), "chunk"))
    path = _memsave[0]
    try:
        gdb.execute(f'monitor memsave {addr:#x} {size} "{path}"', to_string=True)
        with open(path, "rb") as f:
            data = f.read()
    except (gdb.error, OSError):
        data = b""
    return data if len(data) == size else read(addr, size)


def u64(addr):
    return int.from_bytes(read(addr, 8), "little")


_layouts = {}


def layout(t):
    """The scalar leaves of type @t, once per type: (path suffix, byte offset, size, bit shift,
    bit width or 0, is a string)."""
    t = t.strip_typedefs()
    key = (str(t), t.sizeof, tuple(f.name for f in t.fields()) if t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION) else ())
    if key in _layouts:
        return _layouts[key]
    leaves = []
    if t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
        for f in t.fields():
            if not hasattr(f, "bitpos") or f.bitpos is None:
                continue
            name = f".{f.name}" if f.name else ""
            if f.bitsize:
                leaves.append((name, f.bitpos // 8, 8, f.bitpos % 8, f.bitsize, False))
                continue
            leaves += [(name + p, f.bitpos // 8 + o, sz, sh, w, st) for p, o, sz, sh, w, st in layout(f.type)]
    elif t.code == gdb.TYPE_CODE_ARRAY:
        lo, hi = t.range()
        elem = t.target()
        sub = layout(elem)
        for i in range(hi - lo + 1):
            leaves += [(f"[{i}]" + p, i * elem.sizeof + o, sz, sh, w, st) for p, o, sz, sh, w, st in sub]
    elif t.code == gdb.TYPE_CODE_PTR and t.target().strip_typedefs().code == gdb.TYPE_CODE_INT \
            and t.target().sizeof == 1:
        leaves.append(("", 0, 8, 0, 0, True))
    elif t.sizeof:
        leaves.append(("", 0, t.sizeof, 0, 0, False))
    _layouts[key] = leaves
    return leaves


def flatten(t, data, off, path, out):
    """Every scalar of a value of type @t found at data[off:], as out[path] = int; a string (a
    zone's name) as its text, since the two kernels keep it at different addresses."""
    for suffix, o, size, shift, width, string in layout(t):
        v = int.from_bytes(data[off + o: off + o + size], "little")
        if width:
            v = (v >> shift) & ((1 << width) - 1)
        elif string and v:
            v = gdb.Value(v).cast(gdb.lookup_type("char").pointer()).string(length=32).split("\0")[0]
        out[path + suffix] = v


def dump_object(name, out, path=None):
    sym = symbol(name)
    if sym is None:
        return
    v = sym.value()
    t = v.type.strip_typedefs()
    flatten(t, read(int(v.address), t.sizeof), 0, path or name, out)


def dump_array(addr, t, count, path, out):
    t = t.strip_typedefs()
    data = read(addr, t.sizeof * count)
    for i in range(count):
        flatten(t, data, i * t.sizeof, f"{path}[{i}]", out)


def dump_memblock(out):
    mb = symbol("memblock").value()
    for name in ("bottom_up", "current_limit"):
        out[f"memblock.{name}"] = int(mb[name])
    for kind in ("memory", "reserved"):
        ty = mb[kind]
        for f in ("cnt", "max", "total_size"):
            out[f"memblock.{kind}.{f}"] = int(ty[f])
        dump_array(int(ty["regions"]), ty["regions"].type.target(), int(ty["cnt"]), f"memblock.{kind}.regions", out)


def dump_numa_distance(out):
    sym, cnt = symbol("numa_distance"), symbol("numa_distance_cnt")
    if sym is None or cnt is None or not int(sym.value()):
        return
    n = int(cnt.value())
    out["numa_distance"] = read(int(sym.value()), n * n).hex()


def dump_mem_section(out):
    sym = symbol("mem_section")
    if sym is None or not int(sym.value()):
        return
    ms_type = gdb.lookup_type("struct mem_section")
    per_root = PAGE_SIZE // ms_type.sizeof
    roots = (1 << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)) // per_root
    out["mem_section.sizeof"] = ms_type.sizeof
    root_ptrs = read(int(sym.value()), roots * 8)
    usemap_bytes = (4 << (SECTION_SIZE_BITS - 12 - 9)) // 8
    for r in range(roots):
        root = int.from_bytes(root_ptrs[r * 8: r * 8 + 8], "little")
        if not root:
            continue
        out[f"mem_section.root[{r}]"] = root
        data = read(root, PAGE_SIZE)
        for s in range(per_root):
            chunk = data[s * ms_type.sizeof: (s + 1) * ms_type.sizeof]
            if not any(chunk):
                continue
            nr = r * per_root + s
            sec = {}
            flatten(ms_type, chunk, 0, f"mem_section[{nr}]", sec)
            out.update(sec)
            usemap = sec.get(f"mem_section[{nr}].pageblock_flags")
            if usemap:
                out[f"mem_section[{nr}].usemap"] = read(usemap, usemap_bytes).hex()


PAGE_FIELDS = ("flags", "_refcount", "_mapcount", "lru.next", "lru.prev", "index", "private")


def dump_struct_pages(out):
    """Every struct page of every section with a mem_map, per section and field: a digest of that
    field's column (the values themselves would be millions), and the runs of page flags."""
    import array
    import hashlib
    page = gdb.lookup_type("struct page")
    fields = []
    for name in PAGE_FIELDS:
        try:
            off = int(gdb.parse_and_eval(f"(unsigned long)&((struct page *)0)->{name}"))
            size = int(gdb.parse_and_eval(f"sizeof(((struct page *)0)->{name})"))
        except gdb.error:
            continue
        if size in (1, 2, 4, 8) and off % size == 0:
            fields.append((name, "BHIQ"[(1, 2, 4, 8).index(size)], off // size, page.sizeof // size))
    vmemmap = int(symbol("vmemmap_base").value()) if symbol("vmemmap_base") else 0xffffea0000000000
    per_section = 1 << (SECTION_SIZE_BITS - 12)
    for key in [k for k in out if k.endswith(".section_mem_map")]:
        nr = int(key[len("mem_section["): key.index("]")])
        if not out[key] & 2:        # SECTION_HAS_MEM_MAP
            continue
        data = read_bulk(vmemmap + nr * per_section * page.sizeof, per_section * page.sizeof)
        for name, code, first, stride in fields:   # a column is one slice of the section's array
            column = array.array(code, data)[first::stride]
            out[f"mem_section[{nr}].pages.{name}"] = hashlib.sha1(column.tobytes()).hexdigest()[:16]
        flags = array.array("Q", data)[0::page.sizeof // 8]
        if flags.count(flags[0]) == per_section:
            out[f"mem_section[{nr}].pages.flag_runs"] = f"{flags[0]:#x}*{per_section}"
            continue
        runs, start = [], 0
        for i in range(1, per_section + 1):
            if i == per_section or flags[i] != flags[start]:
                runs.append(f"{flags[start]:#x}*{i - start}")
                start = i
        out[f"mem_section[{nr}].pages.flag_runs"] = ",".join(runs) if len(runs) <= 256 else f"{len(runs)} runs"


def dump_nodes(out, free_lists):
    node_data = symbol("node_data").value()
    pgdat_type = gdb.lookup_type("struct pglist_data")
    page_size = gdb.lookup_type("struct page").sizeof
    vmemmap = int(symbol("vmemmap_base").value()) if symbol("vmemmap_base") else 0xffffea0000000000
    lo, hi = node_data.type.strip_typedefs().range()
    for nid in range(lo, hi + 1):
        pgdat = int(node_data[nid])
        if not pgdat:
            continue
        out[f"node_data[{nid}]"] = pgdat
        flatten(pgdat_type, read(pgdat, pgdat_type.sizeof), 0, f"NODE_DATA({nid})", out)
        if not free_lists:
            continue
        zones = gdb.Value(pgdat).cast(pgdat_type.pointer()).dereference()["node_zones"]
        zlo, zhi = zones.type.strip_typedefs().range()
        for z in range(zlo, zhi + 1):
            area = zones[z]["free_area"]
            olo, ohi = area.type.strip_typedefs().range()
            for order in range(olo, ohi + 1):
                lists = area[order]["free_list"]
                mlo, mhi = lists.type.strip_typedefs().range()
                for mt in range(mlo, mhi + 1):
                    head = int(lists[mt].address)
                    pfns, node = [], u64(head)
                    while node not in (head, 0) and len(pfns) < 1 << 22:  # 0: an empty zone's lists are not set up
                        pfns.append((node - 8 - vmemmap) // page_size)  # lru follows the flags word
                        node = u64(node)
                    if pfns:
                        out[f"NODE_DATA({nid}).node_zones[{z}].free_area[{order}].free_list[{mt}].pfns"] = \
                            ",".join(f"{p:#x}" for p in pfns)


WHERE = ["connecting"]


def dump(checkpoint):
    WHERE[0] = f"dumping at {checkpoint}"
    out = {}
    for name in GLOBALS:
        dump_object(name, out)
    dump_memblock(out)
    dump_numa_distance(out)
    dump_mem_section(out)
    dump_nodes(out, free_lists=(checkpoint == "free_all_bootmem"))
    if checkpoint == "free_all_bootmem":   # before, parts of the memmap are not initialised yet
        dump_struct_pages(out)
    return out


def run_replay(stops):
    last = int(gdb.parse_and_eval("sizeof(mm_checkpoints) / sizeof(mm_checkpoints[0])")) - 1
    gdb.Breakpoint("*mm_checkpoint_reached", type=gdb.BP_HARDWARE_BREAKPOINT, internal=True)
    while True:
        gdb.execute("continue", to_string=True)
        idx = int(gdb.parse_and_eval("mm_checkpoint_current"))
        nid = int(gdb.parse_and_eval("mm_checkpoint_nid"))
        name = gdb.parse_and_eval(f"mm_checkpoints[{idx}].name").string()
        stops.append({"checkpoint": name, "nid": nid if nid >= 0 else None, "values": dump(name)})
        if idx == last:
            return


def run_linux(version, stops):
    runner = phases.Runner(version)
    last = runner.table[-1]["checkpoint"]
    while True:
        WHERE[0] = "running"
        gdb.execute("continue", to_string=True)
        for p, nid in runner.hit(int(gdb.parse_and_eval("$pc")), u64):
            stops.append({"checkpoint": p["checkpoint"], "nid": nid, "values": dump(p["checkpoint"])})
            if p["checkpoint"] == last:
                return


def main():
    out_path, kernel = os.environ["MM_DUMP_OUT"], os.environ["MM_DUMP_KERNEL"]
    result = {"stops": []}
    try:
        gdb.execute("set pagination off")
        gdb.execute("set confirm off")
        gdb.execute("set trust-readonly-sections on")  # code from the ELF: not mapped at the first instruction
        gdb.execute(f"target remote {os.environ['MM_DUMP_SOCKET']}", to_string=True)
        if kernel == "replay":
            run_replay(result["stops"])
        else:
            run_linux(kernel.split("-", 1)[1], result["stops"])
    except (gdb.error, gdb.MemoryError, DumpError, phases.PhaseError) as e:
        result["error"] = f"{kernel}: {WHERE[0]}: {e}".splitlines()[0]
        import traceback
        traceback.print_exc()
    with open(out_path + ".tmp", "w") as f:
        f.write(json.dumps(result))     # one shot: json's C encoder
    os.replace(out_path + ".tmp", out_path)
    if _memsave:
        import shutil
        shutil.rmtree(os.path.dirname(_memsave[0]), ignore_errors=True)
    try:
        gdb.execute("kill", to_string=True)
    except gdb.error:
        pass


main()
