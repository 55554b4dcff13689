"""The physical memory map as one aligned picture: a row per structure (e820, memblock.memory by
node, memblock.reserved, nodes, each node's zones, sections, free pages) over one address axis.

The axis is linear inside each stretch of address space that something occupies; an empty
stretch longer than GAP_MIN (and longer than a tenth of the map) is collapsed to a fixed width
and marked with its size, so RAM up to 7 GiB and an e820 entry at 0xfd00000000 share one
readable axis. Pure: the rows come from an export-style state dict (commands.state_dict), the
text and SVG renderers (render/svg.py) draw the same layout.
"""
import bisect
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .. import model
from . import fit, palette

GAP_MIN = 1 << 30


@dataclass
class Row:
    name: str
    segments: List[Tuple[int, int, str]]            # [start, end) and a kind: legend key and colour
    density: Optional[List[Tuple[int, int]]] = None   # free pages: (start, end) of each free block
    note: str = ""


E820_KIND = {1: "usable", 2: "reserved", 3: "ACPI data", 4: "ACPI NVS", 5: "unusable", 128: "usable"}
ZONE_KIND = ("DMA", "DMA32", "Normal", "Movable", "Device")


def rows(state):
    """The rows that exist at this stop, top to bottom."""
    out = []
    if state.get("e820"):
        out.append(Row("e820", [(e.addr, e.end, E820_KIND.get(e.type, "other")) for e in state["e820"]]))
    mem = state.get("memblock_memory")
    if mem and mem.regions:
        out.append(Row("memblock.memory", [(r.base, r.end, f"node {r.nid}" if 0 <= r.nid < model.MAX_NUMNODES else "no node")
                                           for r in mem.regions]))
    res = state.get("memblock_reserved")
    if res and res.regions:
        out.append(Row("memblock.reserved", [(r.base, r.end, "memblock.reserved") for r in res.regions]))
    nodes = [n for n in state.get("nodes") or [] if n.node_spanned_pages]
    if nodes:
        out.append(Row("nodes", [(n.node_start_pfn << model.PAGE_SHIFT,
                                  (n.node_start_pfn + n.node_spanned_pages) << model.PAGE_SHIFT, f"node {n.nid}")
                                 for n in nodes]))
        for n in nodes:
            out.append(Row(f"node {n.nid} zones", [(z.zone_start_pfn << model.PAGE_SHIFT, z.end_pfn << model.PAGE_SHIFT,
                                                    z.name) for z in n.zones if z.spanned_pages]))
    elif state.get("numa_meminfo"):
        out.append(Row("numa_meminfo", [(b.start, b.end, f"node {b.nid}") for b in state["numa_meminfo"]]))
    secs = state.get("sections")
    if secs:
        size = model.PAGES_PER_SECTION << model.PAGE_SHIFT
        out.append(Row("sections", [(s.start_pfn << model.PAGE_SHIFT, (s.start_pfn << model.PAGE_SHIFT) + size,
                                     "has mem_map" if s.has_mem_map else "present") for s in secs if s.present]))
    free = state.get("free_blocks")
    if free is not None:
        blocks = [(pfn << model.PAGE_SHIFT, (pfn + (1 << order)) << model.PAGE_SHIFT) for pfn, order in free]
        ram = [(r.base, r.end, "RAM") for r in mem.regions] if mem else []
        out.append(Row("free pages", ram, density=sorted(blocks),
                       note="" if blocks else "none yet: free_all_bootmem fills the free lists"))
    return out


@dataclass
class Axis:
    """Address -> position in [0, width): linear pieces, collapsed gaps between them."""
    pieces: List[Tuple[int, int, float, float]]     # (start, end, x0, x1) of each occupied stretch
    gaps: List[Tuple[int, int, float, float]]       # the same for each collapsed gap
    width: float

    def x(self, addr):
        for s, e, x0, x1 in self.pieces + self.gaps:
            if s <= addr <= e:
                return x0 + (x1 - x0) * (addr - s) / (e - s) if e > s else x0
        return self.width if addr > self.pieces[-1][1] else 0.0

    def span(self, start, end):
        """(x0, x1) of [start, end), at least a hairline wide."""
        return self.x(start), max(self.x(end), self.x(start) + 0.5)


def ram_end(state):
    """Where the axis stops: the end of RAM (usable e820, memblock.memory) rounded up to a
    section; what lies beyond it (firmware's reserved windows near 1 TiB) is listed instead."""
    ends = [e.end for e in state.get("e820") or [] if e.type in model.E820_USABLE]
    mem = state.get("memblock_memory")
    ends += [r.end for r in mem.regions] if mem else []
    if not ends:
        return None
    sec = model.PAGES_PER_SECTION << model.PAGE_SHIFT
    return -(-max(ends) // sec) * sec


def beyond(rows_, end):
    """(row name, start, end, kind) of what starts at or past @end."""
    return [(r.name, s, e, k) for r in rows_ for s, e, k in r.segments if end is not None and s >= end]


def axis(rows_, width, gap_width, end=None):
    """Occupied stretches from every row's segments below @end; gaps over GAP_MIN and a tenth of
    the total occupied size collapse to @gap_width."""
    iv = sorted((s, min(e, end or e)) for r in rows_ for s, e, _ in r.segments if e > s and (end is None or s < end))
    if not iv:
        return Axis([(0, 1, 0.0, float(width))], [], width)
    merged = [list(iv[0])]
    for s, e in iv[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    total = merged[-1][1] - merged[0][0]
    limit = max(GAP_MIN, total // 10)
    stretches, gaps = [list(merged[0])], []
    for s, e in merged[1:]:
        if s - stretches[-1][1] > limit:
            gaps.append((stretches[-1][1], s))
            stretches.append([s, e])
        else:
            stretches[-1][1] = e
    occupied = sum(e - s for s, e in stretches)
    scale = (width - gap_width * len(gaps)) / occupied
    pieces, gap_pos, x = [], [], 0.0
    for i, (s, e) in enumerate(stretches):
        pieces.append((s, e, x, x + (e - s) * scale))
        x += (e - s) * scale
        if i < len(gaps):
            gap_pos.append((gaps[i][0], gaps[i][1], x, x + gap_width))
            x += gap_width
    return Axis(pieces, gap_pos, width)


def density(blocks, start, end):
    """The share of [start, end) that the sorted, disjoint @blocks cover."""
    if end <= start:
        return 0.0
    i = max(bisect.bisect_right(blocks, (start,)) - 1, 0)
    covered = 0
    while i < len(blocks) and blocks[i][0] < end:
        covered += max(0, min(blocks[i][1], end) - max(blocks[i][0], start))
        i += 1
    return covered / (end - start)


def ticks(ax):
    """The addresses worth a label on the axis: each stretch's ends, and round marks inside
    (1 GiB apart, or a larger power of two, at most about eight per stretch)."""
    out = []
    for s, e, _, _ in ax.pieces:
        step = 1 << 30
        while (e - s) // step > 8:
            step <<= 1
        out += [s, e] + list(range((s // step + 1) * step, e, step))
    return sorted(set(out))


def short(addr):
    """An axis label: the address in hex, and GiB/MiB when round."""
    return f"{addr:#x}" + (f" ({model.human_size(addr)})" if addr and addr % (1 << 20) == 0 else "")


# ---- text -----------------------------------------------------------------------------------------

CHARS = {"usable": "U", "reserved": "R", "ACPI data": "A", "ACPI NVS": "N", "unusable": "X", "other": "?",
         "memblock.reserved": "#", "DMA": "D", "DMA32": "3", "Normal": "N", "Movable": "M", "Device": "V",
         "has mem_map": "M", "present": "P", "no node": "?"}
SHADES = " .:-=+*#%@"


def kind_char(kind):
    if kind.startswith("node "):
        return kind[5:][-1]
    return CHARS.get(kind, "?")


CELLS = 96          # the picture's columns when the screen's width is unlimited


def text(state, line_width=None, color=False, full=True):
    """The map in lines of at most @line_width columns (the picture takes what the row names
    leave; CELLS columns when None); without @full only the picture and its axis."""
    rs = rows(state)
    if not rs:
        return "nothing to map yet (e820 is read at checkpoint e820__memblock_setup)"
    end = ram_end(state)
    label_w = max(len(r.name) for r in rs) + 1
    width = CELLS if line_width is None else max(line_width - label_w - 2, 16)
    ax = axis(rs, width, 3, end)
    cells = [cell(ax, c, 1) for c in range(width)]
    lines = []
    for r in rs:
        picture = []                                    # (character, concept or None)
        for c in cells:
            if c is None:
                picture.append(("/", None))
                continue
            s, e = c
            if r.density is not None:
                ram = density(sorted((a, b) for a, b, _ in r.segments), s, e)
                d = density(r.density, s, e)
                ch = SHADES[min(len(SHADES) - 1, round(d / ram * (len(SHADES) - 1)))] if ram else " "
                picture.append((ch, "free" if ram else None))
                continue
            kind = dominant(r.segments, s, e)
            picture.append((kind_char(kind), kind) if kind else (" ", None))
        drawn = runs(picture, color)
        if r.note and not r.density:                    # an empty row says why, inside it
            drawn = (r.note if len(r.note) <= width else r.note[:width - 1] + "…").ljust(width)
        lines.append(f"{r.name:<{label_w}}|{drawn}|")
    lines.append(" " * label_w + "+" + "".join("/" if c is None else "-" for c in cells) + "+")
    lines += axis_labels(ax, width, label_w)
    if not full:
        return fit.fold("\n".join(lines), line_width)
    for s, e, x0, _ in ax.gaps:
        lines.append(f"{' ' * label_w} / at column {int(x0) + 1}: {s:#x}-{e - 1:#x} collapsed "
                     f"({model.human_size(e - s)}, nothing there)")
    for name, s, e, k in beyond(rs, end):
        lines.append(f"{' ' * label_w} > beyond the end of RAM ({end:#x}), not drawn: {name} {k} {s:#x}-{e - 1:#x} "
                     f"({model.human_size(e - s)})")
    lines.append(legend_text(rs))
    lines += listing(rs)
    return fit.fold("\n".join(lines), line_width)


def runs(picture, color):
    """The row's characters, each run of one concept in its colour (one escape per run)."""
    out, i = "", 0
    while i < len(picture):
        j = i
        while j < len(picture) and picture[j][1] == picture[i][1]:
            j += 1
        chars = "".join(ch for ch, _ in picture[i:j])
        out += palette.cell(chars, picture[i][1], color) if picture[i][1] else chars
        i = j
    return out


def cell(ax, x, w):
    """The addresses [s, e) under [x, x + w) of the axis, None when x is in a collapsed gap."""
    s = ax_addr(ax, x)
    if s is None:
        return None
    e = ax_addr(ax, x + w)
    if e is None or e < s:
        e = next(pe for ps, pe, x0, x1 in ax.pieces if ps <= s <= pe)
    return s, e


def ax_addr(ax, x):
    """The address at position @x of the axis, None inside a collapsed gap."""
    for s, e, x0, x1 in ax.pieces:
        if x0 <= x <= x1 and x1 > x0:
            return int(s + (e - s) * (x - x0) / (x1 - x0))
    for s, e, x0, x1 in ax.gaps:
        if x0 <= x < x1:
            return None
    return ax.pieces[-1][1]


def dominant(segments, s, e):
    """The kind covering most of [s, e), or None when nothing does; a hairline still shows."""
    best, kind = 0, None
    for a, b, k in segments:
        cover = min(b, max(e, s + 1)) - max(a, s)
        if cover > best:
            best, kind = cover, k
    return kind


def axis_labels(ax, width, label_w):
    """Up to three lines of addresses under the axis, placed where they fit."""
    out = [[" "] * (width + 2) for _ in range(3)]
    for addr in ticks(ax):
        col = min(int(ax.x(addr)), width)
        lab = f"|{addr:#x}"
        start = col
        if col + len(lab) > width + 1:          # would pass the picture's right edge: end at the mark
            lab = f"{addr:#x}|"
            start = col - len(lab) + 1
        for line in out:
            if all(c == " " for c in line[max(0, start - 1):start + len(lab) + 1]):
                line[start:start + len(lab)] = lab
                break
    return [" " * (label_w + 1) + "".join(l).rstrip() for l in out if "".join(l).strip()]


def legend_text(rs):
    """One legend line per row kind (a letter means different things in different rows)."""
    out = []
    for r in rs:
        if r.density is not None:
            out.append(f"  {r.name}: share of the column's RAM that is free, '{SHADES}' from none to all")
            continue
        keys = []
        for _, _, k in r.segments:
            if f"{kind_char(k)}={k}" not in keys:
                keys.append(f"{kind_char(k)}={k}")
        out.append(f"  {r.name}: " + "  ".join(keys))
    return "legend:\n" + "\n".join(out)


def listing(rs):
    """Each row's entries with addresses and sizes (the picture's labels)."""
    out = []
    for r in rs:
        if r.density is not None:
            total = sum(e - s for s, e in r.density)
            out.append(f"{r.name}: {model.human_size(total)} in {len(r.density)} blocks" if r.density else
                       f"{r.name}: {r.note}")
            continue
        out.append(f"{r.name}:")
        out += [f"  {s:#014x}-{e - 1:#014x}  {model.human_size(e - s):>12}  {k}" for s, e, k in merge_same(r.segments)]
    return out


def merge_same(segments):
    """Adjacent segments of one kind as one (sections come one per 128 MiB)."""
    out = []
    for s, e, k in sorted(segments):
        if out and out[-1][2] == k and out[-1][1] == s:
            out[-1] = (out[-1][0], e, k)
        else:
            out.append((s, e, k))
    return out
