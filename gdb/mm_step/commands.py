"""The GDB commands: mm-step, mm-goto, mm-back, mm-restart, mm-phases and the `mm` prefix.

Each command's docstring is its help. Errors are one line (gdb.GdbError), never a traceback.
"""
import functools
import json
import os
import sys

import gdb

from . import checkpoints, invariants, model, nav, target
from .model import MMError
from .nav import NAV
from .render import text

TOTAL = len(checkpoints.TABLE)


def color_on():
    return COLOR.value and sys.stdout.isatty() and os.isatty(1)


def heading(s):
    return f"\x1b[1;36m{s}\x1b[0m" if color_on() else s


def one_line_errors(fn):
    @functools.wraps(fn)
    def wrapper(self, arg, from_tty):
        try:
            return fn(self, arg, from_tty)
        except MMError as e:
            raise gdb.GdbError(str(e)) from None
        except gdb.GdbError:
            raise
        except KeyboardInterrupt:
            raise gdb.GdbError("interrupted") from None
        except (gdb.error, gdb.MemoryError) as e:
            raise gdb.GdbError(f"{self.cmdname}: {str(e).splitlines()[0] if str(e) else 'GDB error'}") from None
        except Exception as e:  # a bug in the plugin: still one line
            raise gdb.GdbError(f"{self.cmdname}: internal error: {type(e).__name__}: {e}") from None
    return wrapper


def require(cp_name, what):
    """MMError unless the current stop is at or after checkpoint @cp_name."""
    count, idx, nid, ended = NAV.where()
    cp = checkpoints.by_name(cp_name)
    if ended:
        return
    if count == 0:
        raise MMError(f"{what} at checkpoint {cp.name} ({cp.number}/{TOTAL}); the machine is before the first "
                      "checkpoint: mm-goto " + cp.name)
    if idx < cp.index:
        cur = checkpoints.TABLE[idx]
        raise MMError(f"{what} at checkpoint {cp.name} ({cp.number}/{TOTAL}); you are at {cur.name} "
                      f"({cur.number}/{TOTAL})")


PER_NODE = [cp.index for cp in checkpoints.TABLE if cp.per_node]


def nodes_past(cp_name):
    """The nids that have finished per-node checkpoint @cp_name: free_area_init_nodes visits the
    online nodes in nid order, each through every per-node checkpoint."""
    count, idx, cur, ended = NAV.where()
    cp = checkpoints.by_name(cp_name)
    nids = {n.nid for n in target.nodes()}
    if ended or (count and idx > max(PER_NODE)):
        return nids
    if not count or idx < min(PER_NODE):
        return set()
    return {n for n in nids if n < cur or (n == cur and idx >= cp.index)}


def no_args(arg, usage):
    if arg.strip():
        raise MMError(f"unexpected argument '{arg.strip()}'; usage: {usage}")


def node_ids():
    try:
        return [str(i) for i, p in enumerate(target.node_data_ptrs()) if p]
    except Exception:
        return []


def checkpoint_completions(word):
    names = [cp.name for cp in checkpoints.TABLE] + ["last"]
    names += [f"{cp.name}:{n}" for cp in checkpoints.TABLE if cp.per_node for n in
              sorted({n for i, n in NAV.history.values() if i == cp.index})]
    return [n for n in names if n.startswith(word)]


class Cmd(gdb.Command):
    cmdname = ""
    cmdclass = gdb.COMMAND_USER
    complete_with = gdb.COMPLETE_NONE

    def __init__(self):
        super().__init__(self.cmdname, self.cmdclass, self.complete_with)


# ---- navigation ---------------------------------------------------------------------------------

class MmStep(Cmd):
    """Run to the next checkpoint and say what that phase did.

Usage: mm-step [N]
  N   how many checkpoints to go forward (default 1).
Example: mm-step        (checkpoint 1/10 e820__memblock_setup ... then numa_init ...)"""
    cmdname = "mm-step"

    @one_line_errors
    def invoke(self, arg, from_tty):
        n = model.parse_number(arg) if arg.strip() else 1
        if n < 1:
            raise MMError("usage: mm-step [N], N >= 1")
        before = NAV.where()[0]
        NAV.summary_at(before) if before else None
        for _ in range(n):
            NAV.forward()
        print(heading(NAV.banner(before)))


class MmGoto(Cmd):
    """Go to a checkpoint, forward or back.

Usage: mm-goto NAME | NAME:NODE | NUMBER | last
  NAME      a checkpoint's name (mm-phases lists them); per-node ones take :NODE (default: first node)
  NUMBER    1 to 10
  last      the last checkpoint the kernel reaches
Example: mm-goto free_area_init_core:1"""
    cmdname = "mm-goto"

    @one_line_errors
    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise MMError("usage: mm-goto NAME|NAME:NODE|NUMBER|last (mm-phases lists the names)")
        before = NAV.where()[0]
        if before:
            NAV.summary_at(before)
        NAV.goto(arg.strip())
        print(heading(NAV.banner(before)))

    def complete(self, text_, word):
        return checkpoint_completions(word or "")


class MmBack(Cmd):
    """Go back one checkpoint (resets the machine and replays up to the stop before).

Usage: mm-back
Example: mm-goto sparse_init, then mm-back -> sparse_memory_present_with_active_regions"""
    cmdname = "mm-back"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm-back")
        count, _, _, ended = NAV.where()
        if ended:
            target_count = count
        elif count <= 1:
            raise MMError("already at the first checkpoint: nothing before it" if count else
                          "before the first checkpoint: nothing to go back to")
        else:
            target_count = count - 1
        NAV.goto_count(target_count)
        print(heading(NAV.banner(count)))


class MmRestart(Cmd):
    """Reset the machine and stop at the first checkpoint.

Usage: mm-restart
Example: mm-restart"""
    cmdname = "mm-restart"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm-restart")
        NAV.reset()
        NAV.forward()
        print(heading(NAV.banner()))


class MmPhases(Cmd):
    """List every checkpoint: passed, current or ahead.

Usage: mm-phases
Example: mm-phases"""
    cmdname = "mm-phases"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm-phases")
        count, _, _, ended = NAV.where()
        print(text.phases(checkpoints.TABLE, NAV.stops(), count if not ended else count + 1))
        if ended:
            print("   the kernel has finished (mm-back / mm-restart)")
        elif count == 0:
            print("   the machine is before the first checkpoint (mm-step)")


# ---- mm ... -------------------------------------------------------------------------------------

class Mm(gdb.Command):
    """Inspect the replay kernel's memory-management structures at the current checkpoint.

Subcommands: e820, memblock, numa, sections, pgdat, zones, zoneinfo, buddyinfo, pagetypeinfo, page,
vmemmap, map, diff, check, log, explain, export. Navigation: mm-step, mm-goto, mm-back, mm-restart, mm-phases.
Example: mm-goto last, then mm zones"""

    def __init__(self):
        super().__init__("mm", gdb.COMMAND_USER, gdb.COMPLETE_COMMAND, True)


class MmE820(Cmd):
    """The kernel's e820 table (e820_table), as e820__print_table sees it.

Usage: mm e820
Example: mm e820"""
    cmdname = "mm e820"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm e820")
        target.check_target()
        print(text.e820(target.e820_table()))


class MmMemblock(Cmd):
    """memblock's memory and reserved regions (like memblock=debug's __memblock_dump_all).

Usage: mm memblock [memory|reserved]
Example: mm memblock reserved"""
    cmdname = "mm memblock"

    @one_line_errors
    def invoke(self, arg, from_tty):
        which = arg.split() or ["memory", "reserved"]
        if len(which) > 1 and arg.strip() or any(w not in ("memory", "reserved") for w in which):
            raise MMError("usage: mm memblock [memory|reserved]")
        target.check_target()
        mb = target.value("memblock", "memblock")
        print(f"MEMBLOCK configuration:\n bottom_up = {'true' if bool(mb['bottom_up']) else 'false'}, "
              f"current_limit = {int(mb['current_limit']):#x}")
        for w in which:
            print(text.memblock_type(target.memblock_type(w)))

    def complete(self, text_, word):
        return [w for w in ("memory", "reserved") if w.startswith(word or "")]


class MmNuma(Cmd):
    """NUMA: the node masks, numa_meminfo's blocks, node distances and each node's pg_data_t.

Usage: mm numa
Example: mm numa"""
    cmdname = "mm numa"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm numa")
        target.check_target()
        require("numa_init", "NUMA information is read")
        print(text.numa(target.numa_view(nodes_past("calculate_node_totalpages"))))


class MmSections(Cmd):
    """SPARSEMEM sections (mem_section), like crash's kmem -n.

Usage: mm sections [NR|--all]
  NR      one section number;  --all  every non-empty section (default: the same)
Example: mm sections 0"""
    cmdname = "mm sections"

    @one_line_errors
    def invoke(self, arg, from_tty):
        target.check_target()
        require("sparse_memory_present_with_active_regions", "mem_section is filled in")
        secs = target.sections()
        a = arg.strip()
        if a and a != "--all":
            nr = model.parse_number(a)
            if nr >= model.NR_MEM_SECTIONS:
                raise MMError(f"section {nr} is beyond NR_MEM_SECTIONS ({model.NR_MEM_SECTIONS})")
            secs = [s for s in secs if s.nr == nr]
            if not secs:
                raise MMError(f"section {nr} is empty (not present)")
        print(text.sections(secs, target.page_size(), target.sections_per_root()))


def parse_nid(arg, usage):
    a = arg.strip()
    if not a:
        return None
    nid = model.parse_number(a)
    ids = [n.nid for n in target.nodes()]
    if nid not in ids:
        raise MMError(f"no node {nid} (nodes: {', '.join(map(str, ids)) or 'none'}); usage: {usage}")
    return nid


class NodeCmd(Cmd):
    def complete(self, text_, word):
        return [n for n in node_ids() if n.startswith(word or "")]


class MmPgdat(NodeCmd):
    """A node's pg_data_t (NODE_DATA(nid)).

Usage: mm pgdat [NID]
Example: mm pgdat 0"""
    cmdname = "mm pgdat"

    @one_line_errors
    def invoke(self, arg, from_tty):
        target.check_target()
        require("numa_init", "pg_data_t are allocated")
        nid = parse_nid(arg, "mm pgdat [NID]")
        print("\n".join(text.pgdat(n) for n in target.nodes() if nid is None or n.nid == nid))


class MmZones(NodeCmd):
    """Every zone: start pfn, spanned, present, managed and free pages (like crash's kmem -z).

Usage: mm zones [NID]
Example: mm zones 1"""
    cmdname = "mm zones"

    @one_line_errors
    def invoke(self, arg, from_tty):
        target.check_target()
        require("calculate_node_totalpages", "zones are sized")
        nid = parse_nid(arg, "mm zones [NID]")
        nodes = [n for n in target.nodes() if nid is None or n.nid == nid]
        sized = nodes_past("calculate_node_totalpages")
        print(text.zones(nodes, pending={n.nid for n in nodes} - sized))


def vmstat_names():
    """(node, zone, numa item names) from the kernel's vmstat_text, if it has one."""
    sym = target.find_symbol("vmstat_text")
    if sym is None:
        return (), (), ()
    try:
        nz = int(gdb.parse_and_eval("NR_VM_ZONE_STAT_ITEMS"))
        nn = int(gdb.parse_and_eval("NR_VM_NODE_STAT_ITEMS"))
        try:
            nnuma = int(gdb.parse_and_eval("NR_VM_NUMA_STAT_ITEMS"))
        except gdb.error:
            nnuma = 0
    except gdb.error:
        return (), (), ()
    names = target.string_array("vmstat_text")
    return names[nz + nnuma:nz + nnuma + nn], names[:nz], names[nz:nz + nnuma]


def proc_nodes(state):
    """The nodes a /proc file shows (node_states[@state]) that are past free_area_init_core, and a
    line naming those that are not yet ("" when none)."""
    nids = target.node_states().get(state, set())
    nodes = [n for n in target.nodes() if n.nid in nids]
    done = nodes_past("free_area_init_core")
    todo = [n.nid for n in nodes if n.nid not in done]
    note = (f"(not initialised yet, so not shown: node {', '.join(map(str, todo))}; "
            f"mm-goto free_area_init_core:{todo[0]})\n") if todo else ""
    if state != "N_ONLINE":
        later = [n.nid for n in target.nodes() if n.nid not in nids and n.node_present_pages]
        if later:
            note += (f"(node {', '.join(map(str, later))} has memory but is not in node_states[{state}] yet: "
                     "free_area_init_nodes sets it after the node's free_area_init_node)\n")
    return [n for n in nodes if n.nid in done], note


class MmZoneinfo(Cmd):
    """/proc/zoneinfo, in Linux 4.19's exact format.

Usage: mm zoneinfo
Example: mm zoneinfo"""
    cmdname = "mm zoneinfo"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm zoneinfo")
        target.check_target()
        require("free_area_init_core", "zones are initialised")
        nodes, note = proc_nodes("N_ONLINE")
        sys.stdout.write(text.zoneinfo(nodes, *vmstat_names()) + note)


class MmBuddyinfo(Cmd):
    """/proc/buddyinfo: free blocks per order in each populated zone.

Usage: mm buddyinfo
Example: mm buddyinfo"""
    cmdname = "mm buddyinfo"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm buddyinfo")
        target.check_target()
        require("free_area_init_core", "free lists are initialised")
        nodes, note = proc_nodes("N_ONLINE")
        sys.stdout.write(text.buddyinfo(nodes) + note)


class MmPagetypeinfo(Cmd):
    """/proc/pagetypeinfo: free list lengths per migratetype, pageblocks per migratetype.

Usage: mm pagetypeinfo
Example: mm pagetypeinfo"""
    cmdname = "mm pagetypeinfo"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm pagetypeinfo")
        target.check_target()
        require("free_area_init_core", "free lists are initialised")
        nodes, note = proc_nodes("N_MEMORY")        # pagetypeinfo_show skips memoryless nodes
        lengths, blocks = {}, {}
        for n in nodes:
            for z in n.zones:
                if z.populated:
                    lengths[(n.nid, z.index)] = target.free_list_counts(n.nid, z.index)
                    blocks[(n.nid, z.index)] = target.pageblock_counts(z)
        sys.stdout.write(text.pagetypeinfo(nodes, lengths, blocks, target.migratetype_names()) + note)


class MmPage(Cmd):
    """One struct page: decoded flags, node, zone, refcount, mapcount/page_type, private.

Usage: mm page PFN        (decimal or 0x...)
Example: mm page 0x1000"""
    cmdname = "mm page"

    @one_line_errors
    def invoke(self, arg, from_tty):
        if len(arg.split()) != 1:
            raise MMError("usage: mm page PFN (decimal or 0x...)")
        pfn = model.parse_number(arg)
        target.check_target()
        require("sparse_init", "struct pages exist")
        p = target.page(pfn)
        zn = target.string_array("zone_names") or None
        try:
            mt = target.pageblock_migratetype(pfn)
            mt = target.migratetype_names()[mt] if mt is not None and mt < len(target.migratetype_names()) else mt
        except MMError:
            mt = None
        print(text.page(p, target.page_flags_layout(), zn, mt))


class MmVmemmap(Cmd):
    """Walk the page tables (4 levels, from CR3) for the vmemmap address of a pfn.

Usage: mm vmemmap PFN|VADDR     (a VADDR is >= 0xffff800000000000)
Example: mm vmemmap 0x1000"""
    cmdname = "mm vmemmap"

    @one_line_errors
    def invoke(self, arg, from_tty):
        if len(arg.split()) != 1:
            raise MMError("usage: mm vmemmap PFN|VADDR")
        n = model.parse_number(arg)
        target.check_target()
        require("sparse_init", "vmemmap is populated")
        ps = target.page_size()
        vaddr = n if n >= 0xffff800000000000 else target.vmemmap_base() + n * ps
        print(f"vaddr {vaddr:#x}" + ("" if n >= 0xffff800000000000 else f" = vmemmap + {n:#x} * {ps}"))
        table = target.cr3() & ~0xfff & ((1 << 52) - 1)
        print(f"CR3 {target.cr3():#x}")
        for level, shift in (("PGD", 39), ("PUD", 30), ("PMD", 21), ("PTE", 12)):
            idx = (vaddr >> shift) & 511
            entry = int.from_bytes(target.read_phys(table + idx * 8, 8, f"the {level}"), "little")
            print(f"  {level}[{idx:3d}] @ phys {table + idx * 8:#x} = {entry:#018x}", end="")
            if not entry & 1:
                print("  not present")
                raise MMError(f"{vaddr:#x} is not mapped ({level} entry not present)")
            frame = entry & 0x000ffffffffff000
            if level in ("PUD", "PMD") and entry & 0x80:
                size = 1 << shift
                phys = (entry & 0x000fffffffffe000 & ~(size - 1)) + (vaddr & (size - 1))
                print(f"  {model.human_size(size)} page")
                print(f"-> phys {phys:#x}")
                return
            print()
            table = frame
        print(f"-> phys {table + (vaddr & 0xfff):#x}")


class MmDiff(Cmd):
    """What changed between two checkpoints (default: the previous stop and this one).

Usage: mm diff [FROM [TO]]      (checkpoint names, NAME:NODE or numbers; TO defaults to here)
Example: mm diff sparse_init free_all_bootmem"""
    cmdname = "mm diff"

    @one_line_errors
    def invoke(self, arg, from_tty):
        args = arg.split()
        if len(args) > 2:
            raise MMError("usage: mm diff [FROM [TO]]")
        here = NAV.where()[0]
        if here == 0:
            raise MMError("before the first checkpoint: nothing to compare (mm-step)")
        for a in args:
            try:
                checkpoints.parse_spec(a)
            except ValueError as e:
                raise MMError(str(e)) from None
        NAV.summary_at(here)
        if not args:
            if here <= 1:
                raise MMError("at the first checkpoint: nothing before it to compare with")
            counts = [here - 1, here]
            if here - 1 not in NAV.summaries:
                NAV.goto_count(here - 1)
                NAV.summary_at(here - 1)
        else:
            counts = []
            for a in args:
                NAV.goto(a)
                c = NAV.where()[0]
                NAV.summary_at(c)
                counts.append(c)
            if len(counts) == 1:
                counts.append(here)
        if NAV.where()[0] != here:
            NAV.goto_count(here)
        lines = model.diff_summaries(NAV.summaries[counts[0]], NAV.summaries[counts[1]])
        print(f"stop {counts[0]} -> stop {counts[1]}:")
        print("\n".join("  " + l for l in lines) if lines else "  no change")

    def complete(self, text_, word):
        return checkpoint_completions(word or "")


EXPLAIN = {
    "e820": "The firmware's map of physical memory (BIOS INT 15h E820 / PVH memmap). Linux sanitises it "
            "(e820__update_table), trims it (trim_bios_range) and feeds its RAM to memblock.memory. See: mm e820.",
    "memblock": "The boot-time allocator: memblock.memory lists RAM, memblock.reserved what is taken. Allocations "
                "before the buddy allocator come from here. See: mm memblock.",
    "numa": "numa_init reads SRAT/SLIT (or fakes one node), builds numa_meminfo, sets the nid of every memblock "
            "region and allocates a pg_data_t per node (alloc_node_data). See: mm numa, mm pgdat.",
    "sections": "SPARSEMEM cuts physical memory into 128 MiB sections; mem_section[root][idx] says which are "
                "present and where their struct pages are (section_mem_map, encoded). See: mm sections.",
    "vmemmap": "All struct pages live in one virtual array at 0xffffea0000000000: pfn_to_page(pfn) = vmemmap + pfn. "
               "sparse_init backs it with 2 MiB pages. See: mm vmemmap PFN.",
    "zones": "Each node's memory is split into ZONE_DMA (<16 MiB), ZONE_DMA32 (<4 GiB), ZONE_NORMAL and ZONE_MOVABLE. "
             "spanned includes holes, present does not, managed is what the buddy allocator owns. See: mm zones.",
    "buddy": "The buddy allocator keeps free blocks of 2^order pages on free_area[order].free_list[migratetype]; "
             "free_all_bootmem hands memblock's free memory to it. See: mm buddyinfo, mm pagetypeinfo.",
    "page": "struct page (64 bytes): flags holds the PG_ bits and, at the top, the node and zone; _refcount, "
            "_mapcount/page_type (PageBuddy), private (the buddy order). See: mm page PFN.",
}


class MmExplain(Cmd):
    """A short explanation of a topic, with the command that shows it.

Usage: mm explain TOPIC     (e820, memblock, numa, sections, vmemmap, zones, buddy, page)
Example: mm explain sections"""
    cmdname = "mm explain"

    @one_line_errors
    def invoke(self, arg, from_tty):
        t = arg.strip()
        if t not in EXPLAIN:
            raise MMError(f"usage: mm explain TOPIC, one of: {', '.join(EXPLAIN)}")
        print(EXPLAIN[t])

    def complete(self, text_, word):
        return [t for t in EXPLAIN if t.startswith(word or "")]


class MmExport(Cmd):
    """Write everything readable at this checkpoint as JSON.

Usage: mm export FILE.json
Example: mm export /tmp/state.json"""
    cmdname = "mm export"
    complete_with = gdb.COMPLETE_FILENAME

    @one_line_errors
    def invoke(self, arg, from_tty):
        if len(arg.split()) != 1:
            raise MMError("usage: mm export FILE.json")
        from .render import jsonout
        target.check_target()
        count, idx, nid, ended = NAV.where()
        doc = jsonout.export(state_dict(count, idx, nid, ended))
        try:
            with open(os.path.expanduser(arg.strip()), "w") as f:
                f.write(doc)
        except OSError as e:
            raise MMError(f"cannot write {arg.strip()}: {e.strerror}") from None
        print(f"wrote {arg.strip()}")


def state_dict(count, idx, nid, ended):
    out = {"stop": count, "checkpoint": checkpoints.TABLE[idx].name if count and idx >= 0 else None,
           "node": nid if nid >= 0 else None, "ended": ended}
    for key, fn in (("e820", target.e820_table), ("memblock_memory", lambda: target.memblock_type("memory")),
                    ("memblock_reserved", lambda: target.memblock_type("reserved")),
                    ("numa_meminfo", target.numa_meminfo), ("sections", target.sections), ("nodes", target.nodes)):
        try:
            out[key] = fn()
        except (MMError, gdb.error):
            out[key] = None
    return out


class MmMap(Cmd):
    """The physical memory map as one picture: e820, memblock.memory (by node), memblock.reserved,
nodes, each node's zones, sections and free pages on one address axis (long empty gaps collapsed),
with a legend and each row's entries; in colour unless `set mm color off`. --svg writes the same
picture as a self-contained SVG file.

Usage: mm map [--svg FILE]
Example: mm map --svg /tmp/map.svg"""
    cmdname = "mm map"

    @one_line_errors
    def invoke(self, arg, from_tty):
        args = arg.split()
        if args and (args[0] != "--svg" or len(args) != 2):
            raise MMError("usage: mm map [--svg FILE]")
        from .render import physmap, svg
        target.check_target()
        count, idx, nid, ended = NAV.where()
        st = state_dict(count, idx, nid, ended)
        st["free_blocks"] = free_blocks()
        if args:
            where = ("the end" if ended else f"checkpoint {checkpoints.TABLE[idx].name}" +
                     (f" [node {nid}]" if nid >= 0 else "")) if count else "the reset"
            topo = os.environ.get("MM_STEP_TOPOLOGY")
            title = f"Physical memory at {where}" + (f" ({topo} machine)" if topo else "")
            try:
                with open(os.path.expanduser(args[1]), "w") as f:
                    f.write(svg.memory_map(st, title))
            except OSError as e:
                raise MMError(f"cannot write {args[1]}: {e.strerror}") from None
            print(f"wrote {args[1]}")
        else:
            print(physmap.text(st, color=color_on()))


def free_blocks():
    """(pfn, order) of every block on a free list, None before any node has free lists."""
    try:
        core = nodes_past("free_area_init_core")
    except MMError:
        return None
    if not core:
        return None
    out = []
    for n in target.nodes():
        if n.nid not in core:
            continue
        for z in n.zones:
            if z.free_pages():
                for order, row in enumerate(target.free_lists(n.nid, z.index)):
                    out += [(pfn, order) for pfns in row for pfn in pfns]
    return sorted(out)


class MmCheck(Cmd):
    """Check the memory-management invariants in guest memory at this checkpoint (those whose
structures exist yet): sections and their mem_map, zone and node page counts, every struct page's
node and zone, the buddy free lists against nr_free, NR_FREE_PAGES and memblock.reserved.
One line per invariant, OK or FAIL with the numbers; fails (for scripts) if any invariant fails.

Usage: mm check
Example: mm-goto last, then mm check"""
    cmdname = "mm check"

    @one_line_errors
    def invoke(self, arg, from_tty):
        no_args(arg, "mm check")
        target.check_target()
        require("e820__memblock_setup", "the structures exist")
        results = invariants.check(check_state())
        if not results:
            print("nothing to check yet: the first invariants hold from sparse_init (mm-goto sparse_init)")
            return
        for r in results:
            print(r.line())
        failed = sum(not r.ok for r in results)
        if failed:
            raise gdb.GdbError(f"{failed} invariant{'s' if failed > 1 else ''} failed")


def check_state():
    """invariants.State from the guest: only the structures that exist at this stop."""
    count, idx, _, ended = NAV.where()
    nodes = target.nodes() if idx >= checkpoints.by_name("numa_init").index or ended else []
    core = nodes_past("free_area_init_core") if nodes else set()
    st = invariants.State(nodes, nodes_past("calculate_node_totalpages") if nodes else set(), core)
    if ended or idx >= checkpoints.by_name("sparse_init").index:
        st.sections = target.sections()
        st.vmemmap, st.page_size = target.vmemmap_base(), target.page_size()
    if core:
        st.memory = target.memblock_type("memory").regions
        st.reserved = target.memblock_type("reserved").regions
        st.memmap, st.layout, st.offsets = target.memmap(), target.page_flags_layout(), target.page_field_offsets()
        st.free_lists = {(n.nid, z.index): target.free_lists(n.nid, z.index)
                         for n in nodes if n.nid in core for z in n.zones}
    return st


class MmLog(Cmd):
    """The kernel's serial console so far in this boot (scripts/mm-gdb keeps it in $MM_STEP_SERIAL_LOG).

Usage: mm log [N]      (N: only the last N lines)
Example: mm log 20"""
    cmdname = "mm log"

    @one_line_errors
    def invoke(self, arg, from_tty):
        n = None
        if arg.strip():
            n = model.parse_number(arg)
            if n < 1:
                raise MMError("usage: mm log [N], N >= 1")
        if nav.serial_path() is None:
            raise MMError("no serial log: $MM_STEP_SERIAL_LOG is not set (start with scripts/mm-gdb)")
        lines = NAV.log_lines()
        if n is not None:
            lines = lines[-n:]
        print("\n".join(lines) if lines else "(nothing printed yet in this boot)")


class ColorParam(gdb.Parameter):
    """Colour in mm's output (off anyway when the output is not a terminal)."""
    set_doc = "Set whether mm colours its output."
    show_doc = "Show whether mm colours its output."

    def __init__(self):
        super().__init__("mm color", gdb.COMMAND_DATA, gdb.PARAM_BOOLEAN)
        self.value = True

    def get_show_string(self, svalue):
        return f"mm color is {svalue}" + ("" if sys.stdout.isatty() else " (but output is not a terminal)")


class SetMm(gdb.Command):
    """Settings of the mm plugin: set mm color on|off."""

    def __init__(self):
        super().__init__("set mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)


class ShowMm(gdb.Command):
    """Settings of the mm plugin: show mm color."""

    def __init__(self):
        super().__init__("show mm", gdb.COMMAND_DATA, gdb.COMPLETE_COMMAND, True)


def on_stop(event):
    """A plain `continue` that reaches a checkpoint still gets a one-line banner."""
    if NAV.navigating or not isinstance(event, gdb.BreakpointEvent):
        return
    if not any(b in NAV.bps for b in event.breakpoints):
        return
    try:
        print(heading(NAV.banner().splitlines()[0]))
    except (MMError, gdb.error):
        pass


COLOR = None


def register():
    global COLOR
    Mm()
    SetMm()
    ShowMm()
    COLOR = ColorParam()
    for c in (MmStep, MmGoto, MmBack, MmRestart, MmPhases, MmE820, MmMemblock, MmNuma, MmSections, MmPgdat,
              MmZones, MmZoneinfo, MmBuddyinfo, MmPagetypeinfo, MmPage, MmVmemmap, MmDiff, MmExplain, MmExport,
              MmMap, MmCheck, MmLog):
        c()
    target.install_cache_hooks()
    target.remember_elf()
    gdb.events.stop.connect(on_stop)
