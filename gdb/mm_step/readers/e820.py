"""e820_table (arch/x86/kernel/e820.c)."""
from .. import model
from ..guest import dwarf, memory
from ..model import MMError


def table(snap):
    val = dwarf.value("e820_table", "e820 (arch/x86/kernel/e820.c)")
    addr = dwarf.address_of(val)
    if not addr:
        raise MMError("e820_table is NULL: e820__memory_setup has not run")
    t = dwarf.lookup_type("struct e820_table")
    hdr = dwarf.Decoder(t, ["nr_entries"]).decode(memory.read(addr, t.sizeof, "e820_table"))
    off, at = dwarf.find_field(t, "entries")
    n = min(hdr["nr_entries"], dwarf.array_len(at))
    ent = dwarf.Decoder(at.target(), ["addr", "size", "type"])
    return [model.E820Entry(e["addr"], e["size"], e["type"]) for e in ent.array(addr + off, n, "e820 entries")]
