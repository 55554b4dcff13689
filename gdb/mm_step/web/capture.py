"""GDB's side of `mm serve`: everything here runs on GDB's thread.

Before each prompt (so once the command that moved the machine is done, not at the stops a
navigation passes through) a new stop's snapshot becomes web.view's JSON and goes to the server; a pfn's trace is asked for by the
server's thread through gdb.post_event and waited for. The trace is the commands a student
would type (mm sections, mm vmemmap, mm page), plus the zone and free block that hold the pfn.
"""
import struct
import threading

import gdb

from .. import model, pageblock, snapshot
from ..guest import dwarf, memory, physmem
from ..model import MMError
from ..nav import NAV, serial_path
from . import labels, view

TRACE_WAIT = 20         # seconds the server's thread waits for GDB


def title(where):
    count, idx, nid, ended = where
    if ended:
        return "the end (after the last checkpoint)"
    if not count:
        return "stop 0: before the first checkpoint"
    cp = snapshot.Where(*where).checkpoint
    return f"stop {count}: checkpoint {cp.number} {cp.name}" + (f", node {nid}" if nid >= 0 else "")


def phys_of(vaddr):
    """A kernel virtual address in the direct map or the kernel image, as physical."""
    return vaddr - (model.START_KERNEL_MAP if vaddr >= model.START_KERNEL_MAP else model.PAGE_OFFSET)


def snapshot_labels(snap):
    """Labels of the objects the snapshot knows the place of, without memblock=debug."""
    out = []
    try:
        text_, end = (int(gdb.parse_and_eval(f"(unsigned long)&{s}")) for s in ("_text", "__bss_stop"))
        out.append(labels.Label(phys_of(text_), phys_of(end), "kernel image (_text to __bss_stop)", "kernel",
                                "snapshot: _text, __bss_stop"))
    except gdb.error:
        pass
    try:        # reserve_brk reserves what extend_brk handed out, from __brk_base to _brk_end
        brk, brk_end = int(gdb.parse_and_eval("(unsigned long)&__brk_base")), int(gdb.parse_and_eval("_brk_end"))
        if brk_end > brk:
            out.append(labels.Label(phys_of(brk), phys_of(brk_end), "brk: the kernel's early allocations (extend_brk)",
                                    "kernel", "snapshot: __brk_base, _brk_end"))
    except gdb.error:
        pass
    numa = snap.get("numa_view")
    for nd in numa.node_data if numa else ():
        if nd.addr:
            # alloc_node_data asks for sizeof(pg_data_t) rounded up to a page
            size = -(-nd.size // model.PAGE_SIZE) * model.PAGE_SIZE
            out.append(labels.Label(nd.phys, nd.phys + size, f"NODE_DATA({nd.nid}): pg_data_t of node {nd.nid}",
                                    "numa", "snapshot: node_data[]"))
    if snap.get("sections") is not None:
        roots_addr = int(dwarf.value("mem_section"))
        nr_roots = model.NR_MEM_SECTIONS // snap.sections_per_root()
        out.append(labels.Label(phys_of(roots_addr), phys_of(roots_addr) + nr_roots * 8,
                                "mem_section: the array of root pointers", "sparse", "snapshot: mem_section"))
        roots = struct.unpack(f"<{nr_roots}Q", memory.read(roots_addr, nr_roots * 8, "mem_section roots"))
        out += [labels.Label(phys_of(r), phys_of(r) + model.PAGE_SIZE, f"mem_section root {i}", "sparse",
                             f"snapshot: mem_section[{i}]") for i, r in enumerate(roots) if r]
        out += labels.merge_runs([(phys_of(s.pageblock_flags), phys_of(s.pageblock_flags) + pageblock.USEMAP_BYTES)
                                  for s in snap.sections() if s.pageblock_flags],
                                 "usemaps (pageblock migratetypes)", "sparse", "snapshot: section.pageblock_flags")
    return out


def vmemmap_labels(snap):
    """The vmemmap's page tables and the memmap blocks they map, found by walking the page
    tables of every section's struct pages (one walk per block; a 2 MiB block holds a section's)."""
    if snap.get("sections") is None or not any(s.has_mem_map for s in snap.sections()):
        return []
    ps, base, cr3 = snap.page_size(), snap.vmemmap_base(), memory.cr3()
    pages = {}

    def read(p, size):          # a few table pages serve every walk: each is read once
        page = p & ~(model.PAGE_SIZE - 1)
        if page not in pages:
            pages[page] = memory.read_phys(page, model.PAGE_SIZE, "a vmemmap page table")
        return pages[page][p - page:p - page + size]
    tables, blocks = {}, []
    for sec in snap.sections():
        if not sec.has_mem_map:
            continue
        va = base + model.section_nr_to_pfn(sec.nr) * ps
        end = va + model.PAGES_PER_SECTION * ps
        while va < end:
            path = physmem.levels(read, cr3, va)
            for level, _, addr, _ in path[1:]:          # the PGD is the kernel's own (in its image)
                tables[addr & ~(model.PAGE_SIZE - 1)] = level
            level, idx, addr, entry = path[-1]
            if not physmem.is_leaf(level, idx, addr, entry):
                break
            size = 1 << physmem.level_shift(level)
            phys = entry & physmem.PHYS_MASK & ~(size - 1)
            blocks.append((phys, phys + size))
            va = (va & ~(size - 1)) + size
    out = [labels.Label(t, t + model.PAGE_SIZE, f"vmemmap page table (a {level} table)", "vmemmap",
                        "snapshot: vmemmap page-table walk") for t, level in tables.items()]
    return out + labels.merge_runs(blocks, "memmap: struct pages, mapped at vmemmap", "memmap",
                                   "snapshot: vmemmap page-table walk")


def stop_view(snap, where):
    st = snap.state()
    free = snap.get("free_blocks")
    log = NAV.log_lines() if serial_path() else []
    lab = labels.combine(snapshot_labels(snap), labels.from_log(log),
                         vmemmap_labels(snap) + labels.from_e820(st["e820"]))
    unlabelled = labels.UNLABELLED if any(labels.RANGE.match(labels.STAMP.sub("", l)) for l in log) \
        else labels.UNLABELLED_NO_DEBUG
    return view.stop(st, [list(b) for b in free] if free is not None else None, lab, title(where), unlabelled)


def stopped():
    """Whether there is a machine to read: connected, and stopped."""
    th = gdb.selected_thread()
    return bool(gdb.selected_inferior().pid) and th is not None and not th.is_running()


class Capture:
    def __init__(self, server):
        self.server = server
        self.last = None            # the Where captured last: a stop is captured once

    def __call__(self, *_):
        """Publish the current stop, if it is a new one; quietly nothing while GDB cannot read."""
        where = None
        try:
            if not stopped():
                return
            where = NAV.where()
            if where == self.last:
                return
            snap = snapshot.current(where)
            self.server.publish(where[0] + (1 if where[3] else 0), title(where), stop_view(snap, where))
            self.last = where
        except (MMError, gdb.error):
            pass
        except Exception as e:      # a bug: one line, once per stop, never a traceback at every prompt
            if where != self.last:
                self.last = where
                gdb.write(f"mm serve: stop not shown: internal error: {type(e).__name__}: {e}\n", gdb.STDERR)


def run_on_gdb(fn):
    """@fn() on GDB's thread, from another thread: its result, or TimeoutError."""
    box, done = [], threading.Event()

    def call():
        try:
            box.append(("ok", fn()))
        except Exception as e:      # reported to the page, never lost
            box.append(("error", f"{type(e).__name__}: {e}"))
        done.set()
    gdb.post_event(call)
    if not done.wait(TRACE_WAIT):
        raise TimeoutError
    kind, value = box[0]
    if kind == "error":
        return {"error": value}
    return value


def command_step(title_, cmd):
    try:
        return {"title": title_, "command": cmd, "ok": True, "text": gdb.execute(cmd, to_string=True)}
    except gdb.error as e:
        return {"title": title_, "command": cmd, "ok": False, "text": str(e)}


def trace(pfn):
    """The steps from @pfn to its free list, each with the command that shows it."""
    if not stopped():
        return {"error": "the machine is running (or gone): stop it in GDB, then click again"}
    snap = snapshot.current()
    nr = model.pfn_to_section_nr(pfn)
    steps = [command_step(f"section {nr} (mem_section[{nr} / SECTIONS_PER_ROOT][{nr} % SECTIONS_PER_ROOT])",
                          f"mm sections {nr}"),
             command_step("vmemmap: the page-table walk to its struct page", f"mm vmemmap {pfn:#x}"),
             command_step("struct page", f"mm page {pfn:#x}")]
    zone = next(((n, z) for n in snap.get("nodes") or [] for z in n.zones
                 if z.zone_start_pfn <= pfn < z.end_pfn), None)
    if zone:
        n, z = zone
        text = (f"node {n.nid}, zone {z.name}: pfns {z.zone_start_pfn:#x}-{z.end_pfn - 1:#x}, spanned {z.spanned_pages}, "
                f"present {z.present_pages}, managed {z.managed_pages}\n")
        steps.append({"title": f"zone {z.name} of node {n.nid}", "command": f"mm zones {n.nid}", "ok": True,
                      "text": text})
    else:
        steps.append({"title": "zone", "command": "mm zones", "ok": False,
                      "text": "no zone spans this pfn at this stop (zones are sized at free_area_init_node)\n"})
    free = snap.get("free_blocks")
    block = next(((h, o) for h, o in free or () if h <= pfn < h + (1 << o)), None)
    if block and zone:
        h, o = block
        names = snap.get("migratetype_names") or []
        mt = snap.get("pageblock_migratetype", h)
        mt = names[mt] if mt is not None and mt < len(names) else mt
        text = (f"pfn {pfn:#x} is in the free block of order {o} that starts at pfn {h:#x} "
                f"({1 << o} pages, {model.human_size((1 << o) << model.PAGE_SHIFT)}), on "
                f"zone {zone[1].name}'s free_area[{o}].free_list[{mt}]; free_area[{o}].nr_free = "
                f"{zone[1].free_area[o].nr_free}\n")
        steps.append({"title": f"free_area[{o}]", "command": "mm buddyinfo", "ok": True, "text": text, "block": [h, o]})
    else:
        why = ("no free lists yet (free_all_bootmem fills them)" if free is None else
               "not on any free list: reserved or in use")
        steps.append({"title": "free_area", "command": "mm buddyinfo", "ok": False, "text": why + "\n"})
    return {"pfn": pfn, "addr": pfn << model.PAGE_SHIFT, "stop": title(NAV.where()), "steps": steps}
