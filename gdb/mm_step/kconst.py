"""Kernel constants from the kernel's own headers (no GDB, no copies by hand).

C macros are not in DWARF, so the `#define`s and enums of the headers below are read and
evaluated here, as checkpoints.py reads checkpoints.def: a header changed in the kernel is
changed for the plugin too. Only integer-valued definitions are kept.
"""
import os
import re

KERNEL = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kernel"))
HEADERS = ["arch/x86/include/asm/page_64_types.h", "arch/x86/include/asm/sparsemem.h",
           "arch/x86/include/asm/mm_step.h", "arch/x86/include/asm/e820/types.h",
           "include/linux/numa.h", "include/linux/mmzone.h", "include/linux/pageblock-flags.h",
           "include/linux/memblock.h", "include/linux/topology.h", "include/linux/page-flags.h"]

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)[ \t]+(.+?)\s*$", re.M)
_ENUM = re.compile(r"\benum\s+\w*\s*\{(.*?)\}", re.S)
_CASTS = re.compile(r"\(\s*(?:unsigned\s+)?(?:long|int|u64|u32|phys_addr_t)\s*\)")
_SUFFIX = re.compile(r"\b(0x[0-9a-fA-F]+|\d+)(?:UL|ULL|U|L)\b")


def _strip_ifdefs(text):
    """The text as the kernel build sees it: `#ifdef MM_STEP_HOSTED` branches (host unit tests)
    dropped, their #else kept."""
    out, skip = [], []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("#ifdef MM_STEP_HOSTED"):
            skip.append(True)
            continue
        if skip and s.startswith("#else"):
            skip[-1] = not skip[-1]
            continue
        if skip and s.startswith("#endif"):
            skip.pop()
            continue
        if not any(skip):
            out.append(line)
    return "\n".join(out)


def _eval(expr, env):
    expr = _SUFFIX.sub(r"\1", _CASTS.sub("", expr)).replace("~", "-1-")
    try:
        v = eval(expr, {"__builtins__": {}}, env)      # noqa: S307 -- our own headers' arithmetic
    except Exception:                                  # a macro that is not an integer
        return None
    return v if isinstance(v, int) else None


_ITEM = re.compile(_DEFINE.pattern + "|" + _ENUM.pattern, re.M | re.S)


def parse(texts):
    """{name: int} of every integer #define and enumerator in @texts, in the order they come (a
    definition may use the ones before it)."""
    env = {}
    for text in texts:
        text = _strip_ifdefs(_COMMENT.sub("", text))
        for m in _ITEM.finditer(text):
            name, expr, body = m.groups()
            if name:
                v = _eval(expr, env)
                if v is not None:
                    env.setdefault(name, v)
                continue
            nxt = 0
            for item in body.split(","):
                ident, _, val = item.partition("=")
                ident = ident.strip()
                if not re.fullmatch(r"\w+", ident or "-"):
                    continue
                v = _eval(val, env) if val.strip() else nxt
                nxt = None if v is None else v + 1     # after an unknown value, the next are unknown too
                if v is not None:
                    env[ident] = v
    return env


def load(kernel=KERNEL):
    texts = []
    for h in HEADERS:
        with open(os.path.join(kernel, h)) as f:
            texts.append(f.read())
    return parse(texts)


K = load() if os.path.isdir(KERNEL) else {}
