# Sourced by GDB in tests/gdb/test_stops.py: every command (each one's Example line, and per node
# for the commands that take a node) at every stop of one boot, the serial log so far at each stop,
# then the bad arguments and the navigating commands' examples. JSON to $MM_STOPS_OUT.
import json
import os

import gdb

from mm_step import commands, snapshot
from mm_step.nav import NAV, serial_path
from mm_step.commands.base import NodeCommand
from mm_step.readers.kernel import KERNEL

OUT = os.environ["MM_STOPS_OUT"]
TMP = os.path.dirname(OUT)
REGISTRY = commands.registry()


def run(cmd):
    try:
        return {"cmd": cmd, "ok": True, "out": gdb.execute(cmd, to_string=True)}
    except gdb.error as e:
        return {"cmd": cmd, "ok": False, "out": str(e)}


def here(cmd):
    """An example command with its file written into this test's directory."""
    return cmd.replace("/tmp/", TMP + "/")


def stop_commands():
    nids = [i for i, p in enumerate(snapshot.current().get("node_data") or []) if p]
    out = ["mm-phases"]
    for cls in REGISTRY:
        if cls.navigates or cls.boots_others or not cls.name.startswith("mm "):
            continue
        out += [here(c) for c in cls.examples() if c.startswith("mm ")]
        if issubclass(cls, NodeCommand) or cls.name == "mm memblock":
            out.append(cls.name)
        if issubclass(cls, NodeCommand):
            out += [f"{cls.name} {n}" for n in nids]
    out.append("mm map")
    return out


def serial():
    with open(serial_path(), "rb") as f:
        f.seek(NAV.boot_offset)
        return f.read().decode("latin-1")


res = {"registry": [{"name": c.name, "requires": c.requires, "examples": c.examples(), "navigates": c.navigates,
                     "boots_others": c.boots_others}
                    for c in REGISTRY],
       "stops": [], "nav": [run("mm-restart")],
       # the kernel's stops (a real kernel's table may add phases 4.19 lacks): name, label, per node
       "table": [[cp.name, getattr(cp, "label", cp.name), cp.per_node] for cp in KERNEL.table()]}
while True:
    count, idx, nid, ended = NAV.where()
    res["stops"].append({"where": [count, idx, nid, ended], "runs": [run(c) for c in stop_commands()],
                         "serial": serial()})
    if ended:
        break
    r = run("mm-step")
    res["nav"].append(r)
    if not r["ok"]:
        break
BAD = ["mm-step", "mm-goto", "mm-goto nope", "mm-goto 0", f"mm-goto {len(KERNEL.table()) + 1}", "mm-goto free_area_init_core:x", "mm-goto sparse_init:0",
       "mm-goto free_area_init_core:9", "mm memblock foo", "mm memblock memory reserved", "mm sections x",
       "mm sections 9999999", "mm sections 4000", "mm page", "mm page zz", "mm page 0x7fffffffff", "mm page 0x7ffffff",
       "mm pgdat x", "mm zones 99", "mm explain", "mm explain nope", "mm export", "mm export /nonexistent/dir/x.json",
       "mm map --svg", "mm map foo", "mm map sparse 0x1 0x2", "mm map pgdat 1", "mm map pgdat --svg", "mm-back extra", "mm vmemmap", "mm diff a b c", "mm diff nope", "mm-step -1",
       "mm-step x", "mm log x", "mm log 0", "mm check now", "mm e820 x", "mm-phases x"]
res["bad"] = [run(c) for c in BAD]
res["nav"].append(run("mm-goto 1"))
res["examples"] = [run(here(c)) for cls in REGISTRY if (cls.navigates or not cls.name.startswith("mm ")) and not cls.boots_others
                   for c in cls.examples()]
res["debug"] = [run("show mm debug"), run("set mm debug on"), run("show mm debug"), run("set mm debug off")]
with open(OUT, "w") as f:
    json.dump(res, f)
