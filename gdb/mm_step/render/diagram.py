"""Structure diagrams of one stop, drawn from its real values: boxes (a struct or an array, its
title and field lines) joined by arrows (a pointer, an array element, an address translation).

    pgdat:   pg_data_t -> node_zones[] -> free_area[] -> free_list -> struct page -> struct page
    sparse:  mem_section -> runs of sections -> vmemmap -> physical memory, and one struct page

A diagram is a forest of Box: a box's children are drawn in the next column to its right, its
`stack` under it in its own column (a list followed from one entry to the next). Pure: model
objects in, a Box forest out; text() and svg() draw the same forest (no GDB, no clock: the same
stop draws the same bytes).
"""
from dataclasses import dataclass, field
from typing import List, Optional
from .svg import escape

from .. import model
from . import palette

STACK_SHOWN = 2         # struct pages drawn on a free list, the rest counted


@dataclass
class Box:
    title: str
    lines: List[str]
    concept: str = "dim"                    # palette concept of the title band
    children: List["Box"] = field(default_factory=list)
    stack: List["Box"] = field(default_factory=list)
    anchor: Optional[int] = None            # the parent's line the arrow leaves from (None: its title)


# ---- pg_data_t -> zone -> free_area -> page --------------------------------------------------------

def pgdat(nodes, sized, initialised, lists, pages, mt_names, vmemmap, page_size, lru):
    """One tree per node with a pg_data_t. @sized / @initialised: the nids past
    calculate_node_totalpages / free_area_init_core; @lists: {(nid, zone index): [order][mt] ->
    pfns} for initialised zones; @pages: {pfn: model.Page} of the struct pages to draw (the first
    STACK_SHOWN of each zone's chosen free list); @lru: struct page's lru offset."""
    out = []
    for n in nodes:
        box = Box(f"NODE_DATA({n.nid}): pg_data_t", [
            f"@ {n.addr:#x}", f"node_id {n.node_id}", f"node_start_pfn {n.node_start_pfn:#x}",
            f"node_spanned_pages {n.node_spanned_pages}", f"node_present_pages {n.node_present_pages}",
            f"nr_zones {n.nr_zones}"], f"node {n.nid}")
        if n.nid in sized:
            box.children = [zone_box(z, n.nid in initialised, lists.get((n.nid, z.index)), pages, mt_names,
                                     vmemmap, page_size, lru) for z in n.zones]
        else:
            box.children = [Box(f"node_zones[{len(n.zones)}]: {' '.join(z.name for z in n.zones)}",
                                ["all 0: calculate_node_totalpages", "sizes this node's zones"])]
        out.append(box)
    return out


def zone_box(z, initialised, lists, pages, mt_names, vmemmap, page_size, lru):
    if not z.spanned_pages:
        return Box(f"node_zones[{z.index}]: {z.name}", ["spanned_pages 0: no memory"])
    box = Box(f"node_zones[{z.index}]: struct zone {z.name}", [
        f"zone_start_pfn {z.zone_start_pfn:#x}", f"end pfn {z.end_pfn:#x}", f"spanned_pages {z.spanned_pages}",
        f"present_pages {z.present_pages}", f"managed_pages {z.managed_pages}"], z.name)
    if not initialised:
        box.children.append(Box(f"{z.name} free_area[{len(z.free_area)}]",
                                ["not set up: free_area_init_core", "initialises the free lists"]))
        return box
    rows = []
    for order, area in enumerate(z.free_area):
        kinds = "  ".join(f"{mt_name(mt_names, mt)} {len(l)}" for mt, l in enumerate(lists[order]) if l)
        rows.append(f"[{order:2}] nr_free {area.nr_free:6}" + (f"  {kinds}" if kinds else ""))
    fa = Box(f"{z.name} free_area[{len(z.free_area)}]", rows, "free" if z.free_pages() else "dim")
    box.children.append(fa)
    chosen = next(((o, mt) for o in reversed(range(len(lists))) for mt, l in enumerate(lists[o]) if l), None)
    if chosen is None:
        fa.lines.append("every list empty: free_all_bootmem fills them")
        return box
    order, mt = chosen
    pfns = lists[order][mt]
    head = z.free_list_heads[order][mt][0]
    chain = Box(f"free_area[{order}].free_list[{mt_name(mt_names, mt)}]",
                [f"list_head @ {head:#x}", f"{len(pfns)} blocks of 2^{order} = {1 << order} pages"], "free", anchor=order)
    for pfn in pfns[:STACK_SHOWN]:
        chain.stack.append(page_box(pages[pfn], vmemmap, page_size, lru))
    if len(pfns) > STACK_SHOWN:
        chain.stack.append(Box(f"... {len(pfns) - STACK_SHOWN} more", ["the last one's lru.next is the list_head"]))
    fa.children.append(chain)
    return box


def mt_name(names, mt):
    """migratetype_names[mt], or the number when the kernel has fewer names."""
    return names[mt] if mt < len(names) else str(mt)


def page_box(p, vmemmap, page_size, lru):
    """A struct page on a free list: its pfn, the buddy order in private, lru.next."""
    nxt = p.lru_next
    pfn, rem = divmod(nxt - lru - vmemmap, page_size)
    where = f"pfn {pfn:#x}'s lru" if pfn >= 0 and not rem else "the list_head"
    types = model.page_type_names(p.mapcount)
    return Box(f"struct page @ {p.addr:#x}", [
        f"pfn {p.pfn:#x}  (phys {p.pfn << model.PAGE_SHIFT:#x})",
        f"_mapcount {p.mapcount}" + (f"  ({', '.join('Page' + t.capitalize() for t in types)})" if types else ""),
        f"private {p.private}  (the block's order)", f"lru.next {nxt:#x}", f"  = {where}"], "free")


# ---- mem_section -> vmemmap -> struct page --------------------------------------------------------

def sparse(sections, per_root, page_size, vmemmap, backing, pfn=None, page=None, page_lines=()):
    """@sections: model.MemSection (the non-empty ones); @backing: {section nr: [(offset, phys,
    length)]} of each mem_map's struct pages (physmem.walk); @page: the model.Page of @pfn, drawn
    with @page_lines (its fields decoded) under the run of sections that holds it."""
    present = [s for s in sections if s.present]
    size = model.human_size(model.PAGES_PER_SECTION << model.PAGE_SHIFT)
    root = Box("mem_section", [
        "struct mem_section **", f"{model.NR_MEM_SECTIONS // per_root} roots of {per_root} sections",
        f"a section: {model.PAGES_PER_SECTION} pfns ({size})",
        f"{len(present)} present, {sum(s.has_mem_map for s in present)} with a mem_map"], "present")
    for run in section_runs(present, backing):
        root.children.append(run_box(run, per_root, page_size, vmemmap, backing, pfn, page, page_lines))
    return [root]


def section_runs(secs, backing):
    """Consecutive sections with the same section_mem_map whose struct pages lie one after the
    other in physical memory too: the runs sparse_init allocated in one piece."""
    runs = []
    for s in secs:
        if runs:
            last = runs[-1][-1]
            if s.nr == last.nr + 1 and s.section_mem_map == last.section_mem_map and contiguous(
                    backing.get(last.nr), backing.get(s.nr)):
                runs[-1].append(s)
                continue
        runs.append([s])
    return runs


def contiguous(a, b):
    """Whether physmem.walk pieces @b start where pieces @a end (both None: no mem_map)."""
    if a is None or b is None:
        return a is b
    return bool(a and b) and a[-1][1] + a[-1][2] == b[0][1]


def run_box(run, per_root, page_size, vmemmap, backing, pfn, page, page_lines):
    first, last = run[0], run[-1]
    start, end = first.start_pfn, last.start_pfn + model.PAGES_PER_SECTION
    nrs = f"{first.nr}" if first is last else f"{first.nr}-{last.nr}"
    idx = lambda s: "[{}][{}]".format(*model.section_root(s.nr, per_root))
    lines = [f"pfns {start:#x}-{end - 1:#x}", f"section_mem_map {first.section_mem_map:#x}  ({first.flag_names()})"]
    if first.has_mem_map:
        lines.append(f"  = (mem_map - {first.start_pfn:#x}) | flags" if first is last else "  = (mem_map - first pfn) | flags")
    else:
        lines.append(f"  = early nid {first.early_nid} << {first.map_last_bit} | flags")
    if first.pageblock_flags:
        lines.append(f"usemap {first.pageblock_flags:#x}" + ("" if first is last else " ..."))
    box = Box(f"mem_section{idx(first)}" + ("" if first is last else f"..{idx(last)}"), [f"section {nrs}"] + lines, "has mem_map" if first.has_mem_map else "present")
    if not first.has_mem_map:
        return box
    v0, v1 = vmemmap + start * page_size, vmemmap + end * page_size
    vbox = Box("vmemmap: their struct pages", [f"{v0:#x}-{v1 - 1:#x}", f"{end - start} x {page_size} B = "
                                                f"{model.human_size(v1 - v0)}", "pfn_to_page(pfn) = vmemmap + pfn"],
               "has mem_map")
    box.children.append(vbox)
    pieces = [p for s in run for p in backing.get(s.nr) or []]
    if pieces:
        lo, hi = pieces[0][1], pieces[-1][1] + pieces[-1][2]
        vbox.children.append(Box("in RAM at", [f"{lo:#x}-{hi - 1:#x}", f"{model.human_size(hi - lo)} from memblock",
                                               "(mm vmemmap PFN walks there)"], "memblock.reserved"))
    else:
        vbox.children.append(Box("not mapped", ["no page table maps these struct pages"], "fail"))
    if page is not None and start <= pfn < end:
        vbox.children.append(Box(f"struct page of pfn {pfn:#x}", [f"@ {page.addr:#x}"] + list(page_lines), "current"))
    return box


# ---- drawing ---------------------------------------------------------------------------------------

def text(forest):
    """The diagram as an outline: a box's fields under its title, its children indented after
    "->", a stack's boxes after "|"."""
    out = []

    def walk(b, indent, mark):
        out.append(f"{indent}{mark}{b.title}")
        pad = indent + " " * len(mark)
        out.extend(f"{pad}  {l}" for l in b.lines)
        for s in b.stack:
            walk(s, pad + "  ", "| ")
        for c in b.children:
            walk(c, pad + "  ", "-> ")
    for b in forest:
        walk(b, "", "")
    return "\n".join(out)


FONT = 'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace"'
CHAR_W, LINE_H, TITLE_H, PAD = 6.7, 15, 20, 6
COL_GAP, ROW_GAP, STACK_GAP, MARGIN, TOP = 44, 14, 22, 16, 50


def box_w(b):
    return int(max([len(b.title) * 7.2] + [len(l) * CHAR_W for l in b.lines]) + 2 * PAD)


def box_h(b):
    return TITLE_H + LINE_H * len(b.lines) + PAD


def columns(forest):
    """The width of each column: the widest box (or stacked box) at that depth."""
    widths = {}

    def walk(b, depth):
        widths[depth] = max([widths.get(depth, 0), box_w(b)] + [box_w(s) for s in b.stack])
        for c in b.children:
            walk(c, depth + 1)
    for b in forest:
        walk(b, 0)
    return [widths[d] for d in range(len(widths))]


def svg(forest, title, subtitle=""):
    """The forest as a self-contained SVG: columns by depth, children beside their parent, a
    stack under its box; elbow arrows from the parent's title or anchor line."""
    widths = columns(forest)
    xs = [MARGIN]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + COL_GAP)
    shapes = []

    def place(b, depth, y):
        """Draw @b at @y and what hangs from it; returns the bottom of it all."""
        x, w = xs[depth], widths[depth]
        bottom = draw(b, x, y, w)
        for s in b.stack:
            shapes.append(arrow(x + 30, bottom, x + 30, bottom + STACK_GAP))
            bottom = draw(s, x, bottom + STACK_GAP, w)
        cy = y
        for c in b.children:
            sy = y + TITLE_H / 2 if c.anchor is None else y + TITLE_H + LINE_H * c.anchor + LINE_H / 2
            shapes.append(elbow(x + w, sy, xs[depth + 1], cy + TITLE_H / 2))
            cy = place(c, depth + 1, cy) + ROW_GAP
        return max(bottom, cy - ROW_GAP if b.children else bottom)

    def draw(b, x, y, w):
        h = box_h(b)
        shapes.append(f'<rect x="{x}" y="{y:.0f}" width="{w}" height="{h}" rx="3" fill="white" stroke="#333"/>')
        shapes.append(f'<rect x="{x}" y="{y:.0f}" width="{w}" height="{TITLE_H}" rx="3" '
                      f'fill="{palette.hex_of(b.concept)}" stroke="#333"/>')
        shapes.append(f'<text x="{x + PAD}" y="{y + 14:.0f}" font-weight="bold" font-size="12">{escape(b.title)}</text>')
        for i, line in enumerate(b.lines):
            shapes.append(f'<text x="{x + PAD}" y="{y + TITLE_H + LINE_H * i + 12:.0f}" xml:space="preserve">'
                          f'{escape(line)}</text>')
        return y + h

    y = TOP
    for b in forest:
        y = place(b, 0, y) + 2 * ROW_GAP
    width = int(max(xs[-1] + widths[-1], len(title) * 9.1, len(subtitle) * CHAR_W)) + MARGIN
    height = int(y)
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" {FONT} font-size="11">',
            '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker></defs>',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="{MARGIN}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
            f'<text x="{MARGIN}" y="40" fill="#555">{escape(subtitle)}</text>']
    return "\n".join(head + shapes + ["</svg>"]) + "\n"


def elbow(x1, y1, x2, y2):
    mid = x1 + COL_GAP / 2
    return (f'<path d="M{x1},{y1:.0f} H{mid:.0f} V{y2:.0f} H{x2 - 1}" fill="none" stroke="#333" '
            'marker-end="url(#arrow)"/>')


def arrow(x1, y1, x2, y2):
    return f'<path d="M{x1},{y1:.0f} V{y2 - 1:.0f}" fill="none" stroke="#333" marker-end="url(#arrow)"/>'
