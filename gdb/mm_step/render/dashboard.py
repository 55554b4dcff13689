"""The live dashboard (`mm dashboard on`, the `mm` TUI window): a bar of the phases with the current
one marked, the memory map at the screen's width, the current phase's structures with the cells
that changed highlighted, and the serial lines the phase printed. Pure: the command gathers the
parts. No GDB.
"""
from . import fit, palette, physmap


def rule(title, width, color):
    """"── title ──────": a section's heading across the width."""
    head = f"── {title} "
    return palette.paint(head + "─" * max(width - len(head), 0), "heading", color)


def phase_bar(table, index, nid, width, color, ended=False):
    """Every checkpoint by number, the passed ones dim, the current one marked and named:
    " 1  2  3 [4 sparse_init]  5 ...". Before the first checkpoint @index is -1."""
    parts = []
    for cp in table:
        if cp.index == index and not ended:
            name = cp.name + (f", node {nid}" if cp.per_node and nid >= 0 else "")
            parts.append(palette.paint(f"[{cp.number} {name}]", "current", color))
        else:
            parts.append(palette.paint(str(cp.number), "dim", color) if cp.index < index or ended else str(cp.number))
    line = " ".join(parts) + ("  the end" if ended else "")
    return fit.fold_line(line, width, indent=2)


def structure(before, after, width, color, limit=8):
    """The structures this phase changed, every field shown, the changed ones highlighted;
    @before None when the previous stop was passed without being read."""
    if before is None:
        return ["(the stop before was passed without a look: mm diff compares any two)"]
    lines = []
    for key, fields in after.items():
        old = before.get(key)
        if old == fields:
            continue
        cells = []
        for f, v in fields.items():
            changed = old is None or old.get(f) != v
            cells.append(f"{f} " + palette.paint(v, "new", color) if changed and old is not None else f"{f} {v}")
        lines.append(f"{key}{' (new)' if old is None else ''}: " + ", ".join(cells))
    if not lines:
        return ["(no structure changed)"]
    more = [f"... {len(lines) - limit} more (mm diff)"] if len(lines) > limit else []
    return [l for line in lines[:limit] for l in fit.fold_line(line, width)] + more


def render(table, where, state, before, after, printed, width, color, max_printed=5):
    """The whole dashboard as text, every line within @width columns. @where: (count, index,
    nid, ended)."""
    count, index, nid, ended = where
    out = [rule(f"mm-step: stop {count}" if count else "mm-step: before the first checkpoint", width, color)]
    out += phase_bar(table, index, nid, width, color, ended)
    if state is not None:
        out.append(rule("memory map (mm map)", width, color))
        out += physmap.text(state, width, color, full=False).split("\n")
    if after:
        out.append(rule("changed in this phase (mm diff)", width, color))
        out += structure(before, after, width, color)
    if printed:
        out.append(rule("the phase printed (mm log)", width, color))
        out += [l if len(l) <= width else l[:width - 1] + "…" for l in printed[-max_printed:]]
    return "\n".join(out) + "\n"
