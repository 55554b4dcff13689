"""gdb.printing pretty-printers for the kernel's memory structures: `print memblock.memory`,
`print *NODE_DATA(0)`, `print ((struct page *)0xffffea0000000000)[0x1000]` read as in the mm tables."""
import gdb
import gdb.printing

from . import model, snapshot
from .guest import dwarf


def _u(v):
    return int(v) & (2**64 - 1)


class MemblockRegion:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        b, s = _u(self.v["base"]), _u(self.v["size"])
        nid = int(self.v["nid"]) if any(f.name == "nid" for f in self.v.type.strip_typedefs().fields()) else -1
        return (f"[{b:#018x}-{b + s - 1:#018x}] {model.human_size(s)} flags {model.memblock_flags_name(int(self.v['flags']))}"
                f" nid {nid if 0 <= nid < model.MAX_NUMNODES else '-'}")


class MemblockType:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return f"memblock_type cnt {int(self.v['cnt'])} max {int(self.v['max'])} total_size {_u(self.v['total_size']):#x}"

    def children(self):
        for i in range(min(int(self.v["cnt"]), int(self.v["max"]))):
            yield f"[{i}]", self.v["regions"][i]

    def display_hint(self):
        return "array"


class NumaMemblk:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return f"[{_u(self.v['start']):#018x}-{_u(self.v['end']) - 1:#018x}] nid {int(self.v['nid'])}"


class NumaMeminfo:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return f"numa_meminfo nr_blks {int(self.v['nr_blks'])}"

    def children(self):
        for i in range(max(0, min(int(self.v["nr_blks"]), dwarf.array_len(self.v["blk"])))):
            yield f"[{i}]", self.v["blk"][i]

    def display_hint(self):
        return "array"


class MemSection:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        m = _u(self.v["section_mem_map"])
        s = model.MemSection(0, m, _u(self.v["pageblock_flags"]))
        early = f" early nid {s.early_nid}" if s.early_nid is not None and s.present else ""
        return f"mem_section {{section_mem_map {m:#x} [{s.flag_names()}]{early}, pageblock_flags {_u(self.v['pageblock_flags']):#x}}}"


class Zone:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        name = self.v["name"].string() if int(self.v["name"]) else "?"
        start, sp = int(self.v["zone_start_pfn"]), int(self.v["spanned_pages"])
        return (f"zone {name}: pfn [{start:#x}, {start + sp:#x}) spanned {sp} present {int(self.v['present_pages'])}"
                f" managed {int(self.v['managed_pages'])}")


class Pgdat:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return (f"pg_data_t node {int(self.v['node_id'])}: start_pfn {int(self.v['node_start_pfn']):#x} "
                f"spanned {int(self.v['node_spanned_pages'])} present {int(self.v['node_present_pages'])}")

    def children(self):
        zones = self.v["node_zones"]
        for i in range(dwarf.array_len(zones)):
            yield f"node_zones[{i}]", zones[i]


class FreeArea:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return f"free_area nr_free {int(self.v['nr_free'])}"


class Page:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        flags = _u(self.v["flags"])
        try:
            lay = snapshot.current().page_flags_layout()
            names = "|".join(lay.flag_names(flags)) or "none"
            where = f" node {lay.nid(flags)} zone {lay.zone(flags)}"
        except Exception:
            names, where = "?", ""
        addr = int(self.v.address) if self.v.address is not None else 0
        pfn = ""
        try:
            pfn = f"pfn {model.page_to_pfn(addr, self.v.type.sizeof, snapshot.current().vmemmap_base()):#x} "
        except model.MMError:
            pass
        return f"page {pfn}flags {flags:#x} [{names}]{where} _refcount {int(self.v['_refcount']['counter'])}"


def build():
    pp = gdb.printing.RegexpCollectionPrettyPrinter("mm-step")
    for name, cls in (("memblock_region", MemblockRegion), ("memblock_type", MemblockType),
                      ("numa_memblk", NumaMemblk), ("numa_meminfo", NumaMeminfo), ("mem_section", MemSection),
                      ("zone", Zone), ("pglist_data", Pgdat), ("page", Page), ("free_area", FreeArea)):
        pp.add_printer(name, f"^{name}$", cls)
    return pp


def register(obj):
    gdb.printing.register_pretty_printer(obj, build(), replace=True)
