"""NUMA (arch/x86/mm/numa.c): numa_meminfo, the SLIT distances, node masks, node_data[]."""
import math

from .. import model
from ..guest import dwarf, memory
from ..model import MMError


def meminfo(snap):
    val = dwarf.value("numa_meminfo", "NUMA (arch/x86/mm/numa.c)")
    addr = dwarf.address_of(val)
    t = dwarf.lookup_type("struct numa_meminfo")
    nr = dwarf.Decoder(t, ["nr_blks"]).decode(memory.read(addr, t.sizeof, "numa_meminfo"))["nr_blks"]
    off, at = dwarf.find_field(t, "blk")
    if not 0 <= nr <= dwarf.array_len(at):
        raise MMError(f"numa_meminfo.nr_blks is {nr}: corrupt")
    dec = dwarf.Decoder(at.target(), ["start", "end", "nid"])
    return [model.NumaMemblk(b["start"], b["end"], b["nid"]) for b in dec.array(addr + off, nr, "numa_meminfo.blk")]


def distance_raw(snap):
    """numa_distance's numa_distance_cnt^2 bytes, None while it is NULL (before numa_alloc_distance)."""
    cnt = int(dwarf.value("numa_distance_cnt", "the SLIT"))
    ptr = int(dwarf.value("numa_distance", "the SLIT"))
    if not ptr:
        return None
    if not 0 <= cnt <= model.MAX_NUMNODES:      # numa_alloc_distance sizes it for the parsed nodes
        raise MMError(f"numa_distance_cnt is {cnt}: corrupt (at most MAX_NUMNODES, {model.MAX_NUMNODES})")
    return memory.read(ptr, cnt * cnt, "numa_distance")


def distance(snap):
    """The distance matrix as a list of rows, [] before numa_alloc_distance."""
    raw = snap.numa_distance_raw()
    cnt = math.isqrt(len(raw or b""))
    return [list(raw[i * cnt:(i + 1) * cnt]) for i in range(cnt)]


def nodemask(snap, name):
    """A nodemask_t global as a set of nids."""
    dwarf.value(name, f"{name} (arch/x86/mm/numa.c)")
    return dwarf.nodemask(name)[0]


def node_data(snap):
    """node_data[]: the pg_data_t pointer of every possible nid (0 where none)."""
    return dwarf.u64_array("node_data", "node_data (arch/x86/mm/numa.c)")


def node_states(snap):
    """{state name: set of nids} from the kernel's node_states[] (N_ONLINE, N_MEMORY, ...)."""
    dwarf.value("node_states", "node_states (mm/page_alloc.c)")
    by_val = {v: k for k, v in dwarf.enum_values("enum node_states").items()}
    return {by_val.get(i, str(i)): nids for i, nids in enumerate(dwarf.nodemask("node_states"))}


def view(snap):
    """model.NumaView; a node's extent is filled in once it has passed calculate_node_totalpages."""
    try:
        dist = snap.numa_distance()
    except MMError:
        dist = []
    psize = dwarf.lookup_type("struct pglist_data").sizeof
    by_nid = {n.nid: n for n in snap.nodes()}
    sized = snap.nodes_past("calculate_node_totalpages")
    data = []
    for nid, ptr in enumerate(snap.node_data()):
        if not ptr:
            continue
        d = model.NodeData(nid, ptr, ptr - model.PAGE_OFFSET, psize)
        n = by_nid.get(nid)
        if n is not None and nid in sized:
            d.start_pfn, d.spanned, d.present = n.node_start_pfn, n.node_spanned_pages, n.node_present_pages
        data.append(d)
    return model.NumaView(snap.nodemask("numa_nodes_parsed"), snap.node_states(), snap.numa_meminfo(), dist, data)
