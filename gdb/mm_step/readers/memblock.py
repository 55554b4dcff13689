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


def raw(snap, which):
    """memblock.@which ("memory" or "reserved"): its cnt, max and total_size, and the bytes of
    its cnt regions (struct memblock_region, by DWARF)."""
    t = dwarf.lookup_type("struct memblock")
    try:
        off, tt = dwarf.find_field(t, which)
    except KeyError:
        raise MMError(f"memblock has no '{which}' type") from None
    d = dwarf.Decoder(tt, ["cnt", "max", "total_size", "regions"]).decode(
        memory.read(dwarf.address_of(_memblock()) + off, tt.sizeof, f"memblock.{which}"))
    cnt, mx = d["cnt"], d["max"]
    if cnt > mx or mx > MAX_REGIONS:
        raise MMError(f"memblock.{which} looks corrupt (cnt {cnt}, max {mx})")
    size = dwarf.lookup_type("struct memblock_region").sizeof
    return cnt, mx, d["total_size"], memory.bulk_read(d["regions"], cnt * size, f"memblock.{which}.regions")


def regions(snap, which):
    """model.MemblockType of memblock.@which ("memory" or "reserved")."""
    cnt, mx, total, buf = snap.memblock_raw(which)
    dec = dwarf.Decoder("struct memblock_region", ["base", "size", "flags"], optional=["nid"])
    regs = [dec.decode(buf, i * dec.size) for i in range(cnt)]
    out = [model.MemblockRegion(r["base"], r["size"], r["flags"], r.get("nid", -1)) for r in regs]
    if cnt == 1 and out[0].size == 0:       # the empty dummy entry of an empty type
        out = []
    return model.MemblockType(which, cnt, mx, total, out)
