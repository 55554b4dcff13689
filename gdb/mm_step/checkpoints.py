"""The checkpoint table, parsed from the kernel's kernel/include/mm_step/checkpoints.def, and the
serial line of each stop, from the formats in kernel/include/mm_step/checkpoint.h.

Those files are the single source: the kernel compiles them, this module reads the same text and
exports TABLE, NAMES, COUNT, LOG_LINE (a regex) and parse_log(). Importable without GDB (tests,
lessons and scripts use it).
"""
import os
import re
from dataclasses import dataclass

_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", "..", "kernel", "include", "mm_step"))
DEF_PATH = os.path.join(_DIR, "checkpoints.def")
HEADER_PATH = os.path.join(_DIR, "checkpoint.h")


@dataclass(frozen=True)
class Checkpoint:
    index: int          # 0-based, = enum mm_checkpoint_id
    name: str           # Linux's function, which has just finished
    per_node: bool
    linux_file: str
    seed_phase: str     # "caller -> function"
    description: str

    @property
    def number(self):
        return self.index + 1

    @property
    def caller(self):
        return self.seed_phase.split("->")[0].strip()


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING = r'"((?:[^"\\]|\\.)*)"'
_ENTRY = re.compile(r"CHECKPOINT\(\s*(\w+)\s*,\s*([01])\s*,\s*" + _STRING + r"\s*,\s*" + _STRING +
                    r"\s*,\s*" + _STRING + r"\s*\)", re.S)


def parse(text):
    """Checkpoints from the text of a checkpoints.def; ValueError if an entry is malformed."""
    text = _COMMENT.sub("", text)
    table = []
    for m in _ENTRY.finditer(text):
        name, per_node, f, phase, desc = m.groups()
        table.append(Checkpoint(len(table), name, per_node == "1", f, phase, desc))
    rest = _ENTRY.sub("", text)
    if "CHECKPOINT" in rest:
        raise ValueError("checkpoints.def: an entry does not match CHECKPOINT(name, 0|1, \"file\", \"phase\", \"text\")")
    if not table:
        raise ValueError("checkpoints.def: no CHECKPOINT entries")
    return table


def load(path=DEF_PATH):
    with open(path) as f:
        return parse(f.read())


TABLE = load() if os.path.exists(DEF_PATH) else []
NAMES = [cp.name for cp in TABLE]
COUNT = len(TABLE)
PER_NODE = [cp.name for cp in TABLE if cp.per_node]


def log_formats(text):
    """(line format, node suffix format) from checkpoint.h's MM_CHECKPOINT_LINE / _NODE."""
    got = dict(re.findall(r'#define\s+MM_CHECKPOINT_(LINE|NODE)\s+"((?:[^"\\]|\\.)*)"', text))
    if set(got) != {"LINE", "NODE"}:
        raise ValueError("checkpoint.h: MM_CHECKPOINT_LINE or MM_CHECKPOINT_NODE is missing")
    return got["LINE"], got["NODE"]


def log_regex(line_fmt, node_fmt):
    """A regex for the kernel's line, groups (number, total, name, node or None), from its printf
    formats: %d a number, %s a name."""
    def conv(fmt):
        return re.escape(fmt).replace("%d", r"(\d+)").replace("%s", r"(\w+)")
    return re.compile(conv(line_fmt) + "(?:" + conv(node_fmt) + ")?")


def _load_log_line():
    with open(HEADER_PATH) as f:
        return log_regex(*log_formats(f.read()))


LOG_LINE = _load_log_line() if os.path.exists(HEADER_PATH) else None


def parse_log(text, table=None):
    """[(Checkpoint, nid or None)] of the checkpoint lines in a serial log, in order."""
    table = table or TABLE
    out = []
    for m in LOG_LINE.finditer(text):
        number, _total, name, node = m.groups()
        cp = by_name(name, table)
        if cp is not None and cp.number == int(number):
            out.append((cp, int(node) if node is not None else None))
    return out


def by_name(name, table=None):
    """The checkpoint called @name, in the replay or (a real kernel's table) in its version."""
    for cp in table or TABLE:
        if name in (cp.name, getattr(cp, "label", None)):
            return cp
    return None


def parse_spec(spec, table=None):
    """'NAME', 'NAME:NODE', 'NUMBER' (1-based), 'NUMBER:NODE' or 'last' -> (index or 'last', node or None).

    Raises ValueError with a one-line message."""
    table = table or TABLE
    spec = spec.strip()
    if spec == "last":
        return "last", None
    name, sep, node = spec.partition(":")
    nid = None
    if sep:
        if not node.isdigit():
            raise ValueError(f"bad node '{node}' in '{spec}': expected NAME:NODE, e.g. free_area_init_core:0")
        nid = int(node)
    if name.isdigit():
        n = int(name)
        if not 1 <= n <= len(table):
            raise ValueError(f"no checkpoint {n}: they are numbered 1 to {len(table)}")
        cp = table[n - 1]
    else:
        cp = by_name(name, table)
        if cp is None:
            raise ValueError(f"no checkpoint '{name}' (see mm-phases)")
    if nid is not None and not cp.per_node:
        raise ValueError(f"checkpoint {cp.name} is not per node: write it without ':{nid}'")
    return cp.index, nid
