# Sourced by GDB in tests/gdb/test_invariants.py: `mm check` at every stop of one boot, then (with
# $MM_CHECK_CORRUPT) at the last checkpoint with one struct page's zone and one zone's nr_free
# corrupted through `set var`, which mm check must report. Results as JSON in $MM_CHECK_OUT.
import json
import os
import tempfile

import gdb

from mm_step import snapshot
from mm_step.nav import NAV

LOG = os.path.join(tempfile.mkdtemp(prefix="mm-check-"), "out.txt")


def run_logged(cmd):
    """Run @cmd keeping its output even when it fails (to_string loses the output of a failing command)."""
    for c in (f"set logging file {LOG}", "set logging overwrite on", "set logging redirect on",
              "set logging enabled on"):
        gdb.execute(c)        # not to_string: that would capture the log's output too
    try:
        gdb.execute(cmd)
        ok, err = True, ""
    except gdb.error as e:
        ok, err = False, str(e)
    finally:
        gdb.execute("set logging enabled off")
    with open(LOG) as f:
        return {"cmd": cmd, "ok": ok, "error": err, "out": f.read()}


results = {"stops": []}
gdb.execute("mm-restart", to_string=True)
while True:
    count, idx, nid, ended = NAV.where()
    results["stops"].append({"count": count, "index": idx, "nid": nid, "ended": ended, "check": run_logged("mm check")})
    if ended:
        break
    gdb.execute("mm-step", to_string=True)

if os.environ.get("MM_CHECK_CORRUPT"):
    gdb.execute("mm-goto last", to_string=True)
    snap = snapshot.current()
    lay = snap.page_flags_layout()
    pfn = 0x1000
    addr = snap.page(pfn).addr
    flags = snap.page(pfn).flags
    gdb.execute(f"set var ((struct page *){addr:#x})->flags = {flags ^ (1 << lay.zones_pgshift):#x}")
    results["corrupt_page"] = run_logged("mm check")
    results["corrupt_pfn"] = pfn
    gdb.execute(f"set var ((struct page *){addr:#x})->flags = {flags:#x}")
    results["restored"] = run_logged("mm check")
    gdb.execute("set var node_data[0]->node_zones[1].free_area[3].nr_free += 1")
    results["corrupt_nr_free"] = run_logged("mm check")
    gdb.execute("set var node_data[0]->node_zones[1].free_area[3].nr_free -= 1")

with open(os.environ["MM_CHECK_OUT"], "w") as f:
    json.dump(results, f)
