"""memblock (mm/memblock.c): its configuration and the memory / reserved regions."""
from .. import model
from ..guest import dwarf, memory
from ..model import MMError

MAX_REGIONS = 1 << 20       # far more than memblock_double_array ever reaches at boot: more is garbage


def _memblock():
    return dwarf.value("memblock", "memblock (mm/memblock.c)")


def config(snap):
    """(bottom_up, current_limit)."""
    t = dwarf.lookup_type("struct memblock")
    d = dwarf.Decoder(t, ["bottom_up", "current_limit"]).decode(
        memory.read(dwarf.address_of(_memblock()), t.sizeof, "memblock"))
    return bool(d["bottom_up"]), d["current_limit"]


def regions(snap, which):
    """model.MemblockType of memblock.@which ("memory" or "reserved")."""
    t = dwarf.lookup_type("struct memblock")
    try:
        off, tt = dwarf.find_field(t, which)
    except KeyError:
        raise MMError(f"memblock has no '{which}' type") from None
    d = dwarf.Decoder(tt, ["cnt", "max", "total_size", "regions"]).decode(
        memory.read(dwarf.address_of(_memblock()) + off, tt.sizeof, f"memblock.{which}"))
    cnt, mx, total = d["cnt"], d["max"], d["total_size"]
    if cnt > mx or mx > MAX_REGIONS:
        raise MMError(f"memblock.{which} looks corrupt (cnt {cnt}, max {mx})")
    dec = dwarf.Decoder("struct memblock_region", ["base", "size", "flags"], optional=["nid"])
    regs = dec.array(d["regions"], cnt, f"memblock.{which}.regions")
    out = [model.MemblockRegion(r["base"], r["size"], r["flags"], r.get("nid", -1)) for r in regs]
    if cnt == 1 and out[0].size == 0:       # the empty dummy entry of an empty type
        out = []
    return model.MemblockType(which, cnt, mx, total, out)
