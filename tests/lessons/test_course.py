"""The course's graded work (lessons/course.py, lessons/check.py, lessons/labs/): predict-then-verify
sheets and the capstone graded right for right and wrong answers on a fixed seed; every planted bug
builds, shows in the command its lab names (and that command shows nothing on the real replay), and
its grader takes a right diagnosis and refuses a wrong one; the implement labs' stubs fail their unit
tests and the reference passes them. QEMU boots: one for the sheets and capstone, one per planted
bug, two for the unpatched kernel."""
import os
import re
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "lessons"), os.path.join(REPO, "lessons", "labs"), os.path.join(REPO, "gdb")]
import bug  # noqa: E402
import course  # noqa: E402
from conftest import SEED  # noqa: E402  (the machine of the shared state fixture)
from mm_step.kconst import K  # noqa: E402

KERNEL = os.path.join(REPO, "build", "kernel.elf")
needs_kernel = pytest.mark.skipif(not os.path.exists(KERNEL), reason="build/kernel.elf not built")


# ------------------------------------------------------------------ no boot

def test_every_lesson_has_two_predict_exercises():
    lessons = sorted(f[:2] for f in os.listdir(os.path.join(REPO, "lessons", "en")) if f.endswith(".md"))
    for lesson in lessons:
        assert len([e for e in course.EXERCISES if e.lesson == lesson]) >= 2, lesson
    assert len({e.key for e in course.EXERCISES}) == len(course.EXERCISES)


def test_sheets_are_deterministic(tmp_path):
    for which in course.LESSON_IDS + ["all", "capstone"]:
        a, b = tmp_path / "a.txt", tmp_path / "b.txt"
        course.write_sheet(SEED, which, str(a))
        course.write_sheet(SEED, which, str(b))
        assert a.read_text().replace(str(a), "F") == b.read_text().replace(str(b), "F")
        got = course.read_sheet(str(a))
        assert got[:2] == (which, SEED) and set(got[2]) == {k for k, _ in course.sheet_items(course.Machine.of(SEED), which)}
    for which in ("all", "capstone"):                 # the Chinese twin asks the same keys
        en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
        course.write_sheet(SEED, which, str(en))
        course.write_sheet(SEED, which, str(zh), "zh")
        assert course.read_sheet(str(zh))[:2] == (which, SEED)
        assert re.findall(r"^\S+ =$", en.read_text(), re.M) == re.findall(r"^\S+ =$", zh.read_text(), re.M)
        assert not re.search(r"[A-Za-z]{4,} [a-z]{4,} [a-z]{4,}", re.sub(r"#   python3.*|# QEMU.*|'[^']*'|sheet \S+ seed", "", zh.read_text())), \
            "an English sentence in the Chinese sheet"
    r = subprocess.run([sys.executable, os.path.join(REPO, "lessons", "check.py"), "sheet", "99"], capture_output=True, text=True)
    assert r.returncode == 2 and "--seed" in r.stderr


def test_bug_patches_apply_to_todays_kernel():
    for name in bug.names():
        dest = bug.prepare(name, bug.BUGS, "bug")
        assert subprocess.run(["diff", "-rq", os.path.join(REPO, "kernel"), os.path.join(dest, "kernel")],
                              capture_output=True).returncode == 1, name   # changed, and only by the patch
    assert set(bug.names()) == set(course.DIAGNOSES) == set(bug.BRIEFS) and len(bug.names()) >= 5
    assert len({course.DIAGNOSES[n]["phase"] for n in bug.names()}) >= 5   # across the phases


def right_diagnosis(name):
    key = course.DIAGNOSES[name]
    return {"phase": key["phase"], "function": key["functions"][0] + "()",
            "structure": key["structures"][0], "command": key["commands"][0]}


def test_diagnosis_grader(tmp_path):
    for name in course.DIAGNOSES:
        path = tmp_path / f"{name}.txt"
        path.write_text("".join(f"{k}: {v}\n" for k, v in right_diagnosis(name).items()) + "because ...\n")
        assert all(ok for _, ok, _ in course.grade_diagnosis(name, course.read_diagnosis(str(path)))), name
        wrong = dict(right_diagnosis(name), phase="numa_init", function="memblock_reserve")
        res = {f: ok for f, ok, _ in course.grade_diagnosis(name, wrong)}
        assert res == {"phase": False, "function": False, "structure": True, "command": True}, name
    check = [sys.executable, os.path.join(REPO, "lessons", "check.py"), "lab", "section-mask", "--answer"]
    path = tmp_path / "d.txt"
    path.write_text("phase: sparse_init\nfunction: sparse_init_one_section\nstructure: mem_section\ncommand: mm sections\n")
    assert subprocess.run(check + [str(path)], capture_output=True).returncode == 0
    path.write_text("phase: sparse_init\nfunction: memory_present\nstructure: mem_section\ncommand: mm sections\n")
    r = subprocess.run(check + [str(path)], capture_output=True, text=True)
    assert r.returncode == 1 and "XX function" in r.stdout


# ------------------------------------------------------------------ one boot: sheets and capstone

def test_predict_sheets_graded(state):
    m = course.Machine.of(SEED)
    blank = course.grade("all", SEED, {}, state)
    assert all(r is not None and not ok for _, _, r, ok, _, _ in blank), blank
    text, score = course.report(blank)
    assert score == 0 and text.count("why: ") == text.count("see: mm") == len(blank)
    right = {key: r for key, _, r, _, _, _ in blank}
    assert all(ok for *_, ok, _, _ in course.grade("all", SEED, right, state))
    # forms a student may write: decimal for hex, a bracketed zone range, Y for yes
    loose = dict(right, **{"01.max-pfn": str(int(right["01.max-pfn"], 16))})
    if right["05.dma32-range"] != "empty":
        a, b = right["05.dma32-range"].split("-")
        loose["05.dma32-range"] = f"[mem {int(a, 16):#018x}-{int(b, 16):#018x}]"
    assert all(ok for *_, ok, _, _ in course.grade("all", SEED, loose, state))
    wrong = dict(right, **{"07.spanned": str(int(right["07.spanned"]) + 1), "03.sections": "0-99",
                           "09.reserved": "no" if right["09.reserved"] == "yes" else "yes"})
    bad = {key for key, _, _, ok, _, _ in course.grade("all", SEED, wrong, state) if not ok}
    assert bad == {"07.spanned", "03.sections", "09.reserved"}
    # the Chinese feedback: the same verdicts, every why in Chinese
    zh = course.grade("all", SEED, wrong, state, "zh")
    assert [r[:4] for r in zh] == [r[:4] for r in course.grade("all", SEED, wrong, state)]
    assert all(re.search(r"[\u4e00-\u9fff]", r[4]) for r in zh)
    assert "得分: " in course.report(zh, "zh")[0]
    # each lesson's sheet is the same questions, graded the same
    for lesson in course.LESSON_IDS:
        part = course.grade(lesson, SEED, right, state)
        assert len(part) >= 2 and all(ok for *_, ok, _, _ in part)
    assert m.params(0) == course.Machine.of(SEED).params(0)


def test_grade_command(state, tmp_path):
    """check.py grade: a full score exits 0; a wrong answer exits 1 with the right one, why, and
    the command that shows it."""
    path = tmp_path / "sheet.txt"
    check = [sys.executable, os.path.join(REPO, "lessons", "check.py")]
    subprocess.run(check + ["sheet", "07", "--seed", str(SEED), "--out", str(path), "--lang", "en"], check=True,
                   capture_output=True)
    right = {key: r for key, _, r, *_ in course.grade("07", SEED, {}, state)}
    text = path.read_text()
    for key, value in right.items():
        text = text.replace(f"\n{key} =\n", f"\n{key} = {value}\n")
    path.write_text(text)
    r = subprocess.run(check + ["grade", str(path)], capture_output=True, text=True)
    assert r.returncode == 0 and f"score: {len(right)}/{len(right)}" in r.stdout, r.stdout + r.stderr
    path.write_text(text.replace(f"07.absent = {right['07.absent']}", f"07.absent = {int(right['07.absent']) + 7}"))
    r = subprocess.run(check + ["grade", str(path)], capture_output=True, text=True)
    assert r.returncode == 1 and f"score: {len(right) - 1}/{len(right)}" in r.stdout
    assert re.search(rf"XX 07\.absent = \d+   right: {right['07.absent']}\n +why: .*zone_absent_pages_in_node.*\n +see: mm zones",
                     r.stdout), r.stdout


def test_capstone_graded(state):
    m = course.Machine.of(SEED)
    blank = course.grade("capstone", SEED, {}, state)
    keys = [k for k, *_ in blank]
    assert len([k for k in keys if k.startswith("cap.pfn.")]) == 5
    assert len(keys) - 5 == 3 * len(course.ZONES) * len(m.with_memory())
    right = {key: r for key, _, r, _, _, _ in blank}
    assert all(ok for *_, ok, _, _ in course.grade("capstone", SEED, right, state))
    # the zone table agrees with what the kernel's own zoneinfo-like table says
    for n in state.last()["nodes"]:
        for z in n["zones"]:
            if z["name"] in course.ZONES and z["spanned_pages"]:
                assert right[f"cap.{n['nid']}.{z['name']}.present"] == str(z["present_pages"])
    wrong = dict(right, **{"cap.pfn.zone": "Movable", "cap.1.DMA32.present": "1"})
    bad = {key for key, _, _, ok, _, _ in course.grade("capstone", SEED, wrong, state) if not ok}
    assert bad == {"cap.pfn.zone", "cap.1.DMA32.present"}


# ------------------------------------------------------------------ planted bugs: build, boot, detect

COMMANDS = {  # the command each lab's symptom shows in, run at the last checkpoint
    "memblock-nomerge": ["mm memblock"],
    "section-mask": ["mm sections"],
    "usemap-wrong-node": ["mm sections", "mm memblock memory"],
    "dma32-max": ["mm zones"],
    "absent-off-by-one": ["mm zones", "mm memblock memory"],
    "free-count-order": ["mm check"],
}
ROW = re.compile(r"^(memory|reserved)\[0x[0-9a-f]+\]\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+\S+\s+.*?\s(\d+|-)\s+(\S+)$", re.M)
ZONE = re.compile(r"^\s*(\d+)\s+\d+\s+(\w+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+$", re.M)
SECTION = re.compile(r"^\s*(\d+)\s+\d+/\d+\s+[PMO]+\s+\S+\s+\S+\s+\S+\s+(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+(0x[0-9a-f]+)$", re.M)


def memblock_rows(out, kind):
    return [(int(b, 16), int(e, 16), nid, fl) for k, b, e, nid, fl in ROW.findall(out) if k == kind]


def symptom(name, out):
    """True when @out (the lab's commands at the last checkpoint) shows the planted bug."""
    if name == "memblock-nomerge":
        rs = sorted(set(memblock_rows(out, "reserved")))
        return any(a[1] + 1 == b[0] and a[2:] == b[2:] for a, b in zip(rs, rs[1:]))
    if name == "section-mask":
        m = re.search(r"(\d+) sections: (\d+) present, (\d+) with mem_map", out)
        return int(m.group(2)) < int(m.group(3))
    mem = sorted({(b, e, int(nid)) for b, e, nid, _ in memblock_rows(out, "memory")})   # printed once or twice
    nid_of = lambda phys: next((n for b, e, n in mem if b <= phys <= e), None)  # noqa: E731
    if name == "usemap-wrong-node":
        wrong = 0
        for _, lo, hi, usemap in SECTION.findall(out):
            owners = {n for b, e, n in mem if b <= (int(hi, 16) << 12) and (int(lo, 16) << 12) <= e}
            wrong += nid_of(int(usemap, 16) - K["PAGE_OFFSET"]) not in owners
        return wrong > 0
    zones = [(int(n), name_, int(s, 16), int(e, 16), int(sp), int(pr)) for n, name_, s, e, sp, pr in ZONE.findall(out)]
    if name == "dma32-max":
        return any(z[1] == "DMA32" and z[3] > 0x100000 for z in zones)
    if name == "absent-off-by-one":
        def covered(nid, s, e):
            return sum(max(0, min(e, (hi + 1) >> 12) - max(s, (b + 4095) >> 12)) for b, hi, n in mem if n == nid)
        return any(sp and pr != covered(n, s, e) for n, _, s, e, sp, pr in zones)
    if name == "free-count-order":
        return bool(re.search(r"^FAIL .*NR_FREE_PAGES", out, re.M))
    raise KeyError(name)


def run_commands(kernel, topology, commands):
    cmd = [os.path.join(REPO, "scripts", "mm-gdb"), "--topology", topology, "-batch", "-ex", "mm-goto last"]
    for c in commands:
        cmd += ["-ex", c]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=dict(os.environ, MM_STEP_KERNEL=kernel))
    assert "checkpoint 10/10" in r.stdout, r.stdout[-2000:] + r.stderr[-2000:]
    return r.stdout


@pytest.fixture(scope="module")
def unpatched():
    """topology -> the output of every lab's commands on the real replay (one boot per machine)."""
    if not os.path.exists(KERNEL):
        pytest.skip("build/kernel.elf not built")
    cmds = sorted({c for cs in COMMANDS.values() for c in cs})
    return {t: run_commands(KERNEL, t, cmds) for t in sorted({t for t, _ in bug.BRIEFS.values()})}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_planted_bug_is_found_by_its_command(name, unpatched):
    assert not symptom(name, unpatched[bug.BRIEFS[name][0]]), f"{name}: the real replay shows the symptom"
    kernel = bug.build(name)
    out = run_commands(kernel, bug.BRIEFS[name][0], COMMANDS[name])
    assert symptom(name, out), f"{name}: {COMMANDS[name]} do not show the bug:\n{out[-3000:]}"
    assert any(c in course.DIAGNOSES[name]["commands"] for c in COMMANDS[name])


def test_make_bug_builds_that_kernel():
    r = subprocess.run(["make", "-s", "BUG=dma32-max", "all"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.path.join(REPO, "build", "bug-dma32-max", "build", "kernel.elf"))
    r = subprocess.run(["make", "-s", "BUG=no-such-bug", "all"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode != 0 and "no such lab 'no-such-bug'" in r.stderr


# ------------------------------------------------------------------ implement a phase's function

@pytest.mark.parametrize("name", sorted(bug.STUB_TESTS))
def test_implement_lab(name, tmp_path):
    dest = str(tmp_path / "lab")
    bug.copy_tree(dest)
    bug.apply(os.path.join(bug.STUBS, name + ".patch"), dest)
    passed, failed, _ = bug.judge(name, dest)
    assert failed > 0, f"{name}: the stub passes its unit tests (they do not test it)"
    subprocess.run(["patch", "-R", "-p1", "-s", "-d", dest, "-i", os.path.join(bug.STUBS, name + ".patch")], check=True)
    passed, failed, out = bug.judge(name, dest)
    assert failed == 0 and passed > 0, out[-2000:]
    shutil.rmtree(dest)


def test_open_exercises_have_model_answers():
    """Every exercise in the lessons that check.py does not grade has a model answer whose command
    is valid bash and names only existing topologies."""
    import check
    for name, (lesson, question, answer, command) in course.OPEN.items():
        assert os.path.exists(os.path.join(REPO, "lessons", "en")) and answer and question
        assert subprocess.run(["bash", "-n", "-c", command]).returncode == 0, name
        for topo in re.findall(r"--topology (\S+)", command):
            assert os.path.exists(os.path.join(REPO, "scripts", "topologies", topo + ".machine")), (name, topo)
    graded = {n.split("-")[0] for n in check.EXERCISES}
    per_lesson = {}
    for name, (lesson, *_rest) in course.OPEN.items():
        per_lesson[lesson] = per_lesson.get(lesson, 0) + 1
    for path in sorted(os.listdir(os.path.join(REPO, "lessons", "en"))):
        with open(os.path.join(REPO, "lessons", "en", path)) as f:
            text = f.read()
        section = text.split("## Exercises\n", 1)[1].split("\n#", 1)[0]
        items = re.findall(r"^\d+\. (.*(?:\n   .*)*)", section, re.M)
        open_items = [i for i in items if "check.py" not in i and "scripts/quiz" not in i]
        assert per_lesson.get(path[:2], 0) >= len(open_items), (path, open_items)
    assert graded


def test_teacher_guide_twins_name_real_things():
    """Both guides name the same bugs, open exercises, labs and commands, and each exists."""
    import check
    texts = {}
    for lang in ("en", "zh"):
        with open(os.path.join(REPO, "lessons", "teacher", f"{lang}.md")) as f:
            texts[lang] = f.read()
    names = lambda t: set(re.findall(r"`([a-z0-9_]+(?:-[a-z0-9_]+)*)`", t))  # noqa: E731
    assert names(texts["en"]) == names(texts["zh"])
    for lang, text in texts.items():
        assert set(course.DIAGNOSES) <= names(text) and set(course.OPEN) <= names(text), lang
        assert set(bug.STUB_TESTS) <= names(text), lang
        for sub in re.findall(r"check\.py (\w+)", text):
            assert sub in check.SUBCOMMANDS + ("NAME",), sub
        assert text.count("## ") == texts["en"].count("## ")
    labs = [open(os.path.join(REPO, "lessons", "labs", f), encoding="utf-8").read() for f in ("README.md", "README.zh.md")]
    assert names(labs[0]) == names(labs[1]) and set(course.DIAGNOSES) | set(bug.STUB_TESTS) <= names(labs[0])
