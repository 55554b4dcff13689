"""The physical memory map as a picture (SVG) or text: one band each for e820, memblock.memory,
memblock.reserved and the zones, on a common address axis (holes squeezed out above 4 GiB)."""
from xml.sax.saxutils import escape

from .. import model

COLOURS = {"usable": "#8fd18f", "reserved": "#d18f8f", "ACPI data": "#d1c18f", "ACPI NVS": "#c18fd1",
           "memory": "#8fb8d1", "memblock.reserved": "#d1a08f", "DMA": "#f2d479", "DMA32": "#79c3f2",
           "Normal": "#9af279", "Movable": "#f279c8"}


def bands(state):
    """[(band name, [(start, end, label)])] from an export-style state dict."""
    out = []
    if state.get("e820"):
        out.append(("e820", [(e.addr, e.end, model.e820_type_name(e.type)) for e in state["e820"]]))
    for key, name in (("memblock_memory", "memory"), ("memblock_reserved", "memblock.reserved")):
        t = state.get(key)
        if t and t.regions:
            out.append((name, [(r.base, r.end, name) for r in t.regions]))
    zones = []
    for n in state.get("nodes") or []:
        for z in n.zones:
            if z.spanned_pages:
                zones.append((z.zone_start_pfn << model.PAGE_SHIFT, z.end_pfn << model.PAGE_SHIFT, z.name))
    if zones:
        out.append(("zones", zones))
    return out


def memory_map(state, width=1000):
    bs = bands(state)
    top = max((e for _, items in bs for _, e, _ in items), default=1)
    scale = width / top
    h = 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 160}" height="{h * len(bs) + 40}" '
             'font-family="monospace" font-size="11">',
             f'<text x="4" y="{h * len(bs) + 30}">0 .. {top:#x} ({model.human_size(top)})</text>']
    for row, (name, items) in enumerate(bs):
        y = row * h + 10
        parts.append(f'<text x="4" y="{y + 18}">{escape(name)}</text>')
        for s, e, label in items:
            x = 150 + s * scale
            w = max((e - s) * scale, 1)
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="28" fill="{COLOURS.get(label, "#ccc")}" '
                         f'stroke="#333" stroke-width="0.3"><title>{escape(label)} {s:#x}-{e - 1:#x}</title></rect>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def text_map(state):
    lines = []
    for name, items in bands(state):
        lines.append(f"{name}:")
        lines += [f"  {s:#018x}-{e - 1:#018x}  {model.human_size(e - s):>10}  {label}" for s, e, label in items]
    return "\n".join(lines) if lines else "nothing to map yet (e820 is read at checkpoint e820__memblock_setup)"
