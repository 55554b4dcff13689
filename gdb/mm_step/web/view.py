"""One stop as the page draws it: `mm export`'s JSON of the stop, and beside it the map's rows on
physmap's axis (address -> 0..WIDTH, long empty gaps collapsed), the reserved ranges labelled,
the free blocks and the totals the slider animates. Pure (no GDB): plain dicts and lists."""
from .. import model
from ..render import jsonout, palette, physmap
from . import labels as labels_

WIDTH = 1000
GAP = 40


def stop(state, free_blocks, labels, title, unlabelled=labels_.UNLABELLED):
    """The page's JSON for one stop: @state as snapshot.state() gives it, @free_blocks as
    (pfn, order) or None, @labels a list of labels.Label."""
    st = dict(state, free_blocks=free_blocks)
    rows = physmap.rows(st)
    end = physmap.ram_end(st)
    ax = physmap.axis(rows, WIDTH, GAP, end)
    out_rows = [{"name": r.name, "segments": r.segments, "note": r.note} for r in rows if r.density is None]
    res = state.get("memblock_reserved")
    regions = [(r.base, r.end) for r in res.regions] if res else []
    if labels and regions:
        # beside memblock.reserved: each region's parts, coloured by group, named by what they hold
        at = next((i + 1 for i, r in enumerate(out_rows) if r["name"] == "memblock.reserved"), len(out_rows))
        out_rows.insert(at, {"name": "reserved for", "note": "", "segments": [
            (s, e, group, what) for a, b in regions for s, e, what, group, _ in labels_.of_region(labels, a, b, unlabelled)]})
    mem = state.get("memblock_memory")
    free_pages = sum(1 << o for _, o in free_blocks or ())
    return {
        "stop": state["stop"], "title": title, "export": jsonout.plain(state),
        "axis": {"pieces": ax.pieces, "gaps": ax.gaps, "width": WIDTH, "end": end},
        "rows": out_rows,
        "free_blocks": free_blocks or [],
        "reserved": [{"start": a, "end": b, "parts": labels_.of_region(labels, a, b, unlabelled)} for a, b in regions],
        "beyond": physmap.beyond(rows, end),
        "totals": {"memory": mem.total_size if mem else 0, "reserved": res.total_size if res else 0,
                   "free": free_pages << model.PAGE_SHIFT,
                   "managed": sum(z.managed_pages for n in state.get("nodes") or [] for z in n.zones)
                   << model.PAGE_SHIFT},
        "colours": dict(palette.HEX, **labels_.GROUP_COLOURS), "node_colours": palette.NODES,
        "page_shift": model.PAGE_SHIFT, "section_shift": model.SECTION_SIZE_BITS,
    }
