"""Text renderers in the style of crash's kmem -n/-z/-f, and Linux's own /proc formats, exactly.

Pure functions from model objects to a string; no GDB.
"""
from .. import model
from ..guest import physmem
from . import fit, palette


def table(headers, rows, right=None, width=None):
    """Aligned columns; @right: set of column indexes aligned right (numbers). Columns that do not
    fit @width go on continuation lines, indented, aligned under their own headings."""
    right = set(range(len(headers))) if right is None else set(right)
    cells = [list(map(str, headers))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for r in cells:
        for first, last, indent in fit.columns(widths, width):
            parts = [r[i].rjust(widths[i]) if i in right else r[i].ljust(widths[i]) for i in range(first, last + 1)]
            lines.append((" " * indent + "  ".join(parts)).rstrip())
    return "\n".join(lines)


def phys_range(start, end):
    """Linux's %pa-style inclusive range: [mem 0x...-0x...]"""
    return f"[mem {start:#018x}-{end - 1:#018x}]"


def e820(entries, width=None):
    rows = [(i, f"{e.addr:#018x}", f"{e.end - 1:#018x}", model.human_size(e.size), model.e820_type_name(e.type))
            for i, e in enumerate(entries)]
    usable = sum(e.size for e in entries if e.type in model.E820_USABLE)
    return (table(("#", "START", "END (incl.)", "SIZE", "TYPE"), rows, right={0}, width=width) +
            f"\n{len(entries)} entries; usable RAM {model.human_size(usable)} ({usable >> model.PAGE_SHIFT} pages)")


def memblock_type(t, width=None):
    rows = [(f"{t.name}[{i:#x}]", f"{r.base:#018x}", f"{r.end - 1:#018x}", f"{r.size:#x}", model.human_size(r.size),
             "-" if r.nid >= model.MAX_NUMNODES or r.nid < 0 else r.nid, model.memblock_flags_name(r.flags))
            for i, r in enumerate(t.regions)]
    total = sum(r.size for r in t.regions)
    check = ""
    if total < t.total_size and t.name == "memory":
        check = (f"\n   (the regions sum to {total:#x}: memblock_trim_memory() cut partial pages off them"
                 " without updating total_size, as in Linux)")
    elif total != t.total_size:
        check = f"  MISMATCH: regions sum to {total:#x}"
    return (f" {t.name}.cnt  = {t.cnt:#x}  (max {t.max:#x})\n" +
            (table(("REGION", "BASE", "END (incl.)", "SIZE", "", "NID", "FLAGS"), rows, right={3, 4, 5}, width=width) + "\n"
             if rows else " (empty)\n") +
            f" {t.name}.total_size = {t.total_size:#x} ({model.human_size(t.total_size)}){check}")


def memblock(bottom_up, current_limit, types, width=None):
    """mm memblock: the configuration line, then each type's table."""
    return "\n".join([f"MEMBLOCK configuration:\n bottom_up = {'true' if bottom_up else 'false'}, "
                      f"current_limit = {current_limit:#x}"] + [memblock_type(t, width) for t in types])


def size_hex(n):
    return f"{n:#x} ({model.human_size(n)})"


def numa(v, width=None):
    """mm numa: the node masks, numa_meminfo, the distances node_distance() gives, NODE_DATA."""
    out = ["node masks:"]
    masks = [("numa_nodes_parsed", v.parsed, "the nodes SRAT named (or numa_init faked)")]
    for state, alias in (("N_POSSIBLE", "node_possible_map"), ("N_ONLINE", "node_online_map"),
                         ("N_NORMAL_MEMORY", ""), ("N_MEMORY", ""), ("N_CPU", "")):
        if state in v.states:
            masks.append((f"node_states[{state}]", v.states[state], alias))
    out.append(table(("MASK", "NODES", ""), [(m, model.nodelist(n) or "(none)", a) for m, n, a in masks], right=(), width=width))
    out.append("\nnuma_meminfo:")
    rows = [(i, b.nid, f"{b.start:#018x}", f"{b.end - 1:#018x}", size_hex(b.end - b.start))
            for i, b in enumerate(v.blocks)]
    out.append(table(("BLK", "NID", "START", "END (incl.)", "SIZE"), rows, right={0, 1}, width=width) if rows else " (no blocks)")
    nids = sorted(v.states.get("N_ONLINE") or {d.nid for d in v.node_data} or v.parsed)
    if v.distance:
        out.append(f"\nnuma_distance (numa_distance_cnt {len(v.distance)}, from the SLIT or numa=fake):")
    else:
        out.append("\nnuma_distance: none (numa_distance_cnt 0: no SLIT); node_distance() gives "
                   f"LOCAL_DISTANCE {model.LOCAL_DISTANCE} within a node, REMOTE_DISTANCE {model.REMOTE_DISTANCE} "
                   "between nodes:")
    if nids:
        out.append(table(["node"] + [str(b) for b in nids],
                         [[a] + [model.node_distance(v.distance, a, b) for b in nids] for a in nids], width=width))
    out.append("\nNODE_DATA (pg_data_t):")
    rows = []
    for d in v.node_data:
        sized = d.spanned is not None
        rows.append((d.nid, f"{d.addr:#x}", f"[{d.phys:#x}-{d.phys + d.size - 1:#x}]",
                     f"{d.start_pfn:#x}" if sized else "-",
                     f"{d.spanned} ({model.human_size(d.spanned << model.PAGE_SHIFT)})" if sized else "-",
                     f"{d.present} ({model.human_size(d.present << model.PAGE_SHIFT)})" if sized else "-"))
    out.append(table(("NID", "NODE_DATA", "PHYS", "START_PFN", "SPANNED", "PRESENT"), rows, right={0}, width=width) if rows
               else " (no pg_data_t allocated)")
    if any(d.spanned is None for d in v.node_data):
        out.append("(START_PFN, SPANNED, PRESENT: set by calculate_node_totalpages; - = not yet)")
    return "\n".join(out)


def sections(secs, page_size=64, per_root=256, width=None):
    """kmem -n style: section number, root, mem_section flags, mem_map, pfn range, usemap."""
    rows = []
    for s in secs:
        root, idx = model.section_root(s.nr, per_root)
        mm = s.mem_map(page_size)
        rows.append((s.nr, f"{root}/{idx}", s.flag_names(), f"{s.section_mem_map:#018x}",
                     f"{mm:#x}" if mm is not None else "-",
                     "-" if s.early_nid is None else s.early_nid,
                     f"{s.start_pfn:#x}-{s.start_pfn + model.PAGES_PER_SECTION - 1:#x}",
                     f"{s.pageblock_flags:#x}" if s.pageblock_flags else "-"))
    present = sum(s.present for s in secs)
    mapped = sum(s.has_mem_map for s in secs)
    return (table(("NR", "ROOT/IDX", "FLAGS", "SECTION_MEM_MAP", "MEM_MAP", "NID", "PFNS", "USEMAP"), rows,
                  right={0}, width=width) +
            f"\n{len(secs)} sections: {present} present, {mapped} with mem_map"
            "  (FLAGS: P=SECTION_MARKED_PRESENT M=SECTION_HAS_MEM_MAP O=SECTION_IS_ONLINE)")


def pgdat(n):
    lines = [f"NODE_DATA({n.nid}) = (pg_data_t *){n.addr:#x}",
             f"  node_id            {n.node_id}" + ("" if n.node_id == n.nid else "  (set by free_area_init_node)"),
             f"  node_start_pfn     {n.node_start_pfn:#x}",
             f"  node_spanned_pages {n.node_spanned_pages}  ({model.human_size(n.node_spanned_pages * model.PAGE_SIZE)})",
             f"  node_present_pages {n.node_present_pages}  ({model.human_size(n.node_present_pages * model.PAGE_SIZE)})",
             f"  nr_zones           {n.nr_zones}"]
    psum = sum(z.present_pages for z in n.zones)
    if psum != n.node_present_pages:
        lines.append(f"  MISMATCH: the zones' present pages sum to {psum}")
    return "\n".join(lines)


def zones(nodes, pending=(), width=None):
    """kmem -z style: one line per zone, totals checked against the node's counters; the nodes in
    @pending have not been through calculate_node_totalpages yet and get one line each."""
    rows = []
    for n in nodes:
        if n.nid in pending:
            continue
        for z in n.zones:
            rows.append((n.nid, z.index, z.name or "?", f"{z.zone_start_pfn:#x}", f"{z.end_pfn:#x}", z.spanned_pages,
                         z.present_pages, z.managed_pages, z.free_pages()))
    out = [table(("NID", "ZONE", "NAME", "START_PFN", "END_PFN", "SPANNED", "PRESENT", "MANAGED", "FREE"), rows,
                 right={0, 1, 5, 6, 7, 8}, width=width)] if rows else []
    for n in nodes:
        if n.nid in pending:
            out.append(f"node {n.nid}: not sized yet (mm-goto calculate_node_totalpages:{n.nid})")
            continue
        psum = sum(z.present_pages for z in n.zones)
        ok = "ok" if psum == n.node_present_pages else "MISMATCH"
        out.append(f"node {n.nid}: zones present {psum}, node_present_pages {n.node_present_pages} ({ok}); "
                   f"spanned {n.node_spanned_pages} from pfn {n.node_start_pfn:#x}")
    return "\n".join(out)


def zoneinfo(nodes, node_stat_names=(), zone_stat_names=(), numa_stat_names=(), max_reclaim_retries=16):
    """/proc/zoneinfo exactly as Linux 4.19's zoneinfo_show_print prints it: every zone of every
    node in @nodes (the online ones); a zone's pageset is the boot CPU's (cpu 0)."""
    out = []
    for n in nodes:
        first = next((z for z in n.zones if z.populated), None)
        for z in n.zones:
            s = f"Node {n.nid}, zone {z.name:>8}"
            if z is first:
                s += "\n  per-node stats"
                for name, v in zip(node_stat_names, n.vm_stat):
                    if name:  # hidden items have no name (4.19.y: nr_indirectly_reclaimable)
                        s += f"\n      {name:<12} {v}"
            wm = (list(z.watermark) + [0, 0, 0])[:3]
            s += (f"\n  pages free     {z.vm_stat[0] if z.vm_stat else z.free_pages()}"
                  f"\n        min      {wm[0]}\n        low      {wm[1]}\n        high     {wm[2]}"
                  f"\n        spanned  {z.spanned_pages}\n        present  {z.present_pages}"
                  f"\n        managed  {z.managed_pages}")
            lr = list(z.lowmem_reserve) or [0] * len(n.zones)
            s += "\n        protection: (" + ", ".join(str(v) for v in lr) + ")"
            if not z.populated:
                out.append(s + "\n")
                continue
            for name, v in zip(zone_stat_names, z.vm_stat):
                s += f"\n      {name:<12} {v}"
            for name, v in zip(numa_stat_names, z.vm_numa_stat):
                s += f"\n      {name:<12} {v}"
            s += "\n  pagesets"
            if z.pageset is not None:
                count, high, batch, thr = z.pageset
                s += (f"\n    cpu: 0\n              count: {count}\n              high:  {high}"
                      f"\n              batch: {batch}\n  vm stats threshold: {thr}")
            s += (f"\n  node_unreclaimable:  {int(n.kswapd_failures >= max_reclaim_retries)}"
                  f"\n  start_pfn:           {z.zone_start_pfn}\n")
            out.append(s)
    return "".join(out)


def buddyinfo(nodes):
    """/proc/buddyinfo (frag_show_print): populated zones only, blocks per order."""
    lines = []
    for n in nodes:
        for z in n.zones:
            if z.populated:
                lines.append(f"Node {n.nid}, zone {z.name:>8} " + "".join(f"{a.nr_free:6d} " for a in z.free_area))
    return "\n".join(lines) + ("\n" if lines else "")


def pagetypeinfo(nodes, lengths, blockcounts, mt_names, pageblock_order=model.PAGEBLOCK_ORDER):
    """/proc/pagetypeinfo: @lengths[(nid, zone)][order][mt], @blockcounts[(nid, zone)][mt]."""
    out = []
    for n in nodes:
        pop = [z for z in n.zones if z.populated]
        if not pop:
            continue
        norders = len(pop[0].free_area)
        out.append(f"Page block order: {pageblock_order}\nPages per block:  {1 << pageblock_order}\n\n")
        out.append(f"{'Free pages count per migrate type at order':<43} " + "".join(f"{o:6d} " for o in range(norders)) + "\n")
        for z in pop:
            for mt, name in enumerate(mt_names):
                out.append(f"Node {n.nid:4d}, zone {z.name:>8}, type {name:>12} " +
                           "".join(f"{lengths[(n.nid, z.index)][o][mt]:6d} " for o in range(norders)) + "\n")
        out.append(f"\n{'Number of blocks type ':<23}" + "".join(f"{name:>12} " for name in mt_names) + "\n")
        for z in pop:
            out.append(f"Node {n.nid}, zone {z.name:>8} " + "".join(f"{c:12d} " for c in blockcounts[(n.nid, z.index)]) + "\n")
    return "".join(out)


def page(p, layout, zone_names=None, migratetype=None):
    zone = layout.zone(p.flags)
    zname = zone_names[zone] if zone_names and zone < len(zone_names) else str(zone)
    flags = layout.flag_names(p.flags)
    types = model.page_type_names(p.mapcount)
    lines = [f"pfn {p.pfn:#x}  phys {p.pfn << model.PAGE_SHIFT:#x}  struct page {p.addr:#x}",
             f"  flags     {p.flags:#018x}  node {layout.nid(p.flags)}  zone {zone} ({zname})  "
             f"[{'|'.join(flags) or 'none'}]",
             f"  _refcount {p.refcount}",
             f"  _mapcount {p.mapcount}" + (f"  (page_type {p.mapcount & 0xffffffff:#x}: PageBuddy)" if "buddy" in types
                                             else f"  (page_type {p.mapcount & 0xffffffff:#x}: {','.join(types)})" if types else ""),
             f"  private   {p.private}" + ("  (buddy order)" if "buddy" in types else ""),
             f"  lru       next {p.lru_next:#x} prev {p.lru_prev:#x}"]
    if migratetype is not None:
        lines.append(f"  pageblock migratetype {migratetype}")
    return "\n".join(lines)


def vmemmap_walk(vaddr, pfn_size, cr3, path):
    """mm vmemmap: the 4-level walk of @vaddr (@pfn_size = (pfn, sizeof(struct page)) when it is a
    pfn's struct page), @path as physmem.levels gives it."""
    lines = [f"vaddr {vaddr:#x}" + ("" if pfn_size is None else f" = vmemmap + {pfn_size[0]:#x} * {pfn_size[1]}"),
             f"CR3 {cr3:#x}"]
    for level, idx, addr, entry in path:
        line = f"  {level}[{idx:3d}] @ phys {addr:#x} = {entry:#018x}"
        if not entry & 1:
            lines.append(line + "  not present")
            break
        if physmem.is_leaf(level, idx, addr, entry):
            size = 1 << physmem.level_shift(level)
            phys = (entry & physmem.PHYS_MASK & ~(size - 1)) + (vaddr & (size - 1))
            lines += ([line] if level == "PTE" else [line + f"  {model.human_size(size)} page"]) + [f"-> phys {phys:#x}"]
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


def phases(table_, stops, current_count, nodes_known=None, color=False):
    """mm-phases: every checkpoint with passed / current / ahead.

    @stops: list of (count, index, nid) seen so far in order; @current_count: count now (0 = start)."""
    lines = []
    seen = {}
    for count, idx, nid in stops:
        seen.setdefault(idx, []).append((count, nid))
    for cp in table_:
        visits = seen.get(cp.index, [])
        marks = []
        if not visits:
            state = "ahead"
        else:
            for count, nid in visits:
                tag = "current" if count == current_count else "passed" if count < current_count else "ahead"
                marks.append((tag, nid))
            if any(t == "current" for t, _ in marks):
                state = "current"
            elif all(t == "passed" for t, _ in marks):
                state = "passed"
            else:
                state = "ahead"
        arrow = "=>" if state == "current" else "  "
        nodes = ""
        if cp.per_node and marks:
            nodes = "  nodes " + " ".join(f"{nid}{'*' if t == 'current' else '' if t == 'passed' else '?'}"
                                          for t, nid in marks)
        lines.append(palette.paint(f"{arrow} {cp.number:2d}. {phase_name(cp):<44} {state:<8} {cp.linux_file}{nodes}",
                                   {"current": "current", "passed": "dim"}.get(state, ""), color))
    return "\n".join(lines)


def phase_name(cp):
    """The phase under the name of the kernel that runs: "memblock_free_all (4.19 free_all_bootmem)",
    "memmap_init (6.1 only)"."""
    label = getattr(cp, "label", cp.name)
    if getattr(cp, "only_in", ""):
        return f"{label} ({cp.only_in} only)"
    return label if label == cp.name else f"{label} (4.19 {cp.name})"


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def where_line(cp, nid, total, count=None, nodes=None):
    """"checkpoint 7/10 calculate_node_totalpages, node 1 (2nd of 3 nodes)  [stop 12]": the
    checkpoint's own number in the table, the stop's number in this run apart."""
    line = f"checkpoint {cp.number}/{total} {phase_name(cp)}"
    if nid is not None and nid >= 0:
        line += f", node {nid}"
        if nodes and nid in nodes:
            line += f" ({ordinal(sorted(nodes).index(nid) + 1)} of {len(nodes)} node{'s' if len(nodes) > 1 else ''})"
    return line + (f"  [stop {count}]" if count else "")


def change_lines(changes, color=False):
    """render.summary.changes() as one line per structure: the fields that changed, old -> new."""
    old = lambda v: palette.paint(v, "old", color)
    new = lambda v: palette.paint(v, "new", color)
    lines = []
    for key, what, fields in changes:
        if what == "gone":
            lines.append(f"{key}: gone")
            continue
        parts = []
        for f, a, b in fields:
            parts.append(f"{f} {new(b)}" if a is None else f"{f} {old(a)} gone" if b is None else
                         f"{f} {old(a)} -> {new(b)}")
        lines.append(f"{key}{' (new)' if what == 'new' else ''}: " + ", ".join(parts))
    return lines


def banner(cp, nid, total, changes=(), printed=(), max_printed=6, count=None, nodes=None, color=False,
           max_changes=8, hints=(), here=None):
    """@here: where the kernel that runs ends this phase, when it is not 4.19's place."""
    lines = [palette.paint(where_line(cp, nid, total, count, nodes), "heading", color),
             f"  {cp.description}",
             f"  Linux {getattr(cp, 'only_in', '') or '4.19'}: {cp.linux_file}, {cp.name}()  ({cp.seed_phase})"
             + ("; 4.19 has no such phase" if getattr(cp, "only_in", "") else "")]
    if here:
        lines.append(f"  {here}")
    if printed:
        lines.append("  printed:")
        if len(printed) > max_printed:
            lines.append(f"    ... {len(printed) - max_printed} earlier lines (mm log)")
        lines += [f"    {l}" for l in printed[-max_printed:]]
    if changes:
        shown = change_lines(changes, color)
        lines.append("  changed:")
        lines += [f"    {c}" for c in shown[:max_changes]]
        if len(shown) > max_changes:
            lines.append(f"    ... {len(shown) - max_changes} more (mm diff)")
    lines.append("  try: " + ", ".join(palette.paint(h, "heading", color) for h in hints) +
                 ("; " if hints else "") + ("mm-step goes on" if cp.number < total else "mm-step to the end"))
    return "\n".join(lines)
