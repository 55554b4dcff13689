"""The physical memory map (render/physmap.py's rows and axis) as a self-contained SVG picture:
one band per row, labels with addresses and sizes, collapsed gaps hatched and marked, a legend.
Every rectangle has a <title> (address range, size) for viewers that show tooltips."""
import html

from .. import model
from . import palette, physmap

FREE = palette.hex_of("free")


def escape(text):
    """&, < and > as entities (xml.sax.saxutils.escape's, without its import of urllib.request and
    http.client: 25 ms of every GDB start)."""
    return html.escape(text, quote=False)

LEFT, PLOT, ROW_H, ROW_GAP, TOP = 150, 1000, 26, 10, 56
FONT = 'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace"'


def colour(kind):
    return palette.hex_of(kind)


def label(kind, s, e):
    return f"{kind} {model.human_size(e - s)}"


def memory_map(state, title=None):
    rs = physmap.rows(state)
    if not rs:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="40"><text x="10" y="25" '
                f'{FONT} font-size="13">nothing to map yet</text></svg>\n')
    end = physmap.ram_end(state)
    ax = physmap.axis(rs, PLOT, 46, end)
    far = physmap.beyond(rs, end)
    axis_y = TOP + len(rs) * (ROW_H + ROW_GAP)
    kinds = []
    for r in rs:
        for _, _, k in ([] if r.density is not None else r.segments):
            if k not in kinds:
                kinds.append(k)
    legend_rows = (len(kinds) + (1 if any(r.density is not None for r in rs) else 0) + 4) // 5
    height = axis_y + 95 + legend_rows * 22 + 20 * (len(ax.gaps) + len(far))
    width = LEFT + PLOT + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="11">',
           '<defs><pattern id="gap" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           '<rect width="8" height="8" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="8" stroke="#bbbbbb" '
           'stroke-width="3"/></pattern></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{escape(title or "Physical memory")}</text>',
           f'<text x="{LEFT}" y="42" fill="#555">one address axis for every row; linear inside each stretch, '
           'long empty gaps collapsed (hatched)</text>']
    for s, e, x0, x1 in ax.gaps:
        out.append(f'<rect x="{LEFT + x0:.1f}" y="{TOP - 4}" width="{x1 - x0:.1f}" height="{axis_y - TOP + 4}" '
                   f'fill="url(#gap)"><title>{s:#x}-{e - 1:#x}: nothing ({model.human_size(e - s)})</title></rect>')
    for i, r in enumerate(rs):
        y = TOP + i * (ROW_H + ROW_GAP)
        out.append(f'<text x="{LEFT - 8}" y="{y + ROW_H / 2 + 4}" text-anchor="end" font-weight="bold">'
                   f'{escape(r.name)}</text>')
        if r.density is not None:
            out += free_row(ax, r, y)
            continue
        out.append(f'<rect x="{LEFT}" y="{y}" width="{PLOT}" height="{ROW_H}" fill="#fafafa" stroke="#e0e0e0"/>')
        for s, e, k in physmap.merge_same(r.segments):
            x0, x1 = ax.span(s, e)
            out.append(f'<rect x="{LEFT + x0:.2f}" y="{y}" width="{max(x1 - x0, 1.0):.2f}" height="{ROW_H}" '
                       f'fill="{colour(k)}" stroke="#333" stroke-width="0.4"><title>{escape(k)}: {s:#x}-{e - 1:#x} '
                       f'({model.human_size(e - s)})</title></rect>')
            text = next((t for t in (label(k, s, e), k) if x1 - x0 > len(t) * 6.8 + 6), None)
            if text:
                out.append(f'<text x="{LEFT + (x0 + x1) / 2:.1f}" y="{y + ROW_H / 2 + 4}" text-anchor="middle">'
                           f'{escape(text)}</text>')
        if r.note:
            out.append(f'<text x="{LEFT + 6}" y="{y + ROW_H / 2 + 4}" fill="#777">{escape(r.note)}</text>')
    out += axis_svg(ax, axis_y)
    out += legend_svg(kinds, any(r.density is not None for r in rs), axis_y + 75)
    y = axis_y + 85 + legend_rows * 22
    for s, e, _, _ in ax.gaps:
        out.append(f'<text x="{LEFT}" y="{y}" fill="#555">hatched: {s:#x}-{e - 1:#x} collapsed, nothing there '
                   f'({escape(model.human_size(e - s))})</text>')
        y += 20
    for name, s, e, k in far:
        out.append(f'<text x="{LEFT}" y="{y}" fill="#555">beyond the end of RAM ({end:#x}), not drawn: {escape(name)} '
                   f'{escape(k)} {s:#x}-{e - 1:#x} ({escape(model.human_size(e - s))})</text>')
        y += 20
    out.append("</svg>")
    return "\n".join(out) + "\n"


def free_row(ax, r, y):
    """Free pages per 2-pixel column, as the share of that column's RAM in free blocks."""
    total = sum(e - s for s, e in r.density)
    out = [f'<rect x="{LEFT}" y="{y}" width="{PLOT}" height="{ROW_H}" fill="#fafafa" stroke="#e0e0e0">'
           f'<title>{escape(model.human_size(total))} free in {len(r.density)} blocks</title></rect>']
    if r.note:
        return out + [f'<text x="{LEFT + 6}" y="{y + ROW_H / 2 + 4}" fill="#777">{escape(r.note)}</text>']
    ram = sorted((s, e) for s, e, _ in r.segments)
    for c in range(0, PLOT, 2):
        span = physmap.cell(ax, c, 2)
        if span is None or span[1] <= span[0]:
            continue
        s, e = span
        have = physmap.density(ram, s, e)
        if not have:
            continue
        d = physmap.density(r.density, s, e) / have
        out.append(f'<rect x="{LEFT + c}" y="{y}" width="2" height="{ROW_H}" fill="{FREE}" '
                   f'fill-opacity="{max(d, 0.04):.2f}"/>')
    return out


def axis_svg(ax, y):
    """The axis line, a tick at each label address, the hex (and the size when round) under it
    where there is room; each collapsed gap marked with its size."""
    out = [f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + PLOT}" y2="{y}" stroke="#333"/>']
    last = -1000.0
    for addr in physmap.ticks(ax):
        x = LEFT + ax.x(addr)
        out.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}" stroke="#333"/>')
        hexa = f"{addr:#x}"
        round_ = model.human_size(addr) if addr and addr % (1 << 20) == 0 else ""
        w = max(len(hexa), len(round_)) * 6.6
        if x - w / 2 < last + 8:
            continue
        last = x + w / 2
        out.append(f'<text x="{x:.1f}" y="{y + 17}" text-anchor="middle" font-size="10">{hexa}</text>')
        if round_:
            out.append(f'<text x="{x:.1f}" y="{y + 29}" text-anchor="middle" font-size="10" fill="#555">'
                       f'{escape(round_)}</text>')
    for s, e, x0, x1 in ax.gaps:
        xm = LEFT + (x0 + x1) / 2
        out.append(f'<text x="{xm:.1f}" y="{y + 44}" text-anchor="middle" font-size="10" fill="#555">'
                   f'gap {escape(model.human_size(e - s))}</text>')
        out.append(f'<path d="M{LEFT + x0 - 3:.1f},{y + 4} l6,-8 M{LEFT + x1 - 3:.1f},{y + 4} l6,-8" '
                   'stroke="#333" stroke-width="1.5"/>')
    return out


def legend_svg(kinds, free, y):
    out = []
    items = [(colour(k), k, 1.0) for k in kinds] + ([(FREE, "free pages (darker: more free)", 0.7)]
                                                   if free else [])
    for i, (c, k, op) in enumerate(items):
        x = LEFT + (i % 5) * 200
        yy = y + (i // 5) * 22
        out.append(f'<rect x="{x}" y="{yy - 10}" width="14" height="12" fill="{c}" fill-opacity="{op}" '
                   'stroke="#333" stroke-width="0.4"/>')
        out.append(f'<text x="{x + 19}" y="{yy}">{escape(k)}</text>')
    return out
