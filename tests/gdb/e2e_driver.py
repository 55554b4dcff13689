# Sourced by GDB in tests/gdb/test_e2e.py: visit every stop, run every command, write the
# results (output or error text) as JSON to $MM_E2E_OUT.
import json
import os

import gdb

from mm_step import model, snapshot
from mm_step.nav import NAV

COMMANDS = ["mm-phases", "mm e820", "mm memblock", "mm memblock memory", "mm numa", "mm sections",
            "mm pgdat", "mm zones", "mm zoneinfo", "mm buddyinfo", "mm pagetypeinfo", "mm page 0x1000",
            "mm page 1", "mm vmemmap 0x1000", "mm map", f"mm map --svg {os.path.dirname(os.environ['MM_E2E_OUT'])}/map.svg",
            "mm diff", "mm explain zones", "mm export /tmp/mm-e2e.json",
            "mm log 3", "mm check",
            "p memblock.memory", "p numa_meminfo"]
BAD = ["mm-goto nope", "mm-goto 0", "mm-goto free_area_init_core:x", "mm memblock foo", "mm sections x",
       "mm page", "mm page zz", "mm zones 99", "mm explain", "mm export", "mm map --svg", "mm-back extra",
       "mm vmemmap", "mm diff a b c", "mm-step -1", "mm log x", "mm log 0", "mm check now"]


def run(cmd):
    try:
        return {"cmd": cmd, "ok": True, "out": gdb.execute(cmd, to_string=True)}
    except gdb.error as e:
        return {"cmd": cmd, "ok": False, "out": str(e)}


results = {"stops": [], "bad": [], "roundtrip": [], "zoneinfo": None, "buddyinfo": None}
nav = [run("mm-goto last"), run("mm-restart")]
while True:
    count, idx, nid, ended = NAV.where()
    stop = {"count": count, "index": idx, "nid": nid, "ended": ended, "runs": [run(c) for c in COMMANDS]}
    results["stops"].append(stop)
    for pfn in (0x1000, 0x7fdf, 1):
        try:
            snap = snapshot.current()
            p = snap.page(pfn)
            results["roundtrip"].append([pfn, model.page_to_pfn(p.addr, snap.page_size(), snap.vmemmap_base())])
        except model.MMError:
            pass
    if ended:
        break
    r = run("mm-step")
    nav.append(r)
    if not r["ok"]:
        break
PROC = ("zoneinfo", "buddyinfo", "pagetypeinfo")
for name in PROC:
    results[name] = run(f"mm {name}")            # at the end, where the kernel printed its dumps
results["bad"] = [run(c) for c in BAD]
nav += [run("mm-back"), run("mm-goto 1"), run("mm-goto last")]
results["last"] = {name: run(f"mm {name}") for name in PROC}     # at the last checkpoint
results["nav"] = nav
with open(os.environ["MM_E2E_OUT"], "w") as f:
    json.dump(results, f)
