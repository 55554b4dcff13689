"""The key facts of a snapshot, for the stop banner's "changed:" and mm diff: structure -> {field:
value}, fields named as Linux names them, special values spelled out; a structure that does not
exist at the stop is left out. changes() says which fields differ between two such summaries.
No GDB.
"""
from .. import model


def nids(values):
    """A list of nids, MAX_NUMNODES (what memblock puts in a region before numa_init) spelled out."""
    return ",".join(f"{n} (MAX_NUMNODES: no node yet)" if n >= model.MAX_NUMNODES else str(n)
                    for n in sorted(set(values))) or "none"


def facts(snap):
    out = {}
    t = snap.get("e820")
    if t:
        out["e820_table"] = {"entries": str(len(t)),
                             "usable": model.human_size(sum(e.size for e in t if e.type in model.E820_USABLE))}
    for w in ("memory", "reserved"):
        mt = snap.get("memblock", w)
        if mt is None:
            break
        out[f"memblock.{w}"] = {"cnt": str(len(mt.regions)), "total_size": model.human_size(mt.total_size)}
        if w == "memory" and mt.regions:
            out["memblock.memory"]["nid"] = nids(r.nid for r in mt.regions)
    blocks, ptrs = snap.get("numa_meminfo"), snap.get("node_data")
    if blocks is not None and ptrs is not None:
        out["numa_meminfo"] = {"nr_blks": str(len(blocks))}
        out["node_data[]"] = {"allocated for nodes": ",".join(str(i) for i, p in enumerate(ptrs) if p) or "none"}
    s = snap.get("sections")
    if s is not None:
        out["mem_section"] = {"present": str(sum(x.present for x in s)),
                              "with mem_map": str(sum(x.has_mem_map for x in s))}
    ranges = snap.get("zone_pfn_ranges")
    if ranges is not None:
        names = snap.get("zone_names") or []
        out["arch_zone_lowest/highest_possible_pfn"] = {
            (names[i] if i < len(names) else f"zone {i}"): f"[{lo:#x},{hi:#x})" for i, (lo, hi) in enumerate(ranges)}
    for n in snap.get("nodes") or []:
        out[f"node {n.nid}"] = {"node_start_pfn": f"{n.node_start_pfn:#x}", "node_spanned_pages": str(n.node_spanned_pages),
                                "node_present_pages": str(n.node_present_pages)}
        for z in n.zones:
            if z.spanned_pages or z.managed_pages:
                out[f"node {n.nid} {z.name or z.index}"] = {
                    "zone_start_pfn": f"{z.zone_start_pfn:#x}", "spanned_pages": str(z.spanned_pages),
                    "present_pages": str(z.present_pages), "managed_pages": str(z.managed_pages),
                    "free": str(z.free_pages())}
    return out


def changes(before, after):
    """[(structure, what, [(field, old or None, new or None)])]: what is "new", "changed" or "gone";
    a changed structure lists only the fields that changed."""
    out = []
    for key, fields in after.items():
        if key not in before:
            out.append((key, "new", [(f, None, v) for f, v in fields.items()]))
            continue
        old = before[key]
        diff = [(f, old.get(f), v) for f, v in fields.items() if old.get(f) != v]
        diff += [(f, v, None) for f, v in old.items() if f not in fields]
        if diff:
            out.append((key, "changed", diff))
    out += [(key, "gone", []) for key in before if key not in after]
    return out
