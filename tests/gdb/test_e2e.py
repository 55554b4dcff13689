"""End to end: the kernel under QEMU + GDB in batch mode (scripts/mm-gdb), every command at every
stop. One boot-and-walk for the whole module (a few seconds on the one-node machine)."""
import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import topology  # noqa: E402

TOPOLOGY = os.environ.get("MM_E2E_TOPOLOGY", "one-node")


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    kernel = os.path.join(ROOT, "build", "kernel.elf")
    if not os.path.exists(kernel):
        pytest.fail("build/kernel.elf missing: make")
    tmp = tmp_path_factory.mktemp("e2e")
    out, serial = tmp / "results.json", tmp / "serial.log"
    cmd = [os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", TOPOLOGY, "--serial", str(serial),
           "-batch", "-ex", f"source {os.path.join(ROOT, 'tests', 'gdb', 'e2e_driver.py')}"]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, MM_E2E_OUT=str(out)), capture_output=True,
                          text=True, timeout=170)
    assert out.exists(), f"the driver wrote nothing:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    res = json.loads(out.read_text())
    res["stderr"] = proc.stderr
    res["serial"] = serial.read_text(errors="replace") if serial.exists() else ""
    return res


def test_no_traceback(walk):
    assert "Traceback" not in walk["stderr"] and "Python Exception" not in walk["stderr"], walk["stderr"][-3000:]


def test_navigation_works(walk):
    for r in walk["nav"]:
        assert r["ok"], r
    counts = [s["count"] for s in walk["stops"]]
    assert counts == list(range(1, len(counts))) + [counts[-1]] and walk["stops"][-1]["ended"]


def test_every_command_sane_or_one_line(walk):
    for stop in walk["stops"]:
        for r in stop["runs"]:
            if r["ok"]:
                assert r["out"].strip(), (stop["count"], r)
            else:
                assert "\n" not in r["out"].strip() and r["out"].strip(), (stop["count"], r)
                assert "internal error" not in r["out"], (stop["count"], r)


def test_not_yet_says_where(walk):
    first = walk["stops"][0]
    assert first["index"] == 0, "the kernel does not stop at checkpoint 1 first"
    zones = next(r for r in first["runs"] if r["cmd"] == "mm zones")
    assert not zones["ok"] and re.search(r"at checkpoint \w+ \(\d+/10\); you are at e820__memblock_setup", zones["out"])


def test_bad_arguments_one_line(walk):
    for r in walk["bad"]:
        assert not r["ok"] and "\n" not in r["out"].strip() and "internal error" not in r["out"], r


def test_pfn_page_pfn_round_trip(walk):
    assert walk["roundtrip"], "no pfn was tried"
    for pfn, back in walk["roundtrip"]:
        assert pfn == back


def proc_dump(serial, name):
    m = re.search(rf"==== BEGIN /proc/{name} ====\n(.*?)==== END /proc/{name} ====", serial, re.S)
    if not m:
        return None
    return "".join(re.sub(r"^\[\s*\d+\.\d+\] ", "", l) for l in m.group(1).splitlines(True))


@pytest.mark.parametrize("name", ["zoneinfo", "buddyinfo", "pagetypeinfo"])
def test_matches_kernels_own_dump(walk, name):
    dump = proc_dump(walk["serial"], name)
    assert dump is not None, f"the kernel's serial log has no /proc/{name}"
    for r in (walk[name], walk["last"][name]):      # at the end, and at the last checkpoint
        assert r["ok"], r
        assert r["out"] == dump


def test_step_shows_what_the_phase_printed(walk):
    steps = {r["out"].splitlines()[0]: r["out"] for r in walk["nav"] if r["ok"] and r["out"].startswith("checkpoint")}
    numa = next(out for head, out in steps.items() if " numa_init" in head)
    assert "  printed:\n" in numa and ("NODE_DATA(0) allocated" in numa or "Faking a node" in numa), numa
    assert "[    0." not in numa, "timestamps are left out"


def test_log_and_check_at_every_stop(walk):
    for stop in walk["stops"]:
        log = next(r for r in stop["runs"] if r["cmd"] == "mm log 3")
        assert log["ok"] and len(log["out"].splitlines()) == 3, log
        if not stop["ended"]:
            assert "mm-step: checkpoint" in log["out"].splitlines()[-1], log
        check = next(r for r in stop["runs"] if r["cmd"] == "mm check")
        assert check["ok"], (stop["count"], check)
