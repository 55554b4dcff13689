"""The course's English and Chinese stay twins: every text a student or teacher reads (lessons/i18n.py)
exists in both languages, the Chinese one in Chinese and the English one in English, with the same
numbers; the labs' READMEs quote the same symptoms as lessons/labs/bug.py; and check.py and
scripts/quiz give the same grades, keys and numbers in both languages, only the prose differs.
Boots: conftest.py's shared one for the in-process grading, four for check.py (grade and key in both languages), two
for the quiz (--check in both languages)."""
import collections
import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [os.path.join(REPO, "lessons"), os.path.join(REPO, "lessons", "labs"), os.path.join(REPO, "gdb")]
import bug  # noqa: E402
import check  # noqa: E402
import course  # noqa: E402
from conftest import SEED  # noqa: E402  (the machine of the shared state fixture)
import i18n  # noqa: E402
import linuxlog  # noqa: E402

quiz = course.quiz

KERNEL = os.path.join(REPO, "build", "kernel.elf")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CHECK = [sys.executable, os.path.join(REPO, "lessons", "check.py")]


def numbers(s):
    """The numbers of a text, as a multiset: hex and decimal as they are written (not the digits of
    identifiers such as DMA32 or 0xFIRST)."""
    return collections.Counter(re.findall(r"(?<![\w.])(?:0x[0-9a-fA-F]+|\d+)(?![A-Za-z_])", s, re.A))


def twins(en, zh, where):
    assert en.strip() and zh.strip(), where
    assert not CJK.search(en), f"{where}: Chinese in the English text: {en}"
    assert CJK.search(zh), f"{where}: the Chinese text is not Chinese: {zh}"
    # English words outside identifiers, quoted log lines and code: no untranslated sentence
    bare = re.sub(r"'[^']*'|`[^`]*`|\([^()]*\)|[\w.>/-]*[_./>][\w.>/-]*", "", zh)
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,} [a-z]{3,}", bare), f"{where}: English left in: {zh}"
    assert numbers(en) == numbers(zh), f"{where}: the numbers differ:\n  {en}\n  {zh}"


def test_every_text_has_both_languages():
    """Each text made with i18n.text has exactly en and zh, both strings or both functions; the
    strings are twins. And every student-facing table holds such texts, not plain strings."""
    assert len(i18n.TEXTS) > 100
    for t in i18n.TEXTS:
        assert set(t) == set(i18n.LANGS), t
        if callable(t["en"]):
            assert callable(t["zh"]), t
        else:
            twins(t["en"], t["zh"], t["en"][:60])
    made = {id(t) for t in i18n.TEXTS}
    texts = ([e.ask for e in course.EXERCISES] + [e.why for e in course.EXERCISES]
             + [t for _, q, a, _ in course.OPEN.values() for t in (q, a)]
             + [d["why"] for d in course.DIAGNOSES.values()] + list(course.HINTS.values())
             + [s for _, s in bug.BRIEFS.values()] + [t for _, q, _, why in check.EXERCISES.values() for t in (q, why)]
             + list(course.CAPSTONE_JOURNEY.values()) + list(course.CAPSTONE_HOW.values())
             + list(course.CAPSTONE_WHY.values()) + list(course.SHEET.values()) + list(i18n.LABELS.values())
             + list(check.MSG.values()) + list(quiz.ASK.values()) + list(quiz.WHY.values())
             + list(quiz.SEE.values()) + list(quiz.FILE.values()))
    assert all(id(t) in made for t in texts)
    for e in course.EXERCISES:                 # what is not a text is commands, the same in both languages
        assert all(part.split()[0].startswith("mm") for part in e.see.split(";")), e.see


@pytest.mark.parametrize("seed", [1, 4, 7, 12])
def test_questions_are_twins(seed, tmp_path):
    """The questions of every sheet, capstone included, in both languages: same keys, same numbers."""
    m = course.Machine.of(seed)
    for which in ("all", "capstone"):
        en, zh = (course.sheet_items(m, which, lang) for lang in i18n.LANGS)
        assert [k for k, _ in en] == [k for k, _ in zh]
        for (key, q_en), (_, q_zh) in zip(en, zh):
            twins(q_en, q_zh, key)
        paths = {lang: tmp_path / f"{which}-{lang}.txt" for lang in i18n.LANGS}
        for lang, path in paths.items():
            course.write_sheet(seed, which, str(path), lang)
            assert course.read_sheet(str(path)) == (which, seed, {k: "" for k, _ in en}, lang)


def test_quiz_is_twins(tmp_path):
    """scripts/quiz in both languages: the same questions and the same reasons, with the same numbers,
    for a machine's log (Linux's own two-node log; no boot); an answers file knows its language."""
    with open(os.path.join(REPO, "tests", "oracle", "data", "two-node.excerpt.log")) as f:
        facts = linuxlog.parse(f.read())
    memblock = {"memory": [(0x1000, 0x9e000), (0x100000, 0xbfee0000)], "reserved": [(0, 0x10000), (0x99000, 0x67000)]}
    right = dict(quiz.truth(facts, 0), **quiz.truth(facts, 1))
    keys = list(right) + ["reserved.0x9f", "reserved.0x100"]
    right.update({"reserved.0x9f": "yes", "reserved.0x100": "no"})
    for key in keys:
        for mem in (memblock, dict(memblock, reserved=[])):
            twins(quiz.why(key, right[key], facts, mem), quiz.why(key, right[key], facts, mem, "zh"), key)
        twins(quiz.see(key), quiz.see(key, "zh"), key)
    for seed in range(8):
        en, zh = quiz.questions(seed), quiz.questions(seed, "zh")
        assert [k for k, _ in en] == [k for k, _ in zh]
        for (key, q_en), (_, q_zh) in zip(en, zh):
            twins(q_en, q_zh, key)
    for lang in i18n.LANGS:
        path = tmp_path / f"q-{lang}.txt"
        quiz.write_questions(5, str(path), lang)
        assert quiz.read_seed(str(path)) == 5 and quiz.read_lang(str(path)) == lang


@pytest.mark.skipif(not os.path.exists(KERNEL), reason="build/kernel.elf not built")
def test_quiz_grades_alike_in_both_languages(tmp_path):
    """scripts/quiz --check on the same answers in English and in Chinese: the same verdicts and
    score, the same numbers in the feedback."""
    outs = {}
    for lang in i18n.LANGS:
        path = tmp_path / f"q-{lang}.txt"
        quiz.write_questions(SEED, str(path), lang)
        path.write_text(path.read_text().replace("\nsections =\n", "\nsections = 0-3\n"))
        r = subprocess.run([os.path.join(REPO, "scripts", "quiz"), "--check", str(path)], capture_output=True,
                           text=True, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="", LC_MESSAGES=""))
        assert r.returncode in (1, 2), r.stdout + r.stderr
        outs[lang] = r.stdout.replace(str(path), "F")
    assert verdicts(outs["en"]) == verdicts(outs["zh"]) and verdicts(outs["en"])[0]
    assert numbers(outs["en"]) == numbers(outs["zh"]) and CJK.search(outs["zh"]) and not CJK.search(outs["en"])


def test_labs_readmes_quote_the_briefs():
    """The symptom column of lessons/labs/README.md and README.zh.md is bug.BRIEFS, word for word."""
    for lang, name in (("en", "README.md"), ("zh", "README.zh.md")):
        with open(os.path.join(REPO, "lessons", "labs", name), encoding="utf-8") as f:
            rows = re.findall(r"^\| `([\w-]+)` \| ([\w-]+) \| (.+) \|$", f.read(), re.M)
        assert {n: (t, s) for n, t, s in rows} == {n: (t, s[lang]) for n, (t, s) in bug.BRIEFS.items()}, name


def test_grading_is_the_same_in_both_languages(state):
    """Grading a sheet in Chinese gives the English verdicts, right answers and commands; each
    explanation is the twin of the English one, with the numbers of the same boot."""
    for which in ("all", "capstone"):
        right = {key: r for key, _, r, *_ in course.grade(which, SEED, {}, state)}
        answers = dict(right, **{k: "0" for k in list(right)[::3]})       # some right, some wrong
        en, zh = (course.grade(which, SEED, answers, state, lang) for lang in i18n.LANGS)
        assert [(k, g, r, ok, cmd) for k, g, r, ok, _, cmd in en] == [(k, g, r, ok, cmd) for k, g, r, ok, _, cmd in zh]
        assert any(ok for *_, ok, _, _ in en) and not all(ok for *_, ok, _, _ in en)
        for (key, *_, why_en, _), (*_, why_zh, _) in zip(en, zh):
            twins(why_en, why_zh, key)
        (text_en, score_en), (text_zh, score_zh) = (course.report(r, lang) for r, lang in ((en, "en"), (zh, "zh")))
        assert score_en == score_zh and numbers(text_en) == numbers(text_zh)


def verdicts(out):
    """([(ok|XX, key, given)], the score) of a grader's output; a blank answer counts as ''."""
    blank = "|".join(re.escape(t) for t in i18n.LABELS["blank"].values())
    return (re.findall(rf"^  (ok|XX) (\S+) = (?:{blank}|(\S*))", out, re.M),
            re.findall(r"(\d+)/(\d+)(?: \(\d+ could not be graded\)|（\d+ 题无法评分）)?$", out.strip()))


def run(*args):
    return subprocess.run(CHECK + list(args), capture_output=True, text=True, env=dict(os.environ, LANG="C.UTF-8", LC_ALL="", LC_MESSAGES=""))


@pytest.mark.skipif(not os.path.exists(KERNEL), reason="build/kernel.elf not built")
def test_check_py_grades_and_keys_alike_in_both_languages(tmp_path):
    """check.py sheet/grade/key with --lang en and --lang zh: the same questions, the same verdicts
    and score for the same answers, the same key; grade takes the sheet's language."""
    outs, sheets = {}, {}
    for lang in i18n.LANGS:
        key = run("key", "07", "--seed", str(SEED), "--lang", lang)
        assert key.returncode == 0, key.stderr
        outs[lang] = key.stdout
    keys = {lang: re.findall(r"^(\S+) = (\S+)$", out, re.M) for lang, out in outs.items()}
    assert keys["en"] == keys["zh"] and len(keys["en"]) >= 2
    assert numbers(outs["en"]) == numbers(outs["zh"]) and CJK.search(outs["zh"]) and not CJK.search(outs["en"])
    wrong = keys["en"][0][0]
    for lang in i18n.LANGS:
        path = tmp_path / f"sheet-{lang}.txt"
        assert run("sheet", "07", "--seed", str(SEED), "--out", str(path), "--lang", lang).returncode == 0
        text = path.read_text()
        for k, v in keys["en"]:
            text = text.replace(f"\n{k} =\n", f"\n{k} = {'1' if k == wrong else v}\n")
        path.write_text(text)
        sheets[lang] = run("grade", str(path))                       # the sheet says which language
        assert sheets[lang].returncode == 1, sheets[lang].stdout + sheets[lang].stderr
    assert verdicts(sheets["en"].stdout) == verdicts(sheets["zh"].stdout)
    assert verdicts(sheets["en"].stdout)[1] == [(str(len(keys["en"]) - 1), str(len(keys["en"])))]
    assert "score: " in sheets["en"].stdout and "得分: " in sheets["zh"].stdout
    assert numbers(sheets["en"].stdout) == numbers(sheets["zh"].stdout)


def test_lab_and_fixed_exercises_alike_in_both_languages(tmp_path):
    """check.py lab, --reveal, --list and a fixed-machine answer: the same verdicts in both languages."""
    path = tmp_path / "d.txt"
    path.write_text("phase: sparse_init\nfunction: memory_present\nstructure: mem_section\ncommand: mm sections\n")
    en, zh = (run("lab", "section-mask", "--answer", str(path), "--lang", lang) for lang in i18n.LANGS)
    assert en.returncode == zh.returncode == 1
    assert re.findall(r"^  (ok|XX) (\w+)", en.stdout, re.M) == re.findall(r"^  (ok|XX) (\w+)", zh.stdout, re.M)
    assert "还不对" in zh.stdout and "not yet" in en.stdout
    for name in check.EXERCISES:
        en, zh = (run("--reveal", name, "--lang", lang) for lang in i18n.LANGS)
        assert numbers(en.stdout) == numbers(zh.stdout) and CJK.search(zh.stdout), name
    en, zh = (run("--list", f"--lang={lang}") for lang in i18n.LANGS)
    assert [l.split()[0] for l in en.stdout.splitlines()] == [l.split()[0] for l in zh.stdout.splitlines()]
    right = str(check.EXERCISES["03-sections"][2]())
    assert run("03-sections", right, "--lang", "zh").stdout.strip() == "正确"
    assert run("03-sections", right).stdout.strip() == "right"                   # LANG=C: English
    zh = subprocess.run(CHECK + ["03-sections", "1"], capture_output=True, text=True,
                        env=dict(os.environ, LANG="zh_CN.UTF-8", LC_ALL="", LC_MESSAGES=""))
    assert zh.returncode == 1 and CJK.search(zh.stdout)                          # the locale: Chinese
    assert run("03-sections", right, "--lang", "fr").returncode != 0
