"""The checkpoint table, parsed from the kernel's kernel/include/mm_step/checkpoints.def.

That file is the single source: the kernel compiles it into mm_checkpoints[], this module reads
the same text. Importable without GDB (tests and lessons use it).
"""
import os
import re
from dataclasses import dataclass

DEF_PATH = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "..", "..", "kernel", "include", "mm_step", "checkpoints.def"))


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


def by_name(name, table=None):
    for cp in table or TABLE:
        if cp.name == name:
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
