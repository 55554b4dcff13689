"""End to end: the kernel under QEMU + GDB in batch mode (scripts/mm-gdb), every command at every
stop. One boot-and-walk for the whole module (a few seconds on the one-node machine)."""
import json
import os
import re
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import topology  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "gdb"))
from mm_step import checkpoints  # noqa: E402

TOPOLOGY = os.environ.get("MM_E2E_TOPOLOGY", "one-node")


REBUILT = "the kernel QEMU runs is not the ELF GDB loaded"


def boot_and_walk(tmp):
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


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    kernel = os.path.join(ROOT, "build", "kernel.elf")
    if not os.path.exists(kernel):
        pytest.fail("build/kernel.elf missing: make")
    res = boot_and_walk(tmp_path_factory.mktemp("e2e"))
    if any(REBUILT in r["out"] for r in res["nav"]):
        # someone's `make` rewrote build/kernel.elf between QEMU's start and GDB's (the plugin
        # found it and said so): the walk says nothing about the plugin; once more
        res = boot_and_walk(tmp_path_factory.mktemp("e2e"))
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
    assert not zones["ok"] and re.search(rf"at checkpoint \w+ \(\d+/{checkpoints.COUNT}\); you are at e820__memblock_setup",
                                         zones["out"])


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
            assert checkpoints.LOG_LINE.search(log["out"].splitlines()[-1]), log
        check = next(r for r in stop["runs"] if r["cmd"] == "mm check")
        assert check["ok"], (stop["count"], check)


def test_a_kernel_that_is_not_the_elf_is_named(tmp_path):
    """QEMU boots a copy of the kernel with one .rodata byte changed, GDB loads the real ELF:
    the first motion says so in one line instead of navigating with wrong symbols."""
    kernel = os.path.join(ROOT, "build", "kernel.elf")
    elf = tmp_path / "kernel.elf"
    other = tmp_path / "other.elf"
    data = open(kernel, "rb").read()
    elf.write_bytes(data)
    i = data.index(b"mm-step: checkpoint")
    other.write_bytes(data[:i] + b"M" + data[i + 1:])
    sock = tmp_path / "gdb.sock"
    qemu = subprocess.Popen(topology.qemu_command(topology.machine_options("one-node", ""), "", kernel=str(other),
                                                  serial="null", extra=["-S", "-gdb", f"unix:{sock},server=on,wait=off"]),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not sock.exists() and qemu.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        proc = subprocess.run(["gdb", "-q", "-nx", "-batch", str(elf), "-ex", f"source {ROOT}/gdb/mm-step.py",
                               "-ex", f"target remote {sock}", "-ex", "mm-goto last"],
                              capture_output=True, text=True, timeout=120)
    finally:
        qemu.kill()
        qemu.wait()
    assert REBUILT in proc.stderr and ".rodata differs at" in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


def test_map_at_the_end(walk, tmp_path_factory):
    """mm map at the end: every row, the free pages dense; --svg wrote a well-formed picture with
    the same rows (the last stop's file)."""
    import xml.etree.ElementTree as ET
    end = walk["stops"][-1]
    out = next(r for r in end["runs"] if r["cmd"] == "mm map")["out"]
    rows = [l.split("|")[0].strip() for l in out.splitlines() if "|" in l and not l.startswith(" ")]
    assert rows == ["e820", "memblock.memory", "memblock.reserved", "nodes", "node 0 zones", "sections",
                    "free pages"], out
    free = next(l for l in out.splitlines() if l.startswith("free pages "))
    assert free.count("@") > 40, free
    svg_run = next(r for r in end["runs"] if r["cmd"].startswith("mm map --svg"))
    assert svg_run["ok"] and svg_run["out"].startswith("wrote "), svg_run
    root = ET.parse(svg_run["out"].split()[1]).getroot()
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0].startswith("Physical memory at the end") and "free pages" in texts and "node 0 zones" in texts
