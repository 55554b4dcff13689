"""Fitting text to the screen's width: tables whose columns wrap under their own headings, and
lines folded at a space with the continuation indented under the line's text. Colour escapes
take no columns. No GDB: commands pass `show width` in (None: unlimited, nothing changes).
"""
import re

from .palette import plain, visible_len

TOKEN = re.compile(r"\x1b\[[0-9;]*m|.", re.S)


def usable(width):
    """The columns a line may take: one less than the screen, whose last column would wrap it."""
    return None if not width else max(width - 1, 20)


def fold_line(line, width, indent=None):
    """@line cut into lines of at most @width visible columns, at spaces where there are any; the
    continuation lines start @indent columns in (default: the line's own indent + 4)."""
    if width is None or visible_len(line) <= width:
        return [line]
    if indent is None:
        indent = len(plain(line)) - len(plain(line).lstrip()) + 4
    indent = min(indent, width // 2)
    out, cur, n, space_at = [], "", 0, None          # space_at: (len(cur), n) after the last space
    for tok in TOKEN.findall(line):
        if tok.startswith("\x1b"):
            cur += tok
            continue
        if n >= width:
            if space_at and space_at[1] > indent + 1:
                head, tail = cur[:space_at[0]], cur[space_at[0]:]
            else:
                head, tail = cur, ""
            out.append(head.rstrip())
            cur = " " * indent + tail.lstrip(" ")
            n = visible_len(cur)
            space_at = None
        cur += tok
        n += 1
        if tok == " ":
            space_at = (len(cur), n)
    out.append(cur)
    return [l for l in out if plain(l).strip()] or [""]


def fold(text, width):
    """Every line of @text folded to @width (see fold_line); the trailing newline kept."""
    if not width:
        return text
    end = "\n" if text.endswith("\n") else ""
    lines = text[:-1].split("\n") if end else text.split("\n")
    return "\n".join(l2 for l in lines for l2 in fold_line(l, width)) + end


def columns(widths, width, sep=2, indent=4):
    """The columns of a table split into bands that each fit @width: [(first, last, indent)]; the
    first band starts at column 0, the others @indent in. One band when @width is None."""
    bands, start, x = [], 0, 0
    for i, w in enumerate(widths):
        lead = 0 if not bands else indent
        need = (x + sep if i > start else lead) + w
        if width is not None and i > start and need > width:
            bands.append((start, i - 1, 0 if not bands else indent))
            start, x = i, indent + w
            continue
        x = need
    bands.append((start, len(widths) - 1, 0 if not bands else indent))
    return bands
