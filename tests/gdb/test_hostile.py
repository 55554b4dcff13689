"""The plugin as a hostile or clumsy user drives it (tests/gdb/hostile_driver.py, one boot): before
the first checkpoint, odd arguments (negative, huge, hex/decimal mixes, quotes, unknown names,
empty strings, unwritable paths), corrupted guest memory (zone spans of 2^48 pages, memblock cnt
> max, cycling free lists, absurd nr_free, mem_section roots pointing nowhere or at code, a NULL
e820_table), garbage under the pretty-printers, navigation past either end, and a killed target.
Each input's answer is compared with the one recorded in hostile_expected.json: an error's exact
line, or an answer's first line (a print's whole text). None hangs or raises.

After a change that alters an answer on purpose: MM_HOSTILE_RECORD=1 python3 -m pytest
tests/gdb/test_hostile.py, and review the diff of hostile_expected.json."""
import json
import os
import re
import stat
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPECTED = os.path.join(ROOT, "tests", "gdb", "hostile_expected.json")
UMASK = 0o027


def normal(text, scratch):
    """What an answer says independently of this run: the scratch folder, GDB's value history
    numbers and kernel-image addresses (they move when the kernel is rebuilt) are named."""
    text = text.replace(scratch, "{D}")
    text = re.sub(r"\$\d+ = ", "$N = ", text)
    return re.sub(r"0xffffffff8[0-9a-f]{7}\b", "{kaddr}", text)


def answer(r, scratch):
    out = normal(r["out"].strip(), scratch)
    if not r["ok"]:
        return "error: " + out
    return "ok: " + (out if r["cmd"].startswith("p ") else out.splitlines()[0] if out else "")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    if not os.path.exists(os.path.join(ROOT, "build", "kernel.elf")):
        pytest.fail("build/kernel.elf missing: make")
    tmp = tmp_path_factory.mktemp("hostile")
    scratch = tmp / "d"
    scratch.mkdir()
    out = tmp / "results.jsonl"
    proc = subprocess.run([os.path.join(ROOT, "scripts", "mm-gdb"), "--topology", "one-node", "-batch", "-ex",
                           f"source {os.path.join(ROOT, 'tests', 'gdb', 'hostile_driver.py')}"],
                          cwd=ROOT, env=dict(os.environ, MM_HOSTILE_OUT=str(out), MM_HOSTILE_DIR=str(scratch)),
                          capture_output=True, text=True, timeout=600, preexec_fn=lambda: os.umask(UMASK))
    lines = [json.loads(l) for l in out.read_text().splitlines()] if out.exists() else []
    assert lines and "done" in lines[-1], f"the driver did not finish:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return {"results": lines[:-1], "stderr": proc.stderr, "scratch": str(scratch)}


def test_no_hang_no_traceback(hostile):
    assert "Traceback" not in hostile["stderr"] and "Python Exception" not in hostile["stderr"], hostile["stderr"]
    for r in hostile["results"]:
        assert r["out"] != "HANG" and "internal error" not in r["out"] and "Python Exception" not in r["out"], r


def test_every_error_is_one_line(hostile):
    for r in hostile["results"]:
        if not r["ok"]:
            assert r["out"].strip() and "\n" not in r["out"].strip(), r


def test_each_answer_as_recorded(hostile):
    got = {}
    for r in hostile["results"]:
        got.setdefault(f"{r['phase']} | {r['cmd'].replace(hostile['scratch'], '{D}')}", []).append(
            answer(r, hostile["scratch"]))
    if os.environ.get("MM_HOSTILE_RECORD"):
        with open(EXPECTED, "w") as f:
            json.dump(got, f, indent=1, ensure_ascii=False)
            f.write("\n")
    with open(EXPECTED) as f:
        want = json.load(f)
    assert sorted(got) == sorted(want), "the driver's inputs changed: record again (see the docstring)"
    wrong = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
    assert not wrong, "\n".join(f"{k}\n  want {w}\n  got  {g}" for k, (w, g) in wrong.items())


def test_files_written_whole_with_the_umask(hostile):
    """Paths with spaces (quoted, or with a backslash), written through a temporary file that is
    renamed: no temporary left, the mode the user's umask gives."""
    d = hostile["scratch"]
    for name in ("a b.json", "c d.json", "e f.json", "ok.json", "m n.svg"):
        path = os.path.join(d, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~UMASK, name
        with open(path) as f:
            text = f.read()
        assert text.rstrip().endswith("</svg>") if name.endswith(".svg") else json.loads(text)["checkpoint"]
    assert not [n for n in os.listdir(d) if n.startswith(".mm-")]
