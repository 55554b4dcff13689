"""scripts/record: the recorded walkthrough reaches every checkpoint the kernel's own log reaches
on the same machine (all ten, for every node, once every phase is replayed), and renders to an
animated SVG."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "scripts"), os.path.join(REPO, "gdb")]
import replay  # noqa: E402
from mm_step import checkpoints  # noqa: E402

TOPOLOGY = "two-node"


@pytest.fixture(scope="module")
def recording():
    if not (shutil.which("tmux") and shutil.which("termtosvg")):
        subprocess.run([os.path.join(REPO, "scripts", "install-deps")])
    r = subprocess.run([os.path.join(REPO, "scripts", "record"), "--topology", TOPOLOGY],
                       cwd=REPO, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    with open(os.path.join(REPO, "build", "demo.cast")) as f:
        lines = f.read().splitlines()
    return json.loads(lines[0]), [json.loads(l) for l in lines[1:]]


def test_cast_is_asciicast_v2(recording):
    header, events = recording
    assert header["version"] == 2 and header["width"] > 80 and header["height"] > 20
    times = [e[0] for e in events]
    assert times == sorted(times) and len(events) > 10
    assert all(e[1] == "o" and isinstance(e[2], str) for e in events)
    with open(os.path.join(REPO, "build", "demo.svg")) as f:
        svg = f.read()
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert "animation" in svg or "@keyframes" in svg


def test_reaches_every_checkpoint(recording):
    _, events = recording
    captions = set()
    for _, _, data in events:
        captions |= set(re.findall(r"\[(\d+)/\d+\] (\w+)(?: \(node (\d+)\))?", data))
    _, log = replay.run(TOPOLOGY, "", "", out=None)
    reached = set(re.findall(r"mm-step: checkpoint (\d+)/\d+ (\w+)(?: \(node (\d+)\))?", log))
    assert reached <= captions, f"not in the recording: {sorted(reached - captions)}"
    # every node of the machine gets its own stop at each per-node checkpoint the kernel reaches
    for cp in checkpoints.TABLE:
        if cp.per_node and any(c[1] == cp.name for c in reached):
            assert {c[2] for c in captions if c[1] == cp.name} == {"0", "1"}, cp.name
