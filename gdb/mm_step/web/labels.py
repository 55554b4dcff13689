"""What each reserved range of physical memory was reserved for.

Two sources: memblock=debug's lines in the serial log (each memblock_reserve names its caller;
an allocation names its real caller on the line before, and memblock_virt_alloc_internal on the
reserve line itself), and the snapshot's own objects (the kernel image, NODE_DATA, mem_section,
the usemaps), which are known without memblock=debug. Later frees (the unused tail of the sparse
buffer) take their range out again. Pure: host tests call it with plain lists.
"""
import functools
import re
from dataclasses import dataclass

from .. import model

# memblock=debug's caller -> (what Linux reserved, the group it is drawn in)
PURPOSE = {
    "setup_arch": ("low memory kept from the allocator (X86_RESERVE_LOW)", "firmware"),
    "reserve_bios_regions": ("BIOS regions below 1 MiB (EBDA to 1 MiB)", "firmware"),
    "reserve_real_mode": ("real-mode trampoline", "firmware"),
    "acpi_reserve_initial_tables": ("ACPI tables", "firmware"),
    "memblock_alloc_nid": ("NODE_DATA (pg_data_t)", "numa"),
    "alloc_node_data": ("NODE_DATA (pg_data_t)", "numa"),
    "memory_present": ("mem_section roots", "sparse"),
    "sparse_init_nid": ("memmap: struct pages, the sparse buffer (sparse_init_nid)", "memmap"),
}
# vmemmap_alloc_block (mm/sparse-vmemmap.c) allocates early through __earlyonly_bootmem_alloc, the
# caller every line names: a page is a page table (vmemmap_*_populate; the page-table walk knows its
# level), more is a block of struct pages (vmemmap_alloc_block_buf, outside the sparse buffer)
EARLY_VMEMMAP = "__earlyonly_bootmem_alloc"
VMEMMAP_TABLE = ("vmemmap page table", "vmemmap")
VMEMMAP_BLOCK = ("memmap: 2 MiB of struct pages (vmemmap block)", "memmap")
# allocators whose reserve line names themselves: the real caller is on the line before
INTERNAL = {"memblock_virt_alloc_internal", "memblock_alloc_range_nid", "memblock_alloc_base_nid",
            "__memblock_alloc_base", "memblock_alloc_range"}

# each group's colour in the page (render/svg.py's palette holds the rows' other kinds)
GROUP_COLOURS = {"firmware": "#e3a857", "kernel": "#37474f", "numa": "#f79646", "sparse": "#8e44ad",
                 "memmap": "#9e9ac8", "vmemmap": "#d81b60", "other": "#bdbdbd"}

STAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
RANGE = re.compile(r"^\s*(memblock_reserve|memblock_free|__memblock_free_early|memblock_remove): "
                   r"\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] ([\w.]+)\+0x")
ALLOC = re.compile(r"^\s*(\w+): (\d+) bytes align=0x[0-9a-f]+ nid=(-?\d+) .* ([\w.]+)\+0x")


@dataclass
class Label:
    start: int
    end: int            # exclusive
    what: str
    group: str          # firmware, kernel, numa, sparse, memmap, vmemmap, other
    source: str         # "log: CALLER" or "snapshot: OBJECT"


def from_log(lines):
    """Labels from memblock=debug's lines (timestamps allowed), frees applied."""
    out, pending = [], None
    for raw in lines:
        line = STAMP.sub("", raw)
        m = ALLOC.match(line)
        if m:
            pending = (m.group(4), int(m.group(3)), int(m.group(2)))      # caller, nid, bytes
            continue
        m = RANGE.match(line)
        if not m:
            continue
        op, start, end, caller = m.group(1), int(m.group(2), 16), int(m.group(3), 16) + 1, m.group(4)
        if op != "memblock_reserve":
            out = subtract(out, start, end)
            continue
        nid = size = None
        if caller in INTERNAL and pending:
            caller, nid, size = pending
        pending = None
        if caller == EARLY_VMEMMAP:
            what, group = VMEMMAP_TABLE if size == model.PAGE_SIZE else VMEMMAP_BLOCK
        else:
            what, group = PURPOSE.get(caller, (f"reserved by {caller}", "other"))
        if nid is not None and nid >= 0:
            what += f", node {nid}"
        out.append(Label(start, end, what, group, f"log: {caller}"))
    return out


def subtract(labels, start, end):
    """@labels with [start, end) taken out (a label may split in two)."""
    out = []
    for l in labels:
        if l.end <= start or l.start >= end:
            out.append(l)
            continue
        if l.start < start:
            out.append(Label(l.start, start, l.what, l.group, l.source))
        if l.end > end:
            out.append(Label(end, l.end, l.what, l.group, l.source))
    return out


NODE = re.compile(r", node \d+$")


def refined(log_label, fallback):
    """@log_label with @fallback's text when that says more of the same range ("vmemmap page
    table" is "vmemmap page table (a PUD table)" in the walk), the log's node kept."""
    l, f = log_label, fallback
    base = NODE.sub("", l.what)
    if (l.start, l.end, l.group) != (f.start, f.end, f.group) or not f.what.startswith(base) or f.what == base:
        return l
    return Label(l.start, l.end, f.what + l.what[len(base):], l.group, l.source)


def combine(exact, log_labels, fallback=()):
    """@exact labels (objects the snapshot names: NODE_DATA, usemaps) win over the log's, which
    win over the @fallback ones (what a page-table walk finds, without its caller and node) but
    take the words they add."""
    out = [functools.reduce(refined, fallback, l) for l in log_labels]
    for s in exact:
        out = subtract(out, s.start, s.end)
    out += exact
    for f in fallback:
        rest = [f]
        for l in out:
            rest = subtract(rest, l.start, l.end)
        out += rest
    return sorted(out, key=lambda l: (l.start, l.end))


def from_e820(entries):
    """What the firmware's map keeps for itself (reserved, ACPI): memory Linux reserves there too."""
    return [Label(e.addr, e.end, f"firmware's: {model.e820_type_name(e.type)} in the e820 map", "firmware",
                  "snapshot: e820") for e in entries or () if e.type not in model.E820_USABLE]


def merge_runs(ranges, what, group, source):
    """Labels for (start, end) ranges, adjacent ones as one (the usemaps lie back to back)."""
    out = []
    for s, e in sorted(ranges):
        if out and out[-1].end >= s:
            out[-1].end = max(out[-1].end, e)
        else:
            out.append(Label(s, e, what, group, source))
    return out


UNLABELLED = "not labelled (reserved before memblock=debug took effect)"
UNLABELLED_NO_DEBUG = "not labelled: boot with memblock=debug (CMDLINE=memblock=debug) to see who reserved it"


def of_region(labels, start, end, unlabelled=UNLABELLED):
    """The labelled parts of the reserved region [start, end), and what no label covers, in
    address order: [(start, end, what, group, source)]."""
    parts, at = [], start
    for l in sorted(labels, key=lambda l: l.start):
        s, e = max(l.start, start, at), min(l.end, end)
        if e <= s:
            continue
        if s > at:
            parts.append((at, s, unlabelled, "other", ""))
        parts.append((s, e, l.what, l.group, l.source))
        at = max(at, e)
    if at < end:
        parts.append((at, end, unlabelled, "other", ""))
    return parts
