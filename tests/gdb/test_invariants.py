"""mm check on the real kernel: every invariant OK at every stop (every checkpoint, every node) on a
matrix of machines, one GDB batch session per machine; and mm check does fail on a corrupted
struct page or nr_free."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MATRIX = [("one-node", ""), ("two-node", ""), ("memoryless-node", ""), ("q35-odd", ""), ("four-node-16g", ""),
          ("two-node", "numa=fake=4"), ("two-node", "movablecore=1G")]


def walk(tmp_path, topology, cmdline, corrupt=False):
    kernel = os.path.join(ROOT, "build", "kernel.elf")
    if not os.path.exists(kernel):
        pytest.fail("build/kernel.elf missing: make")
    out = tmp_path / "check.json"
    cmd = [os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", topology, "--cmdline", cmdline,
           "-batch", "-ex", f"source {os.path.join(ROOT, 'tests', 'gdb', 'check_driver.py')}"]
    env = dict(os.environ, MM_CHECK_OUT=str(out), MM_CHECK_CORRUPT="1" if corrupt else "")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=170)
    assert out.exists(), f"the driver wrote nothing:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr and "Python Exception" not in proc.stderr, proc.stderr[-3000:]
    return json.loads(out.read_text())


@pytest.mark.parametrize("topology,cmdline", MATRIX, ids=[f"{t}{'+' + c if c else ''}" for t, c in MATRIX])
def test_every_invariant_holds_at_every_stop(tmp_path, topology, cmdline):
    res = walk(tmp_path, topology, cmdline)
    stops = res["stops"]
    assert stops[-1]["ended"] and len(stops) >= 11, [s["count"] for s in stops]
    for s in stops:
        r = s["check"]
        where = f"stop {s['count']} (checkpoint {s['index'] + 1}, node {s['nid']})"
        assert r["ok"], f"{where}: {r['error']}\n{r['out']}"
        lines = r["out"].strip().splitlines()
        assert all(re.match(r"(OK  |FAIL) \S", l) for l in lines) or lines[0].startswith("nothing to check"), (where, lines)
    last = stops[-1]["check"]["out"]
    for what in ("mem_map in vmemmap", "present <= spanned", "add up", "managed <= present", "decode to node",
                 "NR_FREE_PAGES", "free lists hold free pages"):
        assert what in last, (what, last)
    # every node with memory had its struct pages checked at the end
    assert not re.search(r"struct page flags .*: no populated zone", last) or topology == "memoryless-node"


def test_check_can_fail(tmp_path):
    res = walk(tmp_path, "one-node", "", corrupt=True)
    bad = res["corrupt_page"]
    assert not bad["ok"] and bad["error"] == "1 invariant failed", bad
    fail = [l for l in bad["out"].splitlines() if l.startswith("FAIL")]
    assert len(fail) == 1 and "struct page flags" in fail[0] and f"first pfn {res['corrupt_pfn']:#x}" in fail[0] \
        and "1 of " in fail[0], fail
    assert res["restored"]["ok"], res["restored"]
    nr = res["corrupt_nr_free"]
    assert not nr["ok"], nr
    fail = [l for l in nr["out"].splitlines() if l.startswith("FAIL")]
    assert len(fail) == 1 and "DMA32: nr_free sum" in fail[0] and "order 3" in fail[0], fail
