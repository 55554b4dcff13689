"""Run under GDB (structs419 starts it): stop a kernel at each of the replay's checkpoints and dump
its memory-management structures, as flat {path: value}, into a JSON file.

One dumper for both kernels, and no reader of its own: everything is read through the plugin's
layers (gdb/mm_step: guest/ for memory and DWARF, readers/ per subsystem, one snapshot per stop),
by the names and types of the debug info, which the replay shares with Linux 4.19 (memblock,
numa_meminfo, numa_distance, node_states, mem_section, node_data, the zones, their free lists).
Whole structures are flattened field by field (guest.dwarf.flatten); what one kernel lacks is
simply absent. Stops: where the plugin's sessions stop (readers/kernel.py's Kernel): on the replay,
its hardware breakpoint mm_checkpoint_reached; on Linux, the phase table (gdb/mm_step/linux/
phases.py), each stop verified by the table's condition.

Environment: MM_DUMP_KERNEL (replay | linux-VERSION), MM_DUMP_SOCKET (QEMU's gdbstub),
MM_DUMP_OUT (the JSON file). It writes {"stops": [...]} or {"error": "one line"}.
"""
import array
import hashlib
import json
import os
import sys

import gdb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "gdb"))
from mm_step import checkpoints  # noqa: E402
from mm_step.guest import dwarf, memory  # noqa: E402
from mm_step.model import PAGES_PER_SECTION, MMError  # noqa: E402
from mm_step.readers import kernel  # noqa: E402
from mm_step.snapshot import Snapshot, Where  # noqa: E402

GLOBALS = ("max_pfn", "max_low_pfn", "min_low_pfn", "max_possible_pfn", "nr_node_ids", "nr_online_nodes",
           "totalram_pages", "totalreserve_pages", "arch_zone_lowest_possible_pfn", "arch_zone_highest_possible_pfn",
           "zone_movable_pfn", "required_kernelcore", "required_movablecore", "movable_zone", "nr_kernel_pages",
           "nr_all_pages", "dma_reserve", "vm_zone_stat", "vm_node_stat", "node_states", "numa_nodes_parsed",
           "numa_distance_cnt", "numa_meminfo")
PAGE_FIELDS = ("flags", "_refcount", "_mapcount", "lru.next", "lru.prev", "index", "private")
LAST = checkpoints.TABLE[-1].name       # free_all_bootmem: the free lists and every struct page are set


def dump_memblock(snap, out):
    bottom_up, out["memblock.current_limit"] = snap.memblock_config()
    out["memblock.bottom_up"] = int(bottom_up)
    region = dwarf.lookup_type("struct memblock_region")
    for kind in ("memory", "reserved"):
        cnt, mx, total, regions = snap.memblock_raw(kind)
        out[f"memblock.{kind}.cnt"], out[f"memblock.{kind}.max"], out[f"memblock.{kind}.total_size"] = cnt, mx, total
        for i in range(cnt):
            dwarf.flatten(region, regions, i * region.sizeof, f"memblock.{kind}.regions[{i}]", out)


def dump_numa_distance(snap, out):
    if dwarf.find_symbol("numa_distance") is None or dwarf.find_symbol("numa_distance_cnt") is None:
        return
    raw = snap.numa_distance_raw()
    if raw is not None:
        out["numa_distance"] = raw.hex()


def dump_mem_section(snap, out):
    """Every mem_section that is not all zero, field by field, and the usemap of each one with a
    pageblock_flags (4.19's place for it)."""
    if dwarf.find_symbol("mem_section") is None or not int(dwarf.value("mem_section")):
        return
    st = dwarf.lookup_type("struct mem_section")
    out["mem_section.sizeof"] = st.sizeof
    for r, root, buf in snap.section_roots():
        out[f"mem_section.root[{r}]"] = root
        for i in range(snap.sections_per_root()):
            if not any(buf[i * st.sizeof:(i + 1) * st.sizeof]):
                continue
            path = f"mem_section[{r * snap.sections_per_root() + i}]"
            dwarf.flatten(st, buf, i * st.sizeof, path, out)
            if out.get(path + ".pageblock_flags"):
                out[path + ".usemap"] = snap.usemaps()[r * snap.sections_per_root() + i].hex()


def dump_struct_pages(snap, out):
    """Every struct page of every section with a mem_map, per section and field: a digest of that
    field's column (the values themselves would be millions), and the runs of page flags."""
    page = dwarf.lookup_type("struct page")
    fields = []
    for name in PAGE_FIELDS:
        try:
            off, ft = dwarf.find_field(page, name)
        except KeyError:
            continue
        if ft.sizeof in (1, 2, 4, 8) and off % ft.sizeof == 0:
            fields.append((name, "BHIQ"[(1, 2, 4, 8).index(ft.sizeof)], off // ft.sizeof, page.sizeof // ft.sizeof))
    memmap = snap.memmap()
    for s in snap.sections():
        if not s.has_mem_map:
            continue
        buf, first, _ = memmap.chunk(s.start_pfn)
        data = buf[first * page.sizeof:(first + PAGES_PER_SECTION) * page.sizeof]
        for name, code, start, stride in fields:   # a column is one slice of the section's array
            column = array.array(code, data)[start::stride]
            out[f"mem_section[{s.nr}].pages.{name}"] = hashlib.sha1(column.tobytes()).hexdigest()[:16]
        flags = array.array("Q", data)[0::page.sizeof // 8]
        if flags.count(flags[0]) == PAGES_PER_SECTION:
            out[f"mem_section[{s.nr}].pages.flag_runs"] = f"{flags[0]:#x}*{PAGES_PER_SECTION}"
            continue
        runs, start = [], 0
        for i in range(1, PAGES_PER_SECTION + 1):
            if i == PAGES_PER_SECTION or flags[i] != flags[start]:
                runs.append(f"{flags[start]:#x}*{i - start}")
                start = i
        out[f"mem_section[{s.nr}].pages.flag_runs"] = ",".join(runs) if len(runs) <= 256 else f"{len(runs)} runs"


def dump_nodes(snap, out, free_lists):
    pgdat = dwarf.lookup_type("struct pglist_data")
    for nid, addr, buf in snap.pgdats():
        out[f"node_data[{nid}]"] = addr
        dwarf.flatten(pgdat, buf, 0, f"NODE_DATA({nid})", out)
        if not free_lists:
            continue
        for z in range(snap.nr_zones()):
            for order, lists in enumerate(snap.free_lists(nid, z)):
                for mt, pfns in enumerate(lists):
                    if pfns:
                        out[f"NODE_DATA({nid}).node_zones[{z}].free_area[{order}].free_list[{mt}].pfns"] = \
                            ",".join(f"{p:#x}" for p in pfns)


WHERE = ["connecting"]


def dump(count, index, checkpoint, nid):
    """The @count'th stop, at @checkpoint (index @index of the kernel's stop table; of node @nid,
    -1 if none): its values."""
    WHERE[0] = f"dumping at {checkpoint}"
    snap = Snapshot(Where(count, index, nid, False), kernel.Record.empty())
    out = {}
    for name in GLOBALS:
        dwarf.flatten_global(name, out)
    dump_memblock(snap, out)
    dump_numa_distance(snap, out)
    dump_mem_section(snap, out)
    dump_nodes(snap, out, free_lists=(checkpoint == LAST))
    if checkpoint == LAST:   # before, parts of the memmap are not initialised yet
        dump_struct_pages(snap, out)
    return {"checkpoint": checkpoint, "nid": nid if nid >= 0 else None, "values": out}


def run(kern, stops):
    """Stop @kern where the plugin stops it (readers.kernel: its breakpoints, its record of the stops)
    and dump each stop, up to the last checkpoint."""
    kern.check()
    kern.ensure_breakpoints()
    seen = 0
    while not stops or stops[-1]["checkpoint"] != LAST:
        WHERE[0] = "running"
        gdb.execute("continue", to_string=True)
        pc = memory.register("pc")
        if kern.stops().get(pc) == "exit":
            raise MMError(f"the kernel ended before checkpoint {LAST}")
        kern.arrive(pc)
        for idx, nid in kern.stops_since(seen):
            seen += 1
            phase = kern.table()[idx]
            if getattr(phase, "only_in", None):
                continue    # a phase only this version has (6.1's memmap_init): the dumps hold the replay's checkpoints
            stops.append(dump(len(stops) + 1, idx, phase.name, nid))


def main():
    out_path, kernel_name = os.environ["MM_DUMP_OUT"], os.environ["MM_DUMP_KERNEL"]
    result = {"stops": []}
    try:
        gdb.execute("set pagination off")
        gdb.execute("set confirm off")
        gdb.execute("set trust-readonly-sections on")  # code from the ELF: not mapped at the first instruction
        gdb.execute(f"target remote {os.environ['MM_DUMP_SOCKET']}", to_string=True)
        run(kernel.select(kernel_name), result["stops"])
    except (gdb.error, gdb.MemoryError, MMError) as e:
        result["error"] = f"{kernel_name}: {WHERE[0]}: {e}".splitlines()[0]
        import traceback
        traceback.print_exc()
    with open(out_path + ".tmp", "w") as f:
        f.write(json.dumps(result))     # one shot: json's C encoder
    os.replace(out_path + ".tmp", out_path)
    try:
        gdb.execute("kill", to_string=True)
    except gdb.error:
        pass


main()
