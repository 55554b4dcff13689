"""gdb.printing pretty-printers for the kernel's memory structures: `print memblock.memory`,
`print *NODE_DATA(0)`, `print ((struct page *)0xffffea0000000000)[0x1000]` read as in the mm tables.

A printer may be handed any bytes (`print *(struct pglist_data *)&memblock`): it prints what it
can read, "?" for a field it cannot, and never raises into GDB's print."""
import gdb
import gdb.printing

from . import model, snapshot
from .guest import dwarf, memory
from .readers.memblock import MAX_REGIONS


def _u(n):
    return n & (2**64 - 1)


def field(v, *path):
    """The int at @v[path[0]][path[1]]..., None when it cannot be read."""
    try:
        for name in path:
            v = v[name]
        return int(v)
    except (gdb.error, gdb.MemoryError, OverflowError, ValueError):
        return None


def fmt(n, spec="d"):
    return "?" if n is None else format(n, spec)


def c_string(ptr, limit=32):
    """The C string at @ptr, printable, "?" when it cannot be read or is not text."""
    try:
        s = memory.read_string(ptr, limit)
    except model.MMError:
        return "?"
    return s if s.isprintable() and s.isascii() else repr(s.encode("latin-1"))[1:]


class Printer:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        try:
            return self.text()
        except Exception as e:          # garbage the field reads did not foresee: one line, no raise
            return f"<{self.v.type}: unreadable: {type(e).__name__}>"

    def text(self):
        raise NotImplementedError


class ArrayPrinter(Printer):
    """A count and an array: children are the first count() elements, none when the count
    is not one the array can hold."""

    def children(self):
        n = self.count()
        try:
            arr = self.v[self.array]
            for i in range(n or 0):
                yield f"[{i}]", arr[i]
        except (gdb.error, gdb.MemoryError):
            return

    def display_hint(self):
        return "array"


class MemblockRegion(Printer):
    def text(self):
        b, s, flags = field(self.v, "base"), field(self.v, "size"), field(self.v, "flags")
        rng = f"[{_u(b):#018x}-{_u(b + s - 1):#018x}] {model.human_size(_u(s))}" if None not in (b, s) else \
            f"base {fmt(b, '#x')} size {fmt(s, '#x')}"
        nid = field(self.v, "nid") if any(f.name == "nid" for f in self.v.type.strip_typedefs().fields()) else -1
        return (f"{rng} flags {'?' if flags is None else model.memblock_flags_name(_u(flags))}"
                f" nid {nid if nid is not None and 0 <= nid < model.MAX_NUMNODES else '-'}")


class MemblockType(ArrayPrinter):
    array = "regions"

    def count(self):
        cnt, mx = field(self.v, "cnt"), field(self.v, "max")
        return cnt if None not in (cnt, mx) and 0 <= cnt <= mx <= MAX_REGIONS else None

    def text(self):
        cnt, mx, total = field(self.v, "cnt"), field(self.v, "max"), field(self.v, "total_size")
        bad = "" if self.count() is not None else " (corrupt: regions not shown)"
        return f"memblock_type cnt {fmt(cnt)} max {fmt(mx)} total_size {fmt(total, '#x')}{bad}"


class NumaMemblk(Printer):
    def text(self):
        s, e = field(self.v, "start"), field(self.v, "end")
        return f"[{fmt(s, '#018x')}-{'?' if e is None else format(_u(e - 1), '#018x')}] nid {fmt(field(self.v, 'nid'))}"


class NumaMeminfo(ArrayPrinter):
    array = "blk"

    def count(self):
        n = field(self.v, "nr_blks")
        return n if n is not None and 0 <= n <= dwarf.array_len(self.v["blk"]) else None

    def text(self):
        bad = "" if self.count() is not None else " (more than blk[] holds: corrupt, blocks not shown)"
        return f"numa_meminfo nr_blks {fmt(field(self.v, 'nr_blks'))}{bad}"


class MemSection(Printer):
    def text(self):
        m, pb = field(self.v, "section_mem_map"), field(self.v, "pageblock_flags")
        if m is None:
            return f"mem_section {{section_mem_map ?, pageblock_flags {fmt(pb, '#x')}}}"
        s = model.MemSection(0, _u(m), _u(pb or 0))
        early = f" early nid {s.early_nid}" if s.early_nid is not None and s.present else ""
        return f"mem_section {{section_mem_map {_u(m):#x} [{s.flag_names()}]{early}, pageblock_flags {fmt(pb, '#x')}}}"


class Zone(Printer):
    def text(self):
        ptr = field(self.v, "name")
        name = "?" if not ptr else c_string(_u(ptr))
        start, sp = field(self.v, "zone_start_pfn"), field(self.v, "spanned_pages")
        end = "?" if None in (start, sp) else f"{start + sp:#x}"
        return (f"zone {name}: pfn [{fmt(start, '#x')}, {end}) spanned {fmt(sp)} present "
                f"{fmt(field(self.v, 'present_pages'))} managed {fmt(field(self.v, 'managed_pages'))}")


class Pgdat(Printer):
    def text(self):
        return (f"pg_data_t node {fmt(field(self.v, 'node_id'))}: start_pfn {fmt(field(self.v, 'node_start_pfn'), '#x')} "
                f"spanned {fmt(field(self.v, 'node_spanned_pages'))} present {fmt(field(self.v, 'node_present_pages'))}")

    def children(self):
        try:
            zones = self.v["node_zones"]
            for i in range(dwarf.array_len(zones)):
                yield f"node_zones[{i}]", zones[i]
        except (gdb.error, gdb.MemoryError):
            return


class FreeArea(Printer):
    def text(self):
        return f"free_area nr_free {fmt(field(self.v, 'nr_free'))}"


class Page(Printer):
    def text(self):
        flags = field(self.v, "flags")
        names, where = "?", ""
        if flags is not None:
            try:
                lay = snapshot.current().page_flags_layout()
                names = "|".join(lay.flag_names(_u(flags))) or "none"
                where = f" node {lay.nid(_u(flags))} zone {lay.zone(_u(flags))}"
            except Exception:       # no layout at this stop (or no target): the raw flags say enough
                pass
        pfn = ""
        try:
            addr = int(self.v.address) if self.v.address is not None else 0
            pfn = f"pfn {model.page_to_pfn(addr, self.v.type.sizeof, snapshot.current().vmemmap_base()):#x} "
        except Exception:           # not in vmemmap, or no target to ask for vmemmap_base
            pass
        return (f"page {pfn}flags {fmt(None if flags is None else _u(flags), '#x')} [{names}]{where} "
                f"_refcount {fmt(field(self.v, '_refcount', 'counter'))}")


def build():
    pp = gdb.printing.RegexpCollectionPrettyPrinter("mm-step")
    for name, cls in (("memblock_region", MemblockRegion), ("memblock_type", MemblockType),
                      ("numa_memblk", NumaMemblk), ("numa_meminfo", NumaMeminfo), ("mem_section", MemSection),
                      ("zone", Zone), ("pglist_data", Pgdat), ("page", Page), ("free_area", FreeArea)):
        pp.add_printer(name, f"^{name}$", cls)
    return pp


def register(obj):
    gdb.printing.register_pretty_printer(obj, build(), replace=True)
