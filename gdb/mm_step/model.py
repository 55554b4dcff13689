"""The kernel's memory structures as plain Python data, and the pure algorithms over them.

No GDB here: gdb/mm_step/readers fill these dataclasses from the guest; tests build them by
hand. Constants that are C macros (not in DWARF) come from the kernel's headers (kconst), named as in Linux.
"""
import bisect
import re
from dataclasses import dataclass, field
from typing import List, Optional


class MMError(Exception):
    """A one-line message for the user (the commands turn it into gdb.GdbError)."""


# Linux 4.19 x86_64's macros and enums, read from the kernel's headers (kconst)
from .kconst import K  # noqa: E402

PAGE_SHIFT = K["PAGE_SHIFT"]
PAGE_SIZE = 1 << PAGE_SHIFT
SECTION_SIZE_BITS = K["SECTION_SIZE_BITS"]
MAX_PHYSMEM_BITS = K["MAX_PHYSMEM_BITS"]
PFN_SECTION_SHIFT = SECTION_SIZE_BITS - PAGE_SHIFT
PAGES_PER_SECTION = 1 << PFN_SECTION_SHIFT
NR_MEM_SECTIONS = 1 << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
SECTION_MARKED_PRESENT = K["SECTION_MARKED_PRESENT"]
SECTION_HAS_MEM_MAP = K["SECTION_HAS_MEM_MAP"]
SECTION_IS_ONLINE = K["SECTION_IS_ONLINE"]
SECTION_MAP_LAST_BIT = K["SECTION_MAP_LAST_BIT"]
SECTION_MAP_MASK = K["SECTION_MAP_MASK"] & (2**64 - 1)
SECTION_NID_SHIFT = K["SECTION_NID_SHIFT"]
PAGEBLOCK_ORDER = K["pageblock_order"]
NR_PAGEBLOCK_BITS = K["NR_PAGEBLOCK_BITS"]
PB_MIGRATE_END = K["PB_migrate_end"]
VMEMMAP_START = K["VMEMMAP_START"]
PAGE_OFFSET = K["PAGE_OFFSET"]
START_KERNEL_MAP = K["__START_KERNEL_map"]
MAX_NUMNODES = K["MAX_NUMNODES"]
KERNEL_HALF = 0xffff800000000000      # the first canonical address of the kernel's half (4-level)
EXIT_DONE, EXIT_PANIC = K["MM_STEP_EXIT_DONE"], K["MM_STEP_EXIT_PANIC"]

# How e820__print_table names each type (arch/x86/kernel/e820.c, e820_print_type)
E820_TYPE_NAMES = {K["E820_TYPE_RAM"]: "usable", K["E820_TYPE_RESERVED"]: "reserved", K["E820_TYPE_ACPI"]: "ACPI data",
                   K["E820_TYPE_NVS"]: "ACPI NVS", K["E820_TYPE_UNUSABLE"]: "unusable",
                   K["E820_TYPE_RESERVED_KERN"]: "usable"}
E820_PERSISTENT = (K["E820_TYPE_PMEM"], K["E820_TYPE_PRAM"])
E820_USABLE = (K["E820_TYPE_RAM"], K["E820_TYPE_RESERVED_KERN"])
MEMBLOCK_FLAG_NAMES = {K["MEMBLOCK_HOTPLUG"]: "HOTPLUG", K["MEMBLOCK_MIRROR"]: "MIRROR", K["MEMBLOCK_NOMAP"]: "NOMAP"}
MEMBLOCK_MIRROR = K["MEMBLOCK_MIRROR"]


def e820_type_name(t):
    if t in E820_PERSISTENT:
        return f"persistent (type {t})"
    return E820_TYPE_NAMES.get(t, f"type {t}")


def memblock_flags_name(flags):
    if not flags:
        return "NONE"
    names = [n for bit, n in sorted(MEMBLOCK_FLAG_NAMES.items()) if flags & bit]
    rest = flags & ~sum(MEMBLOCK_FLAG_NAMES)
    if rest:
        names.append(hex(rest))
    return "|".join(names)


@dataclass
class E820Entry:
    addr: int
    size: int
    type: int

    @property
    def end(self):
        return self.addr + self.size


@dataclass
class MemblockRegion:
    base: int
    size: int
    flags: int
    nid: int

    @property
    def end(self):
        return self.base + self.size


@dataclass
class MemblockType:
    name: str
    cnt: int
    max: int
    total_size: int
    regions: List[MemblockRegion]


@dataclass
class NumaMemblk:
    start: int
    end: int
    nid: int


@dataclass
class MemSection:
    nr: int
    section_mem_map: int
    pageblock_flags: int        # address of the usemap, 0 if none
    map_last_bit: int = SECTION_NID_SHIFT   # SECTION_MAP_LAST_BIT: 3 in 4.19, 5 in 6.1

    @property
    def present(self):
        return bool(self.section_mem_map & SECTION_MARKED_PRESENT)

    @property
    def has_mem_map(self):
        return bool(self.section_mem_map & SECTION_HAS_MEM_MAP)

    @property
    def online(self):
        return bool(self.section_mem_map & SECTION_IS_ONLINE)

    @property
    def early_nid(self):
        """The nid memory_present() stored; meaningless once the mem_map is encoded."""
        return None if self.has_mem_map else self.section_mem_map >> self.map_last_bit

    @property
    def start_pfn(self):
        return section_nr_to_pfn(self.nr)

    def mem_map(self, page_size=64):
        """The address of this section's first struct page (sparse_decode_mem_map), or None."""
        if not self.has_mem_map:
            return None
        mask = ~((1 << self.map_last_bit) - 1) & (2**64 - 1)
        return ((self.section_mem_map & mask) + self.start_pfn * page_size) & (2**64 - 1)

    def flag_names(self):
        n = []
        if self.present:
            n.append("P")
        if self.has_mem_map:
            n.append("M")
        if self.online:
            n.append("O")
        return "".join(n) or "-"


def pfn_to_section_nr(pfn):
    return pfn >> PFN_SECTION_SHIFT


def section_nr_to_pfn(nr):
    return nr << PFN_SECTION_SHIFT


def section_root(nr, sections_per_root):
    """(root index, index in the root) of section @nr under SPARSEMEM_EXTREME."""
    return nr // sections_per_root, nr % sections_per_root


def pfn_to_page(pfn, page_size=64, vmemmap=VMEMMAP_START):
    return vmemmap + pfn * page_size


def page_to_pfn(addr, page_size=64, vmemmap=VMEMMAP_START):
    if addr < vmemmap or (addr - vmemmap) % page_size:
        raise MMError(f"{addr:#x} is not a struct page in vmemmap ({vmemmap:#x} + pfn * {page_size})")
    return (addr - vmemmap) // page_size


@dataclass
class PageFlagsLayout:
    """Where page->flags keeps the node and zone (include/linux/page-flags-layout.h, VMEMMAP)."""
    nodes_shift: int
    zones_shift: int
    pageflags: dict            # enum pageflags: name -> bit, e.g. {"PG_reserved": 11}
    bits_per_long: int = 64

    @classmethod
    def derive(cls, max_numnodes, max_nr_zones, pageflags):
        nodes_shift = max(max_numnodes - 1, 0).bit_length()
        zones_shift = 0 if max_nr_zones <= 1 else 1 if max_nr_zones <= 2 else 2 if max_nr_zones <= 4 else 3
        return cls(nodes_shift, zones_shift, pageflags)

    @property
    def nodes_pgshift(self):
        return self.bits_per_long - self.nodes_shift

    @property
    def zones_pgshift(self):
        return self.nodes_pgshift - self.zones_shift

    def nid(self, flags):
        return (flags >> self.nodes_pgshift) & ((1 << self.nodes_shift) - 1)

    def zone(self, flags):
        return (flags >> self.zones_pgshift) & ((1 << self.zones_shift) - 1)

    def flag_names(self, flags):
        names = [n[3:] if n.startswith("PG_") else n for n, bit in sorted(self.pageflags.items(), key=lambda x: x[1])
                 if bit < self.zones_pgshift and flags >> bit & 1 and not n.startswith("__")]
        return names


PAGE_TYPE_BASE = K["PAGE_TYPE_BASE"]
# the replay has PG_buddy only; Linux 4.19's others, for a real kernel's pages
PAGE_TYPES = {"buddy": K["PG_buddy"], "balloon": 0x100, "kmemcg": 0x200, "table": 0x400}


def page_type_names(page_type):
    """4.18+ page_type: a set type has its bit CLEARED under PAGE_TYPE_BASE."""
    pt = page_type & 0xffffffff
    return [n for n, bit in PAGE_TYPES.items() if pt & (PAGE_TYPE_BASE | bit) == PAGE_TYPE_BASE]


@dataclass
class Page:
    pfn: int
    addr: int
    flags: int
    refcount: int
    mapcount: int      # _mapcount / page_type (same storage)
    private: int
    lru_next: int
    lru_prev: int


@dataclass
class FreeArea:
    nr_free: int


@dataclass
class Zone:
    nid: int
    index: int
    name: str
    zone_start_pfn: int
    spanned_pages: int
    present_pages: int
    managed_pages: int
    free_area: List[FreeArea] = field(default_factory=list)
    watermark: List[int] = field(default_factory=list)
    lowmem_reserve: List[int] = field(default_factory=list)
    vm_stat: List[int] = field(default_factory=list)
    initialized: int = 0
    vm_numa_stat: List[int] = field(default_factory=list)
    pageset: Optional[tuple] = None         # the boot CPU's (count, high, batch, stat_threshold)
    free_list_heads: List[List[tuple]] = field(default_factory=list)  # [order][mt] -> (head addr, next)
    free_diff: int = 0                      # the CPUs' NR_FREE_PAGES deltas not folded into vm_stat yet

    @property
    def end_pfn(self):
        return self.zone_start_pfn + self.spanned_pages

    @property
    def populated(self):
        return self.present_pages != 0

    def free_pages(self):
        return sum(a.nr_free << order for order, a in enumerate(self.free_area))


@dataclass
class Node:
    nid: int
    addr: int
    node_start_pfn: int
    node_present_pages: int
    node_spanned_pages: int
    nr_zones: int
    zones: List[Zone]
    vm_stat: List[int] = field(default_factory=list)
    node_id: int = 0             # the field itself: 0 until free_area_init_node sets it
    kswapd_failures: int = 0
    first_deferred_pfn: Optional[int] = None  # DEFERRED_STRUCT_PAGE_INIT: its struct pages from here wait


LOCAL_DISTANCE = K["LOCAL_DISTANCE"]
REMOTE_DISTANCE = K["REMOTE_DISTANCE"]


def node_distance(distance, a, b):
    """__node_distance (arch/x86/mm/numa.c): the SLIT's entry, or 10/20 for nodes beyond it."""
    if a >= len(distance) or b >= len(distance):
        return LOCAL_DISTANCE if a == b else REMOTE_DISTANCE
    return distance[a][b]


def nodelist(nids):
    """A node set as Linux's %*pbl prints a nodemask: "0-2,5", "" when empty."""
    out, run = [], []
    for n in sorted(nids):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


@dataclass
class NodeData:
    """NODE_DATA(nid): where the pg_data_t lies, and the node's extent once it is sized."""
    nid: int
    addr: int                   # virtual, in the direct map
    phys: int
    size: int                   # sizeof(pg_data_t)
    start_pfn: Optional[int] = None
    spanned: Optional[int] = None
    present: Optional[int] = None


@dataclass
class NumaView:
    """Everything `mm numa` shows."""
    parsed: set                 # numa_nodes_parsed
    states: dict                # node_states: name -> set of nids
    blocks: List[NumaMemblk]
    distance: List[List[int]]   # the SLIT as numa_distance holds it, [] when numa_distance_cnt is 0
    node_data: List[NodeData]


UNITS = (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10))


def human_size(n):
    """@n bytes exactly, in the largest binary unit that says it with three decimals or fewer
    ("1.25 GiB", "2047.125 MiB", "639 KiB"); when none does under 100000 of it, cut (never
    rounded up) to two decimals in the largest unit it reaches and marked "~" ("~1.99 GiB").
    Callers print the hex beside it where the last byte matters."""
    if n < 1024:
        return f"{n} B"
    for unit, shift in UNITS:
        if n >= 1 << shift and n * 1000 % (1 << shift) == 0 and n >> shift < 100000:
            whole, frac = divmod(n * 1000 >> shift, 1000)
            return f"{whole} {unit}" if not frac else f"{whole}.{frac:03d}".rstrip("0") + f" {unit}"
    unit, shift = next((u, s) for u, s in UNITS if n >= 1 << s)
    hundredths = n * 100 >> shift
    return f"~{hundredths // 100}.{hundredths % 100:02d} {unit}"


def judge_stop(before, count, at):
    """What a stop at one of the navigation breakpoints means, from the kernel's own stop count:
    @before = mm_checkpoint_count when the motion started, @count = now, @at = "checkpoint" or
    "exit". "next": the next stop (or a later one, if a breakpoint hit was missed: the count
    still names it). "again": a checkpoint stop whose count has not moved -- the same stop
    reported once more, not a new one: go on."""
    if at == "checkpoint" and count <= before:
        return "again"
    return "next"


def parse_number(text):
    """A PFN/address argument: decimal or 0x hex; MMError on anything else."""
    t = text.strip()
    # ASCII digits only: Python's int() would also take "1_000", "+5" and other scripts' digits
    if not re.fullmatch(r"0[xX][0-9a-fA-F]+|-?[0-9]+", t, re.ASCII):
        raise MMError(f"'{text}' is not a number (decimal or 0x...)")
    return int(t, 16) if t[:2].lower() == "0x" else int(t, 10)


class MemMap:
    """Every struct page the kernel has a mem_map for, as raw bytes read in bulk.

    @chunks: (start_pfn, nr_pages, buffer) per run of consecutive sections; a buffer is any
    bytes-like object (bytes, mmap) holding nr_pages struct pages of @page_size bytes."""

    def __init__(self, page_size, chunks):
        self.page_size = page_size
        self.chunks = sorted(chunks, key=lambda c: c[0])
        self._starts = [c[0] for c in self.chunks]
        self._last = (0, 0, b"")

    def chunk(self, pfn):
        """(buffer, index of @pfn in it, pages left in the chunk) or None when pfn is not valid."""
        start, n, buf = self._last
        if not start <= pfn < start + n:
            i = bisect.bisect_right(self._starts, pfn) - 1
            if i < 0:
                return None
            start, n, buf = self.chunks[i]
            if pfn >= start + n:
                return None
            self._last = self.chunks[i]     # free lists and runs stay in one chunk for long
        return buf, pfn - start, start + n - pfn

    def runs(self, start, end):
        """(pfn, buffer, first index, count) covering the valid pfns of [start, end)."""
        pfn = start
        while pfn < end:
            c = self.chunk(pfn)
            if c is None:
                nxt = next((s for s in self._starts if s > pfn), end)
                pfn = min(nxt, end)
                continue
            buf, i, left = c
            n = min(left, end - pfn)
            yield pfn, buf, i, n
            pfn += n
