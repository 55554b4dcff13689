"""The one palette: a colour per concept, shared by the terminal (ANSI 256-colour escapes) and the
pictures (SVG hex colours), so that node 1, DMA32, free or "changed" look the same in `mm map`,
the stop banner, `mm diff` and map.svg. No GDB: whether colour is on is the caller's business.
"""
import re

HEX = {
    # e820 types and memblock
    "usable": "#7cc47c", "reserved": "#d9827a", "ACPI data": "#e3c86b", "ACPI NVS": "#b58be0",
    "unusable": "#999999", "other": "#cccccc", "memblock.reserved": "#c0504d", "no node": "#cccccc",
    "RAM": "#eeeeee",
    # zones
    "DMA": "#f2c14e", "DMA32": "#5fa8d3", "Normal": "#2ca089", "Movable": "#e584c6", "Device": "#aaaaaa",
    # sections, the buddy allocator
    "has mem_map": "#9e9ac8", "present": "#dadaeb", "free": "#2e8b57",
    # words in text: headings, what changed (old -> new), a special value spelled out, check results
    "heading": "#5fafd7", "old": "#af5f5f", "new": "#ffaf00", "special": "#af87d7",
    "ok": "#5faf00", "fail": "#ff0000", "current": "#ffaf00", "dim": "#8a8a8a",
}
NODES = ("#4f81bd", "#f79646", "#9bbb59", "#8064a2", "#4bacc6", "#c0504d", "#7f7f7f", "#d4a017")
BOLD = {"heading", "new", "fail", "current"}
SGR = re.compile(r"\x1b\[[0-9;]*m")


def hex_of(concept):
    """The concept's colour as #rrggbb; "node N" takes the node palette; unknown ones are grey."""
    if concept.startswith("node ") and concept[5:].isdigit():
        return NODES[int(concept[5:]) % len(NODES)]
    return HEX.get(concept, "#cccccc")


def xterm(hexstr):
    """The nearest colour of xterm's 6x6x6 cube (indexes 16..231)."""
    levels = (0, 95, 135, 175, 215, 255)
    rgb = [int(hexstr[i:i + 2], 16) for i in (1, 3, 5)]
    idx = [min(range(6), key=lambda k: abs(levels[k] - v)) for v in rgb]
    return 16 + 36 * idx[0] + 6 * idx[1] + idx[2]


def paint(s, concept, on=True):
    """@s in the concept's colour (foreground) when @on (and a concept is given)."""
    if not on or not s or not concept:
        return s
    bold = "1;" if concept in BOLD else ""
    return f"\x1b[{bold}38;5;{xterm(hex_of(concept))}m{s}\x1b[0m"


def cell(s, concept, on=True):
    """@s on the concept's colour (background, black text): a cell of a picture."""
    if not on or not s:
        return s
    return f"\x1b[48;5;{xterm(hex_of(concept))};38;5;16m{s}\x1b[0m"


def plain(s):
    """@s without colour escapes."""
    return SGR.sub("", s)


def visible_len(s):
    return len(plain(s))
