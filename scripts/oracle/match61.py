"""Debian's Linux 6.1 beside the replay (which is Linux 4.19 exactly) on the same QEMU machine: the
structures both versions share, at the stops both have, and every difference expected between them
with its reason, from one data file (expected61.json) that tests/oracle/test_match61.py and
`mm compare linux-6.1` both read.

A field is compared when expected61.json's "shared" names it. mem_section's flags word is compared
through what both versions keep in it (present, online, has a mem_map; the node before sparse_init,
the encoded mem_map after), since 6.1 added flag bits below the node. A differing shared field is
expected when an entry of "expected" names its path, its stop and its machine; any other is
unexplained, and an entry that explains nothing on one of its machines is stale.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import linux419  # noqa: E402

DATA = os.path.join(HERE, "expected61.json")
_SECTION = re.compile(r"mem_section\[(\d+)\]\.section_mem_map")
_SECTION_BITS = ("present", "has_mem_map", "online")      # bits 0, 1, 2 in both versions
_SECTION_VIEW = re.compile(r"mem_section\[\d+\]\.(%s|mem_map|nid)" % "|".join(_SECTION_BITS))
_data = []


def data():
    """expected61.json, its patterns compiled once."""
    if not _data:
        with open(DATA) as f:
            d = json.load(f)
        d["_shared"] = re.compile("|".join(f"(?:{s['fields']})" for s in d["shared"]))
        for e in d["expected"]:
            for w in e["where"]:
                w["_fields"], w["_stops"] = re.compile(w["fields"]), re.compile(w.get("stops", ".*"))
        _data.append(d)
    return _data[0]


def section_view(nr, word, shift, out):
    """What both versions keep in a section's flags word: the bits below the node or map (their
    numbers are the same) and above them the node (before sparse_init) or the encoded mem_map."""
    for bit, name in enumerate(_SECTION_BITS):
        out[f"mem_section[{nr}].{name}"] = word >> bit & 1
    if word & 2:
        out[f"mem_section[{nr}].mem_map"] = word & ~((1 << shift) - 1)
    else:
        out[f"mem_section[{nr}].nid"] = word >> shift


def view(values, kernel):
    """{path: value} of the fields both versions share, in one stop of @kernel's dump."""
    d = data()
    shift = d["section_flags"]["nid_shift"]["linux-6.1" if kernel == "linux-6.1" else "linux-4.19"]
    out = {}
    for path, v in values.items():
        m = _SECTION.fullmatch(path)
        if m:
            section_view(int(m.group(1)), v, shift, out)
        elif d["_shared"].fullmatch(path):
            out[path] = v
    return out


def shared(path):
    """Whether @path (of a dump or of view()) is a field both versions share."""
    return any(r.fullmatch(path) for r in (data()["_shared"], _SECTION, _SECTION_VIEW))


def machine_id(options, extra):
    """The matrix id (linux419.MACHINES) of a machine given by its QEMU options and command line,
    or None."""
    for ident in linux419.MACHINE_IDS:
        if linux419.machine(ident) == (list(options), extra):
            return ident
    return None


def expectation(stop, path, ident):
    """(entry, its "where" item) of expected61.json that explains a difference in @path at @stop
    on machine @ident (None: a machine outside the matrix, where every entry may apply), or None."""
    for e in data()["expected"]:
        for w in e["where"]:
            if (ident is None or ident in w.get("machines", e["machines"])) \
                    and w["_fields"].fullmatch(path) and w["_stops"].fullmatch(stop):
                return e, w
    return None


def differences(replay, linux):
    """[(stop, path, replay's value, 6.1's value)] of every shared field that differs, at every
    stop both dumps have (6.1's own extra phases are not 4.19's)."""
    r, x = linux419.stop_names(replay), linux419.stop_names(linux)
    out = []
    for name in r:
        if name in x:
            out += [(name, p, a, b) for p, a, b, differ in linux419.fields(view(r[name], "replay"),
                                                                           view(x[name], "linux-6.1")) if differ]
    return out


def check(ident, replay, linux):
    """(the unexplained differences, [(entry, "where" item)] listed for @ident that explain none:
    each item must explain a difference on each of its machines, by default its entry's)."""
    used, unexplained = set(), []
    for diff in differences(replay, linux):
        hit = expectation(diff[0], diff[1], ident)
        if hit is None:
            unexplained.append(diff)
        else:
            used.add(id(hit[1]))
    stale = [(e, w) for e in data()["expected"] for w in e["where"]
             if ident in w.get("machines", e["machines"]) and id(w) not in used]
    return unexplained, stale

