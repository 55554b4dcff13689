"""pg_data_t and struct zone (include/linux/mmzone.h), and the vmstat item names."""

from .. import model
from ..guest import dwarf, memory

_ZONE_FIELDS = ["zone_start_pfn", "spanned_pages", "present_pages", "managed_pages", "name"]
# fields some kernel versions lack or renamed (4.19 has watermark, later ones _watermark)
_ZONE_OPTIONAL = ["watermark", "_watermark", "lowmem_reserve", "vm_stat", "vm_numa_stat", "initialized", "pageset",
                  "per_cpu_zonestats"]
# the __percpu pointer of a zone whose struct holds vm_stat_diff[]: 6.1's, then 4.19's
_STAT_DIFF = ("per_cpu_zonestats", "pageset")


def nr_zones(snap):
    """MAX_NR_ZONES, as the length of pg_data_t.node_zones."""
    _, zt = dwarf.find_field(dwarf.lookup_type("struct pglist_data"), "node_zones")
    return dwarf.array_len(zt)


def pageset(snap, addr):
    """(pcp.count, pcp.high, pcp.batch, stat_threshold) of a struct per_cpu_pageset."""
    t = dwarf.lookup_type("struct per_cpu_pageset")
    poff, pt = dwarf.find_field(t, "pcp")
    raw = memory.read(dwarf.per_cpu(addr), t.sizeof, "a per_cpu_pageset")
    pcp = dwarf.Decoder(pt, ["count", "high", "batch"]).decode(raw, poff)
    thr = dwarf.Decoder(t, ["stat_threshold"]).decode(raw)["stat_threshold"]
    return pcp["count"], pcp["high"], pcp["batch"], thr


def pgdats(snap):
    """[(nid, address, bytes of its struct pglist_data)] of every nid node_data[] has one for."""
    size = dwarf.lookup_type("struct pglist_data").sizeof
    return [(nid, ptr, memory.read(ptr, size, f"NODE_DATA({nid})")) for nid, ptr in enumerate(snap.node_data()) if ptr]


def stat_diffs(zt):
    """[(pointer field, offset of vm_stat_diff in its struct)] of struct zone @zt's per-CPU
    stats, in _STAT_DIFF's order (6.1's pageset has no vm_stat_diff: skipped), and the number of
    CPUs: what free_diff needs, found once per read of the nodes."""
    out = []
    for name in _STAT_DIFF:
        try:
            out.append((name, dwarf.find_field(dwarf.find_field(zt, name)[1].target(), "vm_stat_diff")[0]))
        except KeyError:
            continue
    cpus = dwarf.find_symbol("nr_cpu_ids")
    return out, int(cpus.value()) if cpus else 1


def free_diff(z, diffs):
    """Sum over the possible CPUs of their vm_stat_diff[NR_FREE_PAGES] for zone @z (decoded), with
    @diffs from stat_diffs(): NR_FREE_PAGES as zone_page_state_snapshot() sees it is vm_stat plus these."""
    fields, cpus = diffs
    for name, off in fields:
        if z.get(name):
            return sum(int.from_bytes(memory.read(dwarf.per_cpu(z[name], c) + off, 1, "vm_stat_diff"), "little",
                                      signed=True) for c in range(cpus))
    return 0


def nodes(snap):
    """Every node with a pg_data_t (node_data[nid] set), as model.Node with its zones; the nid is
    the index in node_data[] (pgdat->node_id is only set by free_area_init_node)."""
    pt = dwarf.lookup_type("struct pglist_data")
    zoff, zat = dwarf.find_field(pt, "node_zones")
    zt = zat.target().strip_typedefs()
    pdec = dwarf.Decoder(pt, ["node_start_pfn", "node_present_pages", "node_spanned_pages", "node_id"],
                         optional=["nr_zones", "vm_stat", "kswapd_failures", "first_deferred_pfn"])
    zdec = dwarf.Decoder(zt, _ZONE_FIELDS, optional=_ZONE_OPTIONAL)
    faoff, fat = dwarf.find_field(zt, "free_area")
    fa_t = fat.target().strip_typedefs()
    fa_n = dwarf.array_len(fat)
    fadec = dwarf.Decoder(fa_t, ["nr_free"])
    floff, flt = dwarf.find_field(fa_t, "free_list")
    nmt = dwarf.array_len(flt)
    lh_size = flt.target().sizeof
    names = snap.zone_names()
    diffs = stat_diffs(zt)
    out = []
    for nid, ptr, buf in snap.pgdats():
        p = pdec.decode(buf)
        zones = []
        for zi in range(dwarf.array_len(zat)):
            zb = zoff + zi * zt.sizeof
            z = zdec.decode(buf, zb)
            fas, heads = [], []
            for o in range(fa_n):
                fb = zb + faoff + o * fa_t.sizeof
                fas.append(model.FreeArea(fadec.decode(buf, fb)["nr_free"]))
                lb = fb + floff
                heads.append([(ptr + lb + mt * lh_size, int.from_bytes(buf[lb + mt * lh_size:lb + mt * lh_size + 8],
                                                                        "little"))
                              for mt in range(nmt)])
            name = memory.read_string(z["name"]) if z["name"] else (names[zi] if zi < len(names) else str(zi))
            ps = snap.pageset(z["pageset"]) if z.get("pageset") else None
            zones.append(model.Zone(nid, zi, name, z["zone_start_pfn"],
                                    z["spanned_pages"], z["present_pages"], z["managed_pages"], fas,
                                    z.get("watermark") or z.get("_watermark") or [],
                                    z.get("lowmem_reserve") or [], z.get("vm_stat") or [],
                                    z.get("initialized") or 0, z.get("vm_numa_stat") or [], ps, heads,
                                    free_diff(z, diffs)))
        out.append(model.Node(nid, ptr, p["node_start_pfn"], p["node_present_pages"], p["node_spanned_pages"],
                              p.get("nr_zones") or 0, zones, p.get("vm_stat") or [], p["node_id"],
                              p.get("kswapd_failures") or 0, p.get("first_deferred_pfn")))
    return out


def zone_names(snap):
    return dwarf.string_array("zone_names")


def vmstat_names(snap):
    """(node, zone, numa item names) from the kernel's vmstat_text, if it has one."""
    if dwarf.find_symbol("vmstat_text") is None:
        return (), (), ()
    nz, nn = dwarf.constant("NR_VM_ZONE_STAT_ITEMS"), dwarf.constant("NR_VM_NODE_STAT_ITEMS")
    if nz is None or nn is None:
        return (), (), ()
    nnuma = dwarf.constant("NR_VM_NUMA_STAT_ITEMS") or 0
    names = dwarf.string_array("vmstat_text")
    return names[nz + nnuma:nz + nnuma + nn], names[:nz], names[nz:nz + nnuma]


def zone_pfn_ranges(snap):
    """[(lowest, highest possible pfn)] per zone, as free_area_init_nodes sets them."""
    lo = dwarf.u64_array("arch_zone_lowest_possible_pfn", "free_area_init_nodes (mm/page_alloc.c)")
    hi = dwarf.u64_array("arch_zone_highest_possible_pfn", "free_area_init_nodes (mm/page_alloc.c)")
    return list(zip(lo, hi))


def dma_reserve(snap):
    """mm/page_alloc.c's dma_reserve (set_dma_reserve), 0 in a kernel without it."""
    sym = dwarf.find_symbol("dma_reserve")
    return int(sym.value()) if sym else 0
