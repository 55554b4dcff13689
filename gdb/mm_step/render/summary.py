"""The key facts of a snapshot as short lines (key -> text), for the stop banner's "changed:" and
mm diff; a structure that does not exist at the stop is left out. No GDB."""
from .. import model


def facts(snap):
    out = {}
    t = snap.get("e820")
    if t:
        usable = sum(e.size for e in t if e.type in model.E820_USABLE)
        out["e820_table"] = f"{len(t)} entries, {model.human_size(usable)} usable"
    for w in ("memory", "reserved"):
        mt = snap.get("memblock", w)
        if mt is None:
            break
        out[f"memblock.{w}"] = f"{len(mt.regions)} regions, {model.human_size(mt.total_size)}"
        if w == "memory" and mt.regions:
            out["memblock.memory nids"] = ",".join(map(str, sorted({r.nid for r in mt.regions})))
    blocks, ptrs = snap.get("numa_meminfo"), snap.get("node_data")
    if blocks is not None and ptrs is not None:
        out["numa_meminfo"] = f"{len(blocks)} blocks"
        out["node_data"] = "nodes " + (",".join(str(i) for i, p in enumerate(ptrs) if p) or "none")
    s = snap.get("sections")
    if s is not None:
        out["mem_section present"] = str(sum(x.present for x in s))
        out["mem_section with mem_map"] = str(sum(x.has_mem_map for x in s))
    ranges = snap.get("zone_pfn_ranges")
    if ranges is not None:
        out["zone pfn ranges"] = " ".join(f"[{lo:#x},{hi:#x})" for lo, hi in ranges)
    for n in snap.get("nodes") or []:
        out[f"node {n.nid}"] = f"start_pfn {n.node_start_pfn:#x} spanned {n.node_spanned_pages} present {n.node_present_pages}"
        for z in n.zones:
            if z.spanned_pages or z.managed_pages:
                out[f"node {n.nid} {z.name or z.index}"] = (f"start {z.zone_start_pfn:#x} spanned {z.spanned_pages} "
                                                          f"present {z.present_pages} managed {z.managed_pages} "
                                                          f"free {z.free_pages()}")
    return out
