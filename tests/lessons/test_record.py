"""scripts/record, checked frame by frame: it opens on a title card (no black frames, no GDB
start-up text) and ends on an end card that stays; no line reaches the last column (nothing
wraps) and no pager prompt shows; GDB's colour survives into the cast and the SVG; every
checkpoint the kernel's own log reaches is shown, with its whole description, at the moment the
serial pane shows that checkpoint's line. With a lesson, the captions are the lesson's own text."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "scripts"), os.path.join(REPO, "gdb"), os.path.join(REPO, "lessons")]
import replay  # noqa: E402
from mm_step import checkpoints  # noqa: E402

TOPOLOGY = "two-node"
LESSON = "05"
SGR = re.compile(r"\x1b\[[0-9;]*m")
STATUS = re.compile(r"^\[(\d+)/\d+\] (\w+)(?: \(node (\d+)\))?$")
SERIAL_CP = re.compile(r"mm-step: checkpoint (\d+)/\d+ (\w+)(?: \(node (\d+)\))?")
STARTUP = ("Remote debugging using", "in ?? ()", "Reading symbols", "For help, type")


def need_tools():
    if not os.path.exists(os.path.join(REPO, "build", "kernel.elf")):
        pytest.fail("build/kernel.elf missing: make")
    if not (shutil.which("tmux") and shutil.which("termtosvg")):
        subprocess.run([os.path.join(REPO, "scripts", "install-deps")])


def load(path):
    with open(path) as f:
        lines = f.read().splitlines()
    return json.loads(lines[0]), [json.loads(l) for l in lines[1:]]


def screen(data):
    """The rows of one frame, without colour."""
    return SGR.sub("", data).replace("\x1b[?25l", "").replace("\x1b[H\x1b[2J", "").split("\r\n")


def regions(rows):
    """(GDB, serial, caption) rows of a frame with the three panes; None for a full-window card."""
    seps = [i for i, r in enumerate(rows) if r and set(r) == {"─"}]
    if len(seps) != 2:
        return None
    return rows[:seps[0]], rows[seps[0] + 1:seps[1]], rows[seps[1] + 1:]


def load_demo():
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("demo", os.path.join(REPO, "scripts", "demo"))
    demo = importlib.util.module_from_spec(importlib.util.spec_from_loader("demo", loader))
    loader.exec_module(demo)
    return demo


def test_colour_cells():
    """capture-pane -e text to cells: SGR state carries across lines, resets, 256 and true colour."""
    demo = load_demo()
    rows = demo.cells("\x1b[1m\x1b[33mab\x1b[0m\x1b[39m\x1b[49mc \x1b[38;5;208md\ne\x1b[22;48;2;1;2;3mf\x1b[7mg", 4, 5)
    states = [[demo.sgr(st) for _, st in row] for row in rows]
    assert ["".join(ch for ch, _ in row) for row in rows] == ["abc ", "efg"]      # cut at the pane's width
    assert states == [["\x1b[0;1;33m"] * 2 + ["\x1b[0m"] * 2, ["\x1b[0;38;5;208m", "\x1b[0;38;5;208;48;2;1;2;3m",
                                                                   "\x1b[0;7;38;5;208;48;2;1;2;3m"]]
    assert demo.clip("x" * 10, 10) == "x" * 8 + "…" and demo.clip("x" * 9, 10) == "x" * 9


@pytest.fixture(scope="module")
def recording():
    need_tools()
    env = {k: v for k, v in os.environ.items() if k not in ("LESSON", "PRESENTER")}   # e.g. from make test LESSON=
    r = subprocess.run([os.path.join(REPO, "scripts", "record"), "--topology", TOPOLOGY],
                       cwd=REPO, capture_output=True, text=True, timeout=900, env=env)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return load(os.path.join(REPO, "build", "demo.cast"))


@pytest.fixture(scope="module")
def lesson_recording(tmp_path_factory):
    need_tools()
    cast = tmp_path_factory.mktemp("lesson") / "lesson.cast"
    r = subprocess.run([os.path.join(REPO, "scripts", "demo"), "--record", str(cast), "--lesson", LESSON],
                       cwd=REPO, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return load(cast)


def test_cast_is_asciicast_v2(recording):
    header, events = recording
    assert header["version"] == 2 and (header["width"], header["height"]) == (160, 45)
    times = [e[0] for e in events]
    assert times == sorted(times) and len(events) > 10
    assert all(e[1] == "o" and isinstance(e[2], str) for e in events)
    with open(os.path.join(REPO, "build", "demo.svg")) as f:
        svg = f.read()
    assert "<svg" in svg[:500] and "@keyframes" in svg
    assert "animation-iteration-count:1;" in svg.replace(" ", "")      # played once: the end card stays
    assert len(set(re.findall(r'class="color(\d+)"', svg))) >= 4       # colour reached the SVG


@pytest.mark.parametrize("which", ["recording", "lesson_recording"])
def test_frames(which, request):
    """Every frame: at most 45 rows, nothing in the last column, no pager prompt, no GDB start-up
    text; the first frame is the title card at t=0 and the last the end card, held."""
    header, events = request.getfixturevalue(which)
    width = header["width"]
    for n, (t, _, data) in enumerate(events):
        rows = screen(data)
        assert len(rows) <= header["height"], n
        wide = [r for r in rows if len(r) >= width and set(r) != {"─"}]
        assert not wide, f"frame {n} (t={t}): a line reaches the last column, it wraps:\n{wide[0]}"
        assert "--Type <RET>" not in data and "(y or n)" not in data, f"frame {n}: a prompt"
        assert not any(s in data for s in STARTUP), f"frame {n}: GDB start-up text"
    first, last = screen(events[0][2]), screen(events[-1][2])
    assert events[0][0] == 0 and regions(first) is None and "mm-step" in "".join(first)
    assert "Linux 4.19's boot-time memory initialisation" in "".join(first) and "(gdb)" not in "".join(first)
    assert regions(last) is None and "The end" in "".join(last) and "(gdb)" not in "".join(last)


def test_gdb_colour_survives(recording):
    """GDB styles a frame line's function name (set style enabled); the cast keeps that escape."""
    _, events = recording
    assert any(re.search(r"\x1b\[[0-9;]*3[0-7]m(zone_sizes_init)\x1b\[", e[2]) for e in events)


def test_every_checkpoint_in_sync_and_whole(recording):
    _, events = recording
    shown = set()
    described = {}
    for n, (t, _, data) in enumerate(events):
        parts = regions(screen(data))
        if parts is None:
            continue
        _, serial, caption = parts
        m = STATUS.match(caption[0].strip()) if caption else None
        if not m:
            continue
        shown.add(m.groups())
        seen = [c.groups() for c in SERIAL_CP.finditer("\n".join(serial))]
        assert seen and seen[-1] == m.groups(), f"frame {n} (t={t}): caption {m.groups()}, serial pane {seen[-1:]}"
        described.setdefault(m.group(2), set()).add(" ".join(l.strip() for l in caption[1:] if l.strip()))
    _, log = replay.run(TOPOLOGY, "", "", out=None)
    reached = {c.groups() for c in SERIAL_CP.finditer(log)}
    assert reached <= shown, f"not in the recording: {sorted(reached - shown)}"
    for cp in checkpoints.TABLE:        # every node its own stop at each per-node checkpoint
        if cp.per_node and any(c[1] == cp.name for c in reached):
            assert {c[2] for c in shown if c[1] == cp.name} == {"0", "1"}, cp.name
        if any(c[1] == cp.name for c in reached):
            assert any(cp.description in text for text in described[cp.name]), f"{cp.name}: caption not whole"


def test_lesson_captions_are_its_text(lesson_recording):
    lesson = load_demo().Lesson(LESSON)
    assert lesson.notes and lesson.steps and lesson.objectives
    _, events = lesson_recording
    text, typed = set(), set()
    for _, _, data in events:
        parts = regions(screen(data))
        rows = parts[2][1:] if parts else screen(data)
        text.add(" ".join(r.strip() for r in rows if r.strip()))
        typed |= {r.strip() for r in parts[0]} if parts else set()
    assert lesson.title in "".join(screen(events[0][2]))
    for paragraph in [p for words, _ in lesson.steps for p in words] + lesson.notes:
        assert any(paragraph in t for t in text), paragraph[:80]      # the lesson's text, whole
    for _, commands in lesson.steps:
        assert all(f"(gdb) {c}" in typed for c in commands)
